from dataclasses import replace

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.normalize import DEFAULT_CONFIG, email_issue, email_key, is_role_mailbox
from workbench.normalize.emails import _is_role, _key_and_issue


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


PIECES = ["a", "B", "x", "xx", "anna", "no-email", "keine", "k_e.i-n.e", "test", "info", "@", ".", "..", "-", "_", "+",
          "%", "example", "EXAMPLE", "de", "dk", "invalid", "c", " ", "<", ">", "mailto:", "Ä", "1", "é", "\x00", ","]
ADDRESSES = st.one_of(st.lists(st.sampled_from(PIECES), max_size=9).map("".join),
                      st.builds("{}@{}.{}".format, *[st.lists(st.sampled_from(PIECES), max_size=3).map("".join)] * 3))


@settings(max_examples=500, deadline=None)
@given(values=st.lists(ADDRESSES, max_size=25))
def test_plain_addresses_read_in_arrow_give_the_key_and_issue_of_reading_one_by_one(values):
    column = pd.Series(values, dtype=object)
    expected = [_key_and_issue(value, DEFAULT_CONFIG) for value in values]
    assert email_key(column).tolist() == [key for key, _ in expected]
    assert email_issue(column).tolist() == [issue for _, issue in expected]


ROLE_KEYS = st.lists(st.sampled_from(["info", "kontakt", "salg", "anna", "no.reply", "-", ".", "_", "+", "1", "@", "x",
                                      "de", "info@", "fam"]), max_size=6).map("".join)


@settings(max_examples=300, deadline=None)
@given(keys=st.lists(ROLE_KEYS, max_size=20), roles=st.sets(st.sampled_from(["info", "salg", "no.reply", "a+b", "x"])))
def test_role_mailboxes_found_in_arrow_are_those_found_one_by_one(keys, roles):
    config = replace(DEFAULT_CONFIG, role_mailboxes=frozenset(roles))
    found = is_role_mailbox(pd.Series(keys, dtype=object), config=config, keyed=True).tolist()
    assert found == [_is_role(key, frozenset(roles)) for key in keys]
