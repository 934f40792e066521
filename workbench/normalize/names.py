"""Person-name keys: folded names, Kölner Phonetik, and whether two first names may be one person's."""

from __future__ import annotations

import functools
import re
from collections import defaultdict

import cologne_phonetics
import numpy as np
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import OSA, JaroWinkler

from workbench.normalize.text import distinct_texts, fold, map_unique
from workbench.normalize.vocabulary import DEFAULT_CONFIG, NormalizeConfig

_APOSTROPHES = re.compile(r"['’`´]")
_BREAKS = re.compile(r"[\W_]+")
_LOOSE_SPELLINGS = (  # applied in order to folded names; "ae", "oe", "ue" come from fold's ä, ö, ü
    ("ph", "f"), ("th", "t"), ("ch", "k"), ("ck", "k"), ("c", "k"), ("dt", "t"), ("z", "s"), ("y", "i"),
    ("w", "v"), ("ae", "a"), ("oe", "o"), ("ue", "u"), ("ie", "i"),
)
_DOUBLED = re.compile(r"(.)\1+")


def name_key(values: pd.Series, *, config: NormalizeConfig = DEFAULT_CONFIG) -> pd.Series:
    """A person's name as it compares: folded, punctuation to spaces, leading titles dropped.

    Apostrophes vanish (O'Brien = OBrien), other punctuation separates words
    (Müller-Lüdenscheidt = Müller Lüdenscheidt), and salutations and academic
    titles at the start (``config.name_titles``: Herr, Frau, Dr., Prof., Hr., Fru, …)
    are dropped unless nothing else is left.

    Examples:
        >>> name_key(pd.Series(["Müller-Lüdenscheidt", "  MUELLER  lüdenscheidt", "Dr. Jørgen", "J.",
        ...                     "O'Brien", "Herr"])).tolist()
        ['mueller luedenscheidt', 'mueller luedenscheidt', 'joergen', 'j', 'obrien', 'herr']
    """
    return map_unique(values, functools.partial(_name_key, titles=config.name_titles))


def phonetic_key(values: pd.Series, *, config: NormalizeConfig = DEFAULT_CONFIG, keyed: bool = False) -> pd.Series:
    """Kölner Phonetik (cologne-phonetics) of the name key: one code per name part, space-separated.

    Double names keep one code per part, in order ("Müller-Lüdenscheidt" →
    ``"657 52682"``), so a comparison can match the whole key or any part (a
    person who drops half of a double name still shares a part code). Parts
    without a code (no Latin letters) are left out; None when no part has one.
    With ``keyed=True`` the values are :func:`name_key` results already and are not keyed again.

    Examples:
        >>> phonetic_key(pd.Series(["Müller", "Mueller", "Möller", "Miller", "Müller-Lüdenscheidt", "Σμιθ"])).tolist()
        ['657', '657', '657', '657', '657 52682', None]
    """
    return map_unique(values if keyed else name_key(values, config=config), _phonetic_code)


def first_names_compatible(a: pd.Series, b: pd.Series, *, config: NormalizeConfig = DEFAULT_CONFIG,
                           keyed: bool = False) -> pd.Series:
    """Whether the first names in ``a`` and ``b`` (paired by position) may belong to one person.

    True when either is missing (no evidence against), or, comparing name keys:
    equal; one an initial of the other (J. / Jens); nickname or short form
    (``config.nicknames``: Hans / Johannes, Sepp / Josef, Lasse / Lars);
    spelling variant (Søren / Soren, Stefan / Stephan, Carsten / Karsten, Nils /
    Niels: same after the loose spellings ph→f, th→t, c→k, z→s, y→i, ae→a, doubled
    letters single, …); a truncation (a start of three letters or more: Pou / Poul,
    Alex / Alexander — unless the rest is a female or male ending, Jan / Jana); one
    edit on names of four letters or more (Has / Hans, Hqnne / Hanne, also of a
    truncation: Aex / Alexander) that keeps the last letter; or a typo (Jaro–Winkler
    ≥ ``config.first_name_similarity``). Never compatible by the last two: names
    that differ in their last one or two letters (Daniel / Daniela, Peter / Petra,
    Heike / Heiko, Frank / Franz: different people). For several given names the
    shorter list must match, in order, within the longer (Hans-Peter / Peter, H. P.).

    The rules run once per distinct pair of names, and only for the pairs that meet one of
    their necessary conditions (checked for all pairs at once): the rest clearly differ.
    With ``keyed=True`` the names are :func:`name_key` results already and are not keyed again.

    Returns:
        Booleans with the index of ``a``.

    Examples:
        >>> first_names_compatible(pd.Series(["Jens", "Hans", "Anna", "Daniel", "Søren", "Has", "Aex", "Jan", None]),
        ...                        pd.Series(["J.", "Johannes", "Peter", "Daniela", "Soren", "Hans", "Alexander",
        ...                                   "Jens", "Eva"])).tolist()
        [True, True, False, False, True, True, True, False, True]
    """
    left = (a if keyed else name_key(a, config=config)).to_numpy(dtype=object)
    right = (b if keyed else name_key(b, config=config)).to_numpy(dtype=object)
    if len(left) != len(right):
        raise ValueError(f"first_names_compatible needs two columns of one length, got {len(left)} and {len(right)}")
    result = np.ones(len(left), dtype=bool)
    undecided = pd.notna(left) & pd.notna(right) & (left != right)
    if undecided.any():
        names, first, second, pair_of = _distinct_pairs(left[undecided], right[undecided])
        variants = _variants(config.nicknames)
        decided = np.zeros(len(first), dtype=bool)
        ask = np.flatnonzero(_may_be_compatible(names, first, second, variants, config.first_name_similarity))
        decided[ask] = [_pair_compatible(names[x], names[y], variants, config.first_name_similarity)
                        for x, y in zip(first[ask], second[ask], strict=True)]
        result[undecided] = decided[pair_of]
    return pd.Series(result, index=a.index, dtype=bool)


