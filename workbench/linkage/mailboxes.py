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
    emails, addresses = _codes(email_keys)
    return pd.Index(addresses[_used_by_names(emails, len(addresses), name_keys, min_names)]).sort_values()


def without_role_mailboxes(email_keys: pd.Series, *, role_mailboxes: Iterable[str] = ()) -> pd.Series:
    """The e-mail keys with role and family mailboxes blanked out (None): the part decided by each address alone.

    A categorical is read by its categories and comes back as one, without the role mailboxes' categories.

    Args:
        email_keys: Normalised addresses (``email_key``), None where missing.
        role_mailboxes: Local parts counted as role mailboxes besides normalize's list.
    """
    config = DEFAULT_CONFIG
    extra = frozenset(role_mailboxes) | FAMILY_MAILBOXES
    if extra - config.role_mailboxes:
        config = dataclasses.replace(config, role_mailboxes=config.role_mailboxes | extra)
    if isinstance(email_keys.dtype, pd.CategoricalDtype):
        categories = email_keys.cat.categories
        each_once = pd.Series(pd.Categorical.from_codes(np.arange(len(categories)), categories=categories))
        return _without_categories(email_keys, is_role_mailbox(each_once, config=config, keyed=True).to_numpy(bool))
    role = is_role_mailbox(email_keys, config=config, keyed=True).to_numpy(dtype=bool)
    return email_keys.where(~role, None).astype(object)


def without_shared_mailboxes(email_keys: pd.Series, name_keys: pd.Series, *, min_names: int) -> pd.Series:
    """The e-mail keys with shared mailboxes (:func:`shared_mailboxes`) blanked out (None).

    Categoricals are read by their codes, and keys given as a categorical come back as one
    (over the categories still used).

    Examples:
        >>> emails = pd.Series(pd.Categorical(["a@x.de", "a@x.de", "b@x.de", None]))
        >>> without_shared_mailboxes(emails, pd.Series(["p", "q", "p", "q"]), min_names=2).tolist()
        [nan, nan, 'b@x.de', nan]
    """
    emails, addresses = _codes(email_keys)
    shared = _used_by_names(emails, len(addresses), name_keys, min_names)
    if isinstance(email_keys.dtype, pd.CategoricalDtype):
        unused = np.bincount(emails[emails >= 0], minlength=len(addresses)) == 0
        return _without_categories(email_keys, shared | unused)
    kept = np.where(np.append(shared, False)[emails], -1, emails)  # code -1 is no address
    return pd.Series(np.append(addresses, None)[kept], index=email_keys.index, dtype=object, name=email_keys.name)


def _without_categories(keys: pd.Series, dropped: np.ndarray) -> pd.Series:
    """A categorical without the categories ``dropped`` marks (its records become missing), the others in order."""
    recoded = np.append(np.where(dropped, -1, np.cumsum(~dropped) - 1), -1)  # old code -> new code; -1 stays -1
    categorical = pd.Categorical.from_codes(recoded[np.asarray(keys.cat.codes)],
                                            categories=keys.cat.categories[~dropped])
    return pd.Series(categorical, index=keys.index, name=keys.name)


def _codes(keys: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of the keys (-1 = missing) and the values they stand for; a categorical's own codes."""
    if isinstance(keys.dtype, pd.CategoricalDtype):
        return np.asarray(keys.cat.codes, dtype=np.int64), keys.cat.categories.to_numpy(dtype=object)
    codes, values = pd.factorize(keys, use_na_sentinel=True)
    return codes.astype(np.int64), np.asarray(values, dtype=object)


def _used_by_names(emails: np.ndarray, addresses: int, name_keys: pd.Series, min_names: int) -> np.ndarray:
    """Per address code (``emails``: -1 = none), whether ``min_names`` or more different known names use it."""
    names = _codes(name_keys)[0]
    known = (emails >= 0) & (names >= 0)
    width = np.int64(max(int(names.max(initial=0)) + 1, 1))
    distinct = pd.unique(emails[known].astype(np.int64) * width + names[known])  # each (address, name) once
    return np.bincount(distinct // width, minlength=addresses) >= min_names


def personal_email_keys(
    email_keys: pd.Series, name_keys: pd.Series, *, min_names: int, role_mailboxes: Iterable[str] = ()
) -> pd.Series:
    """The e-mail keys with role and shared mailboxes blanked out (None).

    Args:
        email_keys: Normalised addresses (``email_key``), None where missing.
        name_keys: One key per record naming the person (e.g. first and last name key).
        min_names: Different names that make an address shared.
        role_mailboxes: Local parts counted as role mailboxes besides normalize's list.
    """
    personal = without_role_mailboxes(email_keys, role_mailboxes=role_mailboxes)
    return without_shared_mailboxes(personal, name_keys, min_names=min_names)
