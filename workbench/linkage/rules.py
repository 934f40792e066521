"""Match rules as data: a name, a class, a condition over the comparison features, an explanation.

A rule's condition (``when``) is a small expression over feature labels and ``score``:
comparisons with numbers joined by ``and``, ``or``, ``not`` and parentheses, e.g.
``last_name == 1 and mobile == 1``. A missing similarity (one record lacks the value)
satisfies no comparison, not even ``!=``: write ``first_names == 0`` for "known to differ".
Nothing else is allowed (no calls, no attributes), so a rule read from YAML cannot run code.

Kinds of rule (see :func:`workbench.linkage.classify.classify`):

* ``sure``: the first sure rule that holds makes the pair sure …
* ``veto``: … unless a veto holds, which demotes it to possible at most;
* ``possible``: a pair that is not sure (or was vetoed) is possible when a possible rule
  holds (or it was vetoed), every ``require`` rule holds, and the probabilistic score
  reaches ``possible_threshold``;
* ``require``: what every possible pair needs, whatever made it a candidate (a person
  pair needs person evidence).

The explanation is a template over the pair's display values (``{email_a}``,
``{first_name_b}``) and features (``{last_name:.2f}``).

Examples:
    >>> import pandas as pd
    >>> rule = Rule("LastNameAndMobileExact", "sure", "last_name == 1 and mobile == 1",
    ...             "same last name {last_name_a} and mobile {mobile_a}")
    >>> features = pd.DataFrame({"last_name": [1.0, 1.0, None], "mobile": [1.0, 0.0, 1.0]})
    >>> rule.holds(features).tolist()
    [True, False, False]
    >>> sorted(rule.features)
    ['last_name', 'mobile']
"""

from __future__ import annotations

import ast
import operator
import re
import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from workbench.errors import ConfigError

RuleKind = Literal["sure", "veto", "possible", "require"]
RULE_KINDS: tuple[str, ...] = ("sure", "veto", "possible", "require")
SCORE = "score"

_COMPARE: Mapping[type[ast.cmpop], Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt,
    ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge,
}
_TEMPLATE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Rule:
    """One sure, veto, possible or require rule.

    Args:
        name: Reads as the rule, e.g. ``PersonalEmailExact``; shown in the pairs frame.
        kind: ``sure``, ``veto``, ``possible`` or ``require``.
        when: The condition (see the module docs).
        explanation: Template of the sentence the rule adds to a pair's explanation;
            empty for rules whose field similarities say it all.
    """

    name: str
    kind: RuleKind
    when: str
    explanation: str = ""
    _tree: ast.Expression = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in RULE_KINDS:
            raise ConfigError(f"rule {self.name!r}: kind must be one of {', '.join(RULE_KINDS)}, not {self.kind!r}")
        try:
            tree = ast.parse(self.when, mode="eval")
        except SyntaxError:
            raise ConfigError(f"rule {self.name!r}: cannot read condition {self.when!r}",
                              hint="Write comparisons such as `last_name >= 0.9 and mobile == 1`.") from None
        _check(tree.body, self)
        for _, name, _, _ in string.Formatter().parse(self.explanation):
            if name is not None and not _TEMPLATE_NAME.match(name):
                raise ConfigError(f"rule {self.name!r}: explanation placeholder {{{name}}} must be a plain name",
                                  hint="Use a field with _a or _b (e.g. {email_a}) or a feature label.")
        object.__setattr__(self, "_tree", tree)

    @property
    def features(self) -> frozenset[str]:
        """The feature labels (and ``score``) the condition reads."""
        return frozenset(node.id for node in ast.walk(self._tree) if isinstance(node, ast.Name))

    @property
    def placeholders(self) -> frozenset[str]:
        """Names the explanation template uses."""
        return frozenset(n for _, n, _, _ in string.Formatter().parse(self.explanation) if n)

    def holds(self, features: pd.DataFrame, score: np.ndarray | None = None) -> np.ndarray:
        """Whether the condition holds, per pair (a boolean array).

        Raises:
            ConfigError: The condition names a feature the frame lacks.
        """
        return _evaluate(self._tree.body, features, score, self)

    def to_dict(self) -> dict[str, str]:
        """The rule as plain data."""
        return {k: v for k, v in asdict(self).items() if not k.startswith("_")}


