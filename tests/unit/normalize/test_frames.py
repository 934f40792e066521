import pandas as pd

from workbench.normalize import ISSUE_COLUMNS, KEY_COLUMNS, add_keys, normalization_issues
from workbench.normalize.frames import encoded_keys


def customers():
    return pd.DataFrame(
        {
            "customer_no": ["K1", "K2", "K3"],
            "company": ["Müller GmbH & Co. KG", None, "Jensen & Søn A/S"],
            "first_name": ["Jürgen", "Anna", "Søren"],
            "last_name": ["Müller-Lüdenscheidt", "Berg", "Jensen"],
            "email": [" J.Mueller@Firma.DE", "keine@firma.de", "info@jensen.dk"],
            "phone": ["(030) 123456-78", "0000000", "20 30 40 50"],
            "mobile": ["0171/1234567", "0171 12", None],
            "street": ["Hauptstr. 5", "Gl. Kongevej 3", "Nørrebrogade 12, 2. th."],
            "postcode": ["1067", "D-12345", "DK-2200"],
            "city": ["Dresden", "12345 Berlin", "København N"],
            "country": ["Deutschland", None, "Danmark"],
            "status": ["aktiv", "vielleicht", "1"],
            "updated_at": ["01.02.2026 13:45", "morgen", "46054"],
            "Lieblingsfarbe": ["blau", "rot", "grøn"],
        },
        index=pd.Index([3, 4, 5], name="row"),
    )


def test_add_keys_adds_every_key_column_and_keeps_the_originals():
    frame = customers()
    keyed = add_keys(frame)
    assert list(keyed.columns) == [*frame.columns, *KEY_COLUMNS]
    pd.testing.assert_frame_equal(keyed[frame.columns], frame)
    assert keyed.index.equals(frame.index)
    row = keyed.loc[3]
    assert row["email_key"] == "j.mueller@firma.de"
    assert row["phone_key"] == "+493012345678"
    assert row["mobile_key"] == "+491711234567"
    assert row["first_name_key"] == "juergen"
    assert row["last_name_key"] == "mueller luedenscheidt"
    assert row["last_name_phonetic_key"] == "657 52682"
    assert row["company_key"] == "mueller"
    assert row["street_key"] == "hauptstrasse 5"
    assert row["postcode_key"] == "01067"  # the zero Excel dropped, since the row is in Germany
    assert row["city_key"] == "dresden"
    assert row["country_key"] == "DE"
    assert row["status_key"] == "active"
    assert row["updated_at_key"] == pd.Timestamp("2026-02-01 13:45")
    assert row["vat_id_key"] is None  # no vat_id column
    assert not row["phone_unvalidated"]
    assert not row["mobile_unvalidated"]


def test_unvalidated_phones_keep_a_key_and_are_flagged():
    frame = customers().assign(mobile=["+45 1234 5678", "13 57 24 68", None], country=[None, "Danmark", "Danmark"],
                               vat_id=["DE 123 456 789", "12345678", None])
    keyed = add_keys(frame)
    assert keyed["mobile_key"].tolist() == ["+4512345678", "+4513572468", None]
    assert keyed["mobile_unvalidated"].tolist() == [True, True, False]
    assert keyed["vat_id_key"].tolist() == ["DE123456789", "DK12345678", None]
    problems = normalization_issues(frame, keyed)
    assert problems.loc[problems["field"] == "mobile", "problem"].tolist() == [
        "unvalidated phone number for DE (compared as +4512345678)",
        "unvalidated phone number for DK (compared as +4513572468)"]


def test_phones_are_read_in_the_rows_country():
    keyed = add_keys(customers())
    assert keyed.loc[5, "phone_key"] == "+4520304050"  # Danmark
    assert keyed.loc[4, "phone_key"] is None  # placeholder


def test_default_region_applies_to_rows_without_a_country():
    frame = customers().assign(country=None, phone="20 30 40 50")
    assert add_keys(frame, default_region="DK")["phone_key"].tolist() == ["+4520304050"] * 3


def test_missing_source_fields_give_empty_key_columns():
    frame = pd.DataFrame({"customer_no": ["1", "2"], "last_name": ["Berg", None]})
    keyed = add_keys(frame)
    assert list(keyed.columns) == ["customer_no", "last_name", *KEY_COLUMNS]
    assert keyed["email_key"].tolist() == [None, None]
    assert keyed["last_name_key"].tolist() == ["berg", None]
    assert keyed["updated_at_key"].isna().all()
    assert keyed["updated_at_key"].dtype == "datetime64[ns]"
    assert keyed["phone_key"].tolist() == [None, None]
    assert keyed["phone_unvalidated"].tolist() == [False, False]
    assert add_keys(frame[["customer_no"]])["last_name_phonetic_key"].tolist() == [None, None]


def test_encoded_keys_are_the_key_columns_of_add_keys_as_categoricals():
    frame = customers().assign(email=[" J.Mueller@Firma.DE", None, "j.mueller@firma.de"])
    keyed = add_keys(frame)
    columns = ["email_key", "phone_key", "last_name_phonetic_key", "vat_id_key", "postcode_key"]
    encoded = encoded_keys(frame, columns)
    assert list(encoded) == columns
    for column, categorical in encoded.items():
        assert categorical.to_numpy(dtype=object, na_value=None).tolist() == keyed[column].tolist(), column
    assert encoded["email_key"].codes.tolist() == [0, -1, 0]  # one category per distinct key


def test_add_keys_on_an_empty_frame():
    frame = pd.DataFrame({"customer_no": pd.Series([], dtype=object), "email": pd.Series([], dtype=object)})
    assert list(add_keys(frame).columns) == ["customer_no", "email", *KEY_COLUMNS]


def test_add_keys_twice_gives_the_same_frame():
    once = add_keys(customers())
    pd.testing.assert_frame_equal(add_keys(once), once)


def test_normalization_issues_report():
    frame = customers()
    issues = normalization_issues(frame)
    assert list(issues.columns) == list(ISSUE_COLUMNS)
    assert issues.to_dict("records") == [
        {"row": 4, "field": "email", "value": "keine@firma.de", "problem": "placeholder e-mail"},
        {"row": 4, "field": "phone", "value": "0000000", "problem": "placeholder phone number"},
        {"row": 4, "field": "mobile", "value": "0171 12", "problem": "invalid phone number for DE"},
        {"row": 4, "field": "status", "value": "vielleicht", "problem": "unknown status"},
        {"row": 4, "field": "updated_at", "value": "morgen", "problem": "unreadable date"},
    ]


def test_normalization_issues_reuses_given_keys_and_names_the_region():
    frame = customers().assign(mobile=["0171 12", None, "12"], country=["Deutschland", "Atlantis", "Danmark"],
                               email=["anna@firma", None, None])
    issues = normalization_issues(frame, add_keys(frame))
    assert issues[["row", "field", "problem"]].values.tolist() == [
        [3, "email", "not an e-mail address"],
        [3, "mobile", "invalid phone number for DE"],
        [4, "phone", "placeholder phone number"],
        [4, "country", "unknown country"],
        [4, "status", "unknown status"],
        [4, "updated_at", "unreadable date"],
        [5, "mobile", "invalid phone number for DK"],
    ]


def test_a_clean_frame_has_no_issues():
    frame = pd.DataFrame({"email": ["anna@firma.de"], "phone": ["030 123456"], "country": ["DE"]})
    issues = normalization_issues(frame)
    assert issues.empty
    assert list(issues.columns) == list(ISSUE_COLUMNS)
