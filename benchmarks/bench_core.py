"""Speed and memory of the core (build, search, the whole answer path, cold CLI) at scale.

Usage:
    .venv/bin/python -m benchmarks.bench_core [--quick] [--sizes 10000,100000,1000000]
        [--large-build-repeats N]

Corpora are synthetic mixes of real en/uk/ru news sentences (`benchmarks/synth.py`), cached
under `benchmarks/.cache/`. Every build and every serving measurement runs in a fresh
subprocess (this script with `--child ...`), so peak and serving RSS are clean. Figures
are quoted as medians (p50) and as ratios against baselines measured in the same run,
because the machine (2 cores) is shared and noisy:

- build: `build_index(..., workers=2)` wall time, passages/s, and µs per passage as a
  multiple of "read + chunk only, one process" on the 10k corpus;
- serving: open, warm up, then time questions through `Searcher.search_terms` on
  pre-analysed terms: the engine's BM25 ("search") and with the 3-gram re-scoring of the
  best matches ("search + 3-grams"), and through `NewsService.ask` ("ask": analysis +
  search + 3-grams + snippet choice); p50/p99 and RSS after warm-up;
- rank-bm25 (the reference engine) at 10k and 100k only; its 1M figures are extrapolated
  linearly from those two and labelled so;
- cold `newsdesk ask "…"` on the 100k tantivy index, against `python -c pass`.

Writes `benchmarks/results/core-<date>[-quick].json` and `benchmarks/results/core-latest.md`
(the Markdown printed to stdout).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from benchmarks.common import environment, git_state, log, pct, write_atomic
from benchmarks.synth import CACHE, DEFAULT_DATASETS, DatasetsMissing

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
RUNS = CACHE / "run"
SNAPSHOT = CACHE / "code"
PACKAGES = ("bot", "corpus", "retrieval")
TODAY = date(2025, 12, 31)  # fixed "today" for recency and date phrases: runs are comparable
WORKERS = 2
SIZE_LABELS = {10_000: "10k", 100_000: "100k", 1_000_000: "1M"}
BM25_MAX_SIZE = 100_000  # rank-bm25 is measured up to here, extrapolated beyond
CHILD_TIMEOUT_S = 3600

TARGETS = {
    "ask_p50_ms_1m": 5.0,
    "ask_p99_ms_1m": 15.0,
    "search_speedup_100k": 300.0,
    "ask_speedup_100k": 20.0,
    "serving_rss_mb_1m": 300.0,
    "build_s_1m": 120.0,
    "cold_ask_s": 1.5,
}


def label(size: int) -> str:
    """Return the short name of a size (10k, 100k, 1M)."""
    if size in SIZE_LABELS:
        return SIZE_LABELS[size]
    return f"{size / 1e6:g}M" if size >= 1_000_000 else f"{size / 1e3:g}k"


def mb(n_bytes: float) -> float:
    """Return bytes as MB (10^6), rounded."""
    return round(n_bytes / 1e6, 1)


# --- children: each runs in a fresh process and prints one JSON line ------------------------


class RssSampler:
    """Sample the summed RSS of this process and its descendants in a daemon thread."""

    def __init__(self, interval: float = 0.2) -> None:
        import psutil

        self._proc = psutil.Process()
        self._interval = interval
        self._stop = threading.Event()
        self.peak_total = 0
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        import psutil

        while not self._stop.wait(self._interval):
            total = 0
            try:
                procs = [self._proc, *self._proc.children(recursive=True)]
            except psutil.Error:
                continue
            for p in procs:
                with contextlib.suppress(psutil.Error):
                    total += p.memory_info().rss
            self.peak_total = max(self.peak_total, total)


def dir_bytes(path: Path) -> int:
    """Return the total size of the files under `path`."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def child_build(args: argparse.Namespace) -> dict[str, Any]:
    """Build one index version with `workers` processes and report time and memory."""
    import resource

    from retrieval.index import build_index

    data_dir = Path(args.data_dir)
    shutil.rmtree(data_dir, ignore_errors=True)
    with RssSampler() as sampler:
        t0 = time.perf_counter()
        result = build_index(
            [args.corpus], data_dir=data_dir, engine=args.engine, workers=args.workers
        )
        seconds = time.perf_counter() - t0
    passages = result.manifest.passage_count
    return {
        "engine": args.engine,
        "articles": result.manifest.article_count,
        "passages": passages,
        "seconds": seconds,
        "passages_per_s": passages / seconds,
        "us_per_passage": seconds / passages * 1e6,
        "peak_rss_main_mb": mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024),
        "peak_rss_worker_mb": mb(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024),
        "peak_rss_total_mb": mb(sampler.peak_total),
        "index_mb": mb(dir_bytes(result.path / "engine")),
        "version_mb": mb(dir_bytes(result.path)),
    }


