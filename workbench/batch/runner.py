"""Run the onboarding notebook headless with papermill and publish its outputs atomically.

:func:`run_onboarding` checks the inputs (before any kernel starts), executes
``notebooks/onboard_customers.ipynb`` with ``interactive=False`` into a staging
folder beside the output folder's files, renders the executed notebook as an
offline HTML page (nbconvert), completes ``summary.json`` with the kernel start-up
time and the file list, and then moves every file into the output folder —
``summary.json`` last, after the previous run's summary was removed. A run that
fails leaves no summary, so its folder never looks complete; the executed notebook
of a failed run is kept as ``<notebook>.failed.ipynb`` to show where it stopped.

A run holds its output folder's lock (:mod:`workbench.batch.locks`) and first removes
the staging folders a killed run left there. Executed notebooks and their HTML pages
are shared, so they hold no password: a URL's password reaches the kernel through its
environment (:func:`kernel_parameters`).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from time import perf_counter
from typing import Any
from urllib.parse import unquote

from workbench.atomic import atomic_open
from workbench.batch.kernel_log import KERNEL_ARGUMENTS
from workbench.batch.locks import folder_lock
from workbench.batch.onboarding import SUMMARY_FILE, file_digest
from workbench.errors import ConfigError, WorkbenchError
from workbench.io.sources import existing_file, shown_source, shown_text, url_scheme
from workbench.review.policies import onboarding_policy
from workbench.store import DEFAULT_URL, chosen_store_url, open_store
from workbench.team import require_role, usable_sync_rules

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
ONBOARD_NOTEBOOK = NOTEBOOKS / "onboard_customers.ipynb"
KERNEL = "python3"
RESERVED = ("source", "target", "out_dir", "store_url", "policy", "interactive")
"""Notebook parameters the runner sets itself (not through ``-p``)."""
HEADLESS_DEFAULTS = {"links": None, "source_system": None, "target_system": None}
"""Parameters whose notebook defaults describe the bundled samples (for a steward opening the notebook);
a headless run uses these unless ``-p`` sets them: no links file, systems named after the files."""
STAGING = ".onboard-*.partial"
"""Name pattern of a run's staging folder inside the output folder."""
SECRET_VARIABLE = "WORKBENCH_SECRET_{name}"  # noqa: S105 (the name of a variable, not a password)
"""Kernel environment variable carrying the password of the URL parameter ``name`` (upper case)."""
_URL_PASSWORD = re.compile(r"^(?P<head>[a-zA-Z][a-zA-Z0-9.+-]*://[^/@:]*:)(?P<password>[^/]*)@")


