"""The core stays importable without ipywidgets, IPython, Great Expectations or pyspark."""

import subprocess
import sys

CORE = "workbench, workbench.schema, workbench.errors, workbench.io, workbench.linkage, workbench.sync, workbench.cli"


def _modules_after_import(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_core_does_not_import_widget_or_notebook_packages():
    loaded = _modules_after_import(f"import {CORE}")
    assert not {"ipywidgets", "IPython", "traitlets"} & loaded


def test_import_workbench_is_light():
    loaded = _modules_after_import("import workbench")
    assert "great_expectations" not in loaded
    assert "pandas" not in loaded


def test_the_command_line_and_its_help_load_no_data_packages():
    heavy = {"pandas", "numpy", "great_expectations", "recordlinkage", "sqlalchemy", "papermill", "phonenumbers"}
    assert not heavy & _modules_after_import("import workbench.cli")
    for command in (["-h"], ["onboard", "-h"], ["batch", "--help"], ["validate", "-h"], ["import", "-h"],
                    ["overview", "-h"], ["links", "import", "-h"], ["connection", "test", "-h"],
                    ["contacts", "import", "-h"], ["demo", "-h"], ["users", "add", "-h"],
                    ["connection", "list", "-h"]):
        loaded = _modules_after_import(f"from workbench.cli import main; main({command!r})")
        assert not heavy & loaded, (command, heavy & loaded)


def test_the_policy_help_names_every_onboarding_policy():
    from workbench.cli.options import POLICY_HELP
    from workbench.review import POLICIES

    assert all(f"{name} (" in POLICY_HELP for name in POLICIES)


def test_the_role_help_names_every_role():
    from workbench.cli.users import ROLE_NAMES
    from workbench.store import ROLES

    assert ROLE_NAMES.split(", ") == list(ROLES)


def test_the_spark_backend_is_loaded_only_when_chosen():
    loaded = _modules_after_import(f"import {CORE}, workbench.linkage.engines, workbench.linkage.parquet")
    assert "pyspark" not in loaded
