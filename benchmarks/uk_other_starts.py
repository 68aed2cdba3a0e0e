"""List the Ukrainian word forms whose term begins with another letter than the form.

`Analyzer.may_start` skips analysing a Ukrainian word of six or more letters whose first
letter begins none of the question's terms: pymorphy3's lemma keeps a word's first letter,
except for the forms this tool finds in its dictionary ("ігри" is "гра", "шлю" is
"слати"). Words it does not know get a lemma predicted from their last five letters at
most, so a longer one keeps its first letter too.

Run from the repository root after upgrading pymorphy3-dicts-uk (about three minutes):
`.venv/bin/python -m benchmarks.uk_other_starts` rewrites `retrieval/data/uk-other-starts.txt`.
"""

from __future__ import annotations

import sys

import pymorphy3

from retrieval.analysis import UK_OTHER_STARTS_FILE, Analyzer, words


def other_starts() -> dict[str, str]:
    """Return every known Ukrainian form whose term starts with another letter."""
    morph = pymorphy3.MorphAnalyzer(lang="uk")
    analyzer = Analyzer(memo_limit=10, token_memo_limit=10)
    found: dict[str, str] = {}
    seen: set[str] = set()
    for word, *_ in morph.dictionary.iter_known_words(""):
        if word in seen:
            continue
        seen.add(word)
        for form in words(word):
            for term in analyzer.terms_of_words([form], "uk"):
                if term[:1] != form[:1]:
                    found[form] = term
    return found


def main() -> int:
    found = other_starts()
    lines = [
        "# Ukrainian forms whose term starts with another letter (benchmarks/uk_other_starts.py)",
        *sorted(found),
    ]
    UK_OTHER_STARTS_FILE.write_text("\n".join(lines) + "\n", "utf-8")
    print(f"wrote {len(found)} forms to {UK_OTHER_STARTS_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
