import pandas as pd
import pytest

from workbench.normalize import company_key


def key(value):
    return company_key(pd.Series([value], dtype=object)).tolist()[0]


@pytest.mark.parametrize(
    "value",
    ["Müller", "Müller GmbH", "MÜLLER GMBH", "Mueller G.m.b.H.", "Müller mbH", "Müller GmbH & Co. KG",
     "Müller GmbH u. Co. KG", "Müller GmbH + Co KG", "Müller AG", "Müller KG", "Müller OHG", "Müller e.K.",
     "Müller e. K.", "Müller UG (haftungsbeschränkt)", "Müller UG", "Müller e.V.", "Müller SE", "Müller AG & Co. KG",
     "Müller, GmbH", "Müller GmbH & Co. KGaA", "Müller Ltd", "Müller Ltd.", "Müller Inc.", "Müller LLC"],
)
def test_german_and_international_legal_forms_are_dropped(value):
    assert key(value) == "mueller"


@pytest.mark.parametrize(
    "value",
    ["Møller", "Møller ApS", "MØLLER APS", "Møller A/S", "Møller A / S", "Møller AS", "Møller I/S", "Møller K/S",
     "Møller P/S", "Møller IVS", "Møller AmbA", "Møller a.m.b.a.", "Møller ApS."],
)
def test_danish_legal_forms_are_dropped(value):
    assert key(value) == "moeller"


def test_connectors_and_punctuation():
    assert key("Müller & Söhne") == key("Müller und Söhne") == key("Müller u. Söhne") == "mueller soehne"
    assert key("Jensen & Søn A/S") == key("Jensen og Søn") == "jensen soen"


def test_legal_forms_inside_the_name_are_kept():
    assert key("AG Bau Schmidt GmbH") == "ag bau schmidt"
    assert key("KG Immobilien") == "kg immobilien"
    assert key("Agentur Berg") == "agentur berg"  # "ag" only as a whole word


def test_a_name_that_is_only_a_legal_form_keeps_it():
    assert key("GmbH") == "gmbh"
    assert key("A/S") == "a s"


def test_missing():
    assert company_key(pd.Series([None, "", " & ", "-"])).tolist() == [None, None, None, None]
