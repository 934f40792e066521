"""The notebook kernel of a headless run shows its errors, not its shutdown interrupt nor its TCP warning."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
from ipykernel.kernelapp import IPKernelApp
from workbench.batch.kernel_log import KERNEL_ARGUMENTS
app = IPKernelApp()
app.parse_command_line(KERNEL_ARGUMENTS)
app.log.warning("Kernel is running over TCP without encryption. Messages are not authenticated.")
app.log.error("KeyboardInterrupt caught in kernel")
app.log.error("KeyboardInterrupt caught in kernel.")
app.log.error("Exception in message handler: boom")
"""


def test_the_kernel_logs_real_errors_but_not_the_interrupt_before_its_shutdown() -> None:
    shown = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True,
                           timeout=600).stderr
    assert shown.splitlines() == ["[IPKernelApp] ERROR | Exception in message handler: boom"]
