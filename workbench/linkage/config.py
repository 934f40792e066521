"""LinkageConfig: everything that decides how records are paired, compared and classified.

The configuration is plain data kept apart from execution (splink's settings idea): build it
in Python, or read it from a dict, JSON or YAML (:meth:`LinkageConfig.from_dict`,
:meth:`LinkageConfig.from_yaml`), and write it back the same way. Blocking rules,
comparisons and rules left out (``None``) are the defaults for the record kind, derived from
the kind's fields: a kind with ``birth_date`` gets the birth-date rules, one with ``company``
the company comparison, with no code written per kind.

Examples:
    >>> config = LinkageConfig()
    >>> [rule.name for rule in config.rules if rule.kind == "sure"][:3]
    ['PersonalEmailExact', 'LastNameAndMobileExact', 'SameNameAddressAndPhone']
    >>> LinkageConfig.from_dict(config.to_dict()) == config
    True
    >>> LinkageConfig.from_dict({"possible_threshold": 0.7}).possible_threshold
    0.7
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from workbench.errors import ConfigError
from workbench.linkage import rules as library
from workbench.linkage.blocking import (
    DEFAULT_MAX_BLOCK_SIZE,
    DEFAULT_PAIRS_PER_RECORD,
    BlockingRule,
    KeyBlocking,
    SortedNeighbourhood,
    blocking_rule_from_dict,
)
from workbench.linkage.comparisons import (
    AddressSimilarity,
    CompanySimilarity,
    Comparison,
    ExactMatch,
    FirstNamesCompatible,
    FirstNameSimilarity,
    NamesSwapped,
    PersonRecords,
    StreetSimilarity,
    StringSimilarity,
    comparison_from_dict,
)
from workbench.linkage.rules import SCORE, Rule, rules_from_dicts
from workbench.parallel import SHARED_FROM, available_processes
from workbench.schema import RecordKind, get_kind

NUMBER = "number"
PANDAS, SPARK = "pandas", "spark"
BACKENDS: tuple[str, ...] = (PANDAS, SPARK)
"""Where matching can run (:attr:`LinkageConfig.backend`)."""


@dataclass(frozen=True)
class LinkageConfig:
    """How to find duplicates and partners. Every field has a documented default.

    Args:
        kind: Record kind (``customer``, ``contact``, …); its fields choose the default
            comparisons and rules, its id field gives ``a_no`` / ``b_no``.
        default_region: Phone region for numbers without a country code, used when the
            frames still need their normalised keys.
        blocking: Blocking rules whose candidate pairs are united; None = the kind's defaults.
        comparisons: Comparisons computed for every candidate pair; None = the kind's defaults.
        rules: Sure, veto and possible rules; None = the defaults that the comparisons support.
        match_on_number: The records' numbers are shared between the two systems (e.g.
            employee numbers carried over), so an equal number with a similar name is sure.
        possible_threshold: Score (match probability) a possible rule needs.
        role_mailboxes: Local parts that mark role mailboxes (``praxis``, ``buero``, …) in
            addition to normalisation's list (``info``, ``kontakt``, ``office``, ``post``, …).
        shared_mailbox_names: An email address used by this many different names in the
            data is a shared mailbox, not evidence of one person.
        max_block_size: Records one block may hold before it is re-blocked with the rule's
            finer key (or left out, and reported).
        pairs_per_record: Candidate pairs one blocking pass may make per record before its
            largest keys are re-blocked or left out (and reported): the candidates grow
            linearly with the records, whatever the data.
        chunk_size: Candidate pairs compared and classified per batch (bounds memory).
        training_pairs: Candidate pairs sampled to fit the score model.
        random_pairs: Random record pairs sampled to estimate how often non-matches agree.
        decision_weight: How many candidate pairs one recorded steward decision counts as
            when the score model is fitted.
        ambiguity_margin: A proposed partner is ambiguous when a rival comes this close in score.
        keep_none: Keep candidate pairs classified none in the result (for analysis).
        seed: Seed of the sampling, so runs repeat exactly.
        processes: Processes that compare and classify candidate pairs at once, each a share of the
            chunks, from 20,000 pairs on (None: as many as this machine gives the process CPUs; 1: this one).
        backend: Where matching runs: ``pandas`` (in this process, the default) or ``spark``
            (:mod:`workbench.linkage.engines.spark`; needs ``pip install workbench[spark]``).
        spark: Settings of the Spark backend (``master``, ``app_name``, ``conf``, ``fit_records``, …;
            see :class:`workbench.linkage.engines.spark.SparkSettings`), plain data.
    """

    kind: str = "customer"
    default_region: str = "DE"
    blocking: tuple[BlockingRule, ...] | None = None
    comparisons: tuple[Comparison, ...] | None = None
    rules: tuple[Rule, ...] | None = None
    match_on_number: bool = False
    possible_threshold: float = 0.05
    role_mailboxes: tuple[str, ...] = ()
    shared_mailbox_names: int = 3
    max_block_size: int = DEFAULT_MAX_BLOCK_SIZE
    pairs_per_record: float = DEFAULT_PAIRS_PER_RECORD
    chunk_size: int = 250_000
    training_pairs: int = 100_000
    random_pairs: int = 100_000
    decision_weight: float = 10.0
    ambiguity_margin: float = 0.05
    keep_none: bool = False
    seed: int = 0
    processes: int | None = None
    backend: str = PANDAS
    spark: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        kind = get_kind(self.kind)
        set_ = object.__setattr__
        comparisons = (tuple(self.comparisons) if self.comparisons is not None
                       else default_comparisons(kind, match_on_number=self.match_on_number))
        set_(self, "comparisons", comparisons)
        set_(self, "blocking", tuple(self.blocking) if self.blocking is not None
             else default_blocking(kind, match_on_number=self.match_on_number))
        set_(self, "rules", tuple(self.rules) if self.rules is not None else default_rules(comparisons))
        set_(self, "role_mailboxes", tuple(self.role_mailboxes))
        set_(self, "spark", dict(self.spark))
        self._check()

    def _check(self) -> None:
        labels = [c.label for c in self.comparisons]
        if len(set(labels)) != len(labels):
            raise ConfigError("comparison labels must be unique", hint=f"Got {labels}.")
        known = {*labels, SCORE}
        for rule in self.rules:
            unknown = rule.features - known
            if unknown:
                raise ConfigError(f"rule {rule.name!r} reads {', '.join(sorted(unknown))}, which no comparison makes",
                                  hint=f"Comparisons: {', '.join(labels)}.")
        if not self.blocking:
            raise ConfigError("no blocking rules: no pair would ever be compared", hint="Configure at least one.")
        if self.pairs_per_record <= 0:
            raise ConfigError(f"pairs_per_record must be positive, got {self.pairs_per_record}")
        if not 0 <= self.possible_threshold <= 1:
            raise ConfigError(f"possible_threshold must lie in [0, 1], got {self.possible_threshold}")
        if self.backend not in BACKENDS:
            raise ConfigError(f"unknown linkage backend {self.backend!r}", hint=f"Use one of: {', '.join(BACKENDS)}.")
        for name in ("shared_mailbox_names", "max_block_size", "chunk_size"):
            if getattr(self, name) < 2:
                raise ConfigError(f"{name} must be at least 2, got {getattr(self, name)}")
        if self.processes is not None and self.processes < 1:
            raise ConfigError(f"processes must be at least 1, got {self.processes}",
                              hint="Leave it unset to use every CPU this machine gives the process.")

    @property
    def record_kind(self) -> RecordKind:
        """The :class:`~workbench.schema.RecordKind` the configuration is for."""
        return get_kind(self.kind)

    def columns(self) -> tuple[str, ...]:
        """Every column blocking and comparisons read, in first-use order."""
        names = [c for rule in self.blocking for c in rule.columns()]
        names += [c for comparison in self.comparisons for c in (*comparison.columns(), *comparison.right_columns())]
        names += [c for group in self.shared_vocabularies() for c in group]
        return tuple(dict.fromkeys(names))

    def display_fields(self) -> tuple[str, ...]:
        """The record fields explanations quote: the comparisons' fields and those the rules' templates name."""
        names = [f for comparison in self.comparisons for f in (comparison.field, comparison.right_field)]
        names += [p[:-2] for rule in self.rules for p in rule.placeholders if p.endswith(("_a", "_b"))]
        return tuple(dict.fromkeys(names))

    def processes_for(self, items: int) -> int:
        """Processes to share work on ``items`` records or pairs among: :attr:`processes`, else the CPUs this
        process may use; one below :data:`~workbench.parallel.SHARED_FROM` items."""
        return (self.processes or available_processes()) if items >= SHARED_FROM else 1

    def shared_vocabularies(self) -> tuple[tuple[str, ...], ...]:
        """Groups of columns encoded over one set of categories (those a comparison exchanges)."""
        return tuple(pair for comparison in self.comparisons if isinstance(comparison, NamesSwapped)
                     for pair in comparison.swaps)

    def to_dict(self) -> dict[str, Any]:
        """The configuration as plain data (JSON/YAML-safe), defaults written out."""
        data = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        data["blocking"] = [rule.to_dict() for rule in self.blocking]
        data["comparisons"] = [c.to_dict() for c in self.comparisons]
        data["rules"] = [r.to_dict() for r in self.rules]
        data["role_mailboxes"] = list(self.role_mailboxes)
        data["spark"] = dict(self.spark)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LinkageConfig:
        """A configuration from plain data; keys left out keep their defaults.

        Raises:
            ConfigError: An unknown key, rule, comparison or blocking type.
        """
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = set(data) - names
        if unknown:
            raise ConfigError(f"unknown linkage settings: {', '.join(sorted(unknown))}",
                              hint=f"Known settings: {', '.join(sorted(names))}.")
        options = dict(data)
        if options.get("blocking") is not None:
            options["blocking"] = tuple(blocking_rule_from_dict(b) for b in options["blocking"])
        if options.get("comparisons") is not None:
            options["comparisons"] = tuple(comparison_from_dict(c) for c in options["comparisons"])
        if options.get("rules") is not None:
            options["rules"] = rules_from_dicts(options["rules"])
        return cls(**options)

    @classmethod
    def from_yaml(cls, source: str | Path) -> LinkageConfig:
        """A configuration from a YAML (or JSON) file, or from YAML text."""
        text = Path(source).read_text(encoding="utf-8") if _is_file(source) else str(source)
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            raise ConfigError(f"cannot read the linkage settings: {exc}") from None
        if not isinstance(data, Mapping):
            raise ConfigError("linkage settings must be a mapping of names to values")
        return cls.from_dict(data)

    def to_yaml(self) -> str:
        """The configuration as YAML text."""
        return yaml.safe_dump(self.to_dict(), sort_keys=False, allow_unicode=True)

    def replace(self, **changes: Any) -> LinkageConfig:
        """A copy with some settings changed."""
        return dataclasses.replace(self, **changes)


def _is_file(source: str | Path) -> bool:
    if isinstance(source, Path):
        return True
    return "\n" not in source and source.endswith((".yaml", ".yml", ".json"))


def default_comparisons(kind: RecordKind, *, match_on_number: bool = False) -> tuple[Comparison, ...]:
    """The comparisons for a kind's fields (names, contact, address; company and birth date if it has them)."""
    fields = set(kind.field_names)
    candidates: list[tuple[str, Comparison]] = [
        # first: a pair whose names are written the other way round is turned round for the rest
        ("last_name", NamesSwapped("first_name_key", other_column="last_name_key")),
        ("last_name", PersonRecords("first_name_key", other_column="last_name_key")),
        ("email", ExactMatch("personal_email_key", field="email", title="personal email")),
        ("mobile", ExactMatch("mobile_key", field="mobile")),
        ("phone", ExactMatch("phone_key", field="phone")),
        ("last_name", StringSimilarity("last_name_key", field="last_name", term_frequencies=True)),
        ("last_name", ExactMatch("last_name_phonetic_key", field="last_name", levels=(), explain=False,
                                 title="last name sound")),
        ("first_name", FirstNameSimilarity("first_name_key", field="first_name", term_frequencies=True)),
        ("first_name", FirstNamesCompatible("first_name_key", label="first_names", field="first_name",
                                            title="first names")),
        ("company", CompanySimilarity("company_key", field="company")),
        ("vat_id", ExactMatch("vat_id_key", label="vat_id", field="vat_id", title="VAT id")),
        ("birth_date", ExactMatch("birth_date_key", field="birth_date")),
        # a move changes street, postcode and city at once: the score counts the address once
        ("street", AddressSimilarity("street_key", other_column="postcode_key")),
        ("street", StreetSimilarity("street_key", field="street", levels=())),
        ("postcode", ExactMatch("postcode_key", field="postcode", levels=())),
        # not in the score: the city follows from the postcode, and counting both would count one fact twice
        ("city", StringSimilarity("city_key", field="city", levels=())),
    ]
    chosen = [comparison for source, comparison in candidates if source in fields]
    if match_on_number:
        chosen.insert(0, ExactMatch(kind.id_field, label=NUMBER, field=kind.id_field, title="number"))
    return tuple(chosen)


