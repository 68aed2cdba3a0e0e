"""Mask secrets and leave message bodies out of every log record, whichever logger made it.

The filter sits on the root logger's handlers, so records of every logger that propagates
there (ours, python-telegram-bot's, httpx's, tornado's) pass through it at every level.
It formats each record once, masks the bot token, the model's API key, the webhook secret
and feed credentials in the message, the exception text and the stack, and stores the
result. python-telegram-bot logs whole Bot API payloads and updates at DEBUG (message
texts, users' names); those arguments are replaced by a short description.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.redact import Redactor

_LIBRARY_LOGGERS = ("telegram",)  # loggers whose structured arguments are message payloads
_PLAIN = (str, int, float, bool, type(None))


class SecretFilter(logging.Filter):
    """Rewrite each record with its secrets masked and its payloads left out."""

    def __init__(self, redact: Redactor) -> None:
        super().__init__()
        self.redact = redact

    def filter(self, record: logging.LogRecord) -> bool:
        """Mask the record in place (once is enough: a masked record stays the same)."""
        if record.args and record.name.startswith(_LIBRARY_LOGGERS):
            record.args = _described(record.args, by_name="%(" in str(record.msg))
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = f"{record.msg!s} (arguments did not fit the message)"
        record.msg, record.args = self.redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True  # never drop a record


def _described(args: Any, *, by_name: bool) -> Any:
    """Return the arguments with payloads (dicts, lists, Telegram objects) described, not shown.

    One dict argument becomes `record.args` itself; `by_name` says the message names its keys.
    """
    if isinstance(args, dict) and by_name:
        return {key: _describe(value) for key, value in args.items()}
    if isinstance(args, tuple):
        return tuple(_describe(value) for value in args)
    return _describe(args)


def _describe(value: Any) -> Any:
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, type):
        return value.__name__
    if isinstance(value, list | tuple) and all(isinstance(v, int) for v in value):
        return value  # update ids
    if isinstance(value, dict):
        return f"<{len(value)} fields>"
    if isinstance(value, list | tuple):
        return f"<{len(value)} items>"
    return f"<{type(value).__name__}>"


def install(redact: Redactor) -> SecretFilter:
    """Put one `SecretFilter` on every handler of the root logger (replacing an older one)."""
    mask = SecretFilter(redact)
    for handler in logging.getLogger().handlers:
        for old in [f for f in handler.filters if isinstance(f, SecretFilter)]:
            handler.removeFilter(old)
        handler.addFilter(mask)
    return mask


def uninstall(mask: SecretFilter) -> None:
    """Take `mask` off the root logger's handlers."""
    for handler in logging.getLogger().handlers:
        handler.removeFilter(mask)
