"""Business state: subscriptions, digest deliveries and feed status.

- `protocol.py`: the records (`Subscription`, `Delivery`) and `Store`, the interface every
  caller types against;
- `sqlite.py`: `SQLiteStore`, the implementation, over one SQLite file;
- `schema.py`: its tables, as `PRAGMA user_version` migrations.

Digest deliveries follow claim → send → mark (see `bot/delivery.py`): a row is created
`pending`, claimed as `sending` in a transaction, then marked `sent`, `uncertain`
(the send may have reached the chat: never resent automatically), `failed`, or put back
to `pending` with a retry time when the send certainly did not happen.
`docs/storage.md` describes the tables and what another implementation must provide.
"""

from typing import TYPE_CHECKING

from bot.store.protocol import CHAT_NOT_FOUND_LIMIT, STATUSES, Delivery, Store, Subscription
from bot.store.schema import MIGRATIONS
from bot.store.sqlite import SQLiteStore

__all__ = [
    "CHAT_NOT_FOUND_LIMIT",
    "MIGRATIONS",
    "STATUSES",
    "Delivery",
    "SQLiteStore",
    "Store",
    "Subscription",
]

if TYPE_CHECKING:
    # mypy proves here, beside the imports, that each implementation fills the protocol.
    _SQLITE: type[Store] = SQLiteStore
