import pandas as pd

from workbench.normalize import status_key


def test_active_words():
    values = ["aktiv", "Aktiv", "AKTIV", "active", "Active", "ja", "Ja", "yes", "1", "x", "X", "true", "sand"]
    assert set(status_key(pd.Series(values)).tolist()) == {"active"}


def test_inactive_words():
    values = ["inaktiv", "Inaktiv", "inactive", "nein", "nej", "no", "0", "false", "falsk", "deaktiviert", "gesperrt",
              "spærret"]
    assert set(status_key(pd.Series(values)).tolist()) == {"inactive"}


def test_unknown_and_missing_status():
    assert status_key(pd.Series(["vielleicht", "-", "", None, "2"])).tolist() == [None] * 5


def test_status_key_is_idempotent():
    keys = status_key(pd.Series(["aktiv", "nej"]))
    assert status_key(keys).tolist() == keys.tolist() == ["active", "inactive"]
