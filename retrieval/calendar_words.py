"""The calendar's words in English, Ukrainian and Russian, as regular-expression
alternations (any case form: "серпня", "апреля"): months, weekdays, seasons, and the
words that follow a year ("року", "года")."""

_EN = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_UK = (
    "січ\\w*|лют\\w*|берез\\w*|квіт\\w*|травн\\w*|черв\\w*|лип\\w*|серп\\w*|верес\\w*|"
    "жовт\\w*|листопад\\w*|груд\\w*"
)
_RU = (
    "январ\\w*|феврал\\w*|март\\w*|апрел\\w*|ма[йяе]|июн\\w*|июл\\w*|август\\w*|сентябр\\w*|"
    "октябр\\w*|ноябр\\w*|декабр\\w*"
)
MONTHS = f"(?:{_EN}|{_UK}|{_RU})"
WEEKDAYS = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    "понеділ\\w*|вівтор\\w*|серед[аиу]|четвер\\w*|п['’]ятниц\\w*|субот\\w*|неділ\\w*|"
    "понедельник\\w*|вторник\\w*|сред[аыу]|четверг\\w*|пятниц\\w*|воскресень\\w*"
)
SEASONS = (
    "spring|summer|autumn|fall|winter|весною|навесні|влітку|восени|взимку|весной|летом|"
    "осенью|зимой|весни|літа|осені|зими|весны|лета|осени|зимы"
)
YEAR_WORD = "року|році|рік|роки|р\\.|года|году|год|гг?\\."
