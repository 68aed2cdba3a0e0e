"""Fuzz: corpus files of every format, broken in every way, beside one good file.

Each example is a folder holding one good article (in a format of its own) and generated
files in every supported format, plain or gzip-compressed: JSON with wrong types, deep
nesting, NaN, lone surrogate escapes and enormous fields; JSON lines with truncated,
binary and over-long lines; text and Markdown with invalid UTF-8, NULs, odd front matter
(YAML aliases, tags, non-mappings); HTML that is truncated, deeply nested or binary;
gzip that is truncated, not gzip at all, has trailing junk or inflates past the caps;
empty files; and names with control and bidi characters.

Properties: `load_corpus` never raises; the good article is loaded, whole; every article
it yields is well-formed (an id, text, a served language, nothing that is not Unicode);
every generated file that gives no article is named by a problem with a one-line reason
(or was a duplicate or another language), and so is every file a problem names; and a
tenth of the folders are indexed by `build_index` (what `newsdesk index` runs) as well,
which succeeds with the good article in it.

Inputs: 160 folders of 7 generated files each, 1,120 files (about 25 s here).
"""

from __future__ import annotations

import gzip
import json
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.article import LANGS
from corpus.limits import ReadLimits
from corpus.readers import Problem, load_corpus
from retrieval.index import build_index
from tests.conftest import DATA
from tests.fuzz.conftest import FUZZ
from tests.fuzz.hostile import hostile_char, hostile_text, questions

FOLDERS = 160
FILES_PER_FOLDER = 7
INDEX_EVERY = 10
LIMITS = ReadLimits(max_file_bytes=256 * 1024, max_record_bytes=64 * 1024)

GOOD_TITLE = "Harbour council approves the new ferry timetable"
GOOD_TEXT = (
    "The harbour council approved the new ferry timetable on Tuesday after a long debate. "
    "Ferries will run every twenty minutes from March, the council said in a statement."
)
GOOD_PAGE = (DATA / "feeds" / "pages" / "robotics.html").read_bytes()
GOOD_FILES: dict[str, tuple[bytes, str, str]] = {  # name: (content, id, text it must hold)
    "good.jsonl": (
        json.dumps({"id": "good", "title": GOOD_TITLE, "text": GOOD_TEXT, "lang": "en"}).encode()
        + b"\n",
        "good",
        GOOD_TEXT,
    ),
    "good.json": (
        json.dumps({"id": "good", "title": GOOD_TITLE, "text": GOOD_TEXT}).encode(),
        "good",
        GOOD_TEXT,
    ),
    "good.txt": (f"{GOOD_TITLE}\n\n{GOOD_TEXT}\n".encode(), "good", GOOD_TEXT),
    "good.md": (
        f"---\ntitle: {GOOD_TITLE}\nlang: en\n---\n{GOOD_TEXT}\n".encode(),
        "good",
        GOOD_TEXT,
    ),
    "good.html": (GOOD_PAGE, "good", "robotics cup"),
    "good.jsonl.gz": (
        gzip.compress(json.dumps({"id": "good", "title": GOOD_TITLE, "text": GOOD_TEXT}).encode()),
        "good",
        GOOD_TEXT,
    ),
}

# --- generated content --------------------------------------------------------------------