def child_baseline(args: argparse.Namespace) -> dict[str, Any]:
    """Time reading the corpus alone, then reading + chunking it, in this one process."""
    from corpus.readers import LoadReport, iter_articles
    from retrieval.budget import load_encoding
    from retrieval.chunking import chunk_article

    encoding = load_encoding()  # loading the BPE table is start-up, not per-passage work
    t0 = time.perf_counter()
    articles = list(iter_articles([args.corpus], LoadReport()))
    read_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    passages = 0
    for article in iter_articles([args.corpus], LoadReport()):
        passages += len(chunk_article(article, encoding=encoding))
    read_chunk_s = time.perf_counter() - t0
    # A fixed pure-Python loop: says how fast this machine runs Python today.
    t0 = time.perf_counter()
    acc = 0
    for i in range(5_000_000):
        acc += i & 7
    loop_ns = (time.perf_counter() - t0) / 5_000_000 * 1e9
    return {
        "articles": len(articles),
        "passages": passages,
        "read_s": read_s,
        "read_chunk_s": read_chunk_s,
        "read_us_per_passage": read_s / passages * 1e6,
        "read_chunk_us_per_passage": read_chunk_s / passages * 1e6,
        "python_loop_ns_per_iter": loop_ns,
    }


def child_serve(args: argparse.Namespace) -> dict[str, Any]:
    """Open an index, warm up, then time search alone and the whole ask path per question."""
    import psutil

    from retrieval.engines import Filters
    from retrieval.errors import RetrievalError
    from retrieval.service import NewsService

    proc = psutil.Process()
    rss_start = proc.memory_info().rss
    questions = [q["text"] for q in json.loads(Path(args.questions_file).read_text("utf-8"))]
    # Warm-up takes the first questions; timed ones start at `start` whatever the warm-up
    # length, so every engine times the same questions in the same order.
    warm_qs = questions[: args.warmup]
    timed_qs = questions[args.start : args.start + args.n]

    t0 = time.perf_counter()
    service = NewsService(Path(args.data_dir))
    searcher = service.searcher
    open_s = time.perf_counter() - t0
    rss_open = proc.memory_info().rss

    Prepared = tuple[str, dict[str, int], list[str], Filters]

    def prepared(texts: list[str]) -> list[Prepared | None]:
        out: list[Prepared | None] = []
        for text in texts:
            try:
                q = searcher.analyse(text, today=TODAY)
            except RetrievalError:
                out.append(None)
                continue
            r = q.date_range
            filters = Filters(date_from=r.start, date_to=r.end) if r else Filters()
            out.append((text, q.terms, q.grams, filters))
        return out

    def run(items: list[Prepared | None]) -> dict[str, Any]:
        search_ms: list[float] = []
        grams_ms: list[float] = []
        ask_ms: list[float] = []
        parts: dict[str, list[float]] = {"analysis": [], "search": [], "answer": []}
        found = 0
        timer = time.perf_counter_ns
        for item in items:
            if item is None:
                continue
            _, terms, grams, filters = item
            t = timer()
            searcher.search_terms(terms, k=8, filters=filters, today=TODAY)
            search_ms.append((timer() - t) / 1e6)
            t = timer()
            searcher.search_terms(terms, grams=grams, k=8, filters=filters, today=TODAY)
            grams_ms.append((timer() - t) / 1e6)
        for item in items:
            if item is None:
                continue
            t = timer()
            answer = service.ask(item[0], today=TODAY)
            ask_ms.append((timer() - t) / 1e6)
            found += answer.found
            for key, values in parts.items():
                values.append(answer.timings_ms.get(key, 0.0))
        return {
            "search_ms": search_ms,
            "grams_ms": grams_ms,
            "ask_ms": ask_ms,
            "parts": parts,
            "found": found,
        }

    run(prepared(warm_qs))
    rss_warm = proc.memory_info().rss
    timed = run(prepared(timed_qs))
    rss_end = proc.memory_info().rss
    n = len(timed["ask_ms"])
    import retrieval

    return {
        "code": str(Path(retrieval.__file__).parent.parent),
        "engine": searcher.index.engine.name,
        "passages": searcher.index.engine.num_docs,
        "warmup": len(warm_qs),
        "questions": n,
        "skipped_questions": len(timed_qs) - n,
        "open_s": open_s,
        "rss_start_mb": mb(rss_start),
        "rss_open_mb": mb(rss_open),
        "rss_warm_mb": mb(rss_warm),
        "rss_end_mb": mb(rss_end),
        "search_ms": timed["search_ms"],
        "grams_ms": timed["grams_ms"],
        "ask_ms": timed["ask_ms"],
        "ask_parts_p50_ms": {k: statistics.median(v) for k, v in timed["parts"].items() if v},
        "found_share": timed["found"] / n if n else 0.0,
    }


