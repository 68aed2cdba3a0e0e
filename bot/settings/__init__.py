"""Settings: read once from the environment (and a `.env` file if present) at start.

One module a group of variables, each with its fields, checks and the records built from
them: `index` (data folder, corpus, engine), `search`, `diagnostics` (log level, eval
datasets), `telegram` (token, admins, rate limits), `digests`, `feeds` and
`language_model`. `environment` combines them into `Settings`; `assistant` builds the
retrieval facade from it; `parsing` holds the parsers several groups share.
"""

from bot.settings.assistant import open_assistant
from bot.settings.environment import DEFAULTS, Settings
from bot.settings.index import default_data_dir
from bot.settings.parsing import parse_clock, parse_zone

__all__ = [
    "DEFAULTS",
    "Settings",
    "default_data_dir",
    "open_assistant",
    "parse_clock",
    "parse_zone",
]
