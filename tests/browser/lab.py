"""JupyterLab on 127.0.0.1 driven by headless Chromium: the one piece the browser test and the screenshots share.

``running_lab(root)`` starts ``python -m jupyterlab`` on a free local port with a token, with its
settings, runtime, config and data folders in a temporary folder (no news toast, every cell
rendered, nothing of the user's), and the checkout first on ``PYTHONPATH`` so the kernel imports
this ``workbench``. It always shuts the server and its kernels down. ``chromium_page()`` opens
Debian's ``/usr/bin/chromium`` headless through Playwright (never a downloaded browser).
``LabNotebook`` does what a person does: open a notebook (in a new workspace), wait for the kernel,
Run → Run All Cells.

Example (``scripts/take_screenshots.py`` does this)::

    with running_lab(folder) as lab, chromium_page() as page:
        LabNotebook.run(page, lab, "audit_duplicates.ipynb")
        show_possible_pairs(page).screenshot(path="duplicate-review.png")
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import nbformat
from playwright.sync_api import Locator, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
CHROMIUM = Path(os.environ.get("WORKBENCH_CHROMIUM", "/usr/bin/chromium"))
SERVER_START_TIMEOUT_S = 90
KERNEL_TIMEOUT_MS = 90_000
RUN_TIMEOUT_MS = 180_000
START_TIMEOUT_MS = 15_000

# JupyterLab 4 asks about news and updates in a toast that covers the notebook, and skips rendering cells
# outside the window (so waiting for a widget further down would never see it visible): settings stop both.
_LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


@dataclass(frozen=True)
class Lab:
    """A running JupyterLab server."""

    url: str
    token: str
    root: Path
    log: Path

    def address(self, path: str) -> str:
        """The browser address of ``path`` below the server's URL, token included."""
        return f"{self.url}/{path.lstrip('/')}?token={self.token}"


