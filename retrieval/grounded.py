"""Grounded LLM answers: the model rewrites what the cited passages say, or we keep the quotes.

The extractive answer is always computed first (`retrieval.answer`). Only when it found
something does the model get the question and the top passages, in the prompt
`retrieval.prompts` builds (numbered by article, in a data block with a random boundary,
cleaned, budgeted with tiktoken to `context_tokens`). Its reply is then checked: every
citation must name a given article, at least one must be there, no link or markup
survives (links are rendered from our metadata only, text is escaped by the renderers),
the system prompt must not leak, the length is capped. Any failure (a slow, broken or
absent model, or a reply that fails a check) gives the extractive answer, marked with
the reason. A context-length error is retried once with half the passages.
"""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from retrieval.answer import Answer, Source
from retrieval.links import strip_links
from retrieval.options import GroundedSettings
from retrieval.prompts import NOT_COVERED, RULES_MARK, Prompt, build_prompt, clean

if TYPE_CHECKING:
    import tiktoken

    from retrieval.llm import LLMClient

_CITATION = re.compile(r"\[(\d{1,2}(?:\s*[,;]\s*\d{1,2})*)\]")
_MARKUP = re.compile(r"</?[a-zA-Z][^<>]{0,200}>|\*\*|__|`+|^#+\s*", re.MULTILINE)
_MARGIN = 0.05  # seconds kept to hand over the fallback before the deadline
_SENTENCE_END = re.compile(r"[.!?…](?:\s*\[\d{1,2}\])*(?=\s|$)")


@dataclass(frozen=True, slots=True)
class Checked:
    """A model reply that passed the checks, and the articles it cites."""

    text: str
    sources: list[Source]


def check(text: str, prompt: Prompt, *, max_chars: int) -> Checked | None:
    """Return the reply made safe and renumbered, or None when it must not be shown."""
    reply = clean(text).strip()
    if not reply or _leaks(reply, prompt) or NOT_COVERED in reply:
        return None
    reply = strip_links(_MARKUP.sub("", reply))
    allowed = {s.n: s for s in prompt.sources}
    order: list[int] = []
    for match in _CITATION.finditer(reply):
        for part in re.split(r"\s*[,;]\s*", match.group(1)):
            n = int(part)
            if n not in allowed:
                return None  # cites something it was not given
            if n not in order:
                order.append(n)
    if not order:
        return None
    reply = _CITATION.sub(
        lambda m: "".join(f"[{int(p)}]" for p in re.split(r"\s*[,;]\s*", m.group(1))), reply
    )
    reply = re.sub(r"[ \t]{2,}", " ", reply)
    reply = _cap(reply, max_chars)
    cited = sorted({int(m) for m in re.findall(r"\[(\d+)\]", reply)})
    if not cited:
        return None
    return Checked(reply, [allowed[n] for n in cited])


def _leaks(reply: str, prompt: Prompt) -> bool:
    """Return whether the reply repeats the rules (the boundary or their wording)."""
    return prompt.boundary in reply or RULES_MARK in reply


def rejection(text: str, prompt: Prompt) -> str:
    """Return why a reply that failed `check` was not used."""
    reply = clean(text)
    if NOT_COVERED in reply and not _leaks(reply, prompt):
        return "not covered"
    return "unchecked"


def _cap(text: str, limit: int) -> str:
    """Cut at the last sentence end (after its citations) that fits in `limit`."""
    if len(text) <= limit:
        return text
    ends = [m.end() for m in _SENTENCE_END.finditer(text) if m.end() <= limit]
    if ends:
        return text[: ends[-1]].rstrip()
    return text[: limit - 1].rstrip() + "…"


def llm_answer(extractive: Answer, checked: Checked, *, seconds: float) -> Answer:
    """Return the model's checked reply as an `Answer` in "llm" mode.

    The quotes stay (numbered as before); `sources` holds every article cited by either,
    and `prose_sources` the numbers the model's text cites.
    """
    by_n = {s.n: s for s in extractive.sources} | {s.n: s for s in checked.sources}
    timings = {**extractive.timings_ms, "llm": seconds * 1000}
    return replace(
        extractive,
        sources=[by_n[n] for n in sorted(by_n)],
        mode="llm",
        prose=checked.text,
        prose_sources=[s.n for s in checked.sources],
        timings_ms=timings,
    )


