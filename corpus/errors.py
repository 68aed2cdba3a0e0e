"""Errors raised while loading a corpus.

```
CorpusError
├── CorpusPathMissing   a path given to the loader does not exist
└── EmptyCorpus         a load produced no articles at all
```

Bad files and bad records are not errors: the loader reports them as `Problem`s and goes on.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from corpus.readers import LoadReport


class CorpusError(Exception):
    """Base class for corpus loading errors."""


class CorpusPathMissing(CorpusError):
    """A corpus path given to the loader does not exist."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        super().__init__(f"corpus path does not exist: {self.path}")


class EmptyCorpus(CorpusError):
    """A load produced no articles; `report` says what was read and what went wrong."""

    def __init__(self, message: str, report: LoadReport | None = None) -> None:
        super().__init__(message)
        self.report = report