def _check(node: ast.AST, rule: Rule) -> None:
    if isinstance(node, ast.BoolOp):
        for value in node.values:
            _check(value, rule)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        _check(node.operand, rule)
    elif isinstance(node, ast.Compare):
        operands = [node.left, *node.comparators]
        if not all(type(op) in _COMPARE for op in node.ops) or not all(_is_operand(o) for o in operands):
            raise ConfigError(f"rule {rule.name!r}: only comparisons of features with numbers are allowed",
                              hint=f"Check {ast.unparse(node)!r} in {rule.when!r}.")
    else:
        raise ConfigError(f"rule {rule.name!r}: {ast.unparse(node)!r} is not a comparison",
                          hint="Compare features with numbers (`mobile == 1`), joined by and / or / not.")


def _is_operand(node: ast.AST) -> bool:
    number = isinstance(node, ast.Constant) and isinstance(node.value, int | float) and not isinstance(node.value, bool)
    return number or isinstance(node, ast.Name)


def _evaluate(node: ast.AST, features: pd.DataFrame, score: np.ndarray | None, rule: Rule) -> np.ndarray:
    if isinstance(node, ast.BoolOp):
        parts = [_evaluate(v, features, score, rule) for v in node.values]
        combine = np.logical_and if isinstance(node.op, ast.And) else np.logical_or
        return combine.reduce(parts)
    if isinstance(node, ast.UnaryOp):
        return ~_evaluate(node.operand, features, score, rule)
    assert isinstance(node, ast.Compare)
    values = [_operand(o, features, score, rule) for o in (node.left, *node.comparators)]
    result = np.ones(len(features), dtype=bool)
    for op, lhs, rhs in zip(node.ops, values, values[1:], strict=False):
        with np.errstate(invalid="ignore"):
            result &= _COMPARE[type(op)](lhs, rhs) & ~np.isnan(lhs) & ~np.isnan(rhs)
    return result


def _operand(node: ast.AST, features: pd.DataFrame, score: np.ndarray | None, rule: Rule) -> np.ndarray:
    if isinstance(node, ast.Constant):
        return np.full(len(features), float(node.value))
    assert isinstance(node, ast.Name)
    if node.id == SCORE and score is not None:
        return np.asarray(score, dtype=np.float64)
    if node.id not in features.columns:
        raise ConfigError(f"rule {rule.name!r} reads {node.id!r}, which no comparison makes",
                          hint=f"Known features: {', '.join(map(str, features.columns))}.")
    return features[node.id].to_numpy(dtype=np.float64, na_value=np.nan)


def rules_from_dicts(items: Iterable[Mapping[str, Any]]) -> tuple[Rule, ...]:
    """Rules from plain data (a list of mappings with name, kind, when, explanation).

    Examples:
        >>> rules_from_dicts([{"name": "MobileExact", "kind": "sure", "when": "mobile == 1"}])[0].kind
        'sure'
    """
    rules = []
    for item in items:
        unknown = set(item) - {"name", "kind", "when", "explanation"}
        if unknown or not {"name", "kind", "when"} <= set(item):
            raise ConfigError(f"rule {item.get('name', '?')!r} needs name, kind and when"
                              + (f"; unknown keys: {', '.join(sorted(unknown))}" if unknown else ""))
        rules.append(Rule(**item))
    names = [r.name for r in rules]
    if len(set(names)) != len(names):
        raise ConfigError("rule names must be unique", hint=f"Got {names}.")
    return tuple(rules)


PERSONAL_EMAIL_EXACT = Rule(
    "PersonalEmailExact", "sure", "personal_email == 1", "same personal email {email_a}")
LAST_NAME_AND_MOBILE_EXACT = Rule(
    "LastNameAndMobileExact", "sure", "last_name == 1 and mobile == 1",
    "same last name {last_name_a} and mobile {mobile_a}")
