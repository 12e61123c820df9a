"""One "did you mean ...?" for every name a person can mistype: keys, kinds, functions, optimizers, levels."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

MAX_WORD = 64  # difflib is quadratic in the word's length: a stranger's 100 KB "word" gets no suggestion


def did_you_mean(word: object, choices: Iterable[str], cutoff: float = 0.6,
                 aliases: Mapping[str, str] | None = None, fallback: str = "expected one of") -> str:
    """'did you mean 'x'?' for the closest choice, else the list of choices after ``fallback``."""
    options = list(choices)
    text = str(word)
    if aliases and aliases.get(text) in options:
        return f"did you mean {aliases[text]!r}?"
    if len(text) <= MAX_WORD:
        close = difflib.get_close_matches(text, options, n=1, cutoff=cutoff)
        if close:
            return f"did you mean {close[0]!r}?"
    return f"{fallback}: {', '.join(options)}"
