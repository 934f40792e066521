from dataclasses import replace

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from workbench.normalize import DEFAULT_CONFIG, first_names_compatible, name_key, phonetic_key
from workbench.normalize.names import _pair_compatible, _variants


def keys(function, values, **options):
    return function(pd.Series(values, dtype=object), **options).tolist()


def test_name_key_folds_umlauts_danish_letters_case_and_space():
    assert keys(name_key, ["Müller", "MUELLER", " mueller ", "Jørgensen", "Joergensen", "Søren"]) == [
        "mueller", "mueller", "mueller", "joergensen", "joergensen", "soeren"]


def test_name_key_punctuation():
    assert keys(name_key, ["Müller-Lüdenscheidt", "Müller Lüdenscheidt", "O'Brien", "O’Brien", "J.", "J.-P.",
                           "Hans-Peter", "Anna_Maria"]) == [
        "mueller luedenscheidt", "mueller luedenscheidt", "obrien", "obrien", "j", "j p", "hans peter", "anna maria"]


def test_name_key_drops_titles_at_the_start_only():
    assert keys(name_key, ["Dr. Anna Berg", "Prof. Dr. Hans", "Herr Jens", "Fru Mette", "Hr. Lars", "Herr",
                           "Anna Frau", "Dr.Müller"]) == [
        "anna berg", "hans", "jens", "mette", "lars", "herr", "anna frau", "mueller"]


def test_name_key_missing():
    assert keys(name_key, [None, "", "  ", "-", "."]) == [None, None, None, None, None]


def test_phonetic_key_groups_spellings_of_one_surname():
    assert len(set(keys(phonetic_key, ["Müller", "Mueller", "Möller", "Miller", "MUELLER"]))) == 1
    assert len(set(keys(phonetic_key, ["Meyer", "Meier", "Maier", "Mayer"]))) == 1
    assert len(set(keys(phonetic_key, ["Schmidt", "Schmitt", "Schmid"]))) == 1
    assert keys(phonetic_key, ["Jørgensen", "Jörgensen", "Joergensen"]) == ["074686"] * 3
    assert keys(phonetic_key, ["Müller"]) != keys(phonetic_key, ["Schmidt"])


def test_phonetic_key_codes_each_part_of_a_double_name():
    assert keys(phonetic_key, ["Müller-Lüdenscheidt", "Müller Lüdenscheidt", "Müller"]) == [
        "657 52682", "657 52682", "657"]


def test_phonetic_key_ignores_titles_and_is_none_without_latin_letters():
    assert keys(phonetic_key, ["Dr. Müller", "Σμιθ", "", None, "123"]) == ["657", None, None, None, None]


COMPATIBLE = [
    ("Jens", "Jens"), ("Jens", "J."), ("J", "Jens"), ("Hans", "Johannes"), ("Johannes", "Hans"), ("Kai", "Kaj"),
    ("Chris", "Christian"), ("Christina", "Chris"), ("Sepp", "Josef"), ("Joseph", "Josef"), ("Lars", "Lasse"),
    ("Søren", "Soren"), ("Søren", "Sören"), ("Jürgen", "Juergen"), ("Stefan", "Stephan"), ("Carsten", "Karsten"),
    ("Claus", "Klaus"), ("Nils", "Niels"), ("Matthias", "Mathias"), ("Michael", "Mikael"), ("Christian", "Kristian"),
    ("Thomas", "Thomsa"), ("Micheal", "Michael"), ("Birgit", "Birgitt"), ("Peter", "Peder"), ("Elisabeth", "Lisa"),
    ("Margrethe", "Mette"), ("Hans-Peter", "Peter"), ("Hans-Peter", "Hans Peter"), ("Hans-Peter", "Hanspeter"),
    ("H. P.", "Hans-Peter"), ("Anna Maria", "Anna"), ("Dr. Jens", "Jens"), ("Heinz", "Heinrich"),
    # one edit on four letters or more, truncations of three or more (also with a typo)
    ("Has", "Hans"), ("Hqnne", "Hanne"), ("Jörvg", "Jörg"), ("Nies", "Niels"), ("Eric Lasse", "Eric Kasse"),
    ("Pou", "Poul"), ("Tomm", "Tommy"), ("Alex", "Alexander"), ("Aex", "Alexander"),
]
INCOMPATIBLE = [
    ("Anna", "Peter"), ("Jens", "Jan"), ("Jens", "Hans"), ("Daniel", "Daniela"), ("Peter", "Petra"),
    ("Michael", "Michaela"), ("Julia", "Julian"), ("Heike", "Heiko"), ("Anna", "Anne"), ("Maria", "Marie"),
    ("Sabine", "Sabrina"), ("Frank", "Franz"), ("Hans-Peter", "Hans-Jürgen"), ("J.", "Peter"), ("Klaus", "Niko"),
    ("Chris", "Tina"), ("Martin", "Martina"), ("Jan", "Jana"), ("Simon", "Simone"), ("Jan", "Jens"),
    ("Ida", "Ina"), ("Ole", "Olaf"), ("Lene", "Lena"), ("Paul", "Paula"), ("Andrea", "Andreas"),
]