LAST_NAME_AND_BIRTH_DATE_EXACT = Rule(
    "LastNameAndBirthDateExact", "sure", "last_name == 1 and birth_date == 1 and first_names == 1",
    "same last name {last_name_a}, birth date {birth_date_a} and first name")
SAME_NUMBER_AND_SIMILAR_NAME = Rule(
    "SameNumberAndSimilarName", "sure", "number == 1 and (last_name >= 0.8 or first_name >= 0.8)",
    "same number {number_a} and similar name")
SAME_NAME_ADDRESS_AND_PHONE = Rule(
    "SameNameAddressAndPhone", "sure",
    "last_name == 1 and first_name == 1 and address == 1 and phone == 1 and not mobile == 0",
    "same name {first_name_a} {last_name_a}, address and phone {phone_a}")
"""One person: the same first and last name at the same address (street, house number, postcode) and the same
landline. A namesake in the same household (father and son) is told apart by a second mobile."""
SAME_NAME_ADDRESS_AND_VAT_ID = Rule(
    "SameNameAddressAndVatId", "sure",
    "last_name == 1 and first_name == 1 and address == 1 and vat_id == 1 and not mobile == 0",
    "same name {first_name_a} {last_name_a}, address and VAT id {vat_id_a}")
"""One person: the same first and last name at the same address of the same company (its VAT id)."""
SAME_VAT_ID_AND_COMPANY = Rule(
    "SameVatIdAndCompany", "sure", "persons == 0 and vat_id == 1 and company == 1",
    "same VAT id {vat_id_a} and company {company_a}")
"""One company (records without a person): its VAT id names the legal entity, and the equal name keeps the
companies of a VAT group apart (they may share the group's id; a group word caps their similarity)."""
FIRST_NAMES_CLEARLY_DIFFER = Rule(
    "FirstNamesClearlyDiffer", "veto", "first_names == 0",
    "but first names clearly differ ({first_name_a}/{first_name_b})")
BIRTH_DATES_DIFFER = Rule(
    "BirthDatesDiffer", "veto", "birth_date == 0", "but birth dates differ ({birth_date_a}/{birth_date_b})")
_SIMILAR_NAMES = "(last_name >= 0.8 or last_name_phonetic == 1) and (first_name >= 0.8 or not first_names == 0)"


def _any_of(terms: Iterable[str]) -> str:
    return " or ".join(terms) or "0 == 1"


def person_evidence(evidence: Iterable[str]) -> Rule:
    """``PersonEvidence``: what a pair of two persons needs to be possible — one of ``evidence``.

    The kind's per-field table (:func:`workbench.linkage.config.default_rules`) gives first names
    alike (compatible, or a typo apart: ``first_name`` is raised to 0.85 for compatible names and
    counts from 0.8), a personal email, a birth date: a shared company, address, phone or role
    mailbox makes colleagues and family members look alike, and they are different people.

    Examples:
        >>> person_evidence(["first_name >= 0.8", "personal_email == 1"]).when
        'not persons == 1 or first_name >= 0.8 or personal_email == 1'
    """
    return Rule("PersonEvidence", "require", f"not persons == 1 or {_any_of(evidence)}")


def similar_names(shared: Iterable[str]) -> Rule:
    """``SimilarNames``: similar names and one of ``shared`` (a contact, the address, the company, …).

    Names alone are what namesakes share (two Thomas Müller).

    Examples:
        >>> similar_names(["mobile == 1", "address >= 0.45"]).when.split(" and ")[-1]
        '(mobile == 1 or address >= 0.45)'
    """
    return Rule("SimilarNames", "possible", f"{_SIMILAR_NAMES} and ({_any_of(shared)})",
                "similar names and more in common")


SIMILAR_COMPANY = Rule("SimilarCompany", "possible", "persons == 0 and (company >= 0.85 or vat_id == 1)",
                       "a similar company or its VAT id, no person named")
"""Company similarity decides only for company records (no person on either side)."""
SAME_CONTACT_AND_FIRST_NAME = Rule(
    "SameContactAndFirstName", "possible", "first_names == 1 and (personal_email == 1 or mobile == 1)",
    "the same first name and a personal contact")
"""A married name: the same first name and a personal contact (a landline or an address is shared by colleagues)."""