FIELDS = [
    *["id", "_id", "text", "body", "content", "title", "headline", "date", "published"],
    *["published_at", "pubDate", "year", "url", "link", "lang", "language", "source"],
    *["publication", "outlet", "site", "data", "paragraphs", "context"],
]
DATES = st.sampled_from(
    [
        "2025-11-20",
        "2025-13-45",
        "0000-00-00",
        "9999-12-31T25:00:00+99:00",
        "2025-11",
        "31.02.2025",
        "2025/11/20",
        "Tue, 10 Jun 2003 04:00:00 GMT",
        "Tue, 99 Foo 2003",
        "1e308",
        "-5",
        "99999999999999999999",
        "2025-11-20T10:00:00Z",
        "",
        " ",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(),  # NaN and infinities included: Python's json writes and reads them
    hostile_text(max_size=120),
    DATES,
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=16,
)
PLAUSIBLE = {
    "id": st.one_of(hostile_text(max_size=60), st.integers(), st.just("good")),
    "text": st.one_of(hostile_text(max_size=400), st.lists(hostile_text(max_size=80), max_size=4)),
    "title": hostile_text(max_size=120),
    "date": st.one_of(DATES, st.integers(-(2**40), 2**40), st.floats()),
    "url": st.sampled_from(
        [
            "https://example.test/a",
            "http://[bad",
            "javascript:alert(1)",
            "https://x.test/\x00",
            "//no-scheme",
            "https://example.test/" + "a" * 3000,
            "ftp://x",
            "https:// space/",
        ]
    ),
    "lang": st.sampled_from(["en", "uk", "ru", "de", "EN-gb", "ua", "", "x" * 100, "zh-Hans"]),
    "source": hostile_text(max_size=60),
}
WITH_TEXT = {key: value for key, value in PLAUSIBLE.items() if key != "text"}
RECORDS = st.one_of(
    st.fixed_dictionaries({"text": questions(max_size=300)}, optional=WITH_TEXT),
    st.fixed_dictionaries({"text": questions(max_size=300)}, optional=WITH_TEXT),
    st.fixed_dictionaries({}, optional=PLAUSIBLE),
    st.fixed_dictionaries({}, optional=PLAUSIBLE).flatmap(
        lambda record: st.dictionaries(st.sampled_from(FIELDS), JSON_VALUES, max_size=4).map(
            lambda odd: record | odd
        )
    ),
    JSON_VALUES,
)
HUGE = st.tuples(st.text(hostile_char, min_size=1, max_size=4), st.integers(1000, 40_000)).map(
    lambda pair: pair[0] * pair[1]
)


@st.composite
def json_text(draw: st.DrawFn, *, lines: bool) -> bytes:
    """A JSON document (or line), then perhaps broken at the text or byte level."""
    value = draw(RECORDS)
    if draw(st.integers(0, 5)) == 0 and isinstance(value, dict):
        value[draw(st.sampled_from(["text", "title", "id"]))] = draw(HUGE)
    text = json.dumps(value, ensure_ascii=draw(st.booleans()))
    damage = draw(
        st.sampled_from(
            ["none", "none", "none", "surrogate", "truncate", "bytes", "deep", "bom", "crlf"]
        )
    )
    quotes = [at for at, char in enumerate(text) if char == '"']
    if damage == "surrogate" and quotes:
        at = quotes[draw(st.integers(0, len(quotes) - 1))] + 1
        text = (
            text[:at] + draw(st.sampled_from(["\\ud800", "\\udfff", "\\udbff\\u0041"])) + text[at:]
        )
    elif damage == "truncate":
        text = text[: draw(st.integers(0, max(0, len(text) - 1)))]
    elif damage == "deep":
        depth = draw(st.sampled_from([50, 5000, 200_000 if not lines else 50_000]))
        text = "[" * depth + text + "]" * depth
    elif damage == "crlf":
        text = text.replace(",", ",\r\n")
    data = text.encode("utf-8", "surrogatepass")
    if damage == "bytes":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    elif damage == "bom":
        data = b"\xef\xbb\xbf" + data
    return data


@st.composite
def jsonl_file(draw: st.DrawFn) -> bytes:
    lines = draw(
        st.lists(
            st.one_of(
                json_text(lines=True),
                st.binary(max_size=40),
                st.sampled_from([b"", b"   ", b"null", b"[]", b'"text"', b"{}", b"\x00"]),
                HUGE.map(lambda s: json.dumps({"text": s * 3}).encode()),
            ),
            max_size=8,
        )
    )
    ending = draw(st.sampled_from([b"\n", b"\r\n", b"\n\n"]))
    return ending.join(line.replace(b"\n", b" ") for line in lines) + draw(
        st.sampled_from([b"", b"\n"])
    )


YAML_BOMB = (
    'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n'
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
)
FRONT_MATTER = st.one_of(
    st.just(""),
    st.dictionaries(st.sampled_from(FIELDS), JSON_VALUES, max_size=5).map(
        lambda d: json.dumps(d) + "\n"  # JSON is YAML too
    ),
    st.sampled_from(
        [
            "title: [unclosed\n",
            "- a list\n- not a mapping\n",
            "just a string\n",
            "42\n",
            "title: !!python/object/apply:os.system ['echo owned']\n",
            "title: !!binary aGVsbG8=\n",
            "date: 2025-13-45\n",
            "date: 2025-11-20 10:00:00\n",
            "published: 1e400\n",
            'title: "\\ud800"\n',
            "title:\n  nested: {a: [1, 2]}\n",
            "? [complex, key]\n: value\n",
            "\ttitle: tab\n",
            "title: &t x\nheadline: *t\n",
            YAML_BOMB + "title: *f\n",
            YAML_BOMB + "text: *e\nsource: *d\n",
            "title: a\ntitle: b\n",
            "lang: de\n",
        ]
    ),
)


@st.composite
def markdown_file(draw: st.DrawFn) -> bytes:
    front = draw(FRONT_MATTER)
    body = draw(st.one_of(hostile_text(max_size=600), HUGE, st.just("")))
    closing = draw(st.sampled_from(["---\n", "---\n", "", "...\n", "+++\n"]))
    head = f"---\n{front}{closing}" if front or draw(st.booleans()) else ""
    return (head + body).encode("utf-8", "surrogatepass")


@st.composite
def html_file(draw: st.DrawFn) -> bytes:
    text = draw(hostile_text(max_size=600))
    kind = draw(st.sampled_from(["page", "page", "deep", "truncated", "binary", "meta", "empty"]))
    page = (
        f'<html lang="{draw(st.sampled_from(["en", "xx", "uk", "", "e"]))}"><head><title>'
        f"{text[:80]}</title></head><body><article><h1>{text[:40]}</h1>"
        f"<p>{text}</p><p>{text[::-1]}</p></article></body></html>"
    )
    if kind == "deep":
        depth = draw(st.sampled_from([100, 3000, 20_000]))
        page = "<div>" * depth + text + "</div>" * depth
    elif kind == "truncated":
        page = page[: draw(st.integers(0, len(page)))]
    elif kind == "binary":
        return draw(st.binary(max_size=300))
    elif kind == "meta":
        date = draw(DATES)
        page = page.replace(
            "<head>",
            f'<head><meta property="article:published_time" content="{date}">'
            f'<meta name="date" content="{date}"><link rel="canonical" href="{text[:30]}">'
            f'<meta property="og:url" content="javascript:{text[:20]}">',
        )
    elif kind == "empty":
        page = "<html><body></body></html>"
    return page.encode("utf-8", "surrogatepass")


@st.composite
def text_file(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["text", "text", "binary", "latin1", "nul", "huge", "empty"]))
    if kind == "binary":
        return draw(st.binary(max_size=400))
    if kind == "empty":
        return draw(st.sampled_from([b"", b"\n\n", b"   ", b"\xef\xbb\xbf"]))
    text = draw(hostile_text(max_size=800))
    if kind == "latin1":
        return text.encode("latin-1", "replace")
    if kind == "nul":
        return text.replace(" ", "\x00").encode()
    if kind == "huge":
        return draw(HUGE).encode()
    return text.encode()


