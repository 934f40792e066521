import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.normalize import city_key, postcode_key, street_key
from workbench.normalize.places import _street_key, _street_name_rule
from workbench.normalize.vocabulary import DEFAULT_CONFIG


def keys(function, values, *args):
    return function(pd.Series(values, dtype=object), *args).tolist()


@pytest.mark.parametrize(
    "value",
    ["Hauptstraße 5", "Hauptstrasse 5", "Hauptstr. 5", "Hauptstr 5", "HAUPTSTRASSE 5", "Haupt-Straße 5",
     "Haupt Str. 5", "Hauptstraße  5", " hauptstraße 5 "],
)
def test_german_street_spellings(value):
    assert keys(street_key, [value]) == ["hauptstrasse 5"]


def test_house_numbers_are_kept_and_folded():
    assert keys(street_key, ["Hauptstraße 5", "Hauptstraße 5a", "Hauptstraße 5 a", "Hauptstraße 7", "Hauptstraße 12-14"
                             ]) == ["hauptstrasse 5", "hauptstrasse 5a", "hauptstrasse 5a", "hauptstrasse 7",
                                    "hauptstrasse 1214"]


def test_streets_named_after_people():
    assert len(set(keys(street_key, ["Konrad-Adenauer-Str. 12", "Konrad Adenauer Straße 12",
                                     "Konrad-Adenauer-Strasse 12"]))) == 1


def test_danish_streets():
    assert keys(street_key, ["Nørrebrogade 12", "Noerrebrogade 12", "Vesterbrogade 12, 2. th.", "Vesterbrogade 12 2 th",
                             "Gl. Kongevej 3", "Gammel Kongevej 3", "Strandvej 4", "Strand vej. 4"]) == [
        "noerrebrogade 12", "noerrebrogade 12", "vesterbrogade 122th", "vesterbrogade 122th",
        "gammelkongevej 3", "gammelkongevej 3", "strandvej 4", "strandvej 4"]


def test_other_abbreviations_and_words_that_only_look_like_them():
    assert keys(street_key, ["Marktpl. 1", "Marktplatz 1", "St.-Georg-Str. 2", "Sankt-Georg-Straße 2",
                             "Strandweg 3", "Astrid-Lindgren-Weg 4"]) == [
        "marktplatz 1", "marktplatz 1", "sanktgeorgstrasse 2", "sanktgeorgstrasse 2", "strandweg 3",
        "astridlindgrenweg 4"]


def test_abbreviations_split_by_punctuation_are_written_out_so_a_key_keys_to_itself():
    streets = ["S:T 5", "S-tr 3", "Markt P.L. 2", "G:L"]  # hypothesis found "S:T" -> "st" -> "sankt"
    assert keys(street_key, streets) == ["sankt 5", "strasse 3", "marktplatz 2", "gammel"]
    assert keys(street_key, keys(street_key, streets)) == keys(street_key, streets)


def test_street_without_number_and_missing():
    assert keys(street_key, ["Am Markt", None, "", "-"]) == ["ammarkt", None, None, None]


def test_postcodes():
    values = ["12345", " 12345 ", "D-12345", "D 12345", "DE-12345", "DK-8000", "DK 8000", "8000", "A-1010", "CH-8001",
              "S-123 45", "123 45", "SW1A 1AA", "sw1a1aa", "12345.0", None, ""]
    assert keys(postcode_key, values) == [
        "12345", "12345", "12345", "12345", "12345", "8000", "8000", "8000", "1010", "8001", "12345", "12345",
        "SW1A1AA", "SW1A1AA", "12345", None, None]


def test_german_postcodes_get_back_the_zero_excel_dropped():
    values = ["1067", "1067.0", "01067", "8000", "1067", "4128", "04128"]
    countries = pd.Series(["DE", "DE", "DE", "DK", None, "DE", "DE"])
    assert keys(postcode_key, values, countries) == ["01067", "01067", "01067", "8000", "1067", "04128", "04128"]


def test_postcodes_of_other_fixed_length_countries_get_their_zeros_back():
    values = ["800", "100", "1010", "12", "SW1A 1AA", "123"]
    countries = pd.Series(["DK", "IT", "AT", "DE", "GB", "NL"])
    # at most two zeros: "12" is no German postcode; GB and NL postcodes are not all digits
    assert keys(postcode_key, values, countries) == ["0800", "00100", "1010", "12", "SW1A1AA", "123"]


def test_cities():
    assert keys(city_key, ["München", "MUENCHEN", "Muenchen ", "København", "Kobenhavn", "12345 Berlin",
                           "Berlin 10", "Frankfurt/Main", "Frankfurt (Main)", "St. Peter-Ording", "Sankt Peter Ording",
                           "Århus", "Aarhus", None, "12345"]) == [
        "muenchen", "muenchen", "muenchen", "koebenhavn", "kobenhavn", "berlin", "berlin", "frankfurt main",
        "frankfurt main", "sankt peter ording", "sankt peter ording", "aarhus", "aarhus", None, None]


STREETS = st.one_of(
    st.lists(st.sampled_from(["Haupt", "str.", "Str", "St.", "Gl.", "pl", "-", " ", "  ", ".", ",", "5", "12 a", "²",
                              "½", "١٢", "５", "Ø", "ß", "\u0301", "\t", "Weg", "Skt.", "12-14"]),
             max_size=8).map("".join),
    st.text(max_size=30),
)


@settings(max_examples=400, deadline=None)
@given(streets=st.lists(STREETS, max_size=20))
def test_keying_name_parts_and_house_numbers_apart_gives_the_key_of_the_whole_street(streets):
    name = _street_name_rule(DEFAULT_CONFIG)
    assert keys(street_key, streets) == [_street_key(street, name) for street in streets]
