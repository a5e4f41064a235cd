"""Kinds of keywords searched for in short windows of text, fast.

The funding extractor asks, for every amount, which period word ("jährlich", "pro Monat") and
which role word ("Zuschuss", "Kosten") stands nearest to it, in a window of some 200 characters
around the amount. Each kind is an alternation of keyword patterns, and the kinds together are
one regular expression of some fifty alternatives, tried at every word start of the window; the
alternatives that start with `\\w*` ("Betriebskosten", "Personalaufwand") run over every word
again. That was a fifth of the extractor's time (BENCHMARKS.md, round 2, fifth session).

`Keywords.pattern_for(window, ...)` returns the same expression with only the alternatives that
can match in those windows: each alternative's longest run of literal text (text every match of
it contains: "osten" of `\\b\\w*[Kk]osten\\b`) is looked for with `in` first, and the expression of
the alternatives left is compiled once per combination. The matches are the whole expression's:
the alternatives keep their order, and an alternative that cannot match anywhere in the window
can never be the one that matches first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

__all__ = ["Keywords", "alternatives", "required_text"]

_NEVER = re.compile("(?!)")  # matches nowhere: no alternative can match in the window


def _skip_group(pattern: str, i: int) -> int:
    """The index after the group that opens at `pattern[i]` ("(")."""
    depth = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _skip_class(pattern, i)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError(f"unbalanced group in {pattern!r}")


def _skip_class(pattern: str, i: int) -> int:
    """The index after the character class that opens at `pattern[i]` ("[")."""
    i += 1
    if pattern.startswith("^", i):
        i += 1
    if pattern.startswith("]", i):
        i += 1
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    if i >= len(pattern):
        raise ValueError(f"unbalanced character class in {pattern!r}")
    return i + 1


def alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regular expression: `a|(b|c)d` -> ["a", "(b|c)d"]."""
    out: list[str] = []
    start, i = 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
        elif c == "(":
            i = _skip_group(pattern, i)
        elif c == "[":
            i = _skip_class(pattern, i)
        else:
            if c == "|":
                out.append(pattern[start:i])
                start = i + 1
            i += 1
    out.append(pattern[start:])
    return out


def required_text(alternative: str) -> str:
    """The longest run of literal characters that every match of `alternative` (one alternative,
    no top-level "|") contains; "" when none can be told. Only characters outside groups and
    classes count, and only those no quantifier makes optional: `\\b\\w*[Kk]osten\\b` -> "osten",
    `Erlöse?` -> "Erlös", `(?:pro|je)\\s*Monat\\b` -> "Monat"."""
    if len(alternatives(alternative)) > 1:
        raise ValueError(f"not one alternative: {alternative!r}")
    runs: list[str] = []
    run: list[str] = []
    i, n = 0, len(alternative)
    while i < n:
        c = alternative[i]
        literal: str | None
        if c == "(":
            literal, i = None, _skip_group(alternative, i)
        elif c == "[":
            literal, i = None, _skip_class(alternative, i)
        elif c == "\\":
            following = alternative[i + 1]
            # \b, \w, \s, \d, \1 …: not one literal character; \. \- \/ …: the character
            literal, i = (None if following.isalnum() else following), i + 2
        elif c in ".^$":
            literal, i = None, i + 1
        else:
            literal, i = c, i + 1
        quantifier = alternative[i] if i < n else ""
        if quantifier in ("?", "*", "{"):
            literal = None  # optional, or repeated a number of times not read here
        if literal is None:
            if run:
                runs.append("".join(run))
                run = []
        else:
            run.append(literal)
            if quantifier == "+":  # one or more: the run cannot go on past it
                runs.append("".join(run))
                run = []
        if quantifier == "{":
            i = alternative.index("}", i) + 1
        elif quantifier in ("?", "*", "+"):
            i += 1
        if quantifier and i < n and alternative[i] in "?+" and quantifier in "?*+}":
            i += 1  # lazy or possessive
    if run:
        runs.append("".join(run))
    return max(runs, key=len, default="")


class Keywords:
    """Named kinds of keywords, each a regular-expression alternation, matched where a word
    starts: `Keywords((("annual", r"jährlich\\w*|pro\\s+Jahr\\b"), ("monthly", …)))`. The
    expression of all of them is `(?<!\\w)(?:(?P<k0>…)|(?P<k1>…)|…)`, kinds in the order given;
    `kind(match)` names the kind a match is of."""

    def __init__(self, kinds: Sequence[tuple[str, str]], flags: int = 0) -> None:
        self.names = tuple(name for name, _ in kinds)
        self._flags = flags
        self._fold = bool(flags & re.IGNORECASE)
        self._alternatives: list[tuple[int, str, str]] = []  # (kind, alternative, its text)
        for k, (_, pattern) in enumerate(kinds):
            for alternative in alternatives(pattern):
                text = required_text(alternative)
                self._alternatives.append((k, alternative, text.casefold() if self._fold else text))
        self._texts = [(index, text) for index, (_, _, text) in enumerate(self._alternatives)]
        self.pattern = self._compile(tuple(range(len(self._alternatives))))
        self._compiled = lru_cache(maxsize=1024)(self._compile)

    def _compile(self, chosen: tuple[int, ...]) -> re.Pattern[str]:
        by_kind: dict[int, list[str]] = {}
        for index in chosen:
            kind, alternative, _ = self._alternatives[index]
            by_kind.setdefault(kind, []).append(alternative)
        if not by_kind:
            return _NEVER
        groups = "|".join(f"(?P<k{k}>{'|'.join(alts)})" for k, alts in by_kind.items())
        return re.compile(f"(?<!\\w)(?:{groups})", self._flags)

    def pattern_for(self, *windows: str) -> re.Pattern[str]:
        """The expression of the alternatives that can match in one of `windows` (each is
        searched on its own): its matches there are the whole expression's."""
        # no literal holds "\0": none is found across two windows joined by it
        joined = "\0".join(windows)
        if self._fold:
            joined = joined.casefold()
        return self._compiled(tuple([index for index, text in self._texts if text in joined]))

    def kind(self, match: re.Match[str]) -> str:
        return self.names[int(match.lastgroup[1:])]  # type: ignore[index]
