"""Which connector reads or writes a source: by file suffix or URL scheme.

The registry is a plain table built when it is first asked (nothing registers itself
on import). Built-in connectors are imported only when used. A source no built-in
connector takes is looked up among the entry points of the group
``workbench.connectors`` (name = a suffix such as ``.parquet`` or a URL scheme such as
``duckdb``; value = a connector class), so other packages can add formats::

    [project.entry-points."workbench.connectors"]
    ".parquet" = "acme_workbench.parquet:ParquetConnector"
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path

from workbench.errors import ConfigError, InputError
from workbench.io.base import Connector
from workbench.io.sources import shown_source, url_scheme

ENTRY_POINT_GROUP = "workbench.connectors"


@dataclass(frozen=True)
class ConnectorSpec:
    """A connector the registry knows: where its class lives and what it takes.

    Args:
        name: Short name shown in messages.
        target: ``"module:Class"``; imported only when the connector is used.
        suffixes: File suffixes (lower case, with the dot).
        schemes: URL schemes (without a ``+driver`` part).
        requires: Modules that must be importable (drivers), with ``extra`` naming
            the optional dependency group of steward-workbench that installs them.
    """

    name: str
    target: str
    suffixes: tuple[str, ...] = ()
    schemes: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    extra: str | None = None

    def load(self) -> Connector:
        """An instance of the connector class."""
        module, _, attribute = self.target.partition(":")
        return getattr(importlib.import_module(module), attribute)()


BUILT_IN: tuple[ConnectorSpec, ...] = (
    ConnectorSpec("Excel", "workbench.io.excel:ExcelConnector", suffixes=(".xlsx", ".xlsm")),
    ConnectorSpec("CSV", "workbench.io.csv:CsvConnector", suffixes=(".csv", ".tsv", ".txt")),
    ConnectorSpec("vCard", "workbench.io.vcard:VCardConnector", suffixes=(".vcf", ".vcard")),
    ConnectorSpec("SQLite", "workbench.io.sql:SqlConnector", suffixes=(".db", ".sqlite", ".sqlite3"),
                  schemes=("sqlite",)),
    ConnectorSpec("PostgreSQL", "workbench.io.sql:SqlConnector", schemes=("postgresql", "postgres"),
                  requires=("psycopg",), extra="postgres"),
)

_OLD_FORMATS = {
    ".xls": "Open it in Excel and save it as .xlsx (Excel Workbook).",
    ".xlsb": "Open it in Excel and save it as .xlsx (Excel Workbook).",
    ".ods": "Save it as .xlsx or CSV from LibreOffice.",
}


class ConnectorRegistry:
    """Suffix and scheme -> connector, with entry points as the fallback.

    Examples:
        >>> registry = ConnectorRegistry(BUILT_IN)
        >>> type(registry.connector_for("kunden.CSV")).__name__
        'CsvConnector'
        >>> registry.connector_for("kunden.pdf")
        Traceback (most recent call last):
        ...
        workbench.errors.InputError: kunden.pdf: cannot read or write .pdf files. Supported: ...
    """

    def __init__(self, specs: Iterable[ConnectorSpec]) -> None:
        self._specs = tuple(specs)
        self._by_suffix = {suffix: spec for spec in self._specs for suffix in spec.suffixes}
        self._by_scheme = {scheme: spec for spec in self._specs for scheme in spec.schemes}

    def connector_for(self, source: str | Path) -> Connector:
        """The connector for ``source`` (a file path or a database URL).

        Raises:
            InputError: no connector takes the source, or its driver is not installed.
            ConfigError: an entry point does not provide a connector.
        """
        scheme = url_scheme(source)
        if scheme is not None and scheme in self._by_scheme:
            spec = self._by_scheme[scheme]
            self._check_driver(spec, str(source))
            return spec.load()
        suffix = Path(str(source)).suffix.lower()
        if suffix in self._by_suffix:
            return self._by_suffix[suffix].load()
        plugin = plugin_connector(scheme) if scheme else None
        plugin = plugin or (plugin_connector(suffix) if suffix else None)
        if plugin is not None:
            return plugin
        what = f"{scheme}: URLs" if scheme and not suffix else f"{suffix or 'suffix-less'} files"
        raise InputError(
            f"cannot read or write {what}",
            file=str(source),
            hint=_OLD_FORMATS.get(suffix, f"Supported: {self.supported()}."),
        )

    def supported(self) -> str:
        """What the built-in connectors take, for messages."""
        suffixes = ", ".join(suffix for spec in self._specs for suffix in spec.suffixes)
        schemes = ", ".join(f"{scheme}://" for spec in self._specs for scheme in spec.schemes)
        return f"{suffixes} files and {schemes} URLs (more through the {ENTRY_POINT_GROUP!r} entry point)"

    @staticmethod
    def _check_driver(spec: ConnectorSpec, source: str) -> None:
        driver = source.split("://", 1)[0].partition("+")[2]
        modules = (driver,) if driver else spec.requires
        missing = [module for module in modules if importlib.util.find_spec(module) is None]
        if not missing:
            return
        if spec.extra and set(missing) <= set(spec.requires):
            hint = f"Install steward-workbench[{spec.extra}]: pip install 'steward-workbench[{spec.extra}]'."
        else:
            hint = f"Install the Python package that provides the module {missing[0]!r}."
        raise InputError(f"the {spec.name} driver {missing[0]!r} is not installed", file=shown_source(source),
                         hint=hint)


def plugin_entry_points() -> list[EntryPoint]:
    """The connectors other packages register under :data:`ENTRY_POINT_GROUP` (not loaded)."""
    return list(entry_points(group=ENTRY_POINT_GROUP))


def plugin_connector(name: str) -> Connector | None:
    """A connector another package registers under ``name`` (case-insensitive), or None.

    Raises:
        ConfigError: The entry point cannot be loaded, or does not provide a connector.
    """
    for point in plugin_entry_points():
        if point.name.lower() == name.lower():
            try:
                connector = point.load()()
            except Exception as error:  # a broken plugin gets a message, not a traceback
                raise ConfigError(f"the connector {point.name!r} ({point.value}) cannot be loaded: {error}",
                                  hint="Reinstall the package that provides it, or ask its maker.") from error
            if not isinstance(connector, Connector):
                raise ConfigError(
                    f"the {ENTRY_POINT_GROUP!r} entry point {point.name!r} ({point.value}) is not a connector",
                    hint="It must name a class with read(source, options) and write(frame, target, options).",
                )
            return connector
    return None


@cache
def default_registry() -> ConnectorRegistry:
    """The registry of the built-in connectors, built on first use."""
    return ConnectorRegistry(BUILT_IN)


def connector_for(source: str | Path) -> Connector:
    """The connector for ``source`` from :func:`default_registry`."""
    return default_registry().connector_for(source)
