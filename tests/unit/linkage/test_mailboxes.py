"""Role, shared and placeholder mailboxes are no evidence of one person."""

from __future__ import annotations

import pandas as pd

from tests.unit.linkage.conftest import frame_of
from workbench.linkage import LinkageConfig, find_duplicates
from workbench.linkage.mailboxes import personal_email_keys, shared_mailboxes


def test_role_mailboxes_from_normalisation_are_not_personal() -> None:
    emails = pd.Series(["info@firma.de", "kontakt@firma.de", "office@firma.dk", "post@berg.de", "anna@web.de"])
    names = pd.Series(["a", "b", "c", "d", "e"])
    assert personal_email_keys(emails, names, min_names=3).tolist() == [None, None, None, None, "anna@web.de"]


def test_configured_role_mailboxes_are_added_to_the_list() -> None:
    emails = pd.Series(["praxis@dr-berg.de", "anna@web.de"])
    names = pd.Series(["a", "b"])
    assert personal_email_keys(emails, names, min_names=3).tolist() == ["praxis@dr-berg.de", "anna@web.de"]
    assert personal_email_keys(emails, names, min_names=3, role_mailboxes=["praxis"]).tolist() == [None,
                                                                                                  "anna@web.de"]


def test_an_address_used_by_several_names_is_shared() -> None:
    emails = pd.Series(["lund@web.de"] * 3 + ["berg@web.de"] * 2)
    names = pd.Series(["E|56", "J|56", "L|56", "A|17", "A|17"])  # three people; one person twice
    assert shared_mailboxes(emails, names, min_names=3).tolist() == ["lund@web.de"]
    assert personal_email_keys(emails, names, min_names=3).tolist() == [None] * 3 + ["berg@web.de"] * 2
    assert shared_mailboxes(emails, names, min_names=4).empty


def test_a_persons_own_typos_and_initials_do_not_make_a_mailbox_shared() -> None:
    customers = frame_of([("1", "Renate", "Kleinzellstedt", "renate.k@gmx.de", None, None, None, None),
                          ("2", "R.", "Kleinzelstedt", "renate.k@gmx.de", None, None, None, None),
                          ("3", "renate", "KLEINZELLSTEDT", "Renate.K@gmx.de", None, None, None, None)])
    sure = find_duplicates(customers).sure
    assert set(sure["rule"]) == {"PersonalEmailExact"}
    assert len(sure) == 3


def test_shared_mailbox_threshold_is_a_setting() -> None:
    family = frame_of([("1", "Eva", "Lund", "lund@web.de", None, None, None, None),
                       ("2", "Eva", "Lund", "lund@web.de", None, None, None, None),
                       ("3", "Jens", "Lund", "lund@web.de", None, None, None, None)])
    assert len(find_duplicates(family).sure) == 1  # two names: still personal; Eva twice is sure
    strict = find_duplicates(family, LinkageConfig(shared_mailbox_names=2))
    assert strict.sure.empty  # two names already make it shared


def test_placeholders_are_missing_not_equal() -> None:
    customers = frame_of([("1", "Anna", "Berg", "keine@email.de", "0000000", None, None, None),
                          ("2", "Anna", "Berg", "keine@email.de", "0000000", None, None, None)])
    result = find_duplicates(customers, LinkageConfig(keep_none=True))
    assert result.sure.empty
    assert result.pairs["sim_personal_email"].isna().all()
    assert result.pairs["sim_mobile"].isna().all()
