"""Start and stop a real `newsdesk run` process against the fake servers."""

import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from tests.fakes.telegram_api import FakeTelegramAPI


def start_bot(
    data_dir: Path,
    api: FakeTelegramAPI,
    log: Path,
    *,
    extra_args: Sequence[str] = (),
    **env: str,
) -> subprocess.Popen[bytes]:
    """Run `python -m bot run [extra_args]` configured by environment variables, output to `log`.

    The caller's NEWSDESK_, TELEGRAM_ and LLM_ settings are left out; `env` adds others.
    """
    prefixes = ("NEWSDESK_", "TELEGRAM_", "LLM_")
    environ = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    environ |= {
        "NEWSDESK_DATA_DIR": str(data_dir),
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "NO_PROXY": "*",
        **env,
    }
    with log.open("wb") as out:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            [sys.executable, "-m", "bot", "run", *extra_args],
            env=environ,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop_bot(proc: subprocess.Popen[bytes], timeout: float = 15) -> int | None:
    """Ask the process to stop (SIGINT); kill its group if it doesn't. Return its exit code,
    or None when it had to be killed."""
    proc.send_signal(signal.SIGINT)
    try:
        return proc.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(5)
        return None
