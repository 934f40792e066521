"""The business partner proposed for an incoming contact: name, mail domain, address."""

from __future__ import annotations

import pandas as pd
import pytest

from workbench.contacts import propose_partners

PARTNERS = pd.DataFrame({
    "customer_no": ["10", "11", "12", "13", "14"],
    "company": ["Weiß Logistik GmbH", "Becker Elektro GmbH", "Haas KG", "Haas KG", None],
    "email": ["info@weiss-logistik.de", "mail@becker-elektro.de", "info@haas-kiel.de", "info@haas-ulm.de",
              "anna@gmx.de"],
    "street": ["Hafenstraße 1", "Ringweg 4", "Kaistraße 2", "Münsterplatz 9", "Am Bach 3"],
    "postcode": ["24103", "37073", "24103", "89073", "10115"],
    "city": ["Kiel", "Göttingen", "Kiel", "Ulm", "Berlin"],
})


def proposal(**card: str | None) -> pd.Series:
    return propose_partners(pd.DataFrame([card]), PARTNERS).iloc[0]


def test_the_organisation_name_alone_is_enough_in_any_spelling() -> None:
    found = proposal(company="WEISS LOGISTIK G.m.b.H.")
    assert found["partner_no"] == "10"
    assert found["partner_reason"] == "organisation name 1.00 (WEISS LOGISTIK G.m.b.H. / Weiß Logistik GmbH)"


def test_the_company_mail_domain_alone_is_enough() -> None:
    found = proposal(company=None, email="u.becker@becker-elektro.de")
    assert found["partner_no"] == "11"
    assert found["partner_reason"] == "same e-mail domain becker-elektro.de"


def test_a_public_mail_domain_is_no_evidence() -> None:
    assert proposal(company=None, email="jung@gmx.de")["partner_no"] is None


def test_an_address_alone_is_not_enough() -> None:
    found = proposal(company="Bäckerei Jung", street="Hafenstraße 1", postcode="24103")
    assert found["partner_no"] is None
    assert found["partner_reason"] == "no company matches the organisation name, e-mail domain or address"


@pytest.mark.parametrize(("city", "postcode", "expected"), [("Kiel", "24103", "12"), ("Ulm", "89073", "13")])
def test_the_address_tells_namesake_companies_apart(city: str, postcode: str, expected: str) -> None:
    found = proposal(company="Haas KG", city=city, postcode=postcode)
    assert found["partner_no"] == expected
    assert not found["partner_ambiguous"]


def test_namesakes_without_an_address_are_proposed_as_ambiguous() -> None:
    found = proposal(company="Haas KG")
    assert found["partner_ambiguous"]
    assert found["partner_reason"].endswith("ambiguous: another company scores as high")


def test_a_similar_but_different_company_name_is_not_proposed() -> None:
    assert proposal(company="Weiß Spedition GmbH")["partner_no"] is None


def test_every_sample_card_gets_the_partner_of_the_answer_key(cards, crm_customers, crm_contacts, truth) -> None:
    proposed = propose_partners(cards.frame, crm_customers, crm_contacts)
    expected = {row: (card["partner"] or {}).get("customer_no") for row, card in truth.items()}
    assert proposed["partner_no"].to_dict() == expected


def test_without_business_partners_nothing_is_proposed() -> None:
    found = propose_partners(pd.DataFrame([{"company": "Haas KG"}]), PARTNERS[PARTNERS["company"].isna()])
    assert found["partner_no"].tolist() == [None]
    assert found["partner_reason"].tolist() == ["no business partners to choose from"]
