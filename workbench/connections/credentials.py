"""Credentials of a connection: ``${VARIABLE}`` placeholders filled from the environment.

A connection file may be shared and committed, so it holds no secrets: a database URL
names its password as ``${CRM_DB_PASSWORD}`` and the value is taken from the
environment when the connection is used. A password written into the URL is refused.
A value put into a URL's user or password is URL-encoded, so a password holding
``@``, ``/``, ``:`` or ``#`` stays the password.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from urllib.parse import quote

from workbench.errors import ConfigError

_PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_URL_PASSWORD = re.compile(r"^[A-Za-z][A-Za-z0-9.+-]*://[^/@:]*:(?P<password>[^@/]*)@")
_URL_USERINFO = re.compile(r"^[A-Za-z][A-Za-z0-9.+-]*://(?P<userinfo>[^/@]*)@")


def placeholders(text: str) -> list[str]:
    """The environment variables ``text`` names, in order.

    Examples:
        >>> placeholders("postgresql://crm:${CRM_DB_PASSWORD}@${CRM_DB_HOST}/crm")
        ['CRM_DB_PASSWORD', 'CRM_DB_HOST']
    """
    return _PLACEHOLDER.findall(text)


def stored_password(location: str) -> bool:
    """Whether a URL carries a password written out instead of a ``${VARIABLE}``.

    Examples:
        >>> stored_password("postgresql://crm:secret@db/crm"), stored_password("postgresql://crm:${PW}@db/crm")
        (True, False)
        >>> stored_password("sqlite:///data/erp.sqlite")
        False
    """
    match = _URL_PASSWORD.match(location)
    return bool(match and match["password"] and _PLACEHOLDER.fullmatch(match["password"]) is None)


def missing_variables(location: str, environ: Mapping[str, str] | None = None) -> list[str]:
    """The variables ``location`` names that the environment does not set."""
    env = os.environ if environ is None else environ
    return [name for name in placeholders(location) if name not in env]


def resolve_location(location: str, environ: Mapping[str, str] | None = None, *, where: str = "") -> str:
    """``location`` with every ``${VARIABLE}`` replaced by its value from the environment.

    Args:
        location: A path or URL as written in the connection file.
        environ: The environment (default: ``os.environ``).
        where: ``file, connection 'x', key 'location'`` for the message.

    Raises:
        ConfigError: a variable is not set (the message names it).

    Examples:
        >>> resolve_location("postgresql://crm:${PW}@db/crm", {"PW": "s3cret"})
        'postgresql://crm:s3cret@db/crm'
        >>> resolve_location("postgresql://crm:${PW}@${HOST}/crm", {"PW": "p@ss/w#rd", "HOST": "db:5432"})
        'postgresql://crm:p%40ss%2Fw%23rd@db:5432/crm'
    """
    env = os.environ if environ is None else environ
    missing = missing_variables(location, env)
    if missing:
        names = ", ".join(missing)
        raise ConfigError(
            f"{where + ': ' if where else ''}the environment variable{'s' if len(missing) > 1 else ''} {names} "
            f"{'are' if len(missing) > 1 else 'is'} not set",
            hint=f"Set {missing[0]} before running the workbench, e.g. export {missing[0]}=… in the shell.",
        )
    userinfo = _URL_USERINFO.match(location)
    end = userinfo.end("userinfo") if userinfo else 0  # user and password: encoded; host, path: as they are
    return (_PLACEHOLDER.sub(lambda match: quote(env[match[1]], safe=""), location[:end])
            + _PLACEHOLDER.sub(lambda match: env[match[1]], location[end:]))