def fallback(extractive: Answer, reason: str) -> Answer:
    """Return the extractive answer, noting why the model's was not used."""
    return replace(extractive, mode="extractive", fallback_reason=reason)


class GroundedAnswerer:
    """Asks the model for a cited answer and falls back to the quotes on any failure."""

    def __init__(
        self,
        client: LLMClient,
        settings: GroundedSettings | None = None,
        *,
        encoding: tiktoken.Encoding,
    ) -> None:
        self.client = client
        self.settings = settings or GroundedSettings()
        self.encoding = encoding  # counts the prompt's passages against `context_tokens`

    async def answer(self, extractive: Answer, *, started: float | None = None) -> Answer:
        """Return the model's grounded answer, or the extractive one with the reason.

        `started` (a `time.perf_counter()` value) is when the question arrived: the
        deadline counts from then, so search and translation time are included.
        """
        final = extractive
        async for event in self.stream(extractive, started=started):
            final = event.answer if event.answer is not None else final
        return final

    async def summarize(self, extractive: Answer) -> Answer:
        """Return a short cited synthesis of the answer's articles (or the quotes on failure)."""
        final = extractive
        async for event in self.stream(extractive, task="summary"):
            final = event.answer if event.answer is not None else final
        return final

    async def stream(
        self, extractive: Answer, *, task: str = "answer", started: float | None = None
    ) -> AsyncIterator[StreamEvent]:
        """Yield the reply as it grows (`partial`), then the final `Answer` once.

        Partial text is cleaned and stripped of links and markup, but not yet checked:
        show it only as a draft; the final event says what to keep.
        """
        if not extractive.found or not extractive.hits:
            yield StreamEvent(answer=extractive)
            return
        from retrieval.llm import LLMError

        s = self.settings
        started = time.perf_counter() if started is None else started
        deadline = started + s.deadline - _MARGIN
        passages = s.passages
        for attempt in range(2):
            prompt = build_prompt(
                extractive.question,
                extractive.lang,
                extractive.hits,
                encoding=self.encoding,
                context_tokens=s.context_tokens if attempt == 0 else s.context_tokens // 2,
                passages=passages,
                numbered=extractive.sources,
                task=task,
            )
            pieces: list[str] = []
            try:
                remaining = deadline - time.perf_counter()
                if remaining <= 0:
                    raise TimeoutError
                async for delta in self.client.stream(
                    prompt.messages,
                    max_tokens=s.max_tokens,
                    deadline=remaining,
                    prompt_tokens=prompt.tokens,
                ):
                    pieces.append(delta)
                    yield StreamEvent(partial=_draft("".join(pieces)))
            except LLMError as exc:
                if exc.kind == "context_length" and attempt == 0:
                    passages = max(1, passages // 2)
                    continue
                yield StreamEvent(answer=fallback(extractive, exc.kind))
                return
            except TimeoutError:
                yield StreamEvent(answer=fallback(extractive, "deadline"))
                return
            checked = check("".join(pieces), prompt, max_chars=s.max_chars)
            if checked is None:
                reason = rejection("".join(pieces), prompt)
                yield StreamEvent(answer=fallback(extractive, reason))
                return
            elapsed = time.perf_counter() - started
            yield StreamEvent(answer=llm_answer(extractive, checked, seconds=elapsed))
            return
        yield StreamEvent(answer=fallback(extractive, "context_length"))


@dataclass(frozen=True, slots=True)
class StreamEvent:
    """Either a growing draft (`partial`) or the final answer."""

    partial: str | None = None
    answer: Answer | None = None


def _draft(text: str) -> str:
    return strip_links(_MARKUP.sub("", clean(text)))
