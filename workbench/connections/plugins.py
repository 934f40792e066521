"""Connector types a connection may name: the built-in ones, and those other packages register.

Built-in types are ``xlsx``, ``csv``, ``vcard`` and ``sql``, served by the connectors of
:mod:`workbench.io.registry`. A third party adds a system without touching the core by
registering a class that implements :class:`workbench.io.base.Connector` under the
entry point group ``workbench.connectors``; the entry point's name is the type a
connection names::

    [project.entry-points."workbench.connectors"]
    acme-crm = "acme_workbench.crm:AcmeCrmConnector"

Entry points are looked up when a type is asked for, never at import time.
"""

from __future__ import annotations

from pathlib import Path

from workbench.errors import ConfigError
from workbench.io.base import Connector
from workbench.io.registry import BUILT_IN, ENTRY_POINT_GROUP, ConnectorSpec, plugin_connector, plugin_entry_points
from workbench.io.sources import url_scheme

BUILT_IN_TYPES: dict[str, tuple[str, ...]] = {
    "xlsx": ("Excel",),
    "csv": ("CSV",),
    "vcard": ("vCard",),
    "sql": ("SQLite", "PostgreSQL"),
}
"""Built-in connector type -> the names of the :data:`workbench.io.registry.BUILT_IN` specs serving it."""


def _specs(connector_type: str) -> list[ConnectorSpec]:
    names = BUILT_IN_TYPES[connector_type]
    return [spec for spec in BUILT_IN if spec.name in names]


def connector_types() -> dict[str, str]:
    """Every type a connection may name -> where it comes from (``built-in`` or the entry point's value).

    Examples:
        >>> {name: origin for name, origin in connector_types().items() if origin == "built-in"}
        {'xlsx': 'built-in', 'csv': 'built-in', 'vcard': 'built-in', 'sql': 'built-in'}
    """
    types = dict.fromkeys(BUILT_IN_TYPES, "built-in")
    for point in plugin_entry_points():
        types.setdefault(point.name.lower(), point.value)
    return types


def location_fits(connector_type: str, location: str) -> bool:
    """Whether a built-in type reads ``location`` (by suffix or URL scheme); plugin types take any location.

    Examples:
        >>> location_fits("csv", "exports/kunden.csv"), location_fits("csv", "exports/kunden.xlsx")
        (True, False)
        >>> location_fits("sql", "postgresql+psycopg://crm@db/crm"), location_fits("sql", "erp.sqlite")
        (True, True)
    """
    if connector_type not in BUILT_IN_TYPES:
        return True
    scheme = url_scheme(location)
    suffix = Path(location).suffix.lower()
    return any(scheme in spec.schemes if scheme else suffix in spec.suffixes for spec in _specs(connector_type))


def accepted_locations(connector_type: str) -> str:
    """What a built-in type reads, for messages (e.g. ``.csv, .tsv, .txt files``)."""
    specs = _specs(connector_type)
    suffixes = [suffix for spec in specs for suffix in spec.suffixes]
    schemes = [f"{scheme}://" for spec in specs for scheme in spec.schemes]
    parts = ([f"{', '.join(suffixes)} files"] if suffixes else []) + ([f"{', '.join(schemes)} URLs"] if schemes else [])
    return " or ".join(parts)


def load_connector(connector_type: str) -> Connector:
    """A connector instance for a type: a plugin's class from its entry point (built-ins go through io).

    Raises:
        ConfigError: no entry point of that name, or it does not provide a connector.
    """
    connector = plugin_connector(connector_type)
    if connector is None:
        raise ConfigError(
            f"there is no connector type {connector_type!r}",
            hint=f"Use one of: {', '.join(connector_types())}; or install the package that provides it "
            f"(entry point group {ENTRY_POINT_GROUP!r}).",
        )
    return connector
