"""Versioned index directories: build a new version beside the old, then switch one pointer.

Layout under `<data_dir>/index/`:

```
CURRENT                      name of the serving version (replaced atomically)
build.lock, write.lock       held while a build runs; write.lock by live appends too
leases/<id>                  shared-locked by each process serving version <id>
versions/<id>/manifest.json  format_version, engine, analysis, counts, fingerprint, built_at
versions/<id>/articles.jsonl.gz   one line per article: its fields but the text, and its
                                  passage count (the text is in the engine's passages)
versions/<id>/grams.json.gz  3-gram document frequencies counted during the build
versions/<id>/engine/        the engine's own files
versions/<id>.partial/       a build in progress; removed if found stale
```

A build that fails or is killed never touches CURRENT, so the previous version serves on.
After a build the newest `KEEP_VERSIONS` are kept, and any version a live process holds
a lease on (`retrieval.locks`); older ones are deleted.
The articles are prepared (chunked, analysed) in worker processes by `retrieval.prepare`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shutil
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from corpus.article import Article
from corpus.errors import CorpusPathMissing, EmptyCorpus
from corpus.limits import DEFAULT_LIMITS, ReadLimits
from retrieval.analysis import AnalysisSettings, Analyzer
from retrieval.budget import ENCODING_NAME
from retrieval.chunking import MAX_TOKENS, MIN_TOKENS
from retrieval.durable import fsync, write_atomic
from retrieval.engines import DEFAULT_ENGINE, Engine, factory
from retrieval.errors import IndexBuildError, IndexNotFound
from retrieval.grams import FILE as GRAMS_FILE
from retrieval.grams import GramSample
from retrieval.locks import Lease, build_lock, lease, prune_version
from retrieval.manifest import Manifest
from retrieval.prepare import prepared_batches

if TYPE_CHECKING:
    from corpus.readers import LoadReport

FORMAT_VERSION = 2
KEEP_VERSIONS = 3
ARTICLES_FILE = "articles.jsonl.gz"

ProgressFn = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a finished build produced."""

    version: str
    path: Path
    manifest: Manifest
    report: LoadReport
    seconds: float


@dataclass(slots=True)
class IndexVersion:
    """An opened, serving index version; holders keep it even after a newer one is switched in."""

    name: str
    path: Path
    manifest: Manifest
    engine: Engine
    opened_at: float = field(default_factory=time.time)
    lease: Lease | None = None  # keeps builds from pruning the version while it is held

    @property
    def analysis(self) -> AnalysisSettings:
        """Return the analysis settings the version was built with."""
        return self.manifest.analysis


def index_root(data_dir: Path) -> Path:
    """Return the folder holding the index versions of a data directory."""
    return data_dir / "index"


def current_version_name(data_dir: Path) -> str | None:
    """Return the name of the serving version, or None if there is none."""
    try:
        name = (index_root(data_dir) / "CURRENT").read_text("utf-8").strip()
    except FileNotFoundError:
        return None
    return name or None


def open_index(data_dir: Path) -> IndexVersion:
    """Open the serving index version.

    Raises:
        IndexNotFound: there is no version yet, or it was built by an incompatible program.
    """
    name = current_version_name(data_dir)
    if name is None:
        msg = f"no index in {data_dir}; build one with: newsdesk index"
        raise IndexNotFound(msg)
    path = index_root(data_dir) / "versions" / name
    # Leased before anything is read: from here on no build prunes this version.
    held = lease(index_root(data_dir), name)
    try:
        stored = json.loads((path / "manifest.json").read_text("utf-8"))
    except (FileNotFoundError, json.JSONDecodeError) as exc:
        msg = f"index version {name} is unreadable ({exc}); rebuild with: newsdesk index"
        raise IndexNotFound(msg) from exc
    if stored.get("format_version") != FORMAT_VERSION:
        msg = (
            f"index version {name} has format {stored.get('format_version')}, "
            f"this program reads {FORMAT_VERSION}; rebuild with: newsdesk index"
        )
        raise IndexNotFound(msg)
    manifest = Manifest.from_dict(stored)
    engine = factory(manifest.engine).open(path / "engine")
    return IndexVersion(name=name, path=path, manifest=manifest, engine=engine, lease=held)


