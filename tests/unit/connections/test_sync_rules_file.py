"""The syncs block of a connection file: directions, winners, value lists, defaults, strictness, field order."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.connections import FieldRule, load_sync_rules
from workbench.errors import ConfigError

SAMPLES = Path(__file__).resolve().parents[3] / "data_samples"
CONNECTIONS = """connections:
  crm: {type: csv, location: crm.csv, review_fields: [customer_no, company, email]}
  erp: {type: csv, location: erp.csv, review_fields: [customer_no, status, city]}
"""


def rules_of(tmp_path: Path, syncs: str, name: str | None = None):
    path = tmp_path / "connections.yaml"
    path.write_text(CONNECTIONS + "syncs:\n" + syncs, encoding="utf-8")
    return load_sync_rules(path, name)


def test_every_direction_and_its_options(tmp_path) -> None:
    rules = rules_of(tmp_path, """  crm-erp:
    a: crm
    b: erp
    cosmetic: harmonise
    fields:
      company: ">"
      street: "<"
      email: "<> crm"
      phone: "<>"
      customer_no: "="
      status: {direction: "<>", wins: erp, values: {aktiv: Active, inaktiv: Inactive}, default: aktiv}
      vat_id: {direction: ">", strict: true}
""")
    assert rules.cosmetic == "harmonise"
    assert [rules.rule(f).leader for f in ("company", "street", "email", "phone", "customer_no", "city")] == [
        "a", "b", "a", None, None, None]
    assert rules.rule("status") == FieldRule("<>", wins="b", values={"aktiv": "Active", "inaktiv": "Inactive"},
                                             default="aktiv")
    assert rules.rule("vat_id").strict
    assert (rules.order_a, rules.order_b) == (("customer_no", "company", "email"), ("customer_no", "status", "city"))
    assert rules.order("b", ["customer_no", "company", "city", "status"]) == ["customer_no", "status", "city",
                                                                               "company"]


@pytest.mark.parametrize(("fields", "expected"), [
    ("status: {values: {aktiv: Active, Aktiv: Inactive}}",
     r"field 'status', key 'values': the A value 'Aktiv' is mapped twice \('aktiv' and 'Aktiv' are one value\)"),
    ("status: {values: {aktiv: Active, inaktiv: ACTIVE}}",
     r"the B value 'ACTIVE' is mapped twice.*one to one"),
    ("status: {values: {aktiv: Active, aktiv: Inactive}}", r"the key 'aktiv' is written twice"),
    ("city: '>>'", r"field 'city': unknown direction '>>'"),
    ("city: '> crm'", r"field 'city', key 'wins': only a both-ways field"),
    ("city: '<> sap'", r"field 'city', key 'wins': 'sap' is neither side"),
    ("citty: '>'", r"field 'citty': not a field of the kind 'customer'. Did you mean 'city'\?"),
    ("city: {direction: '>', strictly: true}", r"key 'strictly': unknown key. Did you mean 'strict'\?"),
    ("city: >", r"field 'city': no direction.*in quotes"),
])
def test_mistakes_name_the_sync_the_field_and_the_key(tmp_path, fields, expected) -> None:
    with pytest.raises(ConfigError, match=expected):
        rules_of(tmp_path, f"  crm-erp:\n    a: crm\n    b: erp\n    fields:\n      {fields}\n")


def test_a_sync_names_two_connections_of_the_file(tmp_path) -> None:
    with pytest.raises(ConfigError, match=r"sync 'crm-erp', key 'b': no connection 'epr'. Did you mean 'erp'\?"):
        rules_of(tmp_path, "  crm-erp: {a: crm, b: epr}\n")
    with pytest.raises(ConfigError, match=r"there is no sync 'crm-sap'. Did you mean 'crm-erp'\?"):
        rules_of(tmp_path, "  crm-erp: {a: crm, b: erp}\n", "crm-sap")


def test_the_samples_define_how_crm_and_erp_sync() -> None:
    rules = load_sync_rules(SAMPLES / "connections.yaml", "crm-erp")
    assert (rules.a, rules.b) == ("crm", "erp")
    assert rules.rule("company").leader == "a"
    assert rules.rule("street").leader == "b"
