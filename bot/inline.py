"""Inline mode: `@bot query` in any chat lists matching articles to send there."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from telegram import InlineQueryResultArticle, InputTextMessageContent, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes, InlineQueryHandler

from bot.gate import costly
from bot.render import inline_article
from retrieval.errors import RetrievalError

if TYPE_CHECKING:
    from bot.deps import App, Deps
    from retrieval.assistant import Assistant


def register(application: App, deps: Deps) -> None:
    """Answer inline queries with articles from the facade."""
    application.add_handler(InlineQueryHandler(Inline(deps.assistant).inline))


class Inline:
    """The inline query handler."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant

    @costly
    async def inline(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Return matching articles as inline results (title, snippet, link)."""
        query = update.inline_query
        if query is None:
            return
        try:
            # An empty or over-long query is refused by the facade like any question.
            results = self.assistant.search_articles(query.query.strip(), k=10)
        except RetrievalError:
            await query.answer([], cache_time=5)
            return
        items = []
        for result in results:
            article = inline_article(result)
            items.append(
                InlineQueryResultArticle(
                    id=secrets.token_hex(8),
                    title=article.title,
                    description=article.description,
                    url=article.url,
                    input_message_content=InputTextMessageContent(
                        article.html, parse_mode=ParseMode.HTML
                    ),
                )
            )
        await query.answer(items, cache_time=30)