CHILDREN = {"build": child_build, "baseline": child_baseline, "serve": child_serve}


# --- the orchestrator --------------------------------------------------------------------


def clean_env(**extra: str) -> dict[str, str]:
    """Return this environment without the program's settings, importing the code snapshot."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("NEWSDESK_", "LLM_", "TELEGRAM_", "OPENAI_"))
    }
    env["PYTHONHASHSEED"] = "0"
    if SNAPSHOT.is_dir():
        env["PYTHONPATH"] = str(SNAPSHOT)  # ahead of the editable install's checkout
    env.update(extra)
    return env


def snapshot_code() -> dict[str, Any]:
    """Copy the packages as they are now; every child of this run imports this copy."""
    shutil.rmtree(SNAPSHOT, ignore_errors=True)
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, SNAPSHOT / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    return git_state()


class ChildFailed(RuntimeError):
    """A measurement subprocess failed; the run goes on without that figure."""


def run_child(kind: str, **options: Any) -> dict[str, Any]:
    """Run this script as a child of `kind` in a fresh process and return its JSON result.

    Children import the code snapshot taken when the run started (`snapshot_code`, first on
    PYTHONPATH), so an edit made to the work tree during a run cannot mix two versions of
    the code in one report; `-P` keeps the working directory, perhaps the checkout, off
    sys.path. `benchmarks` itself, not in the snapshot, comes from the editable install.
    """
    cmd = [sys.executable, "-P", "-m", "benchmarks.bench_core", "--child", kind]
    for key, value in options.items():
        cmd += [f"--{key.replace('_', '-')}", str(value)]
    try:
        proc = subprocess.run(
            cmd,
            capture_output=True,
            text=True,
            env=clean_env(),
            timeout=CHILD_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        msg = f"child {kind} timed out after {CHILD_TIMEOUT_S} s"
        raise ChildFailed(msg) from exc
    if proc.returncode != 0:
        msg = f"child {kind} failed ({proc.returncode}): {proc.stderr.strip()[-3000:]}"
        raise ChildFailed(msg)
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def summarise_serve(raw: dict[str, Any]) -> dict[str, Any]:
    """Replace per-question timings with p50/p99 (keeping the raw lists aside)."""
    out = {k: v for k, v in raw.items() if k not in ("search_ms", "grams_ms", "ask_ms")}
    for key in ("search", "grams", "ask"):
        values = raw[f"{key}_ms"]
        out[f"{key}_p50_ms"] = pct(values, 50)
        out[f"{key}_p99_ms"] = pct(values, 99)
    return out


def newsdesk_command() -> list[str]:
    """Return how to start the `newsdesk` command line of this virtualenv."""
    script = Path(sys.executable).parent / "newsdesk"
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot"]


def cold_ask(data_dir: Path, questions: dict[str, str], runs: int) -> dict[str, Any]:
    """Time `newsdesk ask` (one question per language) and `python -c pass`, interleaved.

    A Ukrainian question loads the pymorphy3 dictionaries, an English one only Snowball,
    so each language is timed apart; the target is judged on the slowest language.
    """
    base_cmd = [sys.executable, "-c", "pass"]
    env = clean_env(NEWSDESK_DATA_DIR=str(data_dir))
    work = CACHE / "cold-cwd"  # an empty folder, so no .env is picked up
    work.mkdir(parents=True, exist_ok=True)

    def once(cmd: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
        t0 = time.perf_counter()
        done = subprocess.run(
            cmd, capture_output=True, text=True, env=env, cwd=work, timeout=120, check=False
        )
        return time.perf_counter() - t0, done

    commands = {lang: [*newsdesk_command(), "ask", q] for lang, q in questions.items()}
    heads: dict[str, str] = {}
    for lang, cmd in commands.items():  # fills the page cache; not counted
        _, first = once(cmd)
        if first.returncode != 0 or not first.stdout.strip():
            msg = f"newsdesk ask failed ({first.returncode}): {first.stderr[-2000:]}"
            raise ChildFailed(msg)
        heads[lang] = first.stdout.strip().splitlines()[0][:120]
    once(base_cmd)
    ask_s: dict[str, list[float]] = {lang: [] for lang in commands}
    base_s: list[float] = []
    for _ in range(runs):
        base_s.append(once(base_cmd)[0])
        for lang, cmd in commands.items():
            ask_s[lang].append(once(cmd)[0])
    base_med = statistics.median(base_s)
    medians = {lang: statistics.median(v) for lang, v in ask_s.items()}
    worst = max(medians, key=lambda lang: medians[lang])
    return {
        "questions": questions,
        "runs": runs,
        "ask_s": ask_s,
        "python_pass_s": base_s,
        "ask_median_s_by_lang": medians,
        "ask_median_s": medians[worst],
        "slowest_lang": worst,
        "python_pass_median_s": base_med,
        "ratio": medians[worst] / base_med,
        "answer_heads": heads,
    }


def extrapolate(x1: float, y1: float, x2: float, y2: float, x: float) -> float:
    """Return y at x on the straight line through two points."""
    return y1 + (y2 - y1) * (x - x1) / (x2 - x1)


def measure(args: argparse.Namespace, sizes: list[int]) -> dict[str, Any]:
    """Run every phase and return the raw results."""
    from benchmarks.synth import ensure_corpus, load_pools, make_questions

    started = time.perf_counter()
    code = snapshot_code()
    pools = load_pools(args.datasets)
    n_q = args.warmup + args.questions
    questions = make_questions(pools, n_q, seed=args.seed)
    q_file = CACHE / f"questions-s{args.seed}-n{n_q}.json"
    q_file.parent.mkdir(parents=True, exist_ok=True)
    q_file.write_text(json.dumps(questions, ensure_ascii=False, indent=0), "utf-8")

    corpora: dict[int, dict[str, Any]] = {}
    for size in sorted({10_000, *sizes}):
        path, meta = ensure_corpus(size, seed=args.seed, datasets=args.datasets, pools=pools)
        corpora[size] = {"path": str(path), **meta}

    failures: list[dict[str, str]] = []

    def attempt(what: str, fn: Any, *a: Any, **kw: Any) -> Any:
        try:
            return fn(*a, **kw)
        except ChildFailed as exc:
            log(f"FAILED {what}: {exc}")
            failures.append({"what": what, "error": str(exc)})
            return None

    log("baseline: read + chunk of the 10k corpus in one process")
    baseline = attempt("baseline", run_child, "baseline", corpus=corpora[10_000]["path"])

    builds: dict[str, dict[str, Any]] = {}
    serving: dict[str, dict[str, Any]] = {}
    per_question: dict[str, dict[str, list[float]]] = {}
    cold: dict[str, Any] | None = None
    cold_size = 100_000 if 100_000 in sizes else min(sizes)
    for size in sorted(sizes):
        engines = ["tantivy"] + (["rank-bm25"] if size <= BM25_MAX_SIZE else [])
        for engine in engines:
            key = f"{engine}@{label(size)}"
            data_dir = RUNS / f"{engine}-{size}"
            if size <= 10_000:
                repeats = args.build_repeats
            else:  # rank-bm25 above 10k takes minutes: once is enough
                repeats = args.large_build_repeats if engine == "tantivy" else 1
            runs = []
            for r in range(repeats):
                log(f"build {key} ({r + 1}/{repeats})")
                built = attempt(
                    f"build {key}",
                    run_child,
                    "build",
                    engine=engine,
                    corpus=corpora[size]["path"],
                    data_dir=data_dir,
                    workers=WORKERS,
                )
                if built is not None:
                    runs.append(built)
            if not runs:
                continue
            runs.sort(key=lambda b: b["seconds"])
            build = dict(runs[len(runs) // 2])  # the median run
            build["runs"] = repeats
            build["seconds_all"] = [b["seconds"] for b in runs]
            builds[key] = build
            log(f"  {build['passages']:,} passages in {build['seconds']:.1f} s")

            slow = engine == "rank-bm25" and size > 10_000
            n = args.bm25_questions if slow else args.questions
            warmup = min(args.warmup, 10) if slow else args.warmup
            log(f"serve {key}: warm-up {warmup}, {n} questions")
            raw = attempt(
                f"serve {key}",
                run_child,
                "serve",
                data_dir=data_dir,
                questions_file=q_file,
                warmup=warmup,
                start=args.warmup,
                n=n,
            )
            if raw is None:
                continue
            per_question[key] = {
                "search_ms": raw["search_ms"],
                "grams_ms": raw["grams_ms"],
                "ask_ms": raw["ask_ms"],
            }
            serving[key] = summarise_serve(raw)
            s = serving[key]
            log(
                f"  search p50 {s['search_p50_ms']:.2f} ms, ask p50 {s['ask_p50_ms']:.2f} ms, "
                f"RSS {s['rss_warm_mb']:.0f} MB"
            )
            if engine == "tantivy" and size == cold_size:
                log(f"cold newsdesk ask on {key} ({args.cold_runs} runs)")
                first: dict[str, str] = {}
                for q in questions:
                    first.setdefault(q["lang"], q["text"])
                cold = attempt("cold newsdesk ask", cold_ask, data_dir, first, args.cold_runs)
                if cold is not None:
                    cold["index"] = key
            if not args.keep_indexes:
                shutil.rmtree(data_dir, ignore_errors=True)

    return {
        "corpora": corpora,
        "baseline": baseline,
        "builds": builds,
        "serving": serving,
        "per_question": per_question,
        "cold_ask": cold,
        "failures": failures,
        "code": code,
        "questions_file": str(q_file),
        "run_seconds": time.perf_counter() - started,
    }


def derive(res: dict[str, Any], args: argparse.Namespace, sizes: list[int]) -> dict[str, Any]:
    """Compute ratios, rank-bm25 extrapolations and the target verdicts."""
    builds, serving, pq = res["builds"], res["serving"], res["per_question"]
    base = res["baseline"]
    ratios: dict[str, Any] = {}
    for b in builds.values():
        b["x_read_chunk"] = (
            b["us_per_passage"] / base["read_chunk_us_per_passage"] if base else None
        )

    # Speed-ups at 100k: rank-bm25 timed only the first questions of tantivy's list (same
    # start, same analysis, so the same ones are skipped): compare p50s on that prefix.
    t_key, r_key = "tantivy@100k", "rank-bm25@100k"
    if t_key in pq and r_key in pq:
        for kind in ("search", "grams", "ask"):
            r_times = pq[r_key][f"{kind}_ms"]
            t_times = pq[t_key][f"{kind}_ms"][: len(r_times)]
            ratios[f"{kind}_speedup_100k"] = {
                "ratio": pct(r_times, 50) / pct(t_times, 50),
                "rank_bm25_p50_ms": pct(r_times, 50),
                "tantivy_p50_ms_same_questions": pct(t_times, 50),
                "questions": len(r_times),
            }

    extrapolated: dict[str, Any] = {}
    lo, hi = "rank-bm25@10k", "rank-bm25@100k"
    if all(k in d for k in (lo, hi) for d in (builds, serving)) and 1_000_000 in sizes:
        x1, x2 = builds[lo]["passages"], builds[hi]["passages"]
        x = builds.get("tantivy@1M", {}).get("passages", 1_000_000)
        ext: dict[str, Any] = {"passages": x, "label": "extrapolated"}
        ext["build_s"] = extrapolate(x1, builds[lo]["seconds"], x2, builds[hi]["seconds"], x)
        for field in ("search_p50_ms", "search_p99_ms", "ask_p50_ms", "ask_p99_ms", "rss_warm_mb"):
            ext[field] = extrapolate(x1, serving[lo][field], x2, serving[hi][field], x)
        extrapolated["rank-bm25@1M"] = ext

    def verdict(value: float | None, target: float, *, at_most: bool) -> dict[str, Any]:
        if value is None:
            return {"value": None, "target": target, "result": "n/a"}
        ok = value <= target if at_most else value >= target
        return {"value": value, "target": target, "result": "PASS" if ok else "FAIL"}

    t1m_s = serving.get("tantivy@1M")
    t1m_b = builds.get("tantivy@1M")
    cold = res["cold_ask"]
    targets = {
        "ask_p50_ms_1m": verdict(t1m_s and t1m_s["ask_p50_ms"], 5.0, at_most=True),
        "ask_p99_ms_1m": verdict(t1m_s and t1m_s["ask_p99_ms"], 15.0, at_most=True),
        "search_speedup_100k": verdict(
            ratios.get("search_speedup_100k", {}).get("ratio"), 300.0, at_most=False
        ),
        "ask_speedup_100k": verdict(
            ratios.get("ask_speedup_100k", {}).get("ratio"), 20.0, at_most=False
        ),
        "serving_rss_mb_1m": verdict(t1m_s and t1m_s["rss_warm_mb"], 300.0, at_most=True),
        "build_s_1m": verdict(t1m_b and t1m_b["seconds"], 120.0, at_most=True),
        "cold_ask_s": verdict(cold and cold["ask_median_s"], 1.5, at_most=True),
    }
    return {"ratios": ratios, "extrapolated": extrapolated, "targets": targets}


def core_environment(code: dict[str, Any]) -> dict[str, Any]:
    """Return what the figures depend on: versions, and the code's git state at the start."""
    packages = ("tantivy", "rank-bm25", "tiktoken", "pymorphy3", "PyStemmer", "numpy")
    return environment(packages, code)


