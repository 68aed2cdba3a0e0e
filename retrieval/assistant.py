"""The question path the CLI and the bot share: quotes first, then (optionally) the model.

Without a language model this is `NewsService.ask`. With one:
- the question is also translated into the other two corpus languages (one short call,
  run while the original is searched) and each translation is searched in its own
  language, so a Ukrainian question finds an English article; the answer with the
  highest confidence wins and the others' passages join the model's context;
- the model writes a grounded answer from those passages (`retrieval.grounded`), and
  every failure falls back to the extractive answer.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC
from typing import TYPE_CHECKING

from corpus.article import LANGS
from retrieval.grounded import GroundedAnswerer, StreamEvent
from retrieval.options import GroundedSettings
from retrieval.prompts import clean as clean_text
from retrieval.prompts import translation_messages

if TYPE_CHECKING:
    from datetime import datetime

    from retrieval.answer import Answer
    from retrieval.digest import Digest
    from retrieval.engines import Filters
    from retrieval.llm import LLMClient
    from retrieval.service import NewsService

logger = logging.getLogger(__name__)
TRANSLATE_DEADLINE = 3.0
DIGEST_CACHE_SECONDS = 300.0
_DIGESTS_KEPT = 64
_JSON_OBJECT = re.compile(r"\{.*\}", re.DOTALL)


class Assistant:
    """Answers questions: extractive always, grounded by a model when one is configured."""

    def __init__(
        self,
        service: NewsService,
        *,
        client: LLMClient | None = None,
        settings: GroundedSettings | None = None,
        cross_language: bool = True,
        digest_summaries: bool = True,
    ) -> None:
        self.service = service
        self.client = client
        self.digest_summaries = digest_summaries and client is not None
        self.answerer = (
            GroundedAnswerer(client, settings, encoding=service.encoding)
            if client is not None
            else None
        )
        self.cross_language = cross_language and client is not None
        self.last_digest_tokens: int | None = None  # set when a digest was summarised
        self._digests: dict[tuple[object, ...], tuple[float, Digest]] = {}

    async def extractive(
        self,
        question: str,
        *,
        lang: str | None = None,
        filters: Filters | None = None,
        offset: int = 0,
    ) -> Answer:
        """Return the cited extractive answer (searching all three languages with a model)."""
        if not self.cross_language or offset:
            return self.service.ask(question, lang=lang, filters=filters, offset=offset)
        # The search runs in a thread so the translation request really is in flight meanwhile.
        translations, first = await asyncio.gather(
            self.translate(question, lang),
            asyncio.to_thread(self.service.ask, question, lang=lang, filters=filters),
        )
        others = [
            self.service.ask(text, lang=code, filters=filters)
            for code, text in translations.items()
        ]
        return merge(first, others)

    async def ask(
        self,
        question: str,
        *,
        lang: str | None = None,
        filters: Filters | None = None,
        offset: int = 0,
    ) -> Answer:
        """Return the model's grounded answer, or the extractive one (within the deadline)."""
        started = time.perf_counter()
        answer = await self.extractive(question, lang=lang, filters=filters, offset=offset)
        if self.answerer is None:
            return answer
        return await self.answerer.answer(answer, started=started)

    async def digest(self, at: datetime, tz: str, lang: str, *, max_stories: int) -> Digest:
        """Return the digest, with model-written summaries when a model is configured.

        Model-written digests are kept for `DIGEST_CACHE_SECONDS` per minute, zone,
        language and corpus state, so repeated `/digest` calls (or many chats sharing a
        digest time) cost the model's tokens once.
        """
        if self.client is None or not self.digest_summaries:
            return await asyncio.to_thread(
                self.service.digest, at=at, tz=tz, lang=lang, max_stories=max_stories
            )
        manifest = self.service.version.manifest
        key = (
            at.astimezone(UTC).replace(second=0, microsecond=0),
            tz,
            lang,
            max_stories,
            self.service.version.name,
            manifest.article_count,
        )
        now = time.monotonic()
        cached = self._digests.get(key)
        if cached is not None and cached[0] > now:
            return cached[1]
        digest = await asyncio.to_thread(
            self.service.digest, at=at, tz=tz, lang=lang, max_stories=max_stories
        )
        if digest.stories:
            from retrieval.digest_llm import summarize_digest

            digest, cost = await summarize_digest(
                digest, self.client, encoding=self.service.encoding
            )
            self.last_digest_tokens = cost.tokens
        self._digests = {k: v for k, v in self._digests.items() if v[0] > now}
        if len(self._digests) < _DIGESTS_KEPT:
            self._digests[key] = (now + DIGEST_CACHE_SECONDS, digest)
        return digest

    async def stream(
        self, extractive: Answer, *, started: float | None = None
    ) -> AsyncIterator[StreamEvent]:
        """Yield drafts of the model's answer, then the final answer (see `GroundedAnswerer`)."""
        if self.answerer is None:
            yield StreamEvent(answer=extractive)
            return
        async for event in self.answerer.stream(extractive, started=started):
            yield event

    async def translate(self, question: str, lang: str | None) -> dict[str, str]:
        """Return the question in the other two languages, or {} if the model can't say."""
        from corpus.lang import detect_language
        from retrieval.llm import LLMError

        if self.client is None:
            return {}
        source = lang or detect_language(question)
        targets = [code for code in LANGS if code != source]
        messages = translation_messages(question, targets)
        try:
            reply = await self.client.complete(
                messages, max_tokens=200, deadline=TRANSLATE_DEADLINE
            )
        except (LLMError, TimeoutError) as exc:
            logger.info("no cross-language search: %s", exc)
            return {}
        return parse_translations(reply.text, targets)


def parse_translations(text: str, targets: list[str]) -> dict[str, str]:
    """Read `{"en": "...", "ru": "..."}` from a reply; drop anything else."""
    match = _JSON_OBJECT.search(text)
    if not match:
        return {}
    try:
        data = json.loads(match.group(0))
    except json.JSONDecodeError:
        return {}
    if not isinstance(data, dict):
        return {}
    out = {}
    for code in targets:
        value = data.get(code)
        if isinstance(value, str) and 0 < len(value.strip()) <= 1000:
            out[code] = clean_text(value).strip()
    return out


def merge(first: Answer, others: list[Answer]) -> Answer:
    """Keep the most confident answer, in the asker's language; pool the passages.

    The pooled passages alternate between the answers, most confident first, so the
    model sees the best of each language.
    """
    candidates = sorted([first, *others], key=lambda a: (a.found, a.confidence), reverse=True)
    best = candidates[0]
    seen: set[tuple[str, int]] = set()
    hits = []
    for rank in range(max(len(a.hits) for a in candidates)):
        for answer in candidates:
            if rank < len(answer.hits):
                hit = answer.hits[rank]
                key = (hit.passage.article_id, hit.passage.ordinal)
                if key not in seen:
                    seen.add(key)
                    hits.append(hit)
    return replace(best, question=first.question, lang=first.lang, hits=hits)
