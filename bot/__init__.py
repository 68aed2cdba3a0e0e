"""The Telegram interface and the process: settings, app, handlers, store, digests, CLI."""

import os

# Opt in to PTB 22's future behaviour (durations as timedelta) before any PTB import;
# without it PTB warns each time Telegram says "retry after".
os.environ.setdefault("PTB_TIMEDELTA", "1")