PERSON_EVIDENCE: tuple[tuple[str, str], ...] = (
    ("first_name", "first_name >= 0.8"), ("personal_email", "personal_email == 1"), ("birth_date", "birth_date == 1"))
"""Per feature, the condition that is person evidence (what two persons need to be possible)."""
SHARED_EVIDENCE: tuple[tuple[str, str], ...] = (
    ("personal_email", "personal_email == 1"), ("mobile", "mobile == 1"), ("phone", "phone == 1"),
    ("address", "address >= 0.45"), ("company", "company >= 0.85"), ("vat_id", "vat_id == 1"),
    ("birth_date", "birth_date == 1"))
"""Per feature, the condition that is something shared besides the names (the same postcode, or the
same street with another postcode, is ``address >= 0.45``)."""


def default_rules(comparisons: tuple[Comparison, ...]) -> tuple[Rule, ...]:
    """The library rules whose features the comparisons make (person evidence and similar names: those there are)."""
    labels = {c.label for c in comparisons} | {SCORE}

    def terms(table: tuple[tuple[str, str], ...]) -> list[str]:
        return [condition for label, condition in table if label in labels]

    candidates = (
        library.SAME_NUMBER_AND_SIMILAR_NAME,
        library.PERSONAL_EMAIL_EXACT,
        library.LAST_NAME_AND_MOBILE_EXACT,
        library.LAST_NAME_AND_BIRTH_DATE_EXACT,
        library.SAME_NAME_ADDRESS_AND_PHONE,
        library.SAME_NAME_ADDRESS_AND_VAT_ID,
        library.SAME_VAT_ID_AND_COMPANY,
        library.FIRST_NAMES_CLEARLY_DIFFER,
        library.BIRTH_DATES_DIFFER,
        library.person_evidence(terms(PERSON_EVIDENCE)),
        library.similar_names(terms(SHARED_EVIDENCE)),
        library.SAME_CONTACT_AND_FIRST_NAME,
        library.SIMILAR_COMPANY,
    )
    return tuple(rule for rule in candidates if rule.features <= labels)


