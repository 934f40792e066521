"""The links suite on small frames: both numbers, one link per record, sync on/off, an ISO time."""

from __future__ import annotations

from workbench.validation import validate


def test_a_clean_links_table_passes(make_frame):
    frame = make_frame(a_customer_no=["10001", "10002"], b_customer_no=["20001", "20002"], sync=["on", "off"],
                       synced_at=["2026-10-15T22:00:00", None])

    report = validate(frame, "links")

    assert report.problems.empty


def test_broken_links_are_reported_by_rule(make_frame):
    frame = make_frame(
        a_customer_no=["10001", "10001", None, "10004"],
        b_customer_no=["20001", "20002", "20003", "20004"],
        sync=["on", "on", "ja", "off"],
        synced_at=["2026-10-15", "15.10.2026", None, "2026-10-15 22:00"],
    )

    report = validate(frame, "links")

    found = {(int(p.row), p.rule, p.severity) for p in report.problems.itertuples()}
    assert found == {
        (2, "a_customer_no_unique", "error"),
        (3, "a_customer_no_unique", "error"),
        (3, "synced_at_format", "warning"),
        (4, "a_customer_no_present", "error"),
        (4, "sync_known", "error"),
    }
    assert list(report.rows_with_errors) == [2, 3, 4]


def test_a_links_table_without_its_columns_is_blocked(make_frame):
    frame = make_frame(a=["10001"], b=["20001"])

    report = validate(frame, "links")

    assert set(report.problems["field"]) == {"a_customer_no", "b_customer_no", "sync"}
    assert list(report.rows_with_errors) == [2]
