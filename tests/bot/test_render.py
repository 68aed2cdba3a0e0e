from datetime import date
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.render import (
    TELEGRAM_LIMIT,
    answer_html,
    answer_messages,
    esc,
    plain_text,
    split_html,
    utf16_len,
)
from retrieval.answer import Answer, Horizon, Snippet, Source

ALLOWED = {"b", "i", "a", "blockquote"}


class _Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED:
            self.errors.append(f"unexpected tag {tag}")
        if tag == "a" and [k for k, _ in attrs] != ["href"]:
            self.errors.append(f"bad a attrs {attrs}")
        if tag == "a":
            self.hrefs.append(dict(attrs)["href"])
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unbalanced </{tag}>")
        else:
            self.stack.pop()


def well_formed(markup: str) -> bool:
    checker = _Checker()
    checker.feed(markup)
    checker.close()
    return not checker.errors and not checker.stack and "<" not in plain_text_raw(markup)


def plain_text_raw(markup: str) -> str:
    import re

    return re.sub(r"<[^>]*>", "", markup)


def _answer(snippets, sources, lang="en"):
    return Answer(
        question="q",
        lang=lang,
        found=True,
        snippets=snippets,
        sources=sources,
        confidence=1.0,
    )


HOSTILE = Source(
    n=1,
    id="x",
    title='Council <b>approves</b> budget & "cuts" <a href="https://evil.test">taxes</a>',
    url='https://example.test/a?x=1&y="2"',
    published=date(2025, 11, 21),
    precision="day",
    lang="en",
    outlet="Example <i>Local</i>",
)


def test_hostile_titles_snippets_and_urls_are_escaped_and_only_our_tags_remain():
    answer = _answer(
        [Snippet(1, 'Click <a href="https://evil.test">here</a> & <b>now</b>', "x")], [HOSTILE]
    )
    markup = answer_html(answer)
    assert well_formed(markup)
    checker = _Checker()
    checker.feed(markup)
    assert checker.hrefs == ['https://example.test/a?x=1&y="2"']
    assert 'href="https://example.test/a?x=1&amp;y=&quot;2&quot;"' in markup
    assert "&lt;b&gt;approves&lt;/b&gt;" in markup
    assert plain_text(markup).count("<a href") == 2  # shown as text, not as links


def test_not_covered_reply_is_in_the_askers_language():
    answer = Answer("q", "uk", False, [], [], 0.0)
    assert answer_html(answer) == esc("У статтях, які я маю, про це не йдеться.")


def test_a_ten_thousand_character_answer_is_split_into_well_formed_parts():
    long = ("Це речення має кирилицю, emoji 🇺🇦 і символи <>& для перевірки. " * 160)[:10_000]
    answer = _answer([Snippet(1, long, "x")], [HOSTILE])
    parts = answer_messages(answer)
    assert len(parts) >= 3
    for part in parts:
        assert utf16_len(part) <= TELEGRAM_LIMIT
        assert well_formed(part)
    joined = " ".join(plain_text(p) for p in parts)
    assert " ".join(joined.split()).count("🇺🇦") == long.count("🇺🇦")


_text = st.lists(
    st.sampled_from([*"abc абв ЇЄ <>&\"'\n.!?", "🇺🇦", "😀", "𝔘", "word ", "слово "]),
    max_size=300,
).map("".join)


@st.composite
def markups(draw):
    parts = []
    for _ in range(draw(st.integers(1, 30))):
        text = esc(draw(_text))
        kind = draw(st.sampled_from(["plain", "b", "i", "a", "nested"]))
        if kind == "plain":
            parts.append(text)
        elif kind == "a":
            parts.append(f'<a href="https://example.test/?q=1&amp;r=2">{text}</a>')
        elif kind == "nested":
            parts.append(f"<blockquote><b>{text}</b> {text}</blockquote>")
        else:
            parts.append(f"<{kind}>{text}</{kind}>")
    return "\n\n".join(parts)


@settings(max_examples=150, deadline=None)
@given(markups(), st.integers(min_value=60, max_value=600))
def test_split_parts_fit_are_well_formed_and_lose_no_text(markup, budget):
    parts = split_html(markup, budget=budget)
    for part in parts:
        assert utf16_len(part) <= budget
        assert well_formed(part), part
        # no lone surrogates and no broken entities
        part.encode("utf-16-le")
    original = "".join(plain_text(markup).split())
    assert "".join("".join(plain_text(p).split()) for p in parts) == original


def test_a_highlighted_answer_is_bold_and_still_escaped():
    text = "Grain <exports> reached 6.1 million tonnes in October."
    start = text.index("6.1")
    snippet = Snippet(1, text, "x", highlights=((start, start + len("6.1 million tonnes")),))
    markup = answer_html(_answer([snippet], [HOSTILE]))
    assert well_formed(markup)
    assert "Grain &lt;exports&gt; reached <b>6.1 million tonnes</b> in October. [1]" in markup


def test_a_refusal_names_the_closest_article_labelled_as_such():
    answer = Answer("q", "en", False, [], [], 0.1, closest=HOSTILE)
    markup = answer_html(answer)
    assert well_formed(markup)
    assert markup.startswith(esc("The articles I have don't cover this."))
    assert "<i>Closest match (it may not answer the question):</i>" in markup
    assert 'href="https://example.test/a?x=1&amp;y=&quot;2&quot;"' in markup


def test_quotes_from_another_language_say_so():
    source = Source(1, "x", "Belarus", None, None, "day", "en", None)
    answer = _answer([Snippet(1, "Belarus is ready.", "x")], [source], lang="uk")
    assert "<i>Цитати зі статей англійською" in answer_html(answer)
    same = _answer([Snippet(1, "Belarus is ready.", "x")], [source], lang="en")
    assert "<i>" not in answer_html(same)


def test_the_terminal_shows_a_highlight_in_bold_only_when_asked():
    from bot.render_text import render_answer

    snippet = Snippet(1, "Bail was US$ 20,000.", "x", highlights=((9, 19),))
    answer = _answer([snippet], [HOSTILE])
    assert "Bail was \x1b[1mUS$ 20,000\x1b[0m. [1]" in render_answer(answer, bold=True)
    assert "Bail was US$ 20,000. [1]" in render_answer(answer)


def test_a_refusal_for_time_says_where_the_articles_end_in_the_askers_language():
    from bot.render_text import render_answer

    before = Answer("q", "uk", False, [], [], 0.0, horizon=Horizon("before", 2024))
    assert answer_html(before) == esc(
        "У статтях, які я маю, про це не йдеться. Усі статті про це, які я маю, написані до"
        " 2024 року."
    )
    newest = Answer("q", "ru", False, [], [], 0.0, horizon=Horizon("newest", 2021, 2))
    assert "Моя самая свежая статья об этом — от февраля 2021 года." in answer_html(newest)
    english = Answer("q", "en", False, [], [], 0.0, horizon=Horizon("newest", 2021, 2))
    assert "My newest article on this is from February 2021." in render_answer(english)
    named = Answer("q", "en", False, [], [], 0.0, horizon=Horizon("named", 2005))
    assert "My articles on this are undated, and the latest year they name is 2005." in (
        render_answer(named)
    )
    collection = Answer("q", "uk", False, [], [], 0.0, horizon=Horizon("collection", 2023, 5))
    assert "Мої статті про це без дати, а найновіша стаття, яку я маю, — від травня 2023" in (
        answer_html(collection)
    )
