"""Names of Kazakhstan's places typed in any script a citizen uses, reduced to one form for searching.

"Қарағанды", "Караганда", "Karaganda", "Qaraghandy" and "Qarağandy" all reduce to a form that starts "karag", so
a search for any of them finds the others. The reduction maps Kazakh and Russian Cyrillic to Latin letters, then
folds the Latin spellings that people actually use: Kazakh Latin of 2021 (ä, ğ, ı, ñ, ö, q, ş, ū, ü), of 2018
(á, ǵ, ń, ó, ú, ý), common Russian transliterations (zh, kh, ts, ya, yu, ye) and English habits (y for ы and й).
The form is for matching only: it is never shown.

``to_cyrillic`` goes the other way, roughly, for a name that a source gives in Latin letters only.
"""

from __future__ import annotations

import re
import unicodedata

_CYRILLIC = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "і": "i", "к": "k", "қ": "k", "л": "l", "м": "m", "н": "n", "ң": "n", "о": "o", "ө": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u", "ү": "u", "ф": "f", "х": "kh", "һ": "h", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip
_LATIN = {
    "ä": "a", "á": "a", "ğ": "g", "ǵ": "g", "ı": "y", "ñ": "n", "ń": "n", "ö": "o", "ó": "o", "ş": "sh", "ç": "ch",
    "ū": "u", "ü": "u", "ú": "u", "ý": "u", "é": "e", "q": "k", "w": "u", "x": "kh", "j": "zh",
}  # fmt: skip
# Folded after the letters: spellings of one sound, in this order.
_FOLDS = (("zh", "j"), ("kh", "h"), ("gh", "g"), ("yu", "iu"), ("ya", "ia"), ("yo", "o"), ("ye", "e"), ("y", "i"))


def skeleton(text: str) -> str:
    """The form a name is matched on: lower case, Latin letters and digits only, spellings folded."""
    out = []
    for char in unicodedata.normalize("NFC", text.lower()):
        if char in _CYRILLIC:
            out.append(_CYRILLIC[char])
        elif char in _LATIN:
            out.append(_LATIN[char])
        elif char.isascii() and char.isalnum():
            out.append(char)
        else:  # an accent we do not know: its base letter; punctuation and spaces: nothing
            base = unicodedata.normalize("NFD", char)[0]
            out.append(base if base.isascii() and base.isalnum() else "")
    folded = "".join(out)
    for spelling, sound in _FOLDS:
        folded = folded.replace(spelling, sound)
    return folded


_TO_CYRILLIC = (
    ("shch", "щ"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"), ("yu", "ю"), ("ya", "я"),
    ("yo", "ё"), ("ye", "е"), ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"), ("d", "д"), ("e", "е"), ("z", "з"),
    ("i", "и"), ("y", "ы"), ("k", "к"), ("q", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"),
    ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"), ("h", "х"), ("j", "ж"), ("w", "у"), ("x", "кс"),
    ("c", "ц"), ("’", "ь"), ("'", "ь"),
)  # fmt: skip
_TOKEN = re.compile("|".join(re.escape(latin) for latin, _ in _TO_CYRILLIC))
_CYRILLIC_OF = dict(_TO_CYRILLIC)


def to_cyrillic(latin: str) -> str:
    """A rough Russian spelling of a name written in Latin letters ("Tyul’kubas" -> "Тюлькубас")."""

    def word(match: re.Match[str]) -> str:
        text = match.group(0)
        lower = _TOKEN.sub(lambda m: _CYRILLIC_OF[m.group(0)], text.lower())
        return lower[:1].upper() + lower[1:] if text[:1].isupper() else lower

    return re.sub(r"[A-Za-z’']+", word, latin)
