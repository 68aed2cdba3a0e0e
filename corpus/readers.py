"""Load articles from files and folders, streaming, reporting what could not be read.

Formats (each also as `.gz`): `.txt` (scraped page text or title line + body), `.md` /
`.markdown` (optional YAML front matter), `.html` / `.htm` (trafilatura, offline),
`.json` (an object, a list, or SQuAD layout) and `.jsonl` / `.ndjson`. Field aliases are
listed in `corpus.records`.

Rules:
- A path that does not exist raises `CorpusPathMissing` before anything is read.
- Folders are walked recursively in sorted name order. Hidden files and folders, files
  named README*, LICENSE*/LICENCE*, SOURCE*, CREDITS*, NOTICE* (the word then a non-letter,
  any case) and unknown extensions are skipped silently there; an unknown-format file
  given by name is a `Problem`.
- A bad file or record never stops a load: it becomes a `Problem(file, line, reason)`.
  A record with a malformed URL is loaded without it, and that is a `Problem` too; so is
  a file that holds no records at all (an empty JSON lines file, an empty JSON list).
- Sizes are capped (`corpus.limits.ReadLimits`, decompressed): a JSON line or a file read
  whole over `max_record_bytes` is skipped, and a JSON lines file stops at
  `max_file_bytes`; either way only a bounded amount is ever held in memory.
- A record in a language other than en/uk/ru is skipped and counted in
  `LoadReport.skipped_languages`; a record with no language gets `detect_language`.
- Ids: the given id, else `id_from_url(url)`, else the file path relative to the folder
  argument, POSIX style, without its extensions (for a file given directly: its name
  without them); records inside a file add `#<line>` (JSON lines, from 1), `#<index>`
  (JSON lists, from 0); SQuAD paragraphs are `<title>#<index>` (from 0).
- Exact duplicates (same `Article.content_key()`) are dropped and counted; a later
  article reusing an id with different content is kept as `<id>~2`, `<id>~3`, ….
- Articles given as records (`iter_given_articles`) are admitted by the same rules: title
  and text in the corpus normal form, other languages skipped, duplicates dropped.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from corpus.article import LANGS, Article
from corpus.clean import clean_line, clean_text, title_from_text
from corpus.errors import CorpusPathMissing, EmptyCorpus
from corpus.formats import READERS, BadRecord, FormatError, FormatReader, reader_for
from corpus.formats import strip_format_suffix as _strip_suffix
from corpus.limits import DEFAULT_LIMITS, ReadLimits
from corpus.records import Amended, OtherLanguage, build_article

__all__ = [
    "LoadReport",
    "Problem",
    "iter_articles",
    "iter_given_articles",
    "iter_keyed_articles",
    "load_corpus",
]

logger = logging.getLogger(__name__)

_SKIPPED_NAME = re.compile(r"(?:readme|licen[cs]e|source|credits|notice)(?![a-z])", re.IGNORECASE)
# What reading one file can raise besides FormatError; anything else is a bug to surface.
_FILE_ERRORS = (OSError, EOFError, zlib.error, UnicodeDecodeError, yaml.YAMLError, RecursionError)


@dataclass
class Problem:
    """A file or record that could not be loaded, and why."""

    file: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.reason}"


@dataclass
class LoadReport:
    """What a load read, kept and skipped; filled in while articles stream out.

    `files_read` counts files of a known format that were opened, bad ones included;
    `articles` the articles yielded; `duplicates` exact duplicates dropped;
    `skipped_languages` records per language code that is not en/uk/ru.
    """

    files_read: int = 0
    articles: int = 0
    duplicates: int = 0
    problems: list[Problem] = field(default_factory=list)
    skipped_languages: Counter[str] = field(default_factory=Counter)


def iter_articles(
    paths: Sequence[str | Path], report: LoadReport, *, limits: ReadLimits = DEFAULT_LIMITS
) -> Iterator[Article]:
    """Stream the articles found in `paths` (files or folders), filling `report`.

    Raises:
        CorpusPathMissing: a path does not exist (raised by this call, before any reading).
    """
    keyed = iter_keyed_articles(paths, report, limits=limits)
    return (article for article, _ in keyed)


def iter_keyed_articles(
    paths: Sequence[str | Path], report: LoadReport, *, limits: ReadLimits = DEFAULT_LIMITS
) -> Iterator[tuple[Article, str]]:
    """Stream what `iter_articles` does, each article with its `content_key()`.

    The key is computed anyway to drop duplicates; this saves computing it again.

    Raises:
        CorpusPathMissing: a path does not exist (raised by this call, before any reading).
    """
    roots = [Path(paths)] if isinstance(paths, str | Path) else [Path(path) for path in paths]
    for root in roots:
        if not root.exists():
            raise CorpusPathMissing(root)
    return _stream(roots, report, limits)


def iter_given_articles(
    articles: Iterable[Article], report: LoadReport
) -> Iterator[tuple[Article, str]]:
    """Admit articles given as records as a load admits what it reads, each with its key.

    Title and text are put in the corpus normal form (an article whose text is then empty
    is a `Problem`), other languages are counted and skipped, exact duplicates dropped and
    a reused id suffixed, so a build from these articles equals one from a file of them.
    """
    seen = _Seen()
    for article in articles:
        if article.lang not in LANGS:
            report.skipped_languages[article.lang] += 1
            continue
        text = clean_text(article.text)
        if not text:
            _problem(report, Problem(article.id, None, "empty text"))
            continue
        title = clean_line(article.title) or title_from_text(text)
        admitted = seen.admit(dataclasses.replace(article, title=title, text=text), report)
        if admitted is not None:
            report.articles += 1
            yield admitted


def load_corpus(
    paths: Sequence[str | Path],
    *,
    allow_empty: bool = False,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> tuple[list[Article], LoadReport]:
    """Load every article in `paths` into a list, with the report of the load.

    Raises:
        CorpusPathMissing: a path does not exist.
        EmptyCorpus: nothing loaded (unless `allow_empty`); the exception's `report`
            holds the problems.
    """
    report = LoadReport()
    articles = list(iter_articles(paths, report, limits=limits))
    if not articles and not allow_empty:
        msg = (
            f"no articles loaded from {', '.join(str(path) for path in paths)} "
            f"({report.files_read} files read, {len(report.problems)} problems)"
        )
        if report.problems:
            msg += f"; first problem: {report.problems[0]}"
        raise EmptyCorpus(msg, report)
    return articles, report


class _Seen:
    """Content keys and ids already loaded, kept as 64-bit digests to bound memory."""

    def __init__(self) -> None:
        self._contents: set[int] = set()
        self._ids: set[int] = set()
        self._next_suffix: dict[str, int] = {}

    def admit(self, article: Article, report: LoadReport) -> tuple[Article, str] | None:
        key = article.content_key()
        content = int(key[:16], 16)
        if content in self._contents:
            report.duplicates += 1
            return None
        self._contents.add(content)
        id_digest = _digest(article.id)
        if id_digest in self._ids:
            number = self._next_suffix.get(article.id, 2)
            while _digest(f"{article.id}~{number}") in self._ids:
                number += 1
            self._next_suffix[article.id] = number + 1
            article = dataclasses.replace(article, id=f"{article.id}~{number}")
            id_digest = _digest(article.id)
        self._ids.add(id_digest)
        return article, key


def _digest(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def _stream(
    roots: list[Path], report: LoadReport, limits: ReadLimits
) -> Iterator[tuple[Article, str]]:
    seen = _Seen()
    for root in roots:
        for path, fallback_id, reader in _files(root, report):
            report.files_read += 1
            yield from _read_file(path, fallback_id, reader, report, seen, limits)


def _read_file(
    path: Path,
    fallback_id: str,
    reader: FormatReader,
    report: LoadReport,
    seen: _Seen,
    limits: ReadLimits,
) -> Iterator[tuple[Article, str]]:
    name = str(path)
    records = 0
    try:
        for item in reader(path, fallback_id, limits=limits):
            records += 1
            result = build_article(item) if not isinstance(item, BadRecord) else item
            if isinstance(result, Amended):
                _problem(report, Problem(name, item.line, result.note))
                result = result.article
            if isinstance(result, BadRecord):
                _problem(report, Problem(name, result.line, result.reason))
            elif isinstance(result, OtherLanguage):
                report.skipped_languages[result.lang] += 1
            elif (admitted := seen.admit(result, report)) is not None:
                report.articles += 1
                yield admitted
    except FormatError as exc:
        _problem(report, Problem(name, exc.line, exc.reason))
    except _FILE_ERRORS as exc:
        _problem(report, Problem(name, None, f"cannot read: {type(exc).__name__}: {exc}"))
    else:
        if not records:  # an empty JSON lines file or JSON list: said, so it is not a mystery
            _problem(report, Problem(name, None, "no records in the file"))


def _problem(report: LoadReport, problem: Problem) -> None:
    logger.debug("corpus problem: %s", problem)
    report.problems.append(problem)


def _files(root: Path, report: LoadReport) -> Iterator[tuple[Path, str, FormatReader]]:
    if root.is_dir():
        for path in _walk(root, report, set()):
            reader = reader_for(path)
            if reader is not None:
                yield path, _strip_suffix(path.relative_to(root).as_posix()), reader
        return
    reader = reader_for(root)
    if reader is None:
        known = ", ".join(sorted(READERS))
        reason = f"unsupported file type (known: {known}, each also .gz)"
        _problem(report, Problem(str(root), None, reason))
        return
    yield root, _strip_suffix(root.name), reader


def _walk(folder: Path, report: LoadReport, visited: set[Path]) -> Iterator[Path]:
    real = folder.resolve()
    if real in visited:  # a symlink loop
        return
    visited.add(real)
    try:
        entries = sorted(folder.iterdir(), key=lambda entry: entry.name)
    except OSError as exc:
        _problem(report, Problem(str(folder), None, f"cannot list folder: {exc}"))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry, report, visited)
        elif entry.is_file() and not _SKIPPED_NAME.match(entry.name):
            yield entry