FORMATS: dict[str, Callable[[], st.SearchStrategy[bytes]]] = {
    "jsonl": jsonl_file,
    "ndjson": jsonl_file,
    "json": lambda: json_text(lines=False),
    "md": markdown_file,
    "txt": text_file,
    "html": html_file,
}


@st.composite
def compressed(draw: st.DrawFn, data: bytes) -> bytes:
    """Gzip `data`, or damage the gzip: truncate it, add junk, make it a bomb, or skip it."""
    how = draw(
        st.sampled_from(["gzip", "gzip", "truncated", "raw", "trailing", "members", "bomb"])
    )
    if how == "raw":
        return data
    if how == "bomb":
        return gzip.compress(data + b"x" * (LIMITS.max_file_bytes * 2), compresslevel=1)
    packed = gzip.compress(data)
    if how == "truncated":
        return packed[: draw(st.integers(0, len(packed) - 1))]
    if how == "trailing":
        return packed + draw(st.binary(min_size=1, max_size=20))
    if how == "members":
        return packed + gzip.compress(data)
    return packed


class Junk:
    # Not a dataclass: Hypothesis prints those field by field, bytes and all.
    def __init__(self, name: str, data: bytes) -> None:
        self.name = name
        self.data = data

    def __repr__(self) -> str:
        return f"Junk({self.name!r}, {self.data[:200]!r}{'…' if len(self.data) > 200 else ''})"