def fmt(value: float | None, digits: int = 2) -> str:
    """Format a number for the table (— for missing)."""
    if value is None:
        return "—"
    return f"{value:,.{digits}f}"


def render(report: dict[str, Any]) -> str:
    """Return the Markdown report."""
    res, der, env = report["results"], report["derived"], report["environment"]
    b0 = res["baseline"] or {}
    nan = float("nan")
    lines = [
        *(
            ["**INCOMPLETE: some measurements failed (see Failures).**", ""]
            if res["failures"]
            else []
        ),
        f"# Core benchmark — {report['started_at']}{' (quick)' if report['quick'] else ''}",
        "",
        f"Machine: {env['cpus']} CPUs, Python {env['python']}, tantivy "
        f"{env['packages']['tantivy']}; commit {env['git']['commit']}"
        f"{' + uncommitted changes' if env['git']['modified'] else ''}. "
        f"Load average at start {report['load_start']}, at end {report['load_end']}. "
        f"Run took {report['run_seconds'] / 60:.1f} min.",
        "",
        "Baselines measured in this run: read + chunk (one process, 10k corpus) "
        f"{b0.get('read_chunk_us_per_passage', nan):.0f} µs/passage (read alone "
        f"{b0.get('read_us_per_passage', nan):.0f}); a pure-Python loop "
        f"{b0.get('python_loop_ns_per_iter', nan):.1f}"
        f" ns/iteration; `python -c pass` "
        + (
            f"{res['cold_ask']['python_pass_median_s'] * 1000:.0f} ms."
            if res["cold_ask"]
            else "—."
        ),
        "",
        "## Build (`build_index(..., workers=2)`, fresh process each)",
        "",
        "| engine | size | passages | articles | wall s | passages/s | µs/passage "
        "| × read+chunk | peak RSS main / worker / sum MB | index MB |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for key, b in res["builds"].items():
        engine, size = key.split("@")
        every = ", ".join(f"{x:.1f}" for x in b.get("seconds_all", []))
        runs = f" (median of {b['runs']}: {every})" if b["runs"] > 1 else ""
        lines.append(
            f"| {engine} | {size} | {b['passages']:,} | {b['articles']:,} | "
            f"{b['seconds']:.1f}{runs} | {b['passages_per_s']:,.0f} | {b['us_per_passage']:.0f} | "
            f"{b['x_read_chunk'] or nan:.1f}× | {b['peak_rss_main_mb']:.0f} / "
            f"{b['peak_rss_worker_mb']:.0f} / {b['peak_rss_total_mb']:.0f} | {b['index_mb']:.0f} |"
        )
    for key, e in der["extrapolated"].items():
        engine, size = key.split("@")
        lines.append(
            f"| {engine} | {size} | {e['passages']:,} | — | {e['build_s']:.1f} "
            f"(**extrapolated**) | {e['passages'] / e['build_s']:,.0f} | — | — | — | — |"
        )
    lines += [
        "",
        "## Serving (fresh process each; warm-up, then timed questions)",
        "",
        "search = `Searcher.search_terms` on pre-analysed terms (k=8), the engine's BM25; "
        "+ 3-grams = the same with the best matches re-scored by 3-grams; ask = "
        "`NewsService.ask` (analysis + search + 3-grams + snippet choice). RSS after warm-up.",
        "",
        "| engine | size | questions | open ms | RSS MB | search p50 / p99 ms "
        "| search + 3-grams p50 / p99 ms "
        "| ask p50 / p99 ms | ask parts p50 ms (analysis / search / answer) | answered |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for key, s in res["serving"].items():
        engine, size = key.split("@")
        parts = s["ask_parts_p50_ms"]
        lines.append(
            f"| {engine} | {size} | {s['questions']} (+{s['warmup']} warm-up) | "
            f"{s['open_s'] * 1000:.1f} | {s['rss_warm_mb']:.0f} | "
            f"{s['search_p50_ms']:.2f} / {s['search_p99_ms']:.2f} | "
            f"{s.get('grams_p50_ms', nan):.2f} / {s.get('grams_p99_ms', nan):.2f} | "
            f"{s['ask_p50_ms']:.2f} / {s['ask_p99_ms']:.2f} | "
            f"{parts.get('analysis', 0):.2f} / {parts.get('search', 0):.2f} / "
            f"{parts.get('answer', 0):.2f} | {s['found_share']:.0%} |"
        )
    for key, e in der["extrapolated"].items():
        engine, size = key.split("@")
        lines.append(
            f"| {engine} | {size} | **extrapolated** | — | {e['rss_warm_mb']:.0f} | "
            f"{e['search_p50_ms']:.0f} / {e['search_p99_ms']:.0f} | — | "
            f"{e['ask_p50_ms']:.0f} / {e['ask_p99_ms']:.0f} | — | — |"
        )
    lines += ["", "## Ratios (same run)", ""]
    labels = {"search": "search", "grams": "search + 3-grams", "ask": "ask"}
    for kind in ("search", "grams", "ask"):
        r = der["ratios"].get(f"{kind}_speedup_100k")
        if r:
            lines.append(
                f"- {labels[kind]} at 100k, tantivy over rank-bm25 (p50 on the same "
                f"{r['questions']} questions): **{r['ratio']:,.0f}×** "
                f"({r['rank_bm25_p50_ms']:.1f} ms vs {r['tantivy_p50_ms_same_questions']:.3f} ms)"
            )
    for key, b in res["builds"].items():
        lines.append(
            f"- build {key}: {b['us_per_passage']:.0f} µs/passage = "
            f"{b['x_read_chunk'] or nan:.1f}× read + chunk in one process"
        )
    cold = res["cold_ask"]
    if cold:
        by_lang = ", ".join(
            f"{lang} {sec:.2f} s" for lang, sec in cold["ask_median_s_by_lang"].items()
        )
        lines.append(
            f"- cold `newsdesk ask` on {cold['index']} (median of {cold['runs']} per question "
            f"language: {by_lang}): slowest {cold['ask_median_s']:.2f} s = "
            f"{cold['ratio']:.1f}× `python -c pass` ({cold['python_pass_median_s'] * 1000:.0f} ms)"
        )
    lines += ["", "## Targets", "", "| target | value | result |", "|---|---:|---|"]
    names = {
        "ask_p50_ms_1m": ("whole ask p50 at 1M ≤ 5 ms", "ms"),
        "ask_p99_ms_1m": ("whole ask p99 at 1M ≤ 15 ms", "ms"),
        "search_speedup_100k": ("search alone ≥ 300× rank-bm25 at 100k", "×"),
        "ask_speedup_100k": ("whole ask ≥ 20× rank-bm25 at 100k", "×"),
        "serving_rss_mb_1m": ("serving RSS at 1M ≤ 300 MB", "MB"),
        "build_s_1m": ("1M passages indexed ≤ 120 s (2 workers)", "s"),
        "cold_ask_s": ("cold `newsdesk ask` ≤ 1.5 s (slowest language)", "s"),
    }
    for key, (name, unit) in names.items():
        t = der["targets"][key]
        value = "not run" if t["value"] is None else f"{t['value']:,.2f} {unit}"
        lines.append(f"| {name} | {value} | {t['result']} |")
    if res["failures"]:
        lines += ["", "## Failures", ""]
        for failure in res["failures"]:
            first = failure["error"].strip().splitlines()[-1][:300]
            lines.append(f"- {failure['what']}: {first}")
    return "\n".join(lines) + "\n"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line (including the hidden child options)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only 10k and 100k")
    parser.add_argument(
        "--sizes",
        default="10000,100000,1000000",
        help="comma-separated passage counts (default 10000,100000,1000000)",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS)
    parser.add_argument("--questions", type=int, default=500, help="timed questions")
    parser.add_argument("--warmup", type=int, default=50, help="warm-up questions")
    parser.add_argument(
        "--bm25-questions", type=int, default=100, help="timed questions for rank-bm25 above 10k"
    )
    parser.add_argument("--build-repeats", type=int, default=3, help="builds at 10k (median)")
    parser.add_argument(
        "--large-build-repeats",
        type=int,
        default=1,
        help="tantivy builds above 10k (median); 3 makes the 1M figure a median too",
    )
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--keep-indexes", action="store_true", help="keep built indexes")
    parser.add_argument("--no-write", action="store_true", help="print only, write no results")
    # Hidden: how the orchestrator runs its children.
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=WORKERS, help=argparse.SUPPRESS)
    parser.add_argument("--questions-file", help=argparse.SUPPRESS)
    parser.add_argument("--start", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main() -> None:
    """Run the benchmark (or one child measurement) and report."""
    args = parse_args()
    if args.child:
        print(json.dumps(CHILDREN[args.child](args)))
        return
    sizes = [10_000, 100_000] if args.quick else [int(s) for s in args.sizes.split(",") if s]
    if not sizes or min(sizes) < 1000:
        sys.exit("bench_core: --sizes needs passage counts of at least 1000")
    if not args.datasets.is_dir():
        sys.exit(
            f"bench_core: shared data sets not found at {args.datasets} "
            "(pass --datasets DIR; see /work/shared/datasets/README.md)"
        )
    started_at = datetime.now(UTC)
    load_start = [round(x, 2) for x in os.getloadavg()]
    try:
        results = measure(args, sizes)
    except DatasetsMissing as exc:
        sys.exit(f"bench_core: {exc}")
    derived = derive(results, args, sizes)
    report = {
        "started_at": started_at.isoformat(timespec="seconds"),
        "quick": args.quick,
        "sizes": sizes,
        "settings": {
            "seed": args.seed,
            "questions": args.questions,
            "warmup": args.warmup,
            "bm25_questions": args.bm25_questions,
            "workers": WORKERS,
            "today": TODAY.isoformat(),
        },
        "load_start": load_start,
        "load_end": [round(x, 2) for x in os.getloadavg()],
        "run_seconds": results["run_seconds"],
        "environment": core_environment(results["code"]),
        "results": {k: v for k, v in results.items() if k != "per_question"},
        "derived": derived,
    }
    text = render(report)
    print(text)
    if not args.no_write:
        stamp = started_at.strftime("%Y-%m-%d")
        name = f"core-{stamp}{'-quick' if args.quick else ''}.json"
        write_atomic(RESULTS / name, json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        write_atomic(RESULTS / "core-latest.md", text)
        log(f"wrote {RESULTS / name} and {RESULTS / 'core-latest.md'}")
    if results["failures"]:
        sys.exit(f"bench_core: {len(results['failures'])} measurement(s) failed; see the report")


if __name__ == "__main__":
    main()
