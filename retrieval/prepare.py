"""Prepare articles for an engine in worker processes: chunks, terms, payloads, 3-gram counts.

`prepared_batches` feeds articles in batches of `_BATCH` to worker processes (or prepares
them in this process when there is one worker) and yields each batch prepared, in order:
the engine documents of every article, the batch's article records as one gzip member,
and, for sampled batches, their 3-gram counts (`retrieval.grams`).
"""

from __future__ import annotations

import contextlib
import fcntl
import gzip
import json
import multiprocessing
import pickle
import queue
import signal
import threading
import weakref
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from corpus.article import Article
from retrieval.analysis import AnalysisSettings, Analyzer
from retrieval.budget import load_encoding
from retrieval.chunking import chunk_article
from retrieval.engines import IndexDoc
from retrieval.engines.base import article_key, passage_payloads
from retrieval.errors import IndexBuildError
from retrieval.grams import GramSample, in_tail, passage_words, wants_sample
from retrieval.namekeys import TokenKeys, passage_keys

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    import tiktoken


_BATCH = 32
# Batches queued per worker: enough that a worker never waits for the reader.
_AHEAD_PER_WORKER = 3
# Pipe capacity asked for (Linux allows up to 1 MiB unprivileged): a batch in one write.
_PIPE_BYTES = 1 << 20


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
_worker_encoding: tiktoken.Encoding | None = None
# The name keys of raw tokens, memoised per analyzer and language.
_KEY_MEMOS: weakref.WeakKeyDictionary[Analyzer, dict[str, TokenKeys]] = weakref.WeakKeyDictionary()


def _keys(analyzer: Analyzer, lang: str) -> TokenKeys:
    memos = _KEY_MEMOS.setdefault(analyzer, {})
    memo = memos.get(lang)
    if memo is None:
        memo = memos[lang] = TokenKeys(analyzer, lang)
    return memo


def _init_worker(settings: AnalysisSettings) -> None:
    # Only remember the settings: a failing initializer would make the pool respawn
    # workers forever, while an error inside a task reaches the caller.
    global _worker_settings, _worker_analyzer, _worker_encoding
    _worker_settings = settings
    _worker_analyzer = None
    _worker_encoding = None


def prepare_article(
    article: Article,
    analyzer: Analyzer,
    encoding: tiktoken.Encoding,
    *,
    grams: GramSample | None = None,
    tail: bool = False,
) -> list[IndexDoc]:
    """Chunk and analyse one article into the documents an engine indexes.

    With `grams`, also count the passages' 3-grams into it (see `GramSample.add`).
    """
    lang = article.lang
    chunks = chunk_article(article, encoding=encoding)
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
    settings = analyzer.settings
    # The headline's terms open every passage body (SciFact-tuned; see docs/quality.md). The keys
    # of the names in the headline, and in the lead passage, close it, for questions in
    # another language (retrieval.crosslang); the other passages' names are left out, as
    # reading them all cost a fifth of the analysis. One join per passage: bodies are long.
    lead = title if settings.title_in_body else ""
    if settings.name_keys:
        memo = _keys(analyzer, lang)
        head = passage_keys(article.title, memo)
        bodies = [
            " ".join(
                filter(
                    None,
                    (
                        lead,
                        of_tokens(p.words, lang),
                        head,
                        passage_keys(p.text, memo) if p.ordinal == 0 else "",
                    ),
                )
            )
            for p in chunks
        ]
    elif lead:
        bodies = [" ".join(filter(None, (lead, of_tokens(p.words, lang)))) for p in chunks]
    else:
        bodies = [of_tokens(p.words, lang) for p in chunks]
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
    global _worker_analyzer, _worker_encoding
    number, batch = task
    analyzer = _worker_analyzer
    if analyzer is None:
        analyzer = _worker_analyzer = Analyzer(_worker_settings)
    encoding = _worker_encoding
    if encoding is None:  # made once per build in each process that prepares articles
        encoding = _worker_encoding = load_encoding()
    grams = GramSample() if wants_sample(number) else None
    tail = in_tail(number)
    items = [
        _Prepared(a.lang, prepare_article(a, analyzer, encoding, grams=grams, tail=tail))
        for a in batch
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
def prepared_batches(
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
