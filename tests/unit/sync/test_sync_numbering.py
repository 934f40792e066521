"""Numbers for created partners: kept when free, assigned from a pattern, never twice."""

from __future__ import annotations

import pytest

from workbench.errors import ConfigError
from workbench.sync.numbering import Numbering


def test_kept_numbers_are_reserved_before_any_number_is_assigned() -> None:
    # "D-00002" is wanted by the third record; the first assignment must not take it
    assert Numbering(pattern="D-{n:05d}").assign([None, "1", "D-00002"], taken={"1"}) == [
        "D-00001", "D-00003", "D-00002"]


def test_the_same_number_wanted_twice_is_kept_once() -> None:
    assert Numbering(start=100).assign(["7", "7"], taken=set()) == ["7", "100"]


@pytest.mark.parametrize(("options", "message"), [
    ({"pattern": "D-{m}"}, "does not work"),
    ({"pattern": "D-"}, "has no {n}"),
    ({"start": 5, "stop": 4}, "is empty"),
])
def test_bad_numbering_is_a_config_error(options, message) -> None:
    with pytest.raises(ConfigError, match=message):
        Numbering(**options)


def test_a_used_up_range_is_reported() -> None:
    with pytest.raises(ConfigError, match="from 1 to 2 is used up"):
        Numbering(keep=False, start=1, stop=2).assign(["a", "b"], taken={"1"})
