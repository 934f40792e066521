from dataclasses import replace

import pandas as pd
import pytest

from workbench.normalize import DEFAULT_CONFIG, email_issue, email_key, is_role_mailbox


def one(function, value, **options):
    return function(pd.Series([value]), **options).tolist()[0]


@pytest.mark.parametrize(
    ("value", "key"),
    [
        (" Anna.Berg@Firma.DE ", "anna.berg@firma.de"),
        ("ANNA.BERG@FIRMA.DE", "anna.berg@firma.de"),
        ("mailto:jens@post.dk", "jens@post.dk"),
        ("Max Mustermann <max.m@web.de>", "max.m@web.de"),
        ("søren@firma.dk", "søren@firma.dk"),  # kept as written, only lower-cased
        ("hans+crm@sub.firma.co.uk", "hans+crm@sub.firma.co.uk"),
    ],
)
def test_email_key_trims_and_lower_cases(value, key):
    assert one(email_key, value) == key


@pytest.mark.parametrize(
    "value",
    ["anna@firma", "anna.firma.de", "anna@@firma.de", "anna@firma.de; jens@firma.de", "anna berg@firma.de",
     "@firma.de", "anna@.de", "anna@firma.d", "anna@firma..de", "kein E-Mail"],
)
def test_email_key_is_none_and_issue_invalid_for_what_is_not_an_address(value):
    assert one(email_key, value) is None
    assert one(email_issue, value) == "invalid"


@pytest.mark.parametrize(
    "value",
    ["keine@firma.de", "KEINE@firma.de", "noemail@web.de", "no-email@firma.de", "no@mail.de", "x@x.de",
     "test@test.de", "info@example.com", "anna@example.org", "kunde@beispiel.de", "xxx@firma.de",
     "ingen@firma.dk", "noreply@firma.de", "max@mustermann.de", "anna@firma.invalid", "a@aaa.com"],
)
def test_placeholder_emails_give_no_key(value):
    assert one(email_key, value) is None
    assert one(email_issue, value) == "placeholder"


def test_real_addresses_near_placeholders_are_kept():
    for value in ["keinert@firma.de", "nora@mail.de", "testa@firma.de", "info@example-bau.de", "xavier@firma.de"]:
        assert one(email_key, value) == value
        assert one(email_issue, value) is None


def test_email_issue_missing():
    assert email_issue(pd.Series([None, "", "  "])).tolist() == ["missing", "missing", "missing"]


def test_placeholder_list_is_configurable():
    config = replace(DEFAULT_CONFIG, placeholder_email_local_parts=frozenset({"dummy"}))
    assert one(email_key, "keine@firma.de", config=config) == "keine@firma.de"
    assert one(email_key, "dummy@firma.de", config=config) is None


@pytest.mark.parametrize(
    "value",
    ["info@firma.de", "INFO@firma.de", "kontakt@firma.de", "office@firma.at", "post@firma.dk", "mail@firma.de",
     "service@firma.de", "support@firma.de", "sales@firma.de", "vertrieb@firma.de", "buchhaltung@firma.de",
     "rechnung@firma.de", "kundenservice@firma.de", "hello@firma.de", "hej@firma.dk", "salg@firma.dk",
     "bogholderi@firma.dk", "admin@firma.de", "team@firma.de", "info-berlin@firma.de", "service.center@firma.de",
     "info2@firma.de", "kontakt+web@firma.de"],
)
def test_role_mailboxes(value):
    assert one(is_role_mailbox, value) is True


@pytest.mark.parametrize("value", ["anna.berg@firma.de", "anna.info@firma.de", "informatik.mueller@uni.de",
                                   "postma@firma.de", None, "keine email"])
def test_personal_and_unusable_addresses_are_not_role_mailboxes(value):
    assert one(is_role_mailbox, value) is False


def test_role_mailbox_list_is_configurable():
    config = replace(DEFAULT_CONFIG, role_mailboxes=DEFAULT_CONFIG.role_mailboxes | {"praxis"})
    assert one(is_role_mailbox, "praxis@dr-berg.de") is False
    assert one(is_role_mailbox, "praxis@dr-berg.de", config=config) is True
