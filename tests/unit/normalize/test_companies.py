import pandas as pd
import pytest

from workbench.normalize import company_key, vat_key


def key(value):
    return company_key(pd.Series([value], dtype=object)).tolist()[0]


@pytest.mark.parametrize(
    "value",
    ["Müller", "Müller GmbH", "MÜLLER GMBH", "Mueller G.m.b.H.", "Müller mbH", "Müller GmbH & Co. KG",
     "Müller GmbH u. Co. KG", "Müller GmbH + Co KG", "Müller AG", "Müller KG", "Müller OHG", "Müller e.K.",
     "Müller e. K.", "Müller UG (haftungsbeschränkt)", "Müller UG", "Müller e.V.", "Müller SE", "Müller AG & Co. KG",
     "Müller, GmbH", "Müller GmbH & Co. KGaA", "Müller Ltd", "Müller Ltd.", "Müller Inc.", "Müller LLC",
     "Fa. Müller", "Firma Müller GmbH", "FA MÜLLER", "Müller Aktiengesellschaft", "Müller Gesellschaft mbH",
     "Müller Gesellschaft mit beschränkter Haftung", "Müller e.Kfm.", "Müller eingetragener Kaufmann",
     "Müller GmbH & Co.", "Müller Ges.m.b.H.", "Müller UG (haftungsbeschraenkt)", "Müller GmbH & Co KG"],
)
def test_german_and_international_legal_forms_are_dropped(value):
    assert key(value) == "mueller"


@pytest.mark.parametrize(
    "value",
    ["Møller", "Møller ApS", "MØLLER APS", "Møller A/S", "Møller A / S", "Møller AS", "Møller I/S", "Møller K/S",
     "Møller P/S", "Møller IVS", "Møller AmbA", "Møller a.m.b.a.", "Møller ApS.", "Firmaet Møller",
     "Møller Anpartsselskab", "Møller Aktieselskab", "Møller Interessentskab", "Møller Kommanditselskab"],
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
    assert key("Firma") == "firma"
    assert key("Fa. Firma") == "firma"


def test_firm_words_count_only_at_the_start():
    assert key("Druckerei Firma Schulz") == "druckerei firma schulz"
    assert key("Fabian Fa") == "fabian fa"


def vat(values, countries=None):
    return vat_key(pd.Series(values, dtype=object), None if countries is None else pd.Series(countries)).tolist()


def test_vat_ids_with_or_without_their_country_prefix_are_equal():
    assert vat(["DK12345678", "12345678", "DK 12 34 56 78", "dk-12345678", "CVR 12345678", "CVR-nr.: 12 34 56 78"],
               ["DK"] * 6) == ["DK12345678"] * 6
    assert vat(["DE123456789", "123 456 789", "USt-IdNr. DE 123.456.789", "de123456789"], ["DE"] * 4) == [
        "DE123456789"] * 4


def test_vat_prefix_written_wins_over_the_country_and_foreign_forms():
    assert vat(["DE123456789", "EL123456789", "CHE-123.456.789 MWST", "NO 123 456 789 MVA", "ATU12345678"],
               ["DK", "GR", "CH", "NO", "AT"]) == ["DE123456789", "EL123456789", "CHE123456789", "NO123456789",
                                                   "ATU12345678"]


def test_vat_without_prefix_or_country_is_the_number_alone():
    assert vat(["12345678", "DK12345678", None, "", "  "]) == ["12345678", "DK12345678", None, None, None]


def test_missing():
    assert company_key(pd.Series([None, "", " & ", "-"])).tolist() == [None, None, None, None]
