"""Where articles come from: readers for files and feeds, cleaning, language detection."""

from corpus.article import LANGS, Article, id_from_url
from corpus.errors import CorpusError, CorpusPathMissing, EmptyCorpus
from corpus.lang import detect_language
from corpus.readers import LoadReport, Problem, iter_articles, load_corpus
from corpus.sample import SAMPLE_DIR

__all__ = [
    "LANGS",
    "SAMPLE_DIR",
    "Article",
    "CorpusError",
    "CorpusPathMissing",
    "EmptyCorpus",
    "LoadReport",
    "Problem",
    "detect_language",
    "id_from_url",
    "iter_articles",
    "load_corpus",
]