def _distinct_pairs(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The names of both sides as one vocabulary, the distinct pairs as codes into it, and each row's pair."""
    codes, names = distinct_texts(pd.Series(np.concatenate([left, right]), dtype=object))
    size = np.int64(len(names))
    pair_of, distinct = pd.factorize(codes[: len(left)] * size + codes[len(left):])
    distinct = np.asarray(distinct, dtype=np.int64)
    return names, distinct // size, distinct % size, pair_of


def _may_be_compatible(names: np.ndarray, first: np.ndarray, second: np.ndarray, variants: _Variants,
                       threshold: float) -> np.ndarray:
    """Which distinct pairs (codes into ``names``) the rules must look at: every rule has a cheap necessary
    condition (an initial, several words, a listed nickname, one loose spelling, the similarity, one edit on
    the start — a truncation is one too), checked for all pairs at once and the per-name ones once per name;
    a pair that meets none is clearly two names."""
    lengths = np.fromiter(map(len, names), dtype=np.int64, count=len(names))
    spaced = np.fromiter((" " in name for name in names), dtype=bool, count=len(names))
    listed_names = set(variants.full) | set(variants.short)
    listed = np.fromiter((name in listed_names for name in names), dtype=bool, count=len(names))
    loose = pd.factorize(np.array([_loose(name) for name in names], dtype=object))[0]
    x, y = names[first], names[second]
    shortest = np.minimum(lengths[first], lengths[second])
    similar = process.cpdist(x, y, scorer=JaroWinkler.similarity, dtype=np.float32, workers=-1) >= threshold
    ask = (shortest <= 1) | (listed[first] & listed[second]) | (loose[first] == loose[second]) | similar
    several = np.flatnonzero(spaced[first] | spaced[second])
    if len(several):
        ask[several] |= _words_may_be_compatible(x[several], y[several], variants, threshold)
    rest = np.flatnonzero(~ask & (shortest >= _MIN_TRUNCATION))
    x_first = lengths[first[rest]] <= lengths[second[rest]]
    short = np.where(x_first, x[rest], y[rest])
    long = np.where(x_first, y[rest], x[rest])
    starts = [word[: len(part) + 1] for part, word in zip(short, long, strict=True)]
    ask[rest] = process.cpdist(short, starts, scorer=OSA.distance, workers=-1) <= 1
    return ask


def _words_may_be_compatible(x: np.ndarray, y: np.ndarray, variants: _Variants, threshold: float) -> np.ndarray:
    """For names of several words: whether they are one name but for the spaces, or every word of the one with
    fewer words meets a word of the other that :func:`_may_be_compatible` lets through (what the rules need)."""
    pair_of_word, heads, others = [], [], []
    for pair, (a, b) in enumerate(zip(x, y, strict=True)):
        shorter, longer = _word_lists(a, b)
        for word in shorter:
            pair_of_word.append(pair)
            heads.append(word)
            others.append(longer)
    word_of_row = np.repeat(np.arange(len(heads)), [len(words) for words in others])
    codes, words = distinct_texts(pd.Series([*heads, *(word for words in others for word in words)], dtype=object))
    met = _may_be_compatible(words, codes[word_of_row], codes[len(heads):], variants, threshold)
    unmet = np.bincount(word_of_row, weights=met, minlength=len(heads)) == 0
    several_unmet = np.bincount(np.asarray(pair_of_word, dtype=np.int64), weights=unmet, minlength=len(x))
    joined = np.fromiter(map(_one_name_but_spaces, x, y), dtype=bool, count=len(x))
    return joined | (several_unmet == 0)


def split_full_name(text: str, *, config: NormalizeConfig = DEFAULT_CONFIG) -> tuple[str | None, str | None]:
    """A full name as ``(first name, last name)``, for sources that give only the whole name.

    ``Last, First`` is split at the comma; otherwise the last word is the last name
    and the words before it the first name(s). Salutations and titles at the start
    (``config.name_titles``) are left out of both. The parts keep their spelling.

    Examples:
        >>> split_full_name("Dr. Anna Maria Weiß"), split_full_name("Weiß, Anna"), split_full_name("Anna")
        (('Anna Maria', 'Weiß'), ('Anna', 'Weiß'), (None, 'Anna'))
    """
    if "," in text:
        last, _, first = text.partition(",")
        words = first.split()
    else:
        words = text.split()
        last = words.pop() if words else ""
    while words and all(part in config.name_titles for part in _BREAKS.sub(" ", fold(words[0])).split()):
        words.pop(0)
    return " ".join(words) or None, last.strip() or None


def _name_key(text: str, titles: frozenset[str]) -> str | None:
    words = _BREAKS.sub(" ", _APOSTROPHES.sub("", fold(text))).split()
    start = 0
    while start < len(words) - 1 and words[start] in titles:
        start += 1
    return " ".join(words[start:]) or None


def _phonetic_code(key: str) -> str | None:
    codes = [code for _, code in cologne_phonetics.encode(key) if code]
    return " ".join(codes) or None


class _Variants:
    """Nickname table as an index: which entries a name is a full form or a short form of."""

    def __init__(self, table: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]) -> None:
        self.full: defaultdict[str, set[int]] = defaultdict(set)
        self.short: defaultdict[str, set[int]] = defaultdict(set)
        for entry, (full_forms, short_forms) in enumerate(table):
            for name in full_forms:
                self.full[fold(name)].add(entry)
            for name in short_forms:
                self.short[fold(name)].add(entry)

    def related(self, x: str, y: str) -> bool:
        return bool(self.full.get(x, set()) & (self.full.get(y, set()) | self.short.get(y, set()))
                    or self.full.get(y, set()) & self.short.get(x, set()))


