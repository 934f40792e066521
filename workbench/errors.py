"""Errors meant for a person: each says what went wrong, where, and what to do.

Every error the workbench raises on bad input or configuration derives from
:class:`WorkbenchError`; the CLI prints its message (never a traceback) and exits
with :attr:`WorkbenchError.exit_code`. A method called before the step it needs is a
programming mistake, not the user's: :class:`StateError`, outside that family.
"""

from __future__ import annotations


class WorkbenchError(Exception):
    """Base class of all errors the workbench reports to its user."""

    exit_code: int = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        text = self.message.rstrip(".") + "."
        return f"{text} {self.hint}" if self.hint else text


class InputError(WorkbenchError):
    """A file, table or value that cannot be used as given.

    Args:
        message: What is wrong, in one sentence.
        file: The file (or database URL) it was read from.
        row: 1-based row as a spreadsheet program shows it (title rows included).
        column: The column header as written in the source.
        hint: What the user can do about it.

    Examples:
        >>> str(InputError("not a valid number", file="crm.xlsx", row=12, column="Telefon",
        ...                hint="Correct the cell or clear it."))
        "crm.xlsx, row 12, column 'Telefon': not a valid number. Correct the cell or clear it."
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.file = file
        self.row = row
        self.column = column

    @property
    def location(self) -> str:
        """Where the problem is, e.g. ``crm.xlsx, row 12, column 'Telefon'``."""
        parts = []
        if self.file:
            parts.append(str(self.file))
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)

    def __str__(self) -> str:
        body = super().__str__()
        return f"{self.location}: {body}" if self.location else body


class ConfigError(WorkbenchError):
    """A setting, mapping, policy or connection definition that cannot be used."""


class StateError(RuntimeError):
    """A method called before the step it needs (e.g. ``decide()`` before ``match()``): a programming mistake.

    Not a :class:`WorkbenchError`: no setting or file of the user's can cause it, so it is not
    reported as one; the message says which step to run first.
    """


class ValidationFailed(WorkbenchError):
    """Validation found errors that block an import."""

    exit_code = 1


class StoreError(WorkbenchError):
    """The state store refused an operation (conflicting link, stale write, …)."""


class StaleWriteError(StoreError):
    """Somebody else changed the record since it was read; reload and try again."""


class AccessError(StoreError):
    """The user's role, or a connection's scope or state, does not allow the action.

    Args:
        message: Who may not do what, and why.
        actor: The user refused.
        action: What was refused (an action name such as ``decide pair``).
        hint: Whom to ask, and the command that would allow it.
    """

    def __init__(self, message: str, *, actor: str, action: str, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.actor = actor
        self.action = action