def default_blocking(kind: RecordKind, *, match_on_number: bool = False) -> tuple[BlockingRule, ...]:
    """Blocking rules for a kind's fields: every kind of evidence the rules accept (e-mail, mobile,
    phone, address, company, birth date, number) is a key, and the name keys (its sound with the
    first name, and a sorted neighbourhood) catch typos."""
    fields = set(kind.field_names)
    candidates: list[tuple[str, BlockingRule]] = [
        ("email", KeyBlocking(["personal_email_key"], refine=["last_name_phonetic_key"], name="email")),
        ("mobile", KeyBlocking(["mobile_key"], refine=["last_name_phonetic_key"], name="mobile")),
        ("phone", KeyBlocking(["phone_key"], refine=["last_name_phonetic_key"], name="phone", train=False)),
        ("last_name", KeyBlocking(["last_name_phonetic_key", "first_name_key"], refine=["postcode_key"],
                                  name="name sound + first name")),
        ("last_name", SortedNeighbourhood(["last_name_key", "first_name_key"], window=3, name="name neighbourhood")),
        ("street", KeyBlocking(["street_key", "postcode_key"], refine=["first_initial_key"], name="address",
                               train=False)),
        ("company", KeyBlocking(["company_key", "postcode_key"], refine=["street_key"], name="company + postcode",
                                train=False)),
        ("company", KeyBlocking(["company_key", "first_initial_key"], refine=["last_name_phonetic_key"],
                                name="company + first initial", train=False)),
        ("vat_id", KeyBlocking(["vat_id_key"], refine=["first_initial_key"], name="VAT id", train=False)),
        # a birth date alone is shared by ~40 people in a million: only with a name's sound, the first
        # (a surname typed anew) or the last (a nickname or another first name)
        ("birth_date", KeyBlocking(["birth_date_key", "first_name_phonetic_key"],
                                   name="birth date + first name sound")),
        ("birth_date", KeyBlocking(["birth_date_key", "last_name_phonetic_key"],
                                   name="birth date + last name sound")),
    ]
    chosen = [rule for source, rule in candidates if source in fields]
    if match_on_number:
        chosen.insert(0, KeyBlocking([kind.id_field], name=NUMBER))
    return tuple(chosen)
