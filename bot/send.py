"""Sending and editing Telegram HTML replies, with the fallbacks every room shares."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Message
from telegram.error import BadRequest, ChatMigrated, TelegramError

from bot.render import plain_text, split_html

logger = logging.getLogger(__name__)


async def send_html(
    message: Message, text: str, *, reply_markup: Any = None, quote: bool = False
) -> Message | None:
    """Reply with HTML; fall back to plain text once if Telegram can't parse it."""
    try:
        return await message.reply_text(text, reply_markup=reply_markup, do_quote=quote)
    except ChatMigrated as exc:
        # The group became a supergroup while we were answering: send it there instead.
        logger.info("chat %s migrated to %s; resending there", message.chat_id, exc.new_chat_id)
        return await message.get_bot().send_message(
            exc.new_chat_id, text, reply_markup=reply_markup
        )
    except BadRequest as exc:
        description = str(exc).lower()
        if "can't parse entities" in description:
            logger.warning("Telegram could not parse our HTML; resending as plain text")
            plain = plain_text(text)
            return await message.reply_text(
                plain, parse_mode=None, reply_markup=reply_markup, do_quote=quote
            )
        if "message is too long" in description:
            parts = split_html(text, budget=3000)
            sent = None
            for part in parts:
                sent = await message.reply_text(part, do_quote=quote)
            return sent
        raise


async def edit_html(message: Message, text: str, *, reply_markup: Any = None) -> None:
    """Replace a sent message's text; a failed edit is logged, never raised."""
    try:
        await message.edit_text(text, reply_markup=reply_markup)
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            logger.warning("could not edit the progress message: %s", exc)
    except TelegramError as exc:
        logger.warning("could not edit the progress message: %s", exc)
