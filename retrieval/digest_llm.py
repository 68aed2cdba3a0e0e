"""Digest summaries written by the language model, one story at a time, with fallback.

For each story the model gets the leads of the articles covering it (numbered like the
story's links, in the data block `retrieval.prompts` builds, budgeted with tiktoken) and
writes one or two sentences in the reader's language citing `[n]`. A reply is kept only
if it passes the same checks as an answer (valid citations, no links or markup, no leaked
rules, capped length); otherwise, or on any error, the story keeps its extractive lead
summary. Token use is totalled so the cost of a digest is known (logged, and shown by
/stats).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from retrieval.grounded import check
from retrieval.prompts import story_prompt

if TYPE_CHECKING:
    import tiktoken

    from retrieval.digest import Digest, Story
    from retrieval.llm import LLMClient

logger = logging.getLogger(__name__)
SUMMARY_CHARS = 320
MAX_TOKENS = 160


@dataclass(slots=True)
class DigestCost:
    """What the model was asked for one digest."""

    stories: int = 0
    written: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def tokens(self) -> int:
        """Return prompt and completion tokens together."""
        return self.prompt_tokens + self.completion_tokens


async def summarize_digest(
    digest: Digest,
    client: LLMClient,
    *,
    encoding: tiktoken.Encoding,
    deadline: float = 20.0,
    concurrency: int = 4,
) -> tuple[Digest, DigestCost]:
    """Return the digest with model-written summaries where they pass the checks."""
    from retrieval.llm import LLMError

    cost = DigestCost(stories=len(digest.stories))
    limit = asyncio.Semaphore(concurrency)

    async def one(story: Story) -> Story:
        if not story.leads:
            return story
        prompt = story_prompt(story, digest.lang, encoding=encoding)
        async with limit:
            try:
                reply = await client.complete(
                    prompt.messages, max_tokens=MAX_TOKENS, deadline=deadline
                )
            except (LLMError, TimeoutError) as exc:
                logger.info("digest story kept its extractive summary: %s", exc)
                return story
        cost.prompt_tokens += reply.prompt_tokens or 0
        cost.completion_tokens += reply.completion_tokens or 0
        checked = check(reply.text, prompt, max_chars=SUMMARY_CHARS)
        if checked is None:
            return story
        cost.written += 1
        return replace(story, summary=checked.text, written_by_model=True)

    stories = await asyncio.gather(*(one(s) for s in digest.stories))
    logger.info(
        "digest %s/%s: %d of %d summaries by the model, %d tokens",
        digest.day,
        digest.lang,
        cost.written,
        cost.stories,
        cost.tokens,
    )
    return replace(digest, stories=list(stories)), cost
