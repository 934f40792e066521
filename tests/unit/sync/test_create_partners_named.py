"""CreatePartners for named records works when the system also holds numberless or repeated numbers."""

from __future__ import annotations

import pandas as pd

from workbench.store import open_store
from workbench.sync import CreatePartners, categorize

NO_MATCHES = pd.DataFrame(columns=["a_no", "b_no", "match_class"])


def test_named_records_are_created_beside_numberless_and_repeated_ones(tmp_path) -> None:
    crm = pd.DataFrame({"customer_no": ["1", None, "7", "7", "9"], "last_name": ["Arndt", "Berg", "Claus", "Dahl",
                                                                                  "Eck"]},
                       index=pd.Index([2, 3, 4, 5, 6], name="row"))
    erp = pd.DataFrame({"customer_no": ["D1"], "last_name": ["Falk"]}, index=pd.Index([2], name="row"))
    with open_store(f"sqlite:///{tmp_path / 'w.db'}") as store:
        overview = categorize(crm, erp, store, system_a="CRM", system_b="ERP")
        action = CreatePartners(overview=overview, matches=NO_MATCHES, side="a", record_nos=["1", "7", "9"])
        action.apply(store)
    assert action.created["no"].tolist() == ["1", "9"]
    assert action.refused[["no", "reason"]].values.tolist() == [["7", "another CRM record has its number too"]]