class NotebookFailed(WorkbenchError):
    """A cell of the notebook raised; the exit code is that of the error the cell raised (2 if not a workbench one)."""

    def __init__(self, message: str, *, exit_code: int = 2, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.exit_code = exit_code


@dataclass(frozen=True)
class OnboardingResult:
    """A finished run: the output folder and its summary."""

    out: Path
    summary: dict[str, Any]

    @property
    def exit_code(self) -> int:
        """0 nothing left to do, 1 items for review or rows blocked by validation."""
        return int(self.summary["exit_code"])


def run_onboarding(source: str | Path, target: str | Path, out: str | Path, *, policy: str = "review",
                   store_url: str | None = None, parameters: Mapping[str, Any] | None = None,
                   notebook: str | Path = ONBOARD_NOTEBOOK) -> OnboardingResult:
    """Onboard ``source`` into ``target`` by running the notebook headless; outputs land in ``out``.

    Args:
        source: The file to onboard.
        target: The target's records: a file or a database URL.
        out: Output folder (created): executed notebook, HTML report, validation report,
            rejected rows, change sets, review queue, ``summary.json``.
        policy: ``review`` or ``auto``.
        store_url: The state store (default: ``workbench.db`` in the working folder).
        parameters: Further notebook parameters (``kind``, ``links``, ``source_system``, …).
        notebook: The notebook to run.

    Raises:
        InputError: The source or target file does not exist.
        ConfigError: Unknown policy or parameter, or no usable Jupyter kernel.
        AccessError: In a store with users, the one running it may not run this policy
            (``review``: stewards; ``auto`` or overrides: admins); or may not use a connection of the
            ``connections`` parameter's sync (scope, activation).
        NotebookFailed: A cell raised (the message is the cell's error).
    """
    import papermill

    parameters = dict(parameters or {})
    chosen = onboarding_policy(policy, accept_possible=parameters.get("accept_possible"),
                               conflicts=parameters.get("conflicts"))
    values = _notebook_parameters(notebook, source, target, out, policy, store_url, parameters)
    with open_store(values["store_url"]) as store:  # refuse before a kernel starts (the notebook checks again)
        require_role(store, f"onboard with the {chosen.name} policy", chosen.role)
        if values.get("connections"):
            usable_sync_rules(store, values["connections"], values.get("sync"))
    out = Path(out)
    with folder_lock(out, f"workbench onboard {shown_source(values['source'])}"):
        for leftover in out.glob(STAGING):  # left by a killed run: no live run writes here while we hold the lock
            shutil.rmtree(leftover, ignore_errors=True)
        staging = out / STAGING.replace("*", secrets.token_hex(6))
        staging.mkdir()
        executed = staging / Path(notebook).name
        shown, environment = kernel_parameters(values, staging)
        started, wall = datetime.now().astimezone(), perf_counter()
        try:
            try:
                with kernel_environment(environment):
                    papermill.execute_notebook(
                        str(notebook), str(executed), parameters={**shown, "out_dir": str(staging.resolve())},
                        kernel_name=notebook_kernel(), progress_bar=False, log_output=False,
                        extra_arguments=KERNEL_ARGUMENTS)
            except papermill.PapermillExecutionError as failure:
                kept = out / f"{executed.stem}.failed.ipynb"
                if executed.exists():
                    os.replace(executed, kept)
                raise _failed(failure, kept) from None
            total = perf_counter() - wall
            page = write_html_report(executed)
            summary = _complete_summary(staging, executed, started, total, [executed.name, page.name], values)
            _publish(staging, out)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return OnboardingResult(out=out, summary=summary)


def kernel_parameters(values: Mapping[str, Any], staging: Path) -> tuple[dict[str, Any], dict[str, str]]:
    """The parameters as the executed notebook may hold them, and the kernel environment for the rest.

    A URL's password (``target``, ``store_url``) goes to the environment as
    ``WORKBENCH_SECRET_<NAME>`` and the URL names it as ``${WORKBENCH_SECRET_<NAME>}``, which
    the notebook resolves. A file whose name is not UTF-8 (a notebook cannot hold it) is
    given as a link with a printable name in the staging folder.

    Examples:
        >>> shown, environment = kernel_parameters({"store_url": "postgresql://ann:s%40cret@db/wb"}, Path("."))
        >>> shown["store_url"], environment
        ('postgresql://ann:${WORKBENCH_SECRET_STORE_URL}@db/wb', {'WORKBENCH_SECRET_STORE_URL': 's@cret'})
    """
    shown, environment = dict(values), {}
    for name in ("source", "target", "links"):
        value = values.get(name)
        if isinstance(value, str) and url_scheme(value) is None and shown_text(value) != value:
            link = staging / ".inputs" / shown_text(Path(value).name)
            link.parent.mkdir(exist_ok=True)
            link.symlink_to(value)
            shown[name] = str(link)
    for name in ("target", "store_url"):
        match = _URL_PASSWORD.match(str(values.get(name) or ""))
        if match and match["password"]:
            variable = SECRET_VARIABLE.format(name=name.upper())
            environment[variable] = unquote(match["password"])
            shown[name] = f"{match['head']}${{{variable}}}@{values[name][match.end():]}"
    return shown, environment


@contextmanager
def kernel_environment(variables: Mapping[str, str]) -> Iterator[None]:
    """This process's environment, with ``variables`` set, while a kernel starts from it (restored after)."""
    previous = {name: os.environ.get(name) for name in variables}
    os.environ.update(variables)
    try:
        yield
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def notebook_kernel() -> str:
    """The kernel to run notebooks with: ``python3``, checked to start the interpreter running this code.

    A fresh virtual environment has it (ipykernel installs ``share/jupyter/kernels/python3``
    into the environment, whose ``python`` jupyter_client replaces by this interpreter).

    Raises:
        ConfigError: The kernel is missing or starts another Python (the notebook would not
            see this installation of the workbench).
    """
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(KERNEL)
    except NoSuchKernel:
        raise ConfigError(f"no Jupyter kernel named {KERNEL!r} is installed",
                          hint=f"Install it into this environment: {sys.executable} -m ipykernel install "
                               "--sys-prefix") from None
    python = spec.argv[0] if spec.argv else ""
    generic = {"python", "python3", f"python{sys.version_info[0]}.{sys.version_info[1]}"}
    if python not in generic and Path(python).resolve() != Path(sys.executable).resolve():
        raise ConfigError(f"the Jupyter kernel {KERNEL!r} ({spec.resource_dir}) starts {python}, not {sys.executable}",
                          hint=f"Install this environment's kernel: {sys.executable} -m ipykernel install "
                               "--sys-prefix, or remove the other kernel spec.")
    return KERNEL


def write_html_report(executed: Path) -> Path:
    """The executed notebook as one self-contained HTML page a person can open offline, written atomically.

    Code is left out (the page shows the text and the tables); styles and images are
    inline, and the script links nbconvert would point at a CDN (RequireJS, MathJax)
    are emptied, so the page loads nothing from the network.
    """
    import nbformat
    from nbconvert import HTMLExporter

    offline = "data:,"
    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                            embed_images=True, require_js_url=offline, mathjax_url=offline,
                            mermaid_js_url=offline, mermaid_layout_elk_js_url=offline, jquery_url=offline)
    body, _ = exporter.from_notebook_node(nbformat.read(executed, as_version=4))
    page = executed.with_suffix(".html")
    with atomic_open(page, "w", encoding="utf-8") as handle:
        handle.write(body)
    return page


