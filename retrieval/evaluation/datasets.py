"""Where the shared datasets are: `--datasets`, `NEWSDESK_DATASETS`, or beside the checkout."""

from __future__ import annotations

import os
from pathlib import Path


class DatasetsMissing(Exception):
    """The shared datasets folder was not found."""


def find_datasets(path: Path | None = None) -> Path:
    """Locate `shared/datasets`: the argument, `NEWSDESK_DATASETS`, or beside the checkout."""
    candidates = [path] if path else []
    if os.environ.get("NEWSDESK_DATASETS"):
        candidates.append(Path(os.environ["NEWSDESK_DATASETS"]))
    candidates += [
        Path.cwd().parent / "shared" / "datasets",
        # retrieval/evaluation/datasets.py → the folder holding the checkout
        Path(__file__).resolve().parents[3] / "shared" / "datasets",
    ]
    for candidate in candidates:
        if candidate is not None and (candidate / "README.md").is_file():
            return candidate
    tried = ", ".join(str(c) for c in candidates if c is not None)
    msg = f"datasets folder not found (tried {tried}); pass --datasets PATH"
    raise DatasetsMissing(msg)
