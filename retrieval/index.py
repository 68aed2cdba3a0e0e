"""Versioned index directories: build a new version beside the old, then switch one pointer.

Layout under `<data_dir>/index/`:

```
CURRENT                      name of the serving version (replaced atomically)
build.lock                   held while a build runs (flock)
versions/<id>/manifest.json  format_version, engine, analysis, counts, fingerprint, built_at
versions/<id>/articles.jsonl.gz   one line per article: its fields but the text, and its
                                  passage count (the text is in the engine's passages)
versions/<id>/engine/        the engine's own files
versions/<id>.partial/       a build in progress; removed if found stale
```

A build that fails or is killed never touches CURRENT, so the previous version serves on.
"""

from __future__ import annotations

import contextlib
import fcntl
import gzip
import hashlib
import json
import multiprocessing
import os
import pickle
import queue
import secrets
import shutil
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from corpus.article import Article
from corpus.errors import CorpusPathMissing, EmptyCorpus
from retrieval.analysis import AnalysisSettings, Analyzer
from retrieval.chunking import ENCODING_NAME, MAX_TOKENS, MIN_TOKENS, chunk_article
from retrieval.engines import DEFAULT_ENGINE, Engine, IndexDoc, factory
from retrieval.engines.base import article_key, passage_payloads
from retrieval.errors import BuildInProgress, IndexBuildError, IndexNotFound
from retrieval.grams import GramSample, in_tail, passage_words, wants_sample

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from corpus.readers import LoadReport

FORMAT_VERSION = 2
KEEP_VERSIONS = 3
_BATCH = 32
# Batches queued per worker: enough that a worker never waits for the reader.
_AHEAD_PER_WORKER = 3
# Pipe capacity asked for (Linux allows up to 1 MiB unprivileged): a batch in one write.
_PIPE_BYTES = 1 << 20