ODD_NAMES = st.sampled_from(["", "", "", "\x1b[2J", "\u202eevil", " space ", "ünï", "x" * 100])


@st.composite
def junk_files(draw: st.DrawFn) -> Junk:
    ext = draw(st.sampled_from(sorted(FORMATS)))
    data = draw(FORMATS[ext]())
    name = f"{draw(ODD_NAMES)}.{ext}"
    if draw(st.integers(0, 3)) == 0:
        data = draw(compressed(data))
        name += ".gz"
    if draw(st.integers(0, 7)) == 0:
        name = name.upper()
    return Junk(name, data)


# --- properties ---------------------------------------------------------------------------


def assert_well_formed(article: object) -> None:
    from corpus.article import Article

    assert isinstance(article, Article)
    assert article.id, article
    assert article.text.strip(), article
    assert article.lang in LANGS, article.lang
    for value in (article.id, article.title, article.text, article.url, article.source):
        if value is not None:
            value.encode("utf-8")  # raises for a lone surrogate


def assert_reported(problems: list[Problem]) -> None:
    for problem in problems:
        assert problem.reason.strip(), problem
        assert "\n" not in problem.reason, problem
        assert "Traceback" not in problem.reason, problem


def test_broken_corpus_files_are_reported_and_the_good_ones_still_load(tmp_path) -> None:
    counts = {"folders": 0, "files": 0, "indexed": 0, "problems": 0}
    started = time.perf_counter()

    @settings(FUZZ, max_examples=FOLDERS)
    @given(
        good=st.sampled_from(sorted(GOOD_FILES)),
        junk=st.lists(junk_files(), min_size=FILES_PER_FOLDER, max_size=FILES_PER_FOLDER),
    )
    def folder(good: str, junk: list[Junk]) -> None:
        root = Path(tempfile.mkdtemp(dir=tmp_path))
        try:
            check_folder(root, good, junk, index=counts["folders"] % INDEX_EVERY == 0)
        finally:
            shutil.rmtree(root)
        counts["folders"] += 1
        counts["files"] += len(junk)

    def check_folder(root: Path, good: str, junk: list[Junk], *, index: bool) -> None:
        content, good_id, must_hold = GOOD_FILES[good]
        (root / "corpus").mkdir()
        (root / "corpus" / good).write_bytes(content)
        paths = []
        for number, item in enumerate(junk):
            path = root / "corpus" / f"junk{number}{item.name}"
            path.write_bytes(item.data)
            paths.append(path)

        articles, report = load_corpus([root / "corpus"], allow_empty=True, limits=LIMITS)
        for article in articles:
            assert_well_formed(article)
        [kept] = [a for a in articles if a.id == good_id]
        assert must_hold in kept.text
        assert_reported(report.problems)
        counts["problems"] += len(report.problems)
        named = {problem.file for problem in report.problems}
        assert named <= {str(path) for path in paths}, named  # the good file has none

        for path in paths:  # a file that gives nothing says why
            alone, own = load_corpus([path], allow_empty=True, limits=LIMITS)
            if not alone:
                assert own.problems or own.skipped_languages or own.duplicates, path
                assert all(problem.file == str(path) for problem in own.problems)

        if index:
            result = build_index(
                [root / "corpus"], data_dir=root / "data", workers=1, limits=LIMITS
            )
            assert result.manifest.article_count == len(articles)
            counts["indexed"] += 1

    folder()
    seconds = time.perf_counter() - started
    print(f"corpus: {counts} in {seconds:.1f} s")
    assert counts["files"] >= 1000
