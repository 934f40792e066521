"""Transactions on behalf of a user: the role is checked first, and every refusal is audited.

:func:`guarded` is the one place where an action meets the team's rules: the sync
actions (:meth:`workbench.sync.Action.apply`, :func:`workbench.sync.undo_entry`), the
contacts' writes, user management and connection activation all go through it. A
refusal — a role too low, a connection out of scope or inactive, a decision taken
meanwhile by somebody else, any rule of the store — rolls the transaction back and is
then written to the audit log as a ``refused`` entry with the user, the action and the
message, in a transaction of its own. A check that only reads — may this user do that,
may they use this connection — runs in :func:`checked`, a read transaction that never
waits for a writer; a check that guards a write stays inside that write's transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

from workbench.errors import StoreError
from workbench.store import Store, Transaction, current_actor

REFUSED = "refused"
"""Action name of the audit entries that record a refusal."""


@contextmanager
def guarded(store: Store, action: str, *, actor: str, role: str | None = None) -> Iterator[Transaction]:
    """A transaction for ``action`` done by ``actor``; its refusals are audited.

    Args:
        store: The store.
        action: What is done, as the audit log names it (e.g. ``decide pair``).
        actor: Who does it.
        role: The role it needs, checked before anything else (None: the caller checks
            with ``tx.users.require`` once it knows what is needed).

    Raises:
        AccessError: ``actor``'s role does not allow it (see :meth:`~workbench.store.users.UserRepository.require`).
        StoreError: The store refused it (e.g. ``StaleWriteError``: decided meanwhile by somebody else).

    Examples:
        >>> from workbench.store import open_store
        >>> with open_store("sqlite://") as store:  # a store without users allows everything
        ...     with guarded(store, "note", actor="eva", role="steward") as tx:
        ...         tx.audit.append("note", {}, actor="eva").actor
        'eva'
    """
    with _audited(store, store.transaction(), action, actor=actor, role=role) as tx:
        yield tx


@contextmanager
def checked(store: Store, action: str, *, actor: str, role: str | None = None) -> Iterator[Transaction]:
    """A read transaction (:meth:`~workbench.store.Store.reading`) for a check of ``action`` by ``actor``.

    As :func:`guarded`, but without the write lock: the check neither waits for a writer nor
    blocks one, and its refusals are audited all the same. Use it for checks that write
    nothing; a check that must hold until a write commits belongs in that write's :func:`guarded`.

    Raises:
        AccessError: ``actor``'s role does not allow it, or the block refuses it.

    Examples:
        >>> from workbench.store import open_store
        >>> with open_store("sqlite://") as store, checked(store, "look", actor="eva", role="viewer") as tx:
        ...     tx.users.any()
        False
    """
    with _audited(store, store.reading(), action, actor=actor, role=role) as tx:
        yield tx


@contextmanager
def _audited(store: Store, transaction: AbstractContextManager[Transaction], action: str, *, actor: str,
             role: str | None) -> Iterator[Transaction]:
    """Run ``transaction`` with the role checked first; a refusal is rolled back, then audited."""
    refusal: StoreError | None = None
    try:
        with transaction as tx:
            try:
                if role is not None:
                    tx.users.require(actor, role, action=action)
                yield tx
            except StoreError as error:
                refusal = error
                raise
    except StoreError:
        if refusal is not None:
            record_refusal(store, action, actor, refusal)
        raise


def record_refusal(store: Store, action: str, actor: str, refusal: StoreError) -> None:
    """Write a ``refused`` entry for ``action`` by ``actor`` to the audit log (in its own transaction)."""
    payload = {"action": action, "error": type(refusal).__name__, "message": str(refusal)}
    with store.transaction() as tx:
        tx.audit.append(REFUSED, payload, actor=actor)


def require_role(store: Store, action: str, role: str, *, actor: str | None = None) -> None:
    """Check before any work that ``actor`` (default: :func:`~workbench.store.current_actor`) may do ``action``.

    Raises:
        AccessError: The role is too low (the refusal is audited).
    """
    with checked(store, action, actor=current_actor(actor), role=role):
        pass
