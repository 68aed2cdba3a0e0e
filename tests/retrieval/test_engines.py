"""The default engine (tantivy) agrees with the reference BM25Okapi (rank-bm25).

Tolerance: both use k1=1.2, b=0.75, but tantivy quantises document lengths to one byte
and uses Lucene's idf, log(1 + (N - n + 0.5) / (n + 0.5)), where rank-bm25 uses
log((N - n + 0.5) / (n + 0.5)). On terms rarer than half the corpus the two rankings
must share at least 9 of the top 10 on average, and the same top hit in 90% of queries.
"""

import random
import shutil
import time
from datetime import date
from pathlib import Path

import pytest

from retrieval.engines import Filters, IndexDoc, PassageRecord, QueryTerms, factory

VOCAB = [f"w{i}" for i in range(400)]


def _docs(n: int, seed: int = 3) -> list[IndexDoc]:
    rng = random.Random(seed)
    weights = [1 / (i + 1) ** 0.8 for i in range(len(VOCAB))]
    docs = []
    for i in range(n):
        length = rng.randint(20, 160)
        body = rng.choices(VOCAB, weights=weights, k=length)
        record = PassageRecord(
            article_id=f"a{i}",
            ordinal=0,
            text=" ".join(body),
            title=f"title {i}",
            url=None,
            published=date(2025, 1, 1 + i % 28),
            precision="day",
            lang=("en", "uk", "ru")[i % 3],
            source=None,
        )
        docs.append(IndexDoc.of(record, body, []))
    return docs


def _build(name: str, path: Path, docs: list[IndexDoc]):
    f = factory(name)
    path.mkdir()
    writer = f.writer(path, threads=1)
    for d in docs:
        writer.add(d)
    writer.commit()
    return f.open(path)


@pytest.fixture(scope="module")
def engines(tmp_path_factory):
    docs = _docs(600)
    root = tmp_path_factory.mktemp("engines")
    return _build("tantivy", root / "t", docs), _build("rank-bm25", root / "r", docs)


def test_tantivy_and_rank_bm25_rank_rare_terms_alike(engines):
    tantivy_engine, reference = engines
    rng = random.Random(11)
    overlaps, same_top = [], 0
    queries = 0
    while queries < 60:
        terms = rng.sample(VOCAB[40:], rng.randint(2, 4))
        if any(reference.doc_freq(t) * 2 >= reference.num_docs for t in terms):
            continue
        q = QueryTerms(body={t: 1 for t in terms}, title={}, title_boost=0.0)
        a = [r.article_id for _, r in tantivy_engine.search(q, limit=10, filters=Filters())]
        b = [r.article_id for _, r in reference.search(q, limit=10, filters=Filters())]
        if len(b) < 10:
            continue
        queries += 1
        overlaps.append(len(set(a) & set(b)) / 10)
        same_top += a[0] == b[0]
    assert sum(overlaps) / len(overlaps) >= 0.9
    assert same_top / queries >= 0.9


def test_both_engines_count_document_frequencies_identically(engines):
    tantivy_engine, reference = engines
    assert tantivy_engine.num_docs == reference.num_docs == 600
    for term in ("w0", "w5", "w77", "w399", "absent"):
        assert tantivy_engine.doc_freq(term) == reference.doc_freq(term)


@pytest.mark.parametrize("which", [0, 1])
def test_language_and_date_filters_restrict_matches(engines, which):
    engine = engines[which]
    q = QueryTerms(body={"w1": 1, "w2": 1}, title={}, title_boost=0.0)
    filters = Filters(
        langs=frozenset({"uk"}), date_from=date(2025, 1, 5), date_to=date(2025, 1, 9)
    )
    hits = engine.search(q, limit=50, filters=filters)
    wanted = [
        PassageRecord.from_json(d.payload).article_id
        for d in _docs(600)
        if d.lang == "uk"
        and d.published is not None
        and date(2025, 1, 5) <= d.published <= date(2025, 1, 9)
        and {"w1", "w2"} & set(d.body.split())
    ]
    assert 0 < len(wanted) < 50  # some, and all of them fit in the limit
    assert sorted(record.article_id for _, record in hits) == sorted(wanted)


@pytest.mark.parametrize("which", [0, 1])
def test_a_filter_alone_never_matches_documents_without_query_terms(engines, which):
    engine = engines[which]
    q = QueryTerms(body={"absent": 1}, title={}, title_boost=0.0)
    assert engine.search(q, limit=10, filters=Filters(langs=frozenset({"en"}))) == []


def test_stored_records_come_back_whole(engines):
    tantivy_engine, _ = engines
    q = QueryTerms(body={"w3": 1}, title={}, title_boost=0.0)
    _, record = tantivy_engine.search(q, limit=1, filters=Filters())[0]
    assert record.text.split().count("w3") >= 1
    assert record.title.startswith("title ")
    assert record.published is not None


def test_passage_payloads_equal_the_records_json():
    from retrieval.engines.base import passage_payloads

    texts = ["First passage.", 'Quotes " and \\ backslash\nnewline', "Київ «лапки» 👍", ""]
    for url, published, source in (
        (None, None, None),
        ("https://example.com/a?b=1&c=\u00e9", date(2025, 3, 9), "example.com"),
    ):
        records = [
            PassageRecord('id "1"', i, text, "Title «x»", url, published, "month", "uk", source)
            for i, text in enumerate(texts)
        ]
        payloads = passage_payloads(
            'id "1"',
            list(enumerate(texts)),
            title="Title «x»",
            url=url,
            published=published,
            precision="month",
            lang="uk",
            source=source,
        )
        assert payloads == [r.to_json() for r in records]
        assert [PassageRecord.from_json(p) for p in payloads] == records