def build_index(
    corpus: Sequence[str | Path] | Iterable[Article],
    *,
    data_dir: Path,
    engine: str = DEFAULT_ENGINE,
    analysis: AnalysisSettings | None = None,
    workers: int | None = None,
    progress: ProgressFn | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> BuildResult:
    """Build a new index version from corpus files or folders, or articles, and make it current.

    Articles given directly are admitted as a load admits records
    (`corpus.readers.iter_given_articles`). `limits` caps what one corpus file may hold
    (see `corpus.limits`).

    Raises:
        CorpusPathMissing: a path does not exist (nothing is built).
        EmptyCorpus: no article could be read.
        BuildInProgress: another build holds the lock.
        IndexBuildError: the build or its validation failed, or the index could not be
            written (a full disk, a read-only folder); the old version still serves.
    """
    paths, given = _sources(corpus)
    for p in paths:
        if not Path(p).exists():
            raise CorpusPathMissing(p)
    root = index_root(data_dir)
    try:
        source = _Corpus(paths, given, limits)
        return _build(source, root, engine, analysis or AnalysisSettings(), workers, progress)
    except OSError as exc:  # reading the corpus reports its own; these are the index's
        msg = f"cannot write the index in {root}: {os_reason(exc)}"
        raise IndexBuildError(msg) from exc


@dataclass(frozen=True, slots=True)
class _Corpus:
    """What a build reads: corpus files and folders, or articles given directly."""

    paths: Sequence[str | Path]
    given: Iterable[Article] | None
    limits: ReadLimits

    def read(self, report: LoadReport) -> Iterator[tuple[Article, str]]:
        """Stream the admitted articles, each with its content key, filling `report`."""
        from corpus.readers import iter_given_articles, iter_keyed_articles

        if self.given is not None:
            return iter_given_articles(self.given, report)
        return iter_keyed_articles(self.paths, report, limits=self.limits)

    def label(self) -> str:
        """Name what was read, for a message."""
        if self.given is not None:
            return "the articles given"
        return ", ".join(str(p) for p in self.paths)


def _sources(
    corpus: Sequence[str | Path] | Iterable[Article],
) -> tuple[Sequence[str | Path], Iterable[Article] | None]:
    """Return `(paths, None)` for corpus files and folders, `((), articles)` for articles."""
    if isinstance(corpus, Sequence) and all(isinstance(item, str | Path) for item in corpus):
        return cast(Sequence[str | Path], corpus), None
    return (), cast(Iterable[Article], corpus)


def os_reason(exc: OSError) -> str:
    """Return an OS error as one line: `No space left on device: /path`."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    return f"{reason}: {exc.filename}" if exc.filename else reason


def _build(
    corpus: _Corpus,
    root: Path,
    engine: str,
    analysis: AnalysisSettings,
    workers: int | None,
    progress: ProgressFn | None,
) -> BuildResult:
    engine_factory = factory(engine)
    versions = root / "versions"
    versions.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with build_lock(root):
        _remove_partials(versions)
        # Names sort in build order, which pruning relies on: builds of one second used to
        # sort by their random suffix. (An older name, without microseconds, sorts first.)
        name = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f") + "-" + secrets.token_hex(3)
        partial = versions / f"{name}.partial"
        (partial / "engine").mkdir(parents=True)
        from corpus.readers import LoadReport

        report = LoadReport()
        try:
            counts = _write_version(
                corpus,
                partial,
                engine_factory=engine_factory,
                analysis=analysis,
                workers=workers or os.cpu_count() or 1,
                report=report,
                progress=progress,
            )
            manifest = Manifest(
                format_version=FORMAT_VERSION,
                name=name,
                engine=engine,
                analysis=analysis,
                chunking={
                    "encoding": ENCODING_NAME,
                    "min_tokens": MIN_TOKENS,
                    "max_tokens": MAX_TOKENS,
                },
                article_count=counts["articles"],
                passage_count=counts["passages"],
                languages=counts["languages"],
                corpus_fingerprint=counts["fingerprint"],
                newest_published=counts["newest"],
                corpus_paths=tuple(str(Path(p).resolve()) for p in corpus.paths),
                files_read=report.files_read,
                duplicates_dropped=report.duplicates,
                problems=len(report.problems),
                built_at=datetime.now(UTC).isoformat(timespec="seconds"),
                build_seconds=round(time.perf_counter() - started, 3),
            )
            _validate(partial, manifest, engine_factory.name)
            # Durable before it may serve: the files, then the folders naming them.
            for written in (partial / ARTICLES_FILE, partial / GRAMS_FILE, partial / "engine"):
                fsync(written)
            text = json.dumps(manifest.to_dict(), indent=2) + "\n"
            write_atomic(partial / "manifest.json", text)
            final = versions / name
            partial.rename(final)
            fsync(versions)
            write_atomic(root / "CURRENT", name + "\n")
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        _prune(root, keep=name)
    return BuildResult(name, final, manifest, report, time.perf_counter() - started)


def _write_version(
    corpus: _Corpus,
    partial: Path,
    *,
    engine_factory: Any,
    analysis: AnalysisSettings,
    workers: int,
    report: LoadReport,
    progress: ProgressFn | None,
) -> dict[str, Any]:
    # The reader computes each article's content key to drop duplicates; the keys wait
    # here, in order, for the article's passages (pool results come back in order).
    keys: deque[str] = deque()

    def articles() -> Iterator[Article]:
        for article, key in corpus.read(report):
            keys.append(key)
            yield article

    digest = hashlib.blake2b(digest_size=16)
    n_articles = n_passages = 0
    languages: dict[str, int] = {}
    newest: date | None = None
    grams = GramSample()
    with contextlib.ExitStack() as stack:
        # The pool is forked before the engine writer starts its threads.
        prepared = stack.enter_context(prepared_batches(articles(), analysis, workers))
        writer = engine_factory.writer(partial / "engine", threads=max(1, min(workers, 4)))
        try:
            # Workers compress each batch as one gzip member; members concatenate into a
            # valid .gz file, so this process only copies bytes.
            out = stack.enter_context(open(partial / ARTICLES_FILE, "wb"))
            for batch in prepared:
                out.write(batch.articles_gz)
                if batch.grams is not None:
                    grams.merge(batch.grams)
                for item in batch.items:
                    digest.update(keys.popleft().encode())
                    for doc in item.docs:
                        writer.add(doc)
                    n_articles += 1
                    n_passages += len(item.docs)
                    languages[item.lang] = languages.get(item.lang, 0) + 1
                    day = item.docs[0].published if item.docs else None
                    if day is not None and (newest is None or day > newest):
                        newest = day
                if progress is not None:
                    progress(n_articles, n_passages)
            if n_passages == 0:
                msg = f"no articles could be read from {corpus.label()}"
                if report.problems:
                    first = report.problems[0].reason
                    msg += f" ({len(report.problems)} problems, first: {first})"
                raise EmptyCorpus(msg)
            writer.commit()
        except BaseException:
            writer.abort()  # its threads must not write into the folder being removed
            raise
    grams.save(partial, passages=n_passages)
    return {
        "articles": n_articles,
        "passages": n_passages,
        "languages": languages,
        "fingerprint": digest.hexdigest(),
        "newest": newest.isoformat() if newest else None,
    }


def _validate(partial: Path, manifest: Manifest, engine_name: str) -> None:
    """Open the new version and check it answers before it may serve."""
    engine = factory(engine_name).open(partial / "engine")
    try:
        if engine.num_docs != manifest.passage_count or engine.num_docs == 0:
            msg = f"index holds {engine.num_docs} passages, expected {manifest.passage_count}"
            raise IndexBuildError(msg)
        from retrieval.engines import Filters, QueryTerms

        [first] = engine.scan(Filters(), limit=1)  # there is one: num_docs > 0
        analyzer = Analyzer(manifest.analysis)
        terms = analyzer.terms(first.text[:200], first.lang)
        query = QueryTerms(body={t: 1 for t in terms[:8]}, title={}, title_boost=0.0)
        if terms and not engine.search(query, limit=1, filters=Filters()):
            msg = "sanity query found nothing in the new index"
            raise IndexBuildError(msg)
    finally:
        engine.close()


def _remove_partials(versions: Path) -> None:
    """Delete builds left by a crash; safe because we hold the build lock."""
    for stale in versions.glob("*.partial"):
        shutil.rmtree(stale, ignore_errors=True)
    for tmp in versions.parent.glob("*.tmp"):
        tmp.unlink(missing_ok=True)


def _prune(root: Path, *, keep: str) -> None:
    """Keep the newest versions and any a live process serves; delete older ones.

    Also drops leases left of versions already gone.
    """
    versions = root / "versions"
    names = sorted(p.name for p in versions.iterdir() if p.is_dir() and "." not in p.name)
    for old in names[:-KEEP_VERSIONS]:
        if old != keep:
            prune_version(root, old)
    leases = root / "leases"
    if leases.is_dir():
        for orphan in sorted(set(p.name for p in leases.iterdir()) - set(names)):
            prune_version(root, orphan)