@pytest.mark.parametrize(("a", "b"), COMPATIBLE)
def test_first_names_of_one_person(a, b):
    assert first_names_compatible(pd.Series([a]), pd.Series([b])).tolist() == [True]
    assert first_names_compatible(pd.Series([b]), pd.Series([a])).tolist() == [True]


@pytest.mark.parametrize(("a", "b"), INCOMPATIBLE)
def test_clearly_different_first_names(a, b):
    assert first_names_compatible(pd.Series([a]), pd.Series([b])).tolist() == [False]
    assert first_names_compatible(pd.Series([b]), pd.Series([a])).tolist() == [False]


def test_missing_first_name_is_no_evidence_against():
    result = first_names_compatible(pd.Series([None, "Anna", "", None]), pd.Series(["Anna", None, "Peter", None]))
    assert result.tolist() == [True, True, True, True]


def test_first_names_compatible_is_vectorised_over_pairs_by_position():
    a = pd.Series(["Jens", "Anna", "Hans"] * 1000, index=range(100, 3100))
    b = pd.Series(["J.", "Peter", "Johannes"] * 1000)
    result = first_names_compatible(a, b)
    assert result.index.equals(a.index)
    assert result.dtype == bool
    assert result.tolist() == [True, False, True] * 1000


def test_first_names_compatible_needs_equal_lengths():
    with pytest.raises(ValueError, match="one length"):
        first_names_compatible(pd.Series(["a"]), pd.Series(["a", "b"]))


def test_nicknames_and_threshold_are_configurable():
    none = replace(DEFAULT_CONFIG, nicknames=())
    assert first_names_compatible(pd.Series(["Hans"]), pd.Series(["Johannes"]), config=none).tolist() == [False]
    strict = replace(DEFAULT_CONFIG, first_name_similarity=0.99)  # two typos: only the similarity forgives them
    assert first_names_compatible(pd.Series(["Sebastian"]), pd.Series(["Sebstiaan"])).tolist() == [True]
    assert first_names_compatible(pd.Series(["Sebastian"]), pd.Series(["Sebstiaan"]), config=strict).tolist() == [False]


def test_phonetic_key_of_name_keys_needs_no_second_keying():
    names = pd.Series(["Müller-Lüdenscheidt", "  MÜLLER ", None, "Σμιθ", "O'Brien"], dtype=object)
    assert phonetic_key(name_key(names), keyed=True).tolist() == phonetic_key(names).tolist()


def test_first_names_compatible_on_name_keys_needs_no_second_keying():
    a = pd.Series(["Hans", "J.", "Anna", "Daniel", "Søren", None, "Hans-Peter"], dtype=object)
    b = pd.Series(["Johannes", "Jens", "Peter", "Daniela", "Soren", "Eva", "Peter"], dtype=object)
    keyed = first_names_compatible(name_key(a), name_key(b), keyed=True)
    assert keyed.tolist() == first_names_compatible(a, b).tolist() == [True, True, False, False, True, True, True]


_NAME_PARTS = st.sampled_from(["hans", "johannes", "jens", "j", "anna", "anne", "annika", "peter", "petra", "soeren",
                               "soren", "stefan", "stephan", "alex", "alexander", "aex", "jan", "jana", "lars",
                               "lasse", "karsten", "carsten", "nils", "niels", "maria", "marie", "h", "p"])
_NAME_KEYS = st.one_of(
    _NAME_PARTS,
    st.lists(_NAME_PARTS, min_size=2, max_size=3).map(" ".join),
    st.text(alphabet="aeiknrst", max_size=12),
)


@st.composite
def _related_names(draw: st.DrawFn) -> tuple[str, str]:
    """A name and a start of it, or the name with one letter changed, dropped or added (the rules' typos)."""
    name = draw(st.text(alphabet="aeiknrst", min_size=3, max_size=12))
    at = draw(st.integers(0, len(name) - 1))
    letter = draw(st.sampled_from("aeiknrst"))
    other = draw(st.sampled_from([
        name[: at + 1], name[:at] + letter + name[at + 1:], name[:at] + name[at + 1:], name[:at] + letter + name[at:],
        name[:at] + name[at + 1: at + 2] + name[at] + name[at + 2:]]))
    return (name, other) if draw(st.booleans()) else (other, name)


@settings(max_examples=200, deadline=None)
@example([("hans", "johannes"), ("anna maria", "maria"), ("j", "jens"), ("stephan", "stefan"), ("alex", "alexander"),
          ("sebastian", "sebstiaan"), ("ab cd", "abcd")])
@given(st.lists(st.one_of(st.tuples(_NAME_KEYS, _NAME_KEYS), _related_names()), min_size=1, max_size=40))
def test_the_cheap_conditions_never_pass_over_a_pair_the_rules_find_compatible(pairs):
    """Only pairs meeting a necessary condition go through the rules; every other pair must be one the
    rules themselves call two names."""
    left, right = (pd.Series(side, dtype=object) for side in zip(*pairs, strict=True))
    variants = _variants(DEFAULT_CONFIG.nicknames)
    by_rules = [x == y or _pair_compatible(x, y, variants, DEFAULT_CONFIG.first_name_similarity) for x, y in pairs]
    assert first_names_compatible(left, right, keyed=True).tolist() == by_rules
