"""Quality evaluation on the shared datasets (`newsdesk eval`).

One module per part: `scifact`, `xquad`, `news`, `newsqa`; `report` runs the chosen parts
and renders them; `datasets` finds the shared datasets; `ranking` holds what the dataset
checks share (a throwaway index, article rankings, nDCG and recall).
"""

from retrieval.evaluation.datasets import DatasetsMissing, find_datasets
from retrieval.evaluation.news import eval_news
from retrieval.evaluation.newsqa import run_newsqa
from retrieval.evaluation.report import format_results, run_eval
from retrieval.evaluation.scifact import eval_scifact
from retrieval.evaluation.xquad import (
    calibrate_threshold,
    calibration_questions,
    eval_across,
    eval_xquad,
)

__all__ = [
    "DatasetsMissing",
    "calibrate_threshold",
    "calibration_questions",
    "eval_across",
    "eval_news",
    "eval_scifact",
    "eval_xquad",
    "find_datasets",
    "format_results",
    "run_eval",
    "run_newsqa",
]