def prepare_notebook(source: Path, target: Path, parameters: dict[str, object]) -> Path:
    """Copy a notebook without outputs, setting literals of its ``parameters`` cell (papermill's job, in place).

    A person opening the copy sees the given values in the parameters cell itself, and no outputs of an
    earlier run that could pass for this one's.

    Raises:
        KeyError: the notebook has no cell tagged ``parameters``, or it does not assign a given name.
    """
    notebook = nbformat.read(source, as_version=4)
    cell = next((c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])), None)
    if cell is None:
        raise KeyError(f"{source.name} has no cell tagged 'parameters'")
    lines = cell.source.splitlines()
    for name, value in parameters.items():
        pattern = re.compile(rf"^{re.escape(name)}\s*=")
        index = next((i for i, line in enumerate(lines) if pattern.match(line)), None)
        if index is None:
            raise KeyError(f"the parameters cell of {source.name} does not set {name!r}")
        lines[index] = f"{name} = {value!r}"
    cell.source = "\n".join(lines)
    for code in (c for c in notebook.cells if c.cell_type == "code"):
        code.outputs, code.execution_count = [], None
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target)
    return target


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_lab(root: Path) -> Iterator[Lab]:
    """Run JupyterLab on ``root`` (a folder of notebooks) until the block ends.

    Raises:
        RuntimeError: the server did not answer within ``SERVER_START_TIMEOUT_S`` (its log is in the message).
    """
    with tempfile.TemporaryDirectory(prefix="workbench-lab-") as home:
        env = _isolated_environment(Path(home))
        port, token = free_port(), secrets.token_hex(16)
        log = Path(home) / "jupyterlab.log"
        command = [
            sys.executable, "-m", "jupyterlab", "--no-browser",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
            "--ServerApp.terminals_enabled=False",
            "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ]
        if os.geteuid() == 0:  # containers and CI runners often run as root, which Jupyter refuses by default
            command.append("--allow-root")
        with log.open("w") as output:
            server = subprocess.Popen(command, env=env, cwd=root, stdout=output, stderr=subprocess.STDOUT,
                                      start_new_session=True)
        lab = Lab(url=f"http://127.0.0.1:{port}", token=token, root=root, log=log)
        try:
            _wait_for_server(lab, server)
            yield lab
        finally:
            _stop_server(lab, server)


def _isolated_environment(home: Path) -> dict[str, str]:
    folders = {name: home / name for name in ("config", "data", "runtime", "settings", "workspaces")}
    for folder in folders.values():
        folder.mkdir()
    for name, values in _LAB_SETTINGS.items():
        path = folders["settings"] / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    # WORKBENCH_STORE_URL would replace the store_url a test gives the notebook
    env = {name: value for name, value in os.environ.items() if name != "WORKBENCH_STORE_URL"}
    env.update(
        JUPYTER_CONFIG_DIR=str(folders["config"]),
        JUPYTER_DATA_DIR=str(folders["data"]),
        JUPYTER_RUNTIME_DIR=str(folders["runtime"]),
        JUPYTERLAB_SETTINGS_DIR=str(folders["settings"]),
        JUPYTERLAB_WORKSPACES_DIR=str(folders["workspaces"]),
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    )
    return env


def _wait_for_server(lab: Lab, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with {server.returncode}:\n{lab.log.read_text()}")
        try:
            with urllib.request.urlopen(lab.address("api/status"), timeout=5):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.25)
    raise RuntimeError(f"JupyterLab did not answer within {SERVER_START_TIMEOUT_S} s:\n{lab.log.read_text()}")


def _stop_server(lab: Lab, server: subprocess.Popen) -> None:
    """Ask the server to shut down (it stops its kernels), then terminate, then kill it."""
    if server.poll() is None:
        request = urllib.request.Request(lab.address("api/shutdown"), method="POST")
        try:
            urllib.request.urlopen(request, timeout=10).close()
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


@contextmanager
def chromium_page(width: int = 1400, height: int = 1000) -> Iterator[Page]:
    """A page of headless Debian Chromium (``/usr/bin/chromium``, or ``$WORKBENCH_CHROMIUM``).

    Raises:
        FileNotFoundError: Chromium is not installed (``make system-deps`` installs it).
    """
    if not CHROMIUM.exists() and not shutil.which(str(CHROMIUM)):
        raise FileNotFoundError(f"{CHROMIUM} not found; install Debian's chromium (make system-deps)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.set_default_timeout(KERNEL_TIMEOUT_MS)
            yield page
        finally:
            browser.close()


class LabNotebook:
    """A notebook open in JupyterLab, driven through the page the way a person would."""

    def __init__(self, page: Page) -> None:
        self.page = page

    @classmethod
    def run(cls, page: Page, lab: Lab, name: str) -> LabNotebook:
        """Open ``name`` and run all its cells."""
        notebook = cls.open(page, lab, name)
        notebook.run_all_cells()
        return notebook

    @classmethod
    def open(cls, page: Page, lab: Lab, name: str) -> LabNotebook:
        """Open ``name`` (relative to the server's root) and wait until its kernel is idle.

        Each call opens a new workspace, so JupyterLab does not bring back notebooks opened earlier.
        """
        page.goto(lab.address(f"lab/workspaces/{secrets.token_hex(4)}/tree/{name}"))
        page.locator(f"{_NOTEBOOK} .jp-Cell").first.wait_for(state="visible")
        notebook = cls(page)
        notebook.wait_until_idle()
        return notebook

    def wait_until_idle(self) -> None:
        """Wait for the status bar to read ``| Idle``: the kernel is connected and not busy.

        (The toolbar's execution indicator says idle before the kernel is connected; the text does not.)
        """
        self.page.get_by_text(re.compile(r"\|\s*Idle")).first.wait_for(state="visible", timeout=KERNEL_TIMEOUT_MS)

    def run_all_cells(self) -> None:
        """Run → Run All Cells, then wait until every code cell has run (or one failed).

        A click the page swallowed (the cells do not start) is repeated once, as a person would.

        Raises:
            AssertionError: a cell raised (the message holds its traceback as the page shows it), or
                the cells did not finish within ``RUN_TIMEOUT_MS`` (the message shows their prompts).
        """
        for attempt in range(2):
            self.page.get_by_role("menubar").get_by_role("menuitem", name="Run", exact=True).click()
            self.page.locator(".lm-Menu-item[data-command='runmenu:run-all']").click()
            try:
                self.page.wait_for_function(_CELLS_STARTED, arg=_NOTEBOOK, timeout=START_TIMEOUT_MS, polling=100)
                break
            except PlaywrightTimeoutError:
                if attempt:
                    raise AssertionError(f"Run All Cells did not start the cells: {self._prompts()}") from None
        try:
            self.page.wait_for_function(_ALL_CELLS_DONE, arg=_NOTEBOOK, timeout=RUN_TIMEOUT_MS, polling=250)
        except PlaywrightTimeoutError:
            raise AssertionError(f"the cells did not finish in {RUN_TIMEOUT_MS / 1000:.0f} s: {self._prompts()}"
                                 ) from None
        self.wait_until_idle()
        errors = self.page.locator(f"{_NOTEBOOK} .jp-OutputArea-output[data-mime-type='{_STDERR}']")
        tracebacks = [text for text in errors.all_inner_texts() if _TRACEBACK.search(text)]
        assert not tracebacks, "a notebook cell failed:\n" + "\n".join(tracebacks)

    def _prompts(self) -> str:
        prompts = self.page.locator(f"{_NOTEBOOK} .jp-CodeCell .jp-InputPrompt").all_inner_texts()
        status = self.page.locator(".jp-StatusBar-Widget").all_inner_texts()
        return f"prompts {' '.join(p.strip() for p in prompts)}; status bar {' '.join(status)!r}"


_TRACEBACK = re.compile(r"Traceback|^\w+(Error|Exception)\b", re.MULTILINE)

def show_possible_pairs(page: Page) -> Locator:
    """In a duplicate review on the page, open the *possible* tab and wait for its first pair; returns the view."""
    review = page.locator(".wb-view").filter(has=page.locator("button.wb-same")).last
    review.locator(".jupyter-widget-tab .lm-TabBar-tab", has_text=re.compile(r"^possible")).click()
    review.locator(".widget-html", has_text=re.compile(r"Pair 1 of \d+")).filter(has_text="possible").wait_for()
    return review


_NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden)"
"""The notebook on screen."""
_STDERR = "application/vnd.jupyter.stderr"
"""How JupyterLab marks error and stderr outputs."""

# some code cell of the notebook (the argument: its selector) is queued, running or done: the run has begun
_CELLS_STARTED = """(notebook) => [...document.querySelectorAll(notebook + ' .jp-CodeCell .jp-InputPrompt')]
  .some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent))"""

# no code cell is queued or running any more, and at least one ran (a failed cell stops the rest)
_ALL_CELLS_DONE = """(notebook) => {
  const prompts = [...document.querySelectorAll(notebook + ' .jp-CodeCell .jp-InputPrompt')]
    .map(p => p.textContent.trim());
  return !prompts.some(p => p.includes('*')) && prompts.some(p => /\\[\\d+\\]/.test(p));
}"""