def _notebook_parameters(notebook: str | Path, source: str | Path, target: str | Path, out: str | Path, policy: str,
                         store_url: str | None, parameters: dict[str, Any]) -> dict[str, Any]:
    """All parameters for the notebook, paths absolute; refuses unknown names and missing files."""
    from papermill.inspection import inspect_notebook

    known = inspect_notebook(str(notebook))
    reserved = sorted(set(parameters) & set(RESERVED))
    if reserved:
        raise ConfigError(f"-p {reserved[0]}=… is set by the command itself",
                          hint="Use the command's own option for it (--source, --target, --out, --policy, --store).")
    unknown = sorted(set(parameters) - set(known))
    if unknown:
        raise ConfigError(f"the notebook has no parameter {unknown[0]!r}",
                          hint=f"Its parameters: {', '.join(p for p in known if p not in RESERVED)}.")
    source = existing_file(source)
    if url_scheme(str(target)) is None:
        existing_file(target)
    for name in ("links", "connections"):
        if parameters.get(name):
            parameters[name] = str(existing_file(parameters[name]).resolve())
    target = str(target) if url_scheme(str(target)) is not None else str(Path(target).resolve())
    return {**HEADLESS_DEFAULTS, **parameters, "source": str(source.resolve()), "target": target, "policy": policy,
            "store_url": _absolute_store(store_url), "interactive": False}


def _absolute_store(store_url: str | None) -> str:
    """The store the run uses (:func:`~workbench.store.chosen_store_url`), a relative SQLite path made absolute.

    The kernel may run elsewhere, and it always gets the store chosen here: an explicit
    ``--store`` wins over ``$WORKBENCH_STORE_URL``.
    """
    url = chosen_store_url(store_url, DEFAULT_URL)
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith(prefix + "/") and url != "sqlite://":
        return prefix + str(Path(url[len(prefix):]).resolve())
    return url


def _failed(failure: Any, kept: Path) -> NotebookFailed:
    from workbench import errors

    cls = getattr(errors, failure.ename, None)
    code = cls.exit_code if isinstance(cls, type) and issubclass(cls, WorkbenchError) else 2
    what = failure.evalue if code != 2 or cls is not None else f"{failure.ename}: {failure.evalue}"
    return NotebookFailed(shown_text(what), exit_code=code,
                          hint=f"Nothing was published; the executed notebook is {kept}." if kept.exists() else None)


def _complete_summary(staging: Path, executed: Path, started: datetime, total: float, files: list[str],
                      values: Mapping[str, Any]) -> dict[str, Any]:
    """Add the kernel start-up time, the notebook's wall time and the notebook files to ``summary.json``.

    The source is named as given (the notebook may have read it through a link).
    """
    path = staging / SUMMARY_FILE
    if not path.is_file():
        raise NotebookFailed(f"the notebook {executed.name} finished without writing {SUMMARY_FILE}",
                             hint="Its last cells must call run.export().")
    summary = json.loads(path.read_text(encoding="utf-8"))
    # start-up: from the call to the first step (kernel start, imports in the kernel, the parameters)
    kernel = (datetime.fromisoformat(summary["started_at"]) - started).total_seconds()
    summary["timings"] = {"kernel_start": round(kernel, 3), **summary["timings"]}
    summary["timings"]["notebook_total"] = round(total, 3)
    summary["files"] = sorted({*summary["files"], *files, SUMMARY_FILE})
    summary["source"].update(file=shown_source(values["source"]),
                             sha256=summary["source"].get("sha256") or file_digest(values["source"]))
    with atomic_open(path, "w", encoding="utf-8") as handle:
        json.dump(summary, handle, indent=2, ensure_ascii=False)
    return summary


def _publish(staging: Path, out: Path) -> None:
    """Move the staged files into ``out``: the old summary and its files go first, the new summary comes last."""
    previous = out / SUMMARY_FILE
    if previous.is_file():
        try:
            old_files = json.loads(previous.read_text(encoding="utf-8")).get("files", [])
        except (ValueError, AttributeError):
            old_files = []
        previous.unlink()
        for name in old_files:
            if Path(name).name == name:  # a plain file name of the run, never a path elsewhere
                (out / name).unlink(missing_ok=True)
    staged = sorted(p for p in staging.iterdir() if p.is_file() and not p.name.startswith("."))
    for path in sorted(staged, key=lambda p: p.name == SUMMARY_FILE):
        os.replace(path, out / path.name)