@functools.cache
def _variants(table: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]) -> _Variants:
    return _Variants(table)


def _pair_compatible(x: str, y: str, variants: _Variants, threshold: float) -> bool:
    if _one_name_but_spaces(x, y):
        return True
    shorter, longer = _word_lists(x, y)
    remaining = iter(longer)
    return all(any(_words_compatible(word, other, variants, threshold) for other in remaining) for word in shorter)


def _one_name_but_spaces(x: str, y: str) -> bool:
    return x.replace(" ", "") == y.replace(" ", "")


def _word_lists(x: str, y: str) -> tuple[list[str], list[str]]:
    """The words of the name with fewer words (the first when both have as many) and of the other: the rules
    look for the first's words, in order, among the second's."""
    shorter, longer = sorted((x.split(), y.split()), key=len)
    return shorter, longer


@functools.lru_cache(maxsize=1 << 16)
def _words_compatible(x: str, y: str, variants: _Variants, threshold: float) -> bool:
    return (
        x == y
        or (len(x) == 1 and y.startswith(x))
        or (len(y) == 1 and x.startswith(y))
        or variants.related(x, y)
        or _loose(x) == _loose(y)
        or _truncated(x, y)
        or _one_edit(x, y)
        or (JaroWinkler.similarity(x, y) >= threshold and not _different_ending(x, y))
    )


_MIN_TRUNCATION = 3
_MIN_EDITED = 4
_GENDER_ENDINGS = frozenset({"a", "e", "o", "n", "s", "ne", "na", "ia", "ie"})
"""What turns one given name into another (Jan / Jana, Simon / Simone, Julia / Julian, Andrea / Andreas)."""


def _truncated(x: str, y: str) -> bool:
    """The shorter name is the start of the longer (Pou / Poul, Alex / Alexander), not a name with another ending."""
    short, long = sorted((x, y), key=len)
    return (len(short) >= _MIN_TRUNCATION and long.startswith(short)
            and long[len(short):] not in _GENDER_ENDINGS)


def _one_edit(x: str, y: str) -> bool:
    """One typo (OSA edit) apart on four letters or more, or from the start of the longer name (Aex / Alex…),
    keeping the last letter (or swapping the last two): a changed ending makes another name."""
    short, long = sorted((x, y), key=len)
    if len(short) < _MIN_TRUNCATION:
        return False
    start = long[: len(short) + 1]
    if len(start) < _MIN_EDITED or OSA.distance(short, start) != 1:
        return False
    return short[-1] == start[-1] or (short[-2:] == start[-1:-3:-1] and len(short) == len(start))


@functools.lru_cache(maxsize=1 << 16)
def _loose(name: str) -> str:
    for spelling, replacement in _LOOSE_SPELLINGS:
        name = name.replace(spelling, replacement)
    return _DOUBLED.sub(r"\1", name)


def _different_ending(x: str, y: str) -> bool:
    """Names that differ only in their last one or two letters, and not by swapping them."""
    common = next((i for i, (a, b) in enumerate(zip(x, y, strict=False)) if a != b), min(len(x), len(y)))
    rest_x, rest_y = x[common:], y[common:]
    return max(len(rest_x), len(rest_y)) <= 2 and sorted(rest_x) != sorted(rest_y)
