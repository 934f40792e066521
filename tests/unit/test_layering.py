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


def test_the_spark_backend_is_loaded_only_when_chosen():
    loaded = _modules_after_import(f"import {CORE}, workbench.linkage.engines, workbench.linkage.parquet")
    assert "pyspark" not in loaded
