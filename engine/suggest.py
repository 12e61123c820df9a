"""One "did you mean ...?" for every name a person can mistype: keys, kinds, functions, optimizers, levels."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

MAX_WORD = 64  # difflib is quadratic in the word's length: a stranger's 100 KB "word" gets no suggestion


def swapped(word: str, choice: str) -> bool:
    """``choice`` is ``word`` with two neighbouring letters swapped ("adma" for "adam"): the commonest slip,
    which difflib can score below a longer near-match ("adamax")."""
    if len(word) != len(choice) or word == choice:
        return False
    diff = [i for i in range(len(word)) if word[i] != choice[i]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and word[diff[0]] == choice[diff[1]] \
        and word[diff[1]] == choice[diff[0]]


def did_you_mean(word: object, choices: Iterable[str], cutoff: float = 0.6,
                 aliases: Mapping[str, str] | None = None, fallback: str = "expected one of") -> str:
    """'did you mean 'x'?' for the closest choice, else the list of choices after ``fallback``."""
    options = list(choices)
    text = str(word)
    if aliases and aliases.get(text) in options:
        return f"did you mean {aliases[text]!r}?"
    if len(text) <= MAX_WORD:
        swap = next((c for c in options if swapped(text, c)), None)
        if swap is not None:
            return f"did you mean {swap!r}?"
        close = difflib.get_close_matches(text, options, n=1, cutoff=cutoff)
        if close:
            return f"did you mean {close[0]!r}?"
    return f"{fallback}: {', '.join(options)}"
