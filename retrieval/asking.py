"""What every transport agrees on about a question and its reply: one definition each.

The length limit is checked here for the searcher, the facade and the command line's
usage check alike; a reply lists the sources `shown_sources` returns, in Telegram HTML,
in plain text and on the buttons.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from retrieval.errors import EmptyQuery, QueryTooLong

if TYPE_CHECKING:
    from retrieval.answer import Answer, Source

MAX_QUESTION_CHARS = 1000


def check_question(question: str) -> str:
    """Return the question without surrounding space.

    Raises:
        QueryTooLong: over `MAX_QUESTION_CHARS` characters.
        EmptyQuery: nothing but space.
    """
    text = question.strip()
    if len(text) > MAX_QUESTION_CHARS:
        msg = f"question is {len(text)} characters; the limit is {MAX_QUESTION_CHARS}"
        raise QueryTooLong(msg)
    if not text:
        raise EmptyQuery("empty question")
    return text


def shown_sources(answer: Answer) -> list[Source]:
    """Return the sources a reply lists: those the model's text cites, else every one."""
    if answer.mode == "llm" and answer.prose:
        return [s for s in answer.sources if s.n in answer.prose_sources]
    return answer.sources
