"""Quality evaluation on the shared datasets (`newsdesk eval`)."""

from retrieval.evaluation.newsqa import run_newsqa
from retrieval.evaluation.report import (
    DatasetsMissing,
    calibrate_threshold,
    calibration_questions,
    eval_across,
    eval_news,
    eval_scifact,
    eval_xquad,
    find_datasets,
    format_results,
    run_eval,
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
