"""What the notebook kernel of a headless run writes to the command's output: its errors, not its noise.

The kernel (ipykernel) logs to the stderr the command shares. Two of its messages are
noise there: the start-up warning that it runs over local TCP without encryption
(warnings are not shown: the log level is ERROR), and ``KeyboardInterrupt caught in
kernel``, logged as an error when jupyter_client interrupts the kernel before shutting
it down at the end of every run (papermill's kernel shutdown) and the signal lands
while the kernel is still handling a message. :data:`KERNEL_ARGUMENTS` configure the
kernel's log: errors only, and :class:`ShutdownInterruptFilter` drops that one message.
Every other error of the kernel still reaches the output.
"""

from __future__ import annotations

import json
import logging

SHUTDOWN_INTERRUPT = "KeyboardInterrupt caught in kernel"
"""How ipykernel words the interrupt that precedes every shutdown (with or without a full stop)."""


class ShutdownInterruptFilter(logging.Filter):
    """Drops the kernel's ``KeyboardInterrupt caught in kernel`` record; passes every other one.

    Examples:
        >>> noise = logging.LogRecord("IPKernelApp", logging.ERROR, "", 0, "KeyboardInterrupt caught in kernel.",
        ...                           None, None)
        >>> error = logging.LogRecord("IPKernelApp", logging.ERROR, "", 0, "Exception in message handler:",
        ...                           None, None)
        >>> [ShutdownInterruptFilter().filter(record) for record in (noise, error)]
        [False, True]
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(SHUTDOWN_INTERRUPT)


_LOGGING = {"filters": {"shutdown_interrupt": {"()": f"{__name__}.{ShutdownInterruptFilter.__name__}"}},
            "handlers": {"console": {"filters": ["shutdown_interrupt"]}}}
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR", f"--IPKernelApp.logging_config={json.dumps(_LOGGING)}"]
"""Command-line arguments of the notebook kernel: log errors only, without the shutdown interrupt."""
