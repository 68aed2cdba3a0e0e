"""Errors raised by retrieval.

```
RetrievalError
├── IndexNotFound      no index version yet, or its format is not this program's
├── IndexBuildError    a build failed; the previous version keeps serving
│   └── BuildInProgress   another build holds the lock
├── EmptyQuery         the question has no searchable words
└── QueryTooLong       the question is over the length limit
```
"""

from __future__ import annotations


class RetrievalError(Exception):
    """Base of every retrieval error."""


class IndexNotFound(RetrievalError):
    """No usable index version in the data directory."""


class IndexBuildError(RetrievalError):
    """Building a new index version failed."""


class BuildInProgress(IndexBuildError):
    """Another process or task is already building an index version."""


class EmptyQuery(RetrievalError):
    """The question is empty or only stop words."""


class QueryTooLong(RetrievalError):
    """The question is longer than the limit."""
