"""E-mail keys: the address as it compares, placeholders removed, role mailboxes recognised."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from workbench.normalize.issues import INVALID, MISSING, PLACEHOLDER
from workbench.normalize.text import read_distinct, spread
from workbench.normalize.vocabulary import DEFAULT_CONFIG, NormalizeConfig

_ATOM = r"[^@\s,;:<>()\[\]\"\\]"
_EMAIL = re.compile(rf"{_ATOM}+@(?:[^@\s,;:<>()\[\]\"\\.]+\.)+[^@\s,;:<>()\[\]\"\\.]{{2,}}")
_ANGLE = re.compile(r"<([^<>]*)>\s*$")
_LOCAL_FIRST_PIECE = re.compile(r"[.\-_+0-9]")


def email_key(values: pd.Series, *, config: NormalizeConfig = DEFAULT_CONFIG) -> pd.Series:
    """The e-mail address as it compares: trimmed and lower-cased; None when unusable.

    ``mailto:`` and a display name around ``<address>`` are dropped. The key is None
    when the value is empty, is not an address (a light check: one ``@``, no spaces,
    a dot in the domain and a top-level domain of two or more characters), or is a
    placeholder (see :func:`email_issue`).

    Examples:
        >>> email_key(pd.Series([" Anna.Berg@Firma.DE ", "keine@firma.de", "x@x.de", "anna@firma"])).tolist()
        ['anna.berg@firma.de', None, None, None]
        >>> email_key(pd.Series(["Max Mustermann <MAX@web.de>", "mailto:jens@post.dk"])).tolist()
        ['max@web.de', 'jens@post.dk']
    """
    return _keys_and_issues(values, config)[0]


def email_issue(values: pd.Series, *, config: NormalizeConfig = DEFAULT_CONFIG) -> pd.Series:
    """Why an e-mail gets no key: ``"missing"``, ``"placeholder"``, ``"invalid"``; None when it has one.

    Placeholders: an address from ``config.placeholder_emails``; a local part from
    ``config.placeholder_email_local_parts`` (``keine@``, ``noemail@``, ``no@``,
    ``noreply@``; dots, dashes and underscores ignored); a domain from
    ``config.placeholder_email_domains`` (``example``, ``test``, ``beispiel``, …) or a
    reserved top-level domain (``.invalid``, ``.test``, ``.example``); a local part or a
    domain name that is one character repeated (``x@x.de``, ``xxx@firma.de``).

    Examples:
        >>> email_issue(pd.Series(["info@example.com", "kein E-Mail", "anna@firma.de", None])).tolist()
        ['placeholder', 'invalid', None, 'missing']
    """
    return _keys_and_issues(values, config)[1].mask(values.isna(), MISSING)


def is_role_mailbox(values: pd.Series, *, config: NormalizeConfig = DEFAULT_CONFIG, keyed: bool = False) -> pd.Series:
    """True where the address is a shared or role mailbox (``info@``, ``kontakt@``, ``salg@``, …).

    The local part counts when it, or its first piece before ``.``, ``-``, ``_``, ``+``
    or a digit, is in ``config.role_mailboxes``. Unusable addresses give False.
    Linkage uses this: one role mailbox is not proof of one person. With ``keyed=True`` the
    values are :func:`email_key` results already (None where unusable) and are not read again.

    Examples:
        >>> is_role_mailbox(pd.Series(["Info@firma.de", "info-berlin@firma.de", "anna.info@firma.de",
        ...                            "salg@firma.dk", None])).tolist()
        [True, True, False, True, False]
    """
    roles = config.role_mailboxes
    keys = values if keyed else email_key(values, config=config)
    codes, (role,) = read_distinct(keys, lambda key: (_is_role(key, roles),),
                                   lambda keys: (pc.match_substring_regex(keys, _role_pattern(roles)),), (bool,))
    return spread(role, codes, keys).eq(True)


def _is_role(address: str, roles: frozenset[str]) -> bool:
    local = address.partition("@")[0]
    return local in roles or _LOCAL_FIRST_PIECE.split(local, maxsplit=1)[0] in roles


def _role_pattern(roles: frozenset[str]) -> str:
    """:func:`_is_role` as a pattern: the local part is a role, or starts with one a piece separator follows."""
    pieces = sorted(role for role in roles if not _LOCAL_FIRST_PIECE.search(role) and "@" not in role)
    whole = "|".join(map(re.escape, sorted(roles))) or "[^\\s\\S]"
    return f"^(?:{whole})(?:@|$)" + (f"|^(?:{'|'.join(map(re.escape, pieces))})[.\\-_+0-9]" if pieces else "")


def _keys_and_issues(values: pd.Series, config: NormalizeConfig) -> tuple[pd.Series, pd.Series]:
    """:func:`_key_and_issue` of every value, once per distinct value: plain addresses (the bulk of a real
    column) in Arrow compute by :func:`_plain_keys_and_issues`, the others one by one."""
    codes, (keys, issues) = read_distinct(values, functools.partial(_key_and_issue, config=config),
                                          functools.partial(_plain_keys_and_issues, config=config),
                                          (object, object), plain=_PLAIN)
    return spread(keys, codes, values), spread(issues, codes, values)


_PLAIN_LETTER = r"A-Za-z0-9_%+\-"
_PLAIN = rf"^[{_PLAIN_LETTER}.]+@(?:[{_PLAIN_LETTER}]+\.)+[{_PLAIN_LETTER}]{{2,}}$"
"""Addresses :func:`_key_and_issue` reads as they are but for case (ASCII letters, digits and ``._%+-``, no
space, display name or ``mailto:``): each of them matches ``_EMAIL``."""


def _plain_keys_and_issues(addresses: pa.StringArray, config: NormalizeConfig) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_key_and_issue` for :data:`_PLAIN` addresses, in Arrow compute: lower case, then
    :func:`_is_placeholder`'s tests as one regular expression (RE2 without captures runs as a DFA)."""
    address = pc.ascii_lower(addresses)
    placeholder = np.asarray(pc.or_(pc.is_in(address, value_set=pa.array(sorted(config.placeholder_emails),
                                                                          type=pa.string())),
                                    pc.match_substring_regex(address, _placeholder_pattern(config))), dtype=bool)
    keys = np.asarray(address.to_numpy(zero_copy_only=False), dtype=object)
    return np.where(placeholder, None, keys), np.where(placeholder, PLACEHOLDER, None)


