"""The offline HTML report: self-contained, escaped, written atomically."""

from __future__ import annotations

import re

import pytest

from workbench.validation import validate
from workbench.validation.html_report import MAX_PROBLEMS_SHOWN, render_html, write_html


@pytest.fixture
def report(make_customers):
    frame = make_customers(3, customer_no=["K1", "K1", "K3"], email=["<script>alert(1)</script>", None, None])
    return validate(frame)


def test_the_page_is_self_contained(report):
    page = render_html(report)

    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"https?://|//cdn|<script|<link|src=|@import|url\(", page)


def test_values_from_the_data_are_escaped(report):
    page = render_html(report)

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page


def test_the_page_shows_rules_counts_and_problems(report):
    page = render_html(report)

    assert "customer_no_unique" in page
    assert "customer number must be unique: 2 of 3 rows fail." in page
    assert "Rows are blocked by errors." in page
    assert "also in row 3" in page
    assert "Give each customer its own number" in page


def test_write_html_creates_the_folder_and_leaves_no_temporary_file(report, tmp_path):
    folder = tmp_path / "out" / "validation"

    path = write_html(report, folder)

    assert path == folder / "validation-report.html"
    assert path.read_text(encoding="utf-8") == render_html(report)
    assert [p.name for p in folder.iterdir()] == ["validation-report.html"]


def test_a_failed_write_keeps_the_old_page(report, tmp_path, monkeypatch):
    path = write_html(report, tmp_path)
    before = path.read_text(encoding="utf-8")

    def broken(_report):
        raise RuntimeError("disk full")

    monkeypatch.setattr("workbench.validation.html_report.render_html", broken)
    with pytest.raises(RuntimeError):
        write_html(report, tmp_path)

    assert path.read_text(encoding="utf-8") == before
    assert [p.name for p in tmp_path.iterdir()] == ["validation-report.html"]


def test_long_problem_lists_are_cut_and_counted(make_customers):
    size = MAX_PROBLEMS_SHOWN + 5
    report = validate(make_customers(size, email=["kaputt"] * size))

    page = render_html(report)

    assert page.count("<td><code>email_valid</code></td>") == 1 + MAX_PROBLEMS_SHOWN  # the rule, its problems
    assert "… and 5 more problems" in page
