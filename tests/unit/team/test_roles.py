"""Roles enforced by the engine: every sync action, undo and user management, refusals audited."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from tests.unit.sync.sync_scenarios import customers, link, person
from workbench.errors import AccessError
from workbench.store import STEWARD, VIEWER, Store
from workbench.sync import categorize
from workbench.sync.actions import (
    ACTIONS,
    Action,
    CreatePartner,
    CreatePartners,
    DecidePair,
    DecidePairs,
    ImportLinks,
    LinkPartners,
    RecordSync,
    Resolution,
    ResolveConflict,
    ResolveConflicts,
    SetSync,
    Unlink,
    undo_entry,
)
from workbench.sync.changeset import build_changeset
from workbench.team import REFUSED, add_user

CRM = customers(person("1", "Arndt", city="Bonn"), person("2", "Berg"), person("3", "Cramer"))
ERP = customers(person("E1", "Arndt", email="arndt@kunde-1.de", city="Berlin"), person("E2", "Weiss"))
NO_MATCHES = pd.DataFrame(columns=["a_no", "b_no", "match_class"])


@dataclass
class Scene:
    """A team store with CRM 1 linked to ERP E1 (city in conflict), and a links file."""

    store: Store
    link_id: int
    links_file: Path

    def overview(self):
        return categorize(CRM, ERP, self.store, system_a="CRM", system_b="ERP")


@pytest.fixture
def scene(store, tmp_path) -> Scene:
    add_user(store, "ada", actor="ada")  # the first user: admin
    add_user(store, "sam", STEWARD, actor="ada")
    add_user(store, "vic", VIEWER, actor="ada")
    links_file = tmp_path / "links.csv"
    links_file.write_text("a_customer_no,b_customer_no,sync,synced_at\n3,E2,on,\n", encoding="utf-8")
    return Scene(store, link(store, "1", "E1"), links_file)


BUILDERS: dict[str, Callable[[Scene, str], Action]] = {
    "link partners": lambda s, who: LinkPartners(system_a="CRM", a_no="2", system_b="ERP", b_no="E2", actor=who),
    "create partners": lambda s, who: CreatePartners(overview=s.overview(), matches=NO_MATCHES, side="a", actor=who),
    "create partner": lambda s, who: CreatePartner(overview=s.overview(), matches=NO_MATCHES, side="a",
                                                   record_no="2", actor=who),
    "resolve conflicts": lambda s, who: ResolveConflicts(overview=s.overview(),
                                                         resolutions=[Resolution(s.link_id, "city", "a")], actor=who),
    "resolve conflict": lambda s, who: ResolveConflict(overview=s.overview(), link_id=s.link_id,
                                                       winners={"city": "b"}, actor=who),
    "set sync": lambda s, who: SetSync(link_id=s.link_id, on=False, actor=who),
    "unlink": lambda s, who: Unlink(link_id=s.link_id, actor=who),
    "import links": lambda s, who: ImportLinks(path=s.links_file, system_a="CRM", system_b="ERP", actor=who),
    "decide pair": lambda s, who: DecidePair(left_system="CRM", left_no="2", right_system="CRM", right_no="3",
                                             outcome="different", actor=who),
    "decide pairs": lambda s, who: DecidePairs(left_system="CRM", right_system="ERP", actor=who, verdicts=[
        {"left_no": "2", "right_no": "E2", "outcome": "different"}]),
    "record sync": lambda s, who: RecordSync(changeset=build_changeset(s.overview()), actor=who),
}


def test_every_action_is_covered_here() -> None:
    assert set(BUILDERS) == set(ACTIONS)
    assert {action.role for action in ACTIONS.values()} == {STEWARD}


def state(store: Store) -> tuple[list, list]:
    with store.transaction() as tx:
        crm, erp = tx.systems.get("CRM"), tx.systems.get("ERP")
        links = tx.links.frame(crm, erp)[["a_no", "b_no", "sync", "version"]].values.tolist()
        decided = tx.decisions.pair_frame(crm, crm)["decision_id"].tolist() + \
            tx.decisions.pair_frame(crm, erp)["decision_id"].tolist()
    return links, decided


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_a_viewer_and_a_stranger_are_refused_every_action_a_steward_may_do(scene, name) -> None:
    before = state(scene.store)
    with pytest.raises(AccessError, match=rf"vic is a viewer: {name} needs the steward role\. Ask an admin \(ada\)"):
        BUILDERS[name](scene, "vic").apply(scene.store)
    with pytest.raises(AccessError, match=rf"eve is not a user of this store, so may not {name}\. Ask an admin"):
        BUILDERS[name](scene, "eve").apply(scene.store)
    assert state(scene.store) == before
    with scene.store.transaction() as tx:
        refused = tx.audit.frame(action=REFUSED)
    assert refused["actor"].tolist() == ["eve", "vic"]
    assert {entry["action"] for entry in refused["payload"]} == {name}
    assert {entry["error"] for entry in refused["payload"]} == {"AccessError"}

    entry = BUILDERS[name](scene, "sam").apply(scene.store)
    assert entry.actor == "sam"
    assert state(scene.store) != before or name == "record sync"


def test_stewards_undo_their_own_actions_and_only_admins_undo_anybody_s(scene) -> None:
    sams = BUILDERS["decide pair"](scene, "sam").apply(scene.store)
    adas = BUILDERS["set sync"](scene, "ada").apply(scene.store)
    with pytest.raises(AccessError, match="sam is a steward: undo set sync of ada needs the admin role"):
        undo_entry(scene.store, adas.id, actor="sam")
    with pytest.raises(AccessError, match="vic is a viewer: undo decide pair of sam needs the admin role"):
        undo_entry(scene.store, sams.id, actor="vic")
    undone = undo_entry(scene.store, adas.id, actor="ada")
    assert undone.undoes_id == adas.id
    undo_entry(scene.store, sams.id, actor="ada")  # an admin undoes a steward's decision
    redo = BUILDERS["decide pair"](scene, "sam").apply(scene.store)
    assert undo_entry(scene.store, redo.id, actor="sam").actor == "sam"  # and a steward their own
    with scene.store.transaction() as tx:
        refused = tx.audit.frame(action=REFUSED)
    assert [(a, p["action"]) for a, p in refused[["actor", "payload"]].itertuples(index=False)] == [
        ("vic", "undo"), ("sam", "undo")]


def test_a_personal_store_lets_anybody_do_anything_as_before(store) -> None:
    entry = DecidePair(left_system="CRM", left_no="1", right_system="CRM", right_no="2", outcome="same",
                       actor="whoever").apply(store)
    assert undo_entry(store, entry.id, actor="somebody else").actor == "somebody else"
