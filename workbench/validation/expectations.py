"""The workbench's own Great Expectations expectations, for the rules GX does not ship.

Importing this module registers them with GX under their snake-case names
(``expect_column_values_to_be_valid_email``, …), which is how suite files name
them; the runner imports it before it loads a suite. Each expectation is a thin
shell: the check itself is a pure function in :mod:`workbench.validation.checks`.

Country-dependent checks are column-pair expectations: ``column_A`` holds the
value, ``column_B`` the row's country as an ISO code (the runner derives the
``country_key`` column from ``country`` with :func:`workbench.normalize.country_key`,
so the country is normalised once, not once per rule).
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from workbench.validation.lean_import import lean_great_expectations

with lean_great_expectations():
    from great_expectations.compatibility import pydantic
from great_expectations.execution_engine import PandasExecutionEngine
from great_expectations.expectations.expectation import (
    BatchExpectation,
    ColumnMapExpectation,
    ColumnPairMapExpectation,
)
from great_expectations.expectations.metrics.map_metric_provider import (
    ColumnMapMetricProvider,
    ColumnPairMapMetricProvider,
    column_condition_partial,
    column_pair_condition_partial,
)

from workbench.validation import checks

_PAIR_SUCCESS_KEYS = ("column_A", "column_B", "ignore_row_if", "mostly")


class ExpectTableColumnsToIncludeRequiredFields(BatchExpectation):
    """The table has a column for every field of ``all_of`` and for at least one field of each ``any_of`` group.

    ``{"all_of": ["customer_no"], "any_of": [["company", "last_name"]]}`` reads
    "a customer number, and a company or a last name". The result's
    ``details.missing`` lists what is missing, one entry per unmet requirement.
    """

    all_of: list[str] = pydantic.Field(default_factory=list)
    any_of: list[list[str]] = pydantic.Field(default_factory=list)

    metric_dependencies: ClassVar[tuple[str, ...]] = ("table.columns",)
    success_keys: ClassVar[tuple[str, ...]] = ("all_of", "any_of")
    args_keys: ClassVar[tuple[str, ...]] = ("all_of", "any_of")

    def _validate(self, metrics: dict, runtime_configuration: dict | None = None, execution_engine: Any = None) -> dict:
        present = set(metrics["table.columns"])
        missing = [name for name in self.all_of if name not in present]
        missing += [" or ".join(group) for group in self.any_of if not present.intersection(group)]
        return {"success": not missing, "result": {"observed_value": sorted(present), "details": {"missing": missing}}}


class ColumnValuesValidEmail(ColumnMapMetricProvider):
    """Per row: the e-mail address is syntactically valid."""

    condition_metric_name = "column_values.workbench_valid_email"

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column, **kwargs):
        return checks.valid_emails(column)


class ExpectColumnValuesToBeValidEmail(ColumnMapExpectation):
    """Every e-mail address is syntactically valid (missing values pass)."""

    map_metric = "column_values.workbench_valid_email"


class ColumnValuesKnownCountry(ColumnMapMetricProvider):
    """Per row: the value names a country (optionally one of ``value_set``)."""

    condition_metric_name = "column_values.workbench_known_country"
    condition_value_keys = ("value_set",)

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column, value_set=None, **kwargs):
        return checks.known_countries(column, value_set)


class ExpectColumnValuesToBeKnownCountry(ColumnMapExpectation):
    """Every country names a country after normalisation to ISO 3166 alpha-2.

    ``Deutschland``, ``DK`` and ``Dänemark`` pass, ``Atlantis`` does not. With
    ``value_set`` (ISO codes) only those countries pass.
    """

    value_set: list[str] | None = None

    map_metric = "column_values.workbench_known_country"
    success_keys: ClassVar[tuple[str, ...]] = ("value_set", "mostly")


class ColumnValuesKnownStatus(ColumnMapMetricProvider):
    """Per row: the status normalises into ``value_set``."""

    condition_metric_name = "column_values.workbench_known_status"
    condition_value_keys = ("value_set",)

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column, value_set=None, **kwargs):
        return checks.known_statuses(column, value_set)


class ExpectColumnValuesToBeKnownStatus(ColumnMapExpectation):
    """Every status normalises into ``value_set`` (``["active", "inactive"]``: aktiv, inaktiv, active, …)."""

    value_set: list[str]

    map_metric = "column_values.workbench_known_status"
    success_keys: ClassVar[tuple[str, ...]] = ("value_set", "mostly")


class _CountryPairExpectation(ColumnPairMapExpectation):
    """A value (``column_A``) checked against the rules of its row's country (``column_B``, ISO codes)."""

    default_region: str | None = "DE"
    ignore_row_if: Literal["both_values_are_missing", "either_value_is_missing", "neither"] = (
        "both_values_are_missing"
    )


class ColumnPairValuesValidPhoneNumber(ColumnPairMapMetricProvider):
    """Per row: the number is valid for the row's country."""

    condition_metric_name = "column_pair_values.workbench_valid_phone_number"
    condition_value_keys = ("default_region",)

    @column_pair_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column_A, column_B, default_region="DE", **kwargs):
        return checks.valid_phone_numbers(column_A, column_B, default_region)


