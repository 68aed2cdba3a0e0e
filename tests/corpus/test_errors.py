from pathlib import Path

from corpus.errors import CorpusError, CorpusPathMissing, EmptyCorpus
from corpus.readers import LoadReport


def test_missing_path_error_names_the_path_and_is_a_corpus_error():
    error = CorpusPathMissing(Path("/no/such/articles"))
    assert isinstance(error, CorpusError)
    assert "/no/such/articles" in str(error)
    assert error.path == Path("/no/such/articles")


def test_empty_corpus_error_carries_the_load_report():
    report = LoadReport(files_read=2)
    error = EmptyCorpus("no articles", report)
    assert isinstance(error, CorpusError)
    assert error.report is report
