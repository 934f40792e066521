"""How Great Expectations is run: imported lazily, offline, quietly."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run_python(code: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=300, check=True)
    return done.stdout.strip()


def test_importing_the_package_does_not_import_great_expectations():
    out = run_python("""
        import sys
        import workbench, workbench.validation
        print("great_expectations" in sys.modules, sys.modules["os"].environ["GX_ANALYTICS_ENABLED"])
    """)

    assert out == "False False"


def test_a_run_makes_no_network_attempt():
    out = run_python("""
        import sys
        attempts = []
        def audit(event, args):
            if event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request"):
                attempts.append((event, args))
        sys.addaudithook(audit)
        import pandas as pd
        from workbench.validation import validate
        frame = pd.DataFrame({"customer_no": ["1", "1"], "company": ["A", "B"], "phone": ["030 1234567", "12"],
                              "country": ["DE", "DK"]}, index=pd.Index([2, 3], name="row"))
        report = validate(frame)
        print(len(report.problems), len(attempts), attempts[:3])
    """)

    problems, attempts = out.split()[:2]
    assert int(problems) >= 3
    assert attempts == "0", out


def test_great_expectations_prints_no_progress_bars(capfd, make_customers):
    from workbench.validation import validate

    validate(make_customers(50, customer_no=["K1"] * 50))

    captured = capfd.readouterr()
    assert "Calculating Metrics" not in captured.err + captured.out
    assert "%|" not in captured.err