def _placeholder_pattern(config: NormalizeConfig) -> str:
    """:func:`_is_placeholder` but for the whole-address list, as a pattern on a lower-cased plain address."""
    def alternatives(words: Iterable[str]) -> str:
        return "|".join(sorted(words)) or "[^\\s\\S]"  # nothing: a class no character is in

    separated = ("[._-]*" + "[._-]*".join(map(re.escape, word)) + "[._-]*"
                 for word in config.placeholder_email_local_parts)
    one_letter = alternatives(f"{re.escape(c)}+" for c in "abcdefghijklmnopqrstuvwxyz0123456789._%+-")
    name = alternatives([*map(re.escape, config.placeholder_email_domains), one_letter])
    return (f"^(?:{alternatives(separated)}|{one_letter})@"
            f"|@(?:[^@]*\\.)?(?:{name})\\.[^.]*$"
            f"|\\.(?:{alternatives(map(re.escape, config.placeholder_email_tlds))})$")


def _key_and_issue(text: str, config: NormalizeConfig) -> tuple[str | None, str | None]:
    address = text.strip()
    if "<" in address and (bracketed := _ANGLE.search(address)) is not None:
        address = bracketed.group(1).strip()
    address = address.lower().removeprefix("mailto:")
    if not address:
        return None, MISSING
    if not _EMAIL.fullmatch(address):
        return None, INVALID
    if _is_placeholder(address, config):
        return None, PLACEHOLDER
    return address, None


def _is_placeholder(address: str, config: NormalizeConfig) -> bool:
    local, _, domain = address.partition("@")
    name, _, tld = domain.rpartition(".")
    name = name.rpartition(".")[2]
    return (
        address in config.placeholder_emails
        or local.replace(".", "").replace("-", "").replace("_", "") in config.placeholder_email_local_parts
        or name in config.placeholder_email_domains
        or tld in config.placeholder_email_tlds
        or local == local[0] * len(local)
        or name == name[0] * len(name)
    )