ProgressFn = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a finished build produced."""

    version: str
    path: Path
    manifest: dict[str, Any]
    report: LoadReport
    seconds: float


@dataclass(slots=True)
class IndexVersion:
    """An opened, serving index version; holders keep it even after a newer one is switched in."""

    name: str
    path: Path
    manifest: dict[str, Any]
    engine: Engine
    opened_at: float = field(default_factory=time.time)

    @property
    def analysis(self) -> AnalysisSettings:
        """Return the analysis settings the version was built with."""
        return AnalysisSettings.from_dict(self.manifest["analysis"])


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
    try:
        manifest = json.loads((path / "manifest.json").read_text("utf-8"))
    except (FileNotFoundError, json.JSONDecodeError) as exc:
        msg = f"index version {name} is unreadable ({exc}); rebuild with: newsdesk index"
        raise IndexNotFound(msg) from exc
    if manifest.get("format_version") != FORMAT_VERSION:
        msg = (
            f"index version {name} has format {manifest.get('format_version')}, "
            f"this program reads {FORMAT_VERSION}; rebuild with: newsdesk index"
        )
        raise IndexNotFound(msg)
    engine = factory(manifest["engine"]).open(path / "engine")
    return IndexVersion(name=name, path=path, manifest=manifest, engine=engine)


def build_index(
    paths: Sequence[str | Path],
    *,
    data_dir: Path,
    engine: str = DEFAULT_ENGINE,
    analysis: AnalysisSettings | None = None,
    workers: int | None = None,
    progress: ProgressFn | None = None,
) -> BuildResult:
    """Build a new index version from corpus files or folders and make it current.

    Raises:
        CorpusPathMissing: a path does not exist (nothing is built).
        EmptyCorpus: no article could be read.
        BuildInProgress: another build holds the lock.
        IndexBuildError: the build or its validation failed; the old version still serves.
    """
    for p in paths:
        if not Path(p).exists():
            raise CorpusPathMissing(p)
    analysis = analysis or AnalysisSettings()
    engine_factory = factory(engine)
    root = index_root(data_dir)
    versions = root / "versions"
    versions.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with _build_lock(root):
        _remove_partials(versions)
        name = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(3)
        partial = versions / f"{name}.partial"
        (partial / "engine").mkdir(parents=True)
        from corpus.readers import LoadReport

        report = LoadReport()
        try:
            counts = _write_version(
                paths,
                partial,
                engine_factory=engine_factory,
                analysis=analysis,
                workers=workers or os.cpu_count() or 1,
                report=report,
                progress=progress,
            )
            manifest = {
                "format_version": FORMAT_VERSION,
                "name": name,
                "engine": engine,
                "analysis": analysis.as_dict(),
                "chunking": {
                    "encoding": ENCODING_NAME,
                    "min_tokens": MIN_TOKENS,
                    "max_tokens": MAX_TOKENS,
                },
                "article_count": counts["articles"],
                "passage_count": counts["passages"],
                "languages": counts["languages"],
                "corpus_fingerprint": counts["fingerprint"],
                "corpus_paths": [str(Path(p).resolve()) for p in paths],
                "files_read": report.files_read,
                "duplicates_dropped": report.duplicates,
                "problems": len(report.problems),
                "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "build_seconds": round(time.perf_counter() - started, 3),
            }
            _validate(partial, manifest, engine_factory.name)
            _write_atomic(partial / "manifest.json", json.dumps(manifest, indent=2) + "\n")
            final = versions / name
            partial.rename(final)
            _fsync_dir(versions)
            _write_atomic(root / "CURRENT", name + "\n")
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        _prune(versions, keep=name)
    return BuildResult(name, final, manifest, report, time.perf_counter() - started)


def _write_version(
    paths: Sequence[str | Path],
    partial: Path,
    *,
    engine_factory: Any,
    analysis: AnalysisSettings,
    workers: int,
    report: LoadReport,
    progress: ProgressFn | None,
) -> dict[str, Any]:
    from corpus.readers import iter_keyed_articles

    # The reader computes each article's content key to drop duplicates; the keys wait
    # here, in order, for the article's passages (pool results come back in order).
    keys: deque[str] = deque()

    def articles() -> Iterator[Article]:
        for article, key in iter_keyed_articles(paths, report):
            keys.append(key)
            yield article

    digest = hashlib.blake2b(digest_size=16)
    n_articles = n_passages = 0
    languages: dict[str, int] = {}
    grams = GramSample()
    with contextlib.ExitStack() as stack:
        # The pool is forked before the engine writer starts its threads.
        prepared = stack.enter_context(_prepared_batches(articles(), analysis, workers))
        writer = engine_factory.writer(partial / "engine", threads=max(1, min(workers, 4)))
        # Workers compress each batch as one gzip member; members concatenate into a
        # valid .gz file, so this process only copies bytes.
        out = stack.enter_context(open(partial / "articles.jsonl.gz", "wb"))
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
            if progress is not None:
                progress(n_articles, n_passages)
        if n_passages == 0:
            msg = f"no articles could be read from {', '.join(str(p) for p in paths)}"
            if report.problems:
                msg += f" ({len(report.problems)} problems, first: {report.problems[0].reason})"
            raise EmptyCorpus(msg)
        writer.commit()
    grams.save(partial, passages=n_passages)
    return {
        "articles": n_articles,
        "passages": n_passages,
        "languages": languages,
        "fingerprint": digest.hexdigest(),
    }


_ARTICLE_JSON = json.JSONEncoder(ensure_ascii=False).encode


def _article_json(article: Article, passages: int) -> str:
    fields = {
        "id": article.id,
        "title": article.title,
        "url": article.url,
        "published": article.published.isoformat() if article.published else None,
        "precision": article.published_precision,
        "lang": article.lang,
        "source": article.source,
        "passages": passages,
    }
    if article.published_at is not None:
        fields["published_at"] = article.published_at.isoformat()
    return _ARTICLE_JSON(fields)


_worker_settings = AnalysisSettings()
_worker_analyzer: Analyzer | None = None


def _init_worker(settings: AnalysisSettings) -> None:
    # Only remember the settings: a failing initializer would make the pool respawn
    # workers forever, while an error inside a task reaches the caller.
    global _worker_settings, _worker_analyzer
    _worker_settings = settings
    _worker_analyzer = None


def prepare_article(
    article: Article, analyzer: Analyzer, *, grams: GramSample | None = None, tail: bool = False
) -> list[IndexDoc]:
    """Chunk and analyse one article into the documents an engine indexes.

    With `grams`, also count the passages' 3-grams into it (see `GramSample.add`).
    """
    lang = article.lang
    chunks = chunk_article(article)
    passages = [(p.ordinal, p.text) for p in chunks]
    payloads = passage_payloads(
        article.id,
        passages,
        title=article.title,
        url=article.url,
        published=article.published,
        precision=article.published_precision,
        lang=lang,
        source=article.source,
        published_at=article.published_at,
    )
    title = analyzer.joined_terms(article.title, lang)
    key = article_key(article.id)
    of_tokens = analyzer.joined_terms_of_tokens
    bodies = [of_tokens(p.words, lang) for p in chunks]
    if analyzer.settings.title_in_body and title:
        # The headline's terms open every passage body (SciFact-tuned; see README).
        bodies = [f"{title} {terms}" if terms else title for terms in bodies]
    if grams is not None:
        heading = article.title
        grams.add((passage_words(heading, p.text, lang, analyzer) for p in chunks), tail=tail)
    published = article.published
    return [
        IndexDoc(payload, terms, title, lang, published, key)
        for payload, terms in zip(payloads, bodies, strict=True)
    ]


class _Prepared(NamedTuple):
    """An article made ready in a worker: its language and passages."""

    lang: str
    docs: list[IndexDoc]


class _PreparedBatch(NamedTuple):
    articles_gz: bytes  # the batch's articles as JSON lines, one gzip member (level 1)
    items: list[_Prepared]
    grams: GramSample | None  # the batch's 3-gram counts, when it is sampled


_Task = tuple[int, list[Article]]  # a batch and its number


def _prepare_batch(task: _Task) -> _PreparedBatch:
    global _worker_analyzer
    number, batch = task
    analyzer = _worker_analyzer
    if analyzer is None:
        analyzer = _worker_analyzer = Analyzer(_worker_settings)
    grams = GramSample() if wants_sample(number) else None
    tail = in_tail(number)
    items = [
        _Prepared(a.lang, prepare_article(a, analyzer, grams=grams, tail=tail)) for a in batch
    ]
    lines = "".join(
        _article_json(a, len(item.docs)) + "\n" for a, item in zip(batch, items, strict=True)
    )
    return _PreparedBatch(gzip.compress(lines.encode("utf-8"), compresslevel=1), items, grams)


def _batches(articles: Iterable[Article]) -> Iterator[_Task]:
    batch: list[Article] = []
    number = 0
    for article in articles:
        batch.append(article)
        if len(batch) >= _BATCH:
            yield number, batch
            batch = []
            number += 1
    if batch:
        yield number, batch


@contextlib.contextmanager
def _prepared_batches(
    articles: Iterable[Article], analysis: AnalysisSettings, workers: int
) -> Iterator[Iterator[_PreparedBatch]]:
    if workers <= 1:
        _init_worker(analysis)
        yield (_prepare_batch(b) for b in _batches(articles))
        return
    with _Workers(workers, analysis) as pool:
        yield pool.map_in_order(_batches(articles))


class _Workers:
    """Worker processes, each with its own pair of one-way pipes.

    Neither multiprocessing.Pool nor ProcessPoolExecutor survives a worker killed
    mid-write (the OOM killer's choice, say): Pool waits forever for the lost task, and
    the executor's shared result pipe can be left holding half a message that its reader
    waits on forever. Here only a worker holds the write end of its result pipe, so its
    death is an end of file, and the build fails with IndexBuildError. Results are read
    in this process's main thread, with no helper threads to contend for the GIL
    (Pool's worker-handler thread spun while results sat unread: ~10% of this process's
    time at 1M passages).
    """

    def __init__(self, n: int, analysis: AnalysisSettings) -> None:
        ctx = multiprocessing.get_context("fork")
        self._procs: list[Any] = []
        self._tasks: list[Connection] = []  # this process writes batches
        self._results: list[Connection] = []  # this process reads prepared batches
        try:
            for _ in range(n):
                task_r, task_w = ctx.Pipe(duplex=False)
                result_r, result_w = ctx.Pipe(duplex=False)
                _widen(task_w)
                _widen(result_w)
                # The child closes its copies of the parent-side ends (its own, earlier workers').
                inherited = [*self._tasks, *self._results, task_w, result_r]
                proc = ctx.Process(
                    target=_worker_main,
                    args=(task_r, result_w, inherited, analysis),
                    daemon=True,
                    name="newsdesk-index-worker",
                )
                proc.start()
                task_r.close()
                result_w.close()
                self._procs.append(proc)
                self._tasks.append(task_w)
                self._results.append(result_r)
        except BaseException:
            self.close(failed=True)
            raise

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        self.close(failed=exc_type is not None)

    def map_in_order(self, batches: Iterable[_Task]) -> Iterator[_PreparedBatch]:
        """Yield each batch prepared, in input order, with a few batches in flight.

        Batches go round-robin, so results come back in order by reading the workers
        in the same rotation. Every worker keeps up to `_AHEAD_PER_WORKER` batches
        queued (its receiving thread takes them off the pipe at once, so a send here
        never waits on a worker that is itself waiting to send).
        """
        n = len(self._procs)
        sent = received = 0
        for batch in batches:
            if sent - received >= _AHEAD_PER_WORKER * n:
                yield self._receive(received % n)
                received += 1
            self._send(sent % n, batch)
            sent += 1
        while received < sent:
            yield self._receive(received % n)
            received += 1

    def _send(self, i: int, task: _Task) -> None:
        try:
            self._tasks[i].send(task)
        except OSError as exc:  # BrokenPipeError: the worker is gone
            raise self._died(i) from exc

    def _receive(self, i: int) -> _PreparedBatch:
        try:
            status, value = self._results[i].recv()
        except (EOFError, OSError) as exc:
            raise self._died(i) from exc
        if status == "error":
            raise value  # the worker's own exception, as the one-process build raises it
        return cast(_PreparedBatch, value)

    def _died(self, i: int) -> IndexBuildError:
        proc = self._procs[i]
        proc.join(timeout=5)
        how = f"exit code {proc.exitcode}" if proc.exitcode is not None else "no exit code"
        return IndexBuildError(f"an indexing worker process died ({how}; killed, out of memory?)")

    def close(self, *, failed: bool) -> None:
        """Stop the workers: let them finish after a clean run, terminate them otherwise."""
        for conn in self._tasks:
            if not failed:
                with contextlib.suppress(OSError):
                    conn.send(None)
            conn.close()
        for proc in self._procs:
            if failed:
                proc.terminate()
            proc.join(timeout=10)
            if proc.is_alive():
                proc.kill()
                proc.join()
        for conn in self._results:
            conn.close()


def _widen(conn: Connection) -> None:
    """Give a pipe room for whole batches (Linux; elsewhere the default stays)."""
    op = getattr(fcntl, "F_SETPIPE_SZ", None)
    if op is not None:
        with contextlib.suppress(OSError):
            fcntl.fcntl(conn.fileno(), op, _PIPE_BYTES)


def _worker_main(
    tasks: Connection, results: Connection, inherited: list[Connection], analysis: AnalysisSettings
) -> None:
    # Ctrl-C reaches the whole process group: the parent stops the workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for conn in inherited:
        conn.close()
    _init_worker(analysis)
    inbox: queue.SimpleQueue[_Task | None] = queue.SimpleQueue()

    def take() -> None:
        try:
            while (batch := tasks.recv()) is not None:
                inbox.put(batch)
        except (EOFError, OSError):
            pass  # the parent is gone or done
        inbox.put(None)

    outbox: queue.SimpleQueue[tuple[str, object] | None] = queue.SimpleQueue()

    def give() -> None:
        while (reply := outbox.get()) is not None:
            try:
                try:
                    results.send(reply)
                except (TypeError, AttributeError, pickle.PicklingError):  # unpicklable error
                    results.send(("error", IndexBuildError(repr(reply[1]))))
            except OSError:
                return  # the parent is gone

    # Pipes are drained and filled by their own threads, so neither side's send ever
    # waits for the other to finish a batch (and two blocked sends cannot deadlock).
    threading.Thread(target=take, daemon=True).start()
    sender = threading.Thread(target=give, daemon=True)
    sender.start()
    while (batch := inbox.get()) is not None:
        try:
            outbox.put(("ok", _prepare_batch(batch)))
        except Exception as exc:
            outbox.put(("error", exc))
    outbox.put(None)
    sender.join()


def _validate(partial: Path, manifest: dict[str, Any], engine_name: str) -> None:
    """Open the new version and check it answers before it may serve."""
    engine = factory(engine_name).open(partial / "engine")
    try:
        if engine.num_docs != manifest["passage_count"] or engine.num_docs == 0:
            msg = f"index holds {engine.num_docs} passages, expected {manifest['passage_count']}"
            raise IndexBuildError(msg)
        from retrieval.engines import Filters, QueryTerms

        [first] = engine.scan(Filters(), limit=1)  # there is one: num_docs > 0
        analyzer = Analyzer(AnalysisSettings.from_dict(manifest["analysis"]))
        terms = analyzer.terms(first.text[:200], first.lang)
        query = QueryTerms(body={t: 1 for t in terms[:8]}, title={}, title_boost=0.0)
        if terms and not engine.search(query, limit=1, filters=Filters()):
            msg = "sanity query found nothing in the new index"
            raise IndexBuildError(msg)
    finally:
        engine.close()


@contextlib.contextmanager
def _build_lock(root: Path) -> Iterator[None]:
    root.mkdir(parents=True, exist_ok=True)
    with open(root / "build.lock", "a+") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            msg = "another index build is already running"
            raise BuildInProgress(msg) from exc
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _remove_partials(versions: Path) -> None:
    """Delete builds left by a crash; safe because we hold the build lock."""
    for stale in versions.glob("*.partial"):
        shutil.rmtree(stale, ignore_errors=True)
    for tmp in versions.parent.glob("*.tmp"):
        tmp.unlink(missing_ok=True)


def _prune(versions: Path, *, keep: str) -> None:
    """Keep the newest versions (readers may still hold one); delete older ones."""
    names = sorted(p.name for p in versions.iterdir() if p.is_dir() and "." not in p.name)
    for old in names[:-KEEP_VERSIONS]:
        if old != keep:
            shutil.rmtree(versions / old, ignore_errors=True)


def _write_atomic(path: Path, text: str) -> None:
    """Write a file by temp file + fsync + rename + directory fsync."""
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
