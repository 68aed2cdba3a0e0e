"""Answer buttons: their callback data is built and read here (only here), tied to its chat.

A button's `callback_data` comes back verbatim when it is pressed, but a client may send
any data at all, so it is read strictly: `m:<token>` (More), `z:<token>` (Summarize) or
`s:<token>:<n>` (source n), where the token is the 8 URL-safe characters we issued and n
is 1-99 in ASCII digits ("²" passes `str.isdigit` but not this). Each token is
remembered with the chat its answer was sent to; pressed anywhere else, or after it was
forgotten (a restart, or older answers pushed out), the button has expired.
"""

from __future__ import annotations

import re
import secrets
from collections import OrderedDict
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import t
from retrieval.answer import Answer
from retrieval.assistant import shown_sources

ANSWERS_KEPT = 1000  # a remembered answer with its passages is ~15 KB
_TOKEN_BYTES = 6  # 8 characters of base64url
_PREFIX = {"more": "m", "summary": "z", "source": "s"}
_KIND = {prefix: kind for kind, prefix in _PREFIX.items()}
_DATA = re.compile(
    r"(?P<kind>[mz]):(?P<token>[A-Za-z0-9_-]{8})"
    r"|s:(?P<source_token>[A-Za-z0-9_-]{8}):(?P<n>[1-9][0-9]?)"
)


@dataclass(frozen=True, slots=True)
class Press:
    """A button press, read from its callback data."""

    kind: str  # "more", "summary" or "source"
    token: str
    n: int = 0  # the source's number

    @property
    def data(self) -> str:
        """Return the callback data this press comes back as (`parse` reads it)."""
        prefix = _PREFIX[self.kind]
        return (
            f"{prefix}:{self.token}:{self.n}"
            if self.kind == "source"
            else f"{prefix}:{self.token}"
        )


@dataclass(frozen=True, slots=True)
class Asked:
    """A question answered recently, kept so its buttons work (in memory only)."""

    question: str
    lang: str
    offset: int
    answer: Answer
    chat_id: int


def parse(data: str | None) -> Press | None:
    """Return the press `data` describes, or None for anything we did not build."""
    match = _DATA.fullmatch(data or "")
    if match is None:
        return None
    if match["kind"] is not None:
        return Press(_KIND[match["kind"]], match["token"])
    return Press("source", match["source_token"], int(match["n"]))


def keyboard(answer: Answer, token: str, *, summarize: bool = False) -> InlineKeyboardMarkup:
    """Return the answer's buttons: one per cited source, then (Summarize and) More."""
    sources = [
        InlineKeyboardButton(f"[{s.n}]", callback_data=Press("source", token, s.n).data)
        for s in shown_sources(answer)
        if 1 <= s.n <= 99
    ]
    more = Press("more", token).data
    actions = [InlineKeyboardButton(t("more", answer.lang), callback_data=more)]
    if summarize:
        label = t("summarize", answer.lang)
        actions.insert(0, InlineKeyboardButton(label, callback_data=Press("summary", token).data))
    return InlineKeyboardMarkup([sources, actions] if sources else [actions])


class AnswerMemory:
    """The most recent answers by token, least recently used forgotten first."""

    def __init__(self, limit: int = ANSWERS_KEPT) -> None:
        self.limit = limit
        self._asked: OrderedDict[str, Asked] = OrderedDict()

    def remember(self, asked: Asked) -> str:
        """Keep `asked` and return the token its buttons carry."""
        token = secrets.token_urlsafe(_TOKEN_BYTES)
        self._asked[token] = asked
        while len(self._asked) > self.limit:
            self._asked.popitem(last=False)
        return token

    def recall(self, token: str, chat_id: int) -> Asked | None:
        """Return the answer behind `token` if it was sent to `chat_id`, else None."""
        asked = self._asked.get(token)
        if asked is None or asked.chat_id != chat_id:
            return None
        self._asked.move_to_end(token)
        return asked

    def __len__(self) -> int:
        return len(self._asked)