@pytest.mark.parametrize("name", ["tantivy", "rank-bm25"])
def test_dates_outside_1677_to_2262_are_indexed_and_filtered(tmp_path, name):
    # tantivy holds dates from 1677-09-21 to 2262-04-11 only; it refused a whole build,
    # or a feed's whole batch, for one article dated outside them, and a --from 0001-01-01.
    days = [date(1492, 10, 12), date(1677, 9, 21), date(2025, 1, 1)]
    days += [date(2262, 4, 12), date(2300, 1, 1), date(9999, 12, 31)]
    records = [
        PassageRecord(f"a{i}", 0, "w1 w2", "t", None, day, "day", "en", None)
        for i, day in enumerate(days)
    ]
    engine = _build(name, tmp_path / name, [IndexDoc.of(r, ["w1", "w2"], []) for r in records])
    q = QueryTerms(body={"w1": 1}, title={}, title_boost=0.0)

    def found(date_from: date | None = None, date_to: date | None = None) -> list[date]:
        hits = engine.search(q, limit=10, filters=Filters(date_from=date_from, date_to=date_to))
        return sorted(record.published for _, record in hits)

    assert found() == days
    assert found(date_from=date(1, 1, 1), date_to=date(9999, 12, 31)) == days
    assert found(date_from=date(2000, 1, 1), date_to=date(2100, 1, 1)) == [date(2025, 1, 1)]
    assert date(2025, 1, 1) not in found(date_from=date(2300, 1, 1))
    assert date(9999, 12, 31) in found(date_from=date(2300, 1, 1))
    assert date(1492, 10, 12) in found(date_to=date(1500, 1, 1))


@pytest.mark.parametrize("name", ["tantivy", "rank-bm25"])
def test_an_aborted_build_writes_nothing_more_into_its_folder(tmp_path, name):
    # A failed build removes its folder; the engine's writer threads must be done by then,
    # or they leave files behind (seen on a full disk).
    path = tmp_path / "engine"
    path.mkdir()
    writer = factory(name).writer(path, threads=2)
    for doc in _docs(3000):
        writer.add(doc)
    writer.abort()
    shutil.rmtree(path)
    time.sleep(0.5)
    assert not path.exists()


@pytest.mark.parametrize("name", ["tantivy", "rank-bm25"])
def test_an_articles_passages_come_back_in_order_and_no_others(tmp_path, name):
    docs = []
    for article, count in (("long-read", 5), ("brief", 1), ("other", 3)):
        for ordinal in reversed(range(count)):  # stored out of order
            record = PassageRecord(
                article_id=article,
                ordinal=ordinal,
                text=f"{article} part {ordinal}",
                title=article,
                url=None,
                published=None,
                precision="day",
                lang="en",
                source=None,
            )
            docs.append(IndexDoc.of(record, [article, "part"], []))
    engine = _build(name, tmp_path / "e", docs)
    got = engine.passages_of("long-read", limit=10)
    assert [(r.article_id, r.ordinal) for r in got] == [("long-read", i) for i in range(5)]
    assert [r.ordinal for r in engine.passages_of("long-read", limit=2)] == [0, 1]
    assert [r.text for r in engine.passages_of("brief", limit=10)] == ["brief part 0"]
    assert engine.passages_of("missing", limit=10) == []


def test_a_version_built_before_the_key_was_indexed_still_finds_an_articles_passages(tmp_path):
    # The schema of earlier builds: the article key a fast field only.
    import tantivy

    from retrieval.engines import tantivy_engine

    sb = tantivy.SchemaBuilder()
    sb.add_text_field("body", tokenizer_name="whitespace", index_option="freq")
    sb.add_text_field("title", tokenizer_name="whitespace", index_option="freq")
    sb.add_text_field("lang", tokenizer_name="raw", index_option="basic")
    sb.add_date_field("published", indexed=True, fast=True)
    sb.add_integer_field("akey", fast=True)
    sb.add_integer_field("day", fast=True)
    sb.add_bytes_field("payload", stored=True)
    path = tmp_path / "old"
    path.mkdir()
    index = tantivy.Index(sb.build(), str(path))
    writer = index.writer(15_000_000, 1)
    for article, count in (("old-a", 3), ("old-b", 2)):
        for ordinal in range(count):
            record = PassageRecord(
                article, ordinal, f"{article} {ordinal}", article, None, None, "day", "en", None
            )
            writer.add_document(tantivy_engine._document(IndexDoc.of(record, [article], []), {}))
    writer.commit()
    writer.wait_merging_threads()
    engine = factory("tantivy").open(path)
    assert [r.ordinal for r in engine.passages_of("old-a", limit=10)] == [0, 1, 2]
    assert [r.article_id for r in engine.passages_of("old-b", limit=10)] == ["old-b", "old-b"]


@pytest.mark.parametrize("name", ["tantivy", "rank-bm25"])
def test_passages_appended_in_place_are_found_by_their_article(tmp_path, name):
    def doc(article, ordinal):
        record = PassageRecord(
            article, ordinal, f"{article} {ordinal}", article, None, None, "day", "en", None
        )
        return IndexDoc.of(record, [article], [])

    engine = _build(name, tmp_path / "e", [doc("built", 0)])
    engine.append([doc("fed", 1), doc("fed", 0)])
    assert [r.ordinal for r in engine.passages_of("fed", limit=10)] == [0, 1]
    assert [r.article_id for r in engine.passages_of("built", limit=10)] == ["built"]
