"""`workbench onboard` and `workbench batch`: arguments, and the errors caught before any kernel starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.cli.onboard import parse_parameters, summary_table
from workbench.errors import ConfigError

SAMPLES = Path(__file__).resolve().parents[3] / "data_samples"


def test_parameters_are_literals_where_they_read_as_one() -> None:
    assert parse_parameters(["kind=customer", "accept_possible=0.95", "links=None", "target_table=kunden",
                             "note=a=b"]) == {"kind": "customer", "accept_possible": 0.95, "links": None,
                                              "target_table": "kunden", "note": "a=b"}


@pytest.mark.parametrize("pair", ["kind", "=customer"])
def test_a_parameter_without_key_or_equals_sign_is_a_config_error(pair: str) -> None:
    with pytest.raises(ConfigError, match="is not key=value"):
        parse_parameters([pair])


@pytest.mark.parametrize(("extra", "message"), [
    (["--policy", "careful"], "unknown onboarding policy 'careful'"),
    (["-p", "colour=blue"], "the notebook has no parameter 'colour'"),
    (["-p", "out_dir=/tmp"], "-p out_dir=… is set by the command itself"),
    (["-p", "links=/nowhere/links.csv"], "/nowhere/links.csv: file not found"),
    (["--engine", "hadoop"], "'hadoop' is not one of"),
])
def test_bad_options_exit_2_with_a_message(cli, tmp_path, capsys, extra: list[str], message: str) -> None:
    code = cli(["onboard", "--source", str(SAMPLES / "crm_customers.xlsx"), "--target",
                str(SAMPLES / "erp_customers.csv"), "--out", str(tmp_path / "out"), *extra])
    shown = capsys.readouterr().err
    assert code == 2
    assert message in " ".join(shown.split())
    assert "Traceback" not in shown
    assert not (tmp_path / "out").exists()  # refused before anything was created


def test_a_missing_source_is_an_input_error(cli, tmp_path, capsys) -> None:
    code = cli(["onboard", "--source", str(tmp_path / "nope.xlsx"), "--target", str(SAMPLES / "erp_customers.csv"),
                "--out", str(tmp_path / "out")])
    assert code == 2
    assert "nope.xlsx: file not found" in " ".join(capsys.readouterr().err.split())


def test_a_folder_given_as_source_is_called_a_folder(cli, tmp_path, capsys) -> None:
    code = cli(["onboard", "--source", str(tmp_path), "--target", str(SAMPLES / "erp_customers.csv"),
                "--out", str(tmp_path / "out")])
    assert code == 2
    assert f"{tmp_path}: this is a folder, not a file. Name a file inside it." in " ".join(
        capsys.readouterr().err.split())


def test_a_missing_option_is_a_usage_error(cli, capsys) -> None:
    assert cli(["onboard", "--source", str(SAMPLES / "crm_customers.xlsx")]) == 2
    assert "--target" in capsys.readouterr().err


def test_batch_refuses_an_empty_folder(cli, tmp_path, capsys) -> None:
    (tmp_path / "empty").mkdir()
    code = cli(["batch", str(tmp_path / "empty"), "--target", str(SAMPLES / "erp_customers.csv"), "--out",
                str(tmp_path / "out")])
    assert code == 2
    assert "the folder holds no file to onboard" in capsys.readouterr().err


def test_the_summary_table_lists_counts_and_timings() -> None:
    summary = {"source": {"system": "CRM", "rows": 350}, "target": {"system": "ERP"}, "policy": {"name": "review"},
               "validation": {"rows_blocked": 4}, "duplicates": {"sure": 20, "possible": 24},
               "partners": {"sure": 155, "possible": 47}, "decisions": {"links_sure": 29}, "held_back": {},
               "review": {"conflict": 97}, "changes": {"ERP": {"create": 96}}, "timings": {"read": 0.25}}
    from rich.console import Console

    console = Console(width=100, record=True)
    console.print(summary_table(summary))
    text = console.export_text()
    for line in ("rows blocked by validation", "decided: links sure", "for review: conflict",
                 "changes for ERP: create", "seconds: read"):
        assert line in text
    assert "Onboarding CRM → ERP (policy review)" in text


def test_the_engine_choices_are_the_linkage_backends() -> None:
    from workbench.cli.options import Engine
    from workbench.linkage.config import BACKENDS

    assert tuple(e.value for e in Engine) == BACKENDS
