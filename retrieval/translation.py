"""Searching all three languages with a model: translate the question, merge the answers.

The model translates the question into the other two corpus languages (one short call,
with its own deadline); each translation is searched in its own language, and `merge`
keeps the most confident answer while pooling every language's passages.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from corpus.article import LANGS
from retrieval.prompts import clean as clean_text
from retrieval.prompts import translation_messages

if TYPE_CHECKING:
    from retrieval.answer import Answer
    from retrieval.llm import LLMClient

logger = logging.getLogger(__name__)
TRANSLATE_DEADLINE = 3.0
_JSON_OBJECT = re.compile(r"\{.*\}", re.DOTALL)


async def translate(client: LLMClient | None, question: str, lang: str | None) -> dict[str, str]:
    """Return the question in the other two languages, or {} if the model can't say."""
    from corpus.lang import detect_language
    from retrieval.llm import LLMError

    if client is None:
        return {}
    source = lang or detect_language(question)
    targets = [code for code in LANGS if code != source]
    messages = translation_messages(question, targets)
    try:
        reply = await client.complete(messages, max_tokens=200, deadline=TRANSLATE_DEADLINE)
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
