"""Interface text in English, Ukrainian and Russian.

The texts live by area: `questions` (asking and answers), `digests` (the digest,
`/subscribe`, `/settings`) and `admin` (help, the command menu, `/stats`, `/reload`, the
apology); `lookup` joins them into `MESSAGES` and finds one with `t`; `dates` writes
dates and durations.
"""

from bot.i18n.dates import MONTHS, duration, long_date
from bot.i18n.lookup import LANGUAGE_IN, MESSAGES, lang_name, language_in, pick_lang, t

__all__ = [
    "LANGUAGE_IN",
    "MESSAGES",
    "MONTHS",
    "duration",
    "lang_name",
    "language_in",
    "long_date",
    "pick_lang",
    "t",
]
