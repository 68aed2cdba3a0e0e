"""Take out of model-written text everything Telegram would turn into a link or an action.

Telegram's servers find entities in every message a bot sends (tdlib's `find_entities`):
URLs with any scheme (`https://`, `tg://`, `tonsite://`), bare domains
(`secure-login.example.com/verify`, `t.me/x`: with a common top-level domain, or any
when a scheme is given), IPv4 addresses, e-mail addresses, `@username` mentions and
`/commands` (a tap sends the command). A model's text must carry none of them: the only
links in a reply are rendered from article metadata. Each is removed whole, its trailing
punctuation kept, so "3.5%", "U.S.", "e.g." and "J.K. Rowling" stay as written.

Bare domains are matched by shape, not by Telegram's list of common top-level domains:
any last label of two or more letters counts, which also catches domains that list does
not know yet, at the price of a few glued words ("rose.The"). Initials glued to a
capitalised name ("J.K.Rowling", "м.Київ") are kept: Telegram links no such domain.
"""

from __future__ import annotations

import re

_TAIL = ".,;:!?…"
_STOP = r"\s\[\]<>\"'«»()"  # a link ends at whitespace, brackets, quotes
_SCHEME = re.compile(rf"\b[a-zA-Z][a-zA-Z0-9+.-]{{0,30}}://[^{_STOP}]*")
_PSEUDO_SCHEME = re.compile(rf"\b(?:mailto|tel|sms|callto|javascript|data|tg):[^{_STOP}]*", re.I)
_EMAIL = re.compile(r"[\w.+-]+@(?:[^\W_][\w-]*\.)+[^\W\d_]{2,63}\b")
_DOMAIN = re.compile(
    r"(?<![\w@.-])"  # not the middle of a word, an e-mail or a longer name
    r"(?P<labels>(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+)"
    r"(?P<tld>[^\W\d_]{2,63}|xn--[a-zA-Z0-9]{2,59})(?![\w-])"
    rf"(?P<rest>(?::\d{{1,5}})?(?:[/?#][^{_STOP}]*)?)"
)
_IPV4 = re.compile(
    rf"(?<![\w.])\d{{1,3}}(?:\.\d{{1,3}}){{3}}(?![\w.]\d)(?::\d{{1,5}})?(?:/[^{_STOP}]*)?"
)
_MENTION = re.compile(r"(?<![\w@/])@[A-Za-z0-9_]{3,32}\b")
_COMMAND = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])")
_SPACES = re.compile(r"[ \t]{2,}")
_BEFORE_PUNCT = re.compile(r"[ \t]+(?=[.,;:!?…)\]])")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|«\s*»|\"\s*\"")


def _drop(match: re.Match[str]) -> str:
    """Remove a link, keeping the punctuation that ends its sentence."""
    text = match.group(0)
    stripped = text.rstrip(_TAIL)
    return text[len(stripped) :]


def _drop_domain(match: re.Match[str]) -> str:
    labels, tld, rest = match.group("labels"), match.group("tld"), match.group("rest")
    initials = all(len(label) == 1 for label in labels.split(".")[:-1])
    if initials and tld[0].isupper() and not rest:
        return match.group(0)  # J.K.Rowling, м.Київ: initials before a name
    return _drop(match)


def strip_links(text: str) -> str:
    """Return `text` without URLs, domains, addresses, e-mails, mentions or bot commands."""
    original = text
    text = _SCHEME.sub(_drop, text)
    text = _PSEUDO_SCHEME.sub(_drop, text)
    text = _EMAIL.sub(_drop, text)
    text = _DOMAIN.sub(_drop_domain, text)
    text = _IPV4.sub(_drop, text)
    text = _MENTION.sub("", text)
    text = _COMMAND.sub("", text)
    if text == original:
        return text  # spacing is only tidied where something was taken out
    text = _EMPTY_BRACKETS.sub("", text)
    text = _BEFORE_PUNCT.sub("", text)
    return _SPACES.sub(" ", text)
