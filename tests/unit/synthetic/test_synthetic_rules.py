"""The generator's building blocks: the answer-key rules, variations, formats and drawn people."""

from __future__ import annotations

import random

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from workbench.synthetic.oracle import classify_pair, first_names_compatible
from workbench.synthetic.population import RandomDraws, build_companies, build_people
from workbench.synthetic.rendering import ALL_PHONE_STYLES, format_phone
from workbench.synthetic.variation import VARIATIONS, legal_form_variant, typo, variant_linked, vary

BASE = {
    "customer_no": "1", "company": None, "first_name": "Johannes", "last_name": "Müller",
    "email": "johannes.mueller@gmx.de", "phone": None, "mobile": "0171 1234567", "street": "Hauptstraße 5",
    "postcode": "10115", "city": "Berlin", "country": "Deutschland", "vat_id": None, "status": "aktiv",
    "updated_at": None, "_entity": "P1", "_country": "DE", "_phone": None, "_mobile": "+49 171 1234567",
    "_email_kind": "personal", "_business": False,
}


def _with(**changes: object) -> dict:
    return {**BASE, **changes}


@pytest.mark.parametrize(
    ("other", "klass", "reason"),
    [
        (_with(email=" Johannes.Mueller@GMX.de ", last_name="MUELLER"), "sure", "same personal email"),
        (_with(email=None, _email_kind=None, first_name="Hans", last_name="Mueller"), "sure",
         "same last name and mobile"),
        (_with(first_name="Petra"), "possible", "vetoed"),
        (_with(email=None, _email_kind=None, first_name="Peter"), "none", "vetoed"),  # no person evidence left
        (_with(email=None, _email_kind=None, first_name="Johanna"), "possible", "vetoed"),  # first names alike
        (_with(email=None, _email_kind=None, last_name="Müler"), "possible", "same mobile"),
        (_with(email=None, _email_kind=None, _mobile=None, mobile=None), "possible", "same postcode"),
        (_with(email=None, _email_kind=None, _mobile=None, mobile=None, street="Ringstraße 1", postcode="80331"),
         "none", "nothing else shared"),
    ],
)
def test_classify_pair_follows_the_design_rules(other: dict, klass: str, reason: str) -> None:
    verdict = classify_pair(BASE, other)
    assert verdict.klass == klass
    assert reason in verdict.why


def test_role_mailboxes_and_placeholders_are_no_proof_of_one_person() -> None:
    role = {"email": "info@mueller-bau.de", "_email_kind": "role", "_mobile": None, "mobile": None}
    colleague = _with(**role, first_name="Karin", last_name="Schulz", street="Am Markt 1")
    assert classify_pair(_with(**role), colleague).klass == "none"
    namesake = _with(**role, street="Am Markt 1", postcode="20095")
    assert classify_pair(_with(**role), namesake).klass == "none"  # names and a role mailbox: nothing personal
    family = {"email": "familie.mueller@gmx.de", "_email_kind": "family", "_mobile": None, "mobile": None}
    assert classify_pair(_with(**family), _with(**family, first_name="Petra")).klass == "none"
    placeholder = {"email": "keine@angabe.de", "_email_kind": "placeholder", "_mobile": None, "mobile": None,
                   "street": None, "postcode": None}
    assert classify_pair(_with(**placeholder), _with(**placeholder, first_name="J.")).klass == "none"


@pytest.mark.parametrize(
    ("a", "b", "compatible"),
    [("Johannes", "Hans", True), ("Katharina", "Kathi", True), ("Margrethe", "Grethe", True), ("Søren", "Soeren", True),
     ("Karl-Heinz", "Karlheinz", True), ("Michael", "M.", True), ("Sebastian", "Sebastain", True),
     ("Michael", "Markus", False), ("Anna", "Petra", False), ("Jan", "Jon", False), ("Hans", "Jens", False)],
)
def test_first_names_compatible(a: str, b: str, compatible: bool) -> None:
    assert first_names_compatible(a, b) is compatible
    assert first_names_compatible(b, a) is compatible


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüøåæß", min_size=2, max_size=14), st.integers(0, 10_000))
def test_typo_is_one_edit(text: str, seed: int) -> None:
    out = typo(text, random.Random(seed))
    assert out != text
    assert OSA.distance(text, out) == 1


def test_legal_form_variants_keep_the_company() -> None:
    rng = random.Random(1)
    variants = {legal_form_variant("Müller Haustechnik GmbH", rng) for _ in range(40)}
    assert {"Müller Haustechnik G.m.b.H.", "Mueller Haustechnik GmbH & Co. KG"} & variants
    assert all(v and "Haustechnik" in v for v in variants)
    assert legal_form_variant("Bäckerei Schulz", rng) is None


def test_every_phone_style_is_the_same_number() -> None:
    people = build_people(RandomDraws(random.Random(3)), ["DE"] * 40 + ["DK"] * 40)
    for number, country in zip(people["mobile"].tolist() + people["phone"].tolist(), people["country"].tolist() * 2,
                               strict=True):
        if number is None:
            continue
        for style in ALL_PHONE_STYLES[country]:
            parsed = phonenumbers.parse(format_phone(number, style), country)
            assert phonenumbers.is_valid_number(parsed), (number, style)
            assert phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) == number.replace(" ", "")


def test_people_have_unique_mailboxes_and_numbers() -> None:
    people = build_people(RandomDraws(random.Random(8)), ["DE"] * 600 + ["DK"] * 400)
    emails = people["email"].dropna().str.lower()
    assert emails.is_unique
    numbers = [n for n in people["phone"].tolist() + people["mobile"].tolist() if n]
    assert len(set(numbers)) == len(numbers)
    assert people["last_name"].value_counts().iloc[0] >= 20, "common surnames (Müller, Jensen) appear many times"
    assert people["last_name"].str.contains("[äöüßøåæ]").any()


def test_companies_have_valid_vat_ids_and_own_domains() -> None:
    companies = build_companies(RandomDraws(random.Random(2)), ["DE"] * 30 + ["DK"] * 30)
    assert companies["domain"].is_unique
    assert companies["vat_id"].str.fullmatch(r"DE\d{9}|DK\d{8}").all()
    for vat in companies["vat_id"]:
        digits = [int(d) for d in vat[2:]]
        if vat.startswith("DK"):
            assert sum(w * d for w, d in zip((2, 7, 6, 5, 4, 3, 2, 1), digits, strict=True)) % 11 == 0


def test_variants_stay_findable_and_record_what_changed() -> None:
    rng = random.Random(11)
    for _ in range(200):
        variant = variant_linked(dict(BASE), [BASE], rng)
        assert variant.applied
        assert set(variant.applied) <= set(VARIATIONS)
        assert variant.verdicts[0].klass in ("sure", "possible")
        assert not variant.verdicts[0].vetoed


def test_vary_keeps_hidden_facts_true() -> None:
    rng = random.Random(4)
    for _ in range(300):
        record = dict(BASE)
        applied = vary(record, rng, 3)
        if "mobile_missing" in applied:
            assert record["mobile"] is None
            assert record["_mobile"] is None
        if "email_missing" in applied:
            assert record["_email_kind"] is None
        if record["mobile"]:
            parsed = phonenumbers.parse(record["mobile"], "DE")
            assert phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) == "+491711234567"
