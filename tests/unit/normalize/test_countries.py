from dataclasses import replace

import pandas as pd
import pytest

from workbench.normalize import DEFAULT_CONFIG, country_key


def key(value, **options):
    return country_key(pd.Series([value], dtype=object), **options).tolist()[0]


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("Deutschland", "DE"), ("Germany", "DE"), ("Tyskland", "DE"), ("DE", "DE"), ("de", "DE"), ("D", "DE"),
        ("DEU", "DE"), ("BRD", "DE"), ("Bundesrepublik Deutschland", "DE"), (" deutschland ", "DE"),
        ("Danmark", "DK"), ("Dänemark", "DK"), ("Daenemark", "DK"), ("Denmark", "DK"), ("DK", "DK"), ("DNK", "DK"),
        ("Österreich", "AT"), ("Oesterreich", "AT"), ("Austria", "AT"), ("Østrig", "AT"), ("A", "AT"), ("AUT", "AT"),
        ("Schweiz", "CH"), ("Switzerland", "CH"), ("Schweiz ", "CH"), ("CH", "CH"),
        ("Sverige", "SE"), ("Schweden", "SE"), ("Norge", "NO"), ("Norwegen", "NO"), ("Suomi", "FI"),
        ("Nederland", "NL"), ("Niederlande", "NL"), ("Holland", "NL"), ("Frankreich", "FR"), ("France", "FR"),
        ("Polen", "PL"), ("Polska", "PL"), ("Italien", "IT"), ("Italia", "IT"),
        ("Vereinigtes Königreich", "GB"), ("UK", "GB"), ("England", "GB"), ("USA", "US"), ("U.S.A.", "US"),
        ("Vereinigte Staaten", "US"), ("Grønland", "GL"), ("Færøerne", "FO"), ("Island", "IS"),
    ],
)
def test_country_names_and_codes(value, code):
    assert key(value) == code


@pytest.mark.parametrize("value", ["Atlantis", "Europa", "EU", "Welt", "ZZ", "", None, "123", "Deutschland/Dänemark"])
def test_unknown_countries(value):
    assert key(value) is None


def test_extra_names_are_configurable():
    config = replace(DEFAULT_CONFIG, country_aliases=(("Jylland", "DK"),))
    assert key("Jylland") is None
    assert key("Jylland", config=config) == "DK"
    assert key("Tyskland", config=config) == "DE"  # Babel names stay