class ExpectColumnPairValuesToBeValidPhoneNumber(_CountryPairExpectation):
    """Every number in ``column_A`` is a valid phone number for the country in ``column_B``.

    A number without country code is read in the row's country, or in
    ``default_region`` where the country is unknown.
    """

    map_metric = "column_pair_values.workbench_valid_phone_number"
    success_keys: ClassVar[tuple[str, ...]] = (*_PAIR_SUCCESS_KEYS, "default_region")


class ColumnPairValuesMatchCountryFormat(ColumnPairMapMetricProvider):
    """Per row: the value matches its country's pattern."""

    condition_metric_name = "column_pair_values.workbench_country_format"
    condition_value_keys = ("patterns", "default_region", "compact")

    @column_pair_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column_A, column_B, patterns=None, default_region=None, compact=False, **kwargs):
        return checks.match_country_formats(column_A, column_B, patterns or {}, default_region, compact=compact)


class ExpectColumnPairValuesToBeValidPostcode(_CountryPairExpectation):
    """Every postcode in ``column_A`` has the format of the country in ``column_B``.

    ``patterns`` maps ISO country codes to regular expressions the whole
    postcode must match; countries without a pattern are not checked. With
    ``compact`` spaces, dots, hyphens and slashes are ignored.
    """

    patterns: dict[str, str]
    compact: bool = False

    map_metric = "column_pair_values.workbench_country_format"
    success_keys: ClassVar[tuple[str, ...]] = (*_PAIR_SUCCESS_KEYS, "patterns", "default_region", "compact")


class ExpectColumnPairValuesToBeValidVatId(_CountryPairExpectation):
    """Every VAT id in ``column_A`` has the format of the country in ``column_B``.

    Spaces, dots, hyphens and slashes are ignored and letters compared in upper
    case (``de 123 456 789`` is ``DE123456789``) unless ``compact`` is false.
    ``patterns`` as for postcodes.
    """

    patterns: dict[str, str]
    compact: bool = True

    map_metric = "column_pair_values.workbench_country_format"
    success_keys: ClassVar[tuple[str, ...]] = (*_PAIR_SUCCESS_KEYS, "patterns", "default_region", "compact")


class ColumnValuesValidDate(ColumnMapMetricProvider):
    """Per row: the value names a day within the bounds."""

    condition_metric_name = "column_values.workbench_valid_date"
    condition_value_keys = ("earliest", "latest")

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column, earliest=None, latest=None, **kwargs):
        return checks.valid_dates(column, earliest, latest)


class ExpectColumnValuesToBeValidDate(ColumnMapExpectation):
    """Every value names a day (``15.03.1980``, ``1980-03-15``, an Excel serial), between
    ``earliest`` and ``latest`` (ISO days, each optional); missing values pass."""

    earliest: str | None = None
    latest: str | None = None

    map_metric = "column_values.workbench_valid_date"
    success_keys: ClassVar[tuple[str, ...]] = ("earliest", "latest", "mostly")


class _DatePairExpectation(ColumnPairMapExpectation):
    """Two dates of one row (``column_A``, ``column_B``); rows where either is missing pass."""

    ignore_row_if: Literal["both_values_are_missing", "either_value_is_missing", "neither"] = (
        "either_value_is_missing"
    )


class ColumnPairValuesDatesInOrder(ColumnPairMapMetricProvider):
    """Per row: ``column_A`` is not before ``column_B``."""

    condition_metric_name = "column_pair_values.workbench_dates_in_order"

    @column_pair_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column_A, column_B, **kwargs):
        return checks.dates_in_order(column_A, column_B)


class ExpectColumnPairValuesToBeDatesInOrder(_DatePairExpectation):
    """Every date in ``column_A`` is on or after the date in ``column_B`` (a leave date not before the hire date)."""

    map_metric = "column_pair_values.workbench_dates_in_order"
    success_keys: ClassVar[tuple[str, ...]] = _PAIR_SUCCESS_KEYS


class ColumnPairValuesYearsApart(ColumnPairMapMetricProvider):
    """Per row: ``column_B`` lies ``min_years`` to ``max_years`` after ``column_A``."""

    condition_metric_name = "column_pair_values.workbench_years_apart"
    condition_value_keys = ("min_years", "max_years")

    @column_pair_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column_A, column_B, min_years=0, max_years=150, **kwargs):
        return checks.years_apart(column_A, column_B, min_years, max_years)


class ExpectColumnPairValuesToBeYearsApart(_DatePairExpectation):
    """The date in ``column_B`` lies ``min_years`` to ``max_years`` whole years after the one in ``column_A``
    (a plausible age: born 14 to 80 years before the hire date)."""

    min_years: int = 0
    max_years: int = 150

    map_metric = "column_pair_values.workbench_years_apart"
    success_keys: ClassVar[tuple[str, ...]] = (*_PAIR_SUCCESS_KEYS, "min_years", "max_years")
