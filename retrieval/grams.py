"""Character 3-grams: a second, finer BM25 signal that re-scores the best word matches.

A question's kept Latin-script and numeric words are cut into 3-grams of the word padded
with spaces: " oct4 " → " oc", "oct", "ct4", "t4 ". The best candidates of the word query
are scored with BM25 (same k1, b) over the same grams of their own kept words, and that
score is added at `SearchOptions.gram_boost`. A rare name or term then also matches a
spelling the stemmer does not join (Oct4 / OCT3/4, Zelensky / Zelenskyy, IL-6 / IL6).
Cyrillic words give no grams (measured; see docs/quality.md).

The engines index nothing new. The grams' document frequencies are counted during the
build: every passage of the first `_HEAD_BATCHES` batches (so small corpora are exact),
then one batch in `SAMPLE_EVERY`, scaled up; passages appended later (feeds) are scored
with the build's statistics. On SciFact this ranks like a full 3-gram field indexed
beside the terms (top-10 overlap 0.989) at none of its index cost.
"""

from __future__ import annotations

import gzip
import json
import logging
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from retrieval.analysis import Analyzer, word_language, words
from retrieval.engines.base import BM25_B, BM25_K1, PassageRecord

logger = logging.getLogger(__name__)

FILE = "grams.json.gz"
STATS_VERSION = 1
SAMPLE_EVERY = 16  # after the head, one batch in this many is sampled
_HEAD_BATCHES = 256  # batches (of 32 articles) counted in full: small corpora are exact


def wants_sample(batch_number: int) -> bool:
    """Return whether the build samples the grams of a batch (numbered from 0)."""
    return batch_number < _HEAD_BATCHES or batch_number % SAMPLE_EVERY == 0


def in_tail(batch_number: int) -> bool:
    """Return whether a sampled batch stands for `SAMPLE_EVERY` batches (past the head)."""
    return batch_number >= _HEAD_BATCHES


def question_grams(text: str, analyzer: Analyzer, lang: str) -> list[str]:
    """Return the distinct 3-grams of a question's kept Latin-script and numeric words.

    Cyrillic words give none: the lemmatiser and stemmer already join their forms, and
    their grams, measured, helped two of four Ukrainian and Russian checks and hurt two,
    pushing XQuAD-ru answers lost to the "not covered" threshold over 2% (see docs/quality.md).
    """
    grams: dict[str, None] = {}
    for form in words(text):
        if word_language(form, lang) == "en" and analyzer.keeps(form, lang):
            grams.update(dict.fromkeys(_cut(form)))
    return list(grams)


def _cut(form: str) -> list[str]:
    """Return the 3-grams of a word form padded with spaces, in order."""
    padded = f" {form} "
    return [padded[i : i + 3] for i in range(len(padded) - 2)]


def passage_words(title: str, text: str, lang: str, analyzer: Analyzer) -> str:
    """Return a passage's kept words (its title's first, as in its body), space-separated."""
    if analyzer.settings.title_in_body and title:
        text = f"{title} {text}"
    return " ".join(analyzer.kept_words(text, lang))


_FORM_GRAMS: dict[str, frozenset[str]] = {}
_FORM_MEMO_LIMIT = 500_000


def _form_grams(form: str) -> frozenset[str]:
    """Return a word form's distinct 3-grams; none for a Cyrillic one (questions use none)."""
    grams = _FORM_GRAMS.get(form)
    if grams is None:
        if len(_FORM_GRAMS) >= _FORM_MEMO_LIMIT:
            _FORM_GRAMS.clear()
        latin = word_language(form, "en") == "en"
        grams = _FORM_GRAMS[form] = frozenset(_cut(form) if latin else ())
    return grams


def distinct_grams(joined: str) -> set[str]:
    """Return the distinct 3-grams of `passage_words` output (of its non-Cyrillic words)."""
    return set().union(*map(_form_grams, joined.split()))


@dataclass(slots=True)
class GramSample:
    """Gram document frequencies counted over the sampled passages of a build."""

    head: Counter[str] = field(default_factory=Counter)  # passages counted one for one
    tail: Counter[str] = field(default_factory=Counter)  # each stands for SAMPLE_EVERY
    passages: int = 0  # weighted
    grams: int = 0  # weighted total of the passages' gram counts

    def add(self, joined: Iterable[str], *, tail: bool) -> None:
        """Count the grams of passages given as `passage_words` output."""
        counter, weight = (self.tail, SAMPLE_EVERY) if tail else (self.head, 1)
        for text in joined:
            counter.update(distinct_grams(text))
            self.passages += weight
            self.grams += weight * (len(text) - text.count(" "))

    def merge(self, other: GramSample) -> None:
        """Add another sample's counts to this one."""
        self.head.update(other.head)
        self.tail.update(other.tail)
        self.passages += other.passages
        self.grams += other.grams

    def save(self, folder: Path, *, passages: int) -> None:
        """Write the statistics for a version of `passages` passages into `folder`."""
        df = Counter(self.head)
        for gram, count in self.tail.items():
            df[gram] += SAMPLE_EVERY * count
        data = {
            "version": STATS_VERSION,
            "passages": passages,
            "sampled": self.passages,
            "avg_len": self.grams / self.passages if self.passages else 0.0,
            "scale": passages / self.passages if self.passages else 1.0,
            "df": dict(df),
        }
        raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        (folder / FILE).write_bytes(gzip.compress(raw, compresslevel=6))


class GramStats:
    """The gram statistics of a built version, ready to score passages."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.passages = int(data["passages"])
        self.avg_len = float(data["avg_len"]) or 1.0
        self._scale = float(data["scale"])
        self._df: dict[str, int] = data["df"]

    @classmethod
    def load(cls, folder: Path) -> GramStats | None:
        """Read the statistics of a version, or None when it has none (built before them).

        A damaged file is logged and read as none: the version then serves on terms alone.
        """
        path = folder / FILE
        try:
            data = json.loads(gzip.decompress(path.read_bytes()))
            if data.get("version") != STATS_VERSION:
                logger.warning("%s has version %r; 3-grams are off", path, data.get("version"))
                return None
            return cls(data)
        except FileNotFoundError:
            return None
        except (OSError, EOFError, ValueError, KeyError, TypeError, AttributeError) as exc:
            logger.warning("cannot read %s (%s); 3-grams are off until a rebuild", path, exc)
            return None

    def idf(self, gram: str) -> float:
        """Return the BM25 idf of a gram (df estimated from the sample)."""
        df = min(self._df.get(gram, 0) * self._scale, self.passages)
        return math.log(1.0 + (self.passages - df + 0.5) / (df + 0.5))

    def scores(
        self, grams: Sequence[str], records: Sequence[PassageRecord], analyzer: Analyzer
    ) -> list[float]:
        """Return the BM25 score of each passage for a question's grams."""
        weighted = [(gram, self.idf(gram)) for gram in grams]
        k1, b, avg = BM25_K1, BM25_B, self.avg_len
        out: list[float] = []
        for record in records:
            text = f" {passage_words(record.title, record.text, record.lang, analyzer)} "
            norm = k1 * (1.0 - b + b * _length(text) / avg)
            total = 0.0
            for gram, idf in weighted:
                tf = text.count(gram)
                if tf:
                    total += idf * tf * (k1 + 1.0) / (tf + norm)
            out.append(total)
        return out


def _length(padded: str) -> int:
    """Return how many grams a padded kept-words string has (one per letter of each word)."""
    return len(padded) - padded.count(" ")
