"""Locks on an index folder: one build at a time, builds and live appends in turn, leases.

Every lock is an `flock` on a file under `<data_dir>/index/`, so the kernel drops it when
its process dies, however it dies: a lock is never left stale, and no pid has to be
checked (or mistaken for a new process that reused it).

- `build.lock`: held for a whole build; a second build is refused (`BuildInProgress`).
- `write.lock`: a build holds it too (waiting for an append in progress to finish), and a
  live append takes it without waiting. An append during a build would land in the old
  version after the build had read the corpus, and be lost at the switch; refused, the
  articles stay unmarked and their feed is read again at its next poll.
- `leases/<version>`: every process serving a version holds a shared lock on its lease
  for as long as it keeps the version open. Pruning takes the lease exclusively, without
  waiting, before deleting a version; a version that some process still serves is kept.
  The lease file goes with its version.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import weakref
from collections.abc import Iterator
from pathlib import Path

from retrieval.errors import BuildInProgress

__all__ = ["Lease", "build_lock", "lease", "prune_version", "write_lock"]

logger = logging.getLogger(__name__)


@contextlib.contextmanager
def build_lock(root: Path) -> Iterator[None]:
    """Hold the build lock (refused at once when another build holds it), then the write lock.

    Raises:
        BuildInProgress: another build holds the lock.
    """
    root.mkdir(parents=True, exist_ok=True)
    with _locked(root / "build.lock", fcntl.LOCK_EX | fcntl.LOCK_NB) as held:
        if not held:
            msg = "another index build is already running"
            raise BuildInProgress(msg)
        with _locked(root / "write.lock", fcntl.LOCK_EX):  # an append takes a moment
            yield


@contextlib.contextmanager
def write_lock(root: Path) -> Iterator[None]:
    """Hold the write lock for a live append, refused at once while a build runs.

    Raises:
        BuildInProgress: a build holds the lock.
    """
    with _locked(root / "write.lock", fcntl.LOCK_EX | fcntl.LOCK_NB) as held:
        if not held:
            msg = "an index build is running; new articles are added after it"
            raise BuildInProgress(msg)
        yield


@contextlib.contextmanager
def _locked(path: Path, operation: int) -> Iterator[bool]:
    """Yield whether `flock(operation)` on `path` was granted; release it afterwards."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, operation)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)  # closing releases the lock


class Lease:
    """A shared lock on one version's lease file, released when the lease is closed or freed."""

    def __init__(self, fd: int) -> None:
        self._release = weakref.finalize(self, os.close, fd)

    def close(self) -> None:
        """Release the lease now."""
        self._release()


def lease(root: Path, name: str) -> Lease | None:
    """Take a lease on version `name`; None when the folder does not allow one (read-only)."""
    path = root / "leases" / name
    try:
        path.parent.mkdir(exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        try:  # a read-only data folder: the lease of an earlier process may be there
            fd = os.open(path, os.O_RDONLY)
        except OSError as exc:
            logger.debug("no lease on index version %s: %s", name, exc)
            return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)  # waits only while a pruner holds it, a moment
    except OSError:
        os.close(fd)
        raise
    return Lease(fd)


def prune_version(root: Path, name: str) -> bool:
    """Delete version `name` and its lease unless a live process holds the lease."""
    path = root / "leases" / name
    try:
        path.parent.mkdir(exist_ok=True)
        context = _locked(path, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with context as free:
            if not free:
                return False
            shutil.rmtree(root / "versions" / name, ignore_errors=True)
            path.unlink(missing_ok=True)
    except OSError as exc:
        logger.warning("could not prune index version %s: %s", name, exc)
        return False
    return True
