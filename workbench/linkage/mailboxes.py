"""Which e-mail addresses are evidence of one person.

An address is *personal* unless it is a role mailbox (``info@``, ``kontakt@``, … —
:func:`workbench.normalize.is_role_mailbox`, plus the configured extras), a family mailbox
(``fam.berg@``, ``familie.berg@``, ``familien.holm@`` — :data:`FAMILY_MAILBOXES`), or a *shared*
mailbox: one used in the data by ``min_names`` or more different names (a family's or an
office's address) — names told apart by a key that a person's own typos and nicknames do
not change (the pipeline uses first initial and last-name sound). Only personal addresses
make a pair sure.

Examples:
    >>> import pandas as pd
    >>> emails = pd.Series(["info@firma.de", "anna@web.de", "team@x.de", "team@x.de", "team@x.de", "fam.berg@gmx.de"])
    >>> names = pd.Series(["a", "b", "c", "d", "e", "f"])
    >>> personal_email_keys(emails, names, min_names=3).tolist()
    [None, 'anna@web.de', None, None, None, None]
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import numpy as np
import pandas as pd

from workbench.normalize import DEFAULT_CONFIG, is_role_mailbox

FAMILY_MAILBOXES: frozenset[str] = frozenset({"fam", "familie", "familien", "family", "famille", "familjen"})
"""Local parts (or their first piece) of a household's mailbox: a family shares it, so it names no one person."""


def shared_mailboxes(email_keys: pd.Series, name_keys: pd.Series, *, min_names: int) -> pd.Index:
    """Addresses used by at least ``min_names`` different (known) names.

    Examples:
        >>> shared_mailboxes(pd.Series(["a@x.de", "a@x.de", "b@x.de"]), pd.Series(["p", "q", "p"]),
        ...                  min_names=2).tolist()
        ['a@x.de']
    """
    addresses, shared = _shared(email_keys, name_keys, min_names)
    return pd.Index(addresses[shared], dtype=object).sort_values()


def personal_email_keys(
    email_keys: pd.Series, name_keys: pd.Series, *, min_names: int, role_mailboxes: Iterable[str] = ()
) -> pd.Series:
    """The e-mail keys with role and shared mailboxes blanked out (None).

    Args:
        email_keys: Normalised addresses (``email_key``), None where missing; categoricals are
            read by their codes.
        name_keys: One key per record naming the person (e.g. first and last name key).
        min_names: Different names that make an address shared.
        role_mailboxes: Local parts counted as role mailboxes besides normalize's list.
    """
    config = DEFAULT_CONFIG
    extra = frozenset(role_mailboxes) | FAMILY_MAILBOXES
    if extra - config.role_mailboxes:
        config = dataclasses.replace(config, role_mailboxes=config.role_mailboxes | extra)
    addresses, shared = _shared(email_keys, name_keys, min_names)
    role = is_role_mailbox(pd.Series(addresses, dtype=object), config=config, keyed=True).to_numpy(dtype=bool)
    personal = np.append(np.where(role | shared, None, addresses), None)  # code -1 (no address) takes the None
    codes = pd.factorize(email_keys, use_na_sentinel=True)[0]
    return pd.Series(personal[codes], index=email_keys.index, dtype=object, name=email_keys.name)


def _shared(email_keys: pd.Series, name_keys: pd.Series, min_names: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct addresses, and whether each is used by ``min_names`` or more different names."""
    emails, addresses = pd.factorize(email_keys, use_na_sentinel=True)
    names, known_names = pd.factorize(name_keys, use_na_sentinel=True)
    known = (emails >= 0) & (names >= 0)
    width = np.int64(len(known_names) + 1)
    distinct = np.unique(emails[known].astype(np.int64) * width + names[known])  # each (address, name) once
    shared = np.bincount(distinct // width, minlength=len(addresses)) >= min_names
    return np.asarray(addresses, dtype=object), shared
