"""How a system writes a person's facts: phone formats, country spellings, status words.

A *record* here is a plain dict: the canonical fields of :mod:`workbench.schema` as a
system shows them, plus hidden facts the generator keeps to know the truth:

* ``_entity``: who the record is about (one id per real person or company);
* ``_country``: ISO country; ``_phone``/``_mobile``: the numbers in spaced
  international form (None when missing, a placeholder or invalid);
* ``_email_kind``: "personal", "role", "family" (a household's mailbox), "placeholder", "invalid" or None;
* ``_business``: whether the record stands for a company.

Rendering never changes a fact; variations (:mod:`workbench.synthetic.variation`) do.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from workbench.synthetic.population import Draws, RandomDraws
from workbench.synthetic.vocabulary import COUNTRY_SPELLINGS

Record = dict[str, Any]
"""A generated record: canonical fields plus hidden ``_`` facts."""

PHONE_STYLES: dict[str, dict[str, tuple[tuple[str, int], ...]]] = {
    "crm": {"DE": (("national", 45), ("slash", 20), ("parens", 10), ("intl", 20), ("compact", 5)),
            "DK": (("intl_blocks", 50), ("intl", 30), ("intl00", 20))},
    "erp": {"DE": (("intl", 60), ("intl00", 40)),
            "DK": (("blocks", 50), ("plain", 30), ("intl", 20))},
    "outlook": {"DE": (("intl", 70), ("national", 30)),
                "DK": (("intl", 70), ("intl_blocks", 30))},
}
"""(style, weight) of the phone formats each system's users type."""

ALL_PHONE_STYLES = {"DE": ("national", "slash", "parens", "intl", "intl00", "compact", "e164"),
                    "DK": ("blocks", "plain", "intl", "intl00", "intl_blocks")}
_CUMULATIVE = {system: {cc: ([v for v, _ in styles], list(itertools.accumulate(w for _, w in styles)))
                        for cc, styles in by_country.items()} for system, by_country in PHONE_STYLES.items()}


def _groups(digits: str) -> str:
    """Subscriber digits in the groups people write: 123 45 67, 1234 5678, 12 34 56."""
    if len(digits) == 8:
        return f"{digits[:4]} {digits[4:]}"
    if len(digits) % 2:
        return f"{digits[:3]} " + " ".join(digits[i:i + 2] for i in range(3, len(digits), 2))
    return " ".join(digits[i:i + 2] for i in range(0, len(digits), 2))


def format_phone(number: str, style: str) -> str:
    """Write a spaced international number (``"+49 171 1234567"``) in one of :data:`ALL_PHONE_STYLES`.

    Examples:
        >>> [format_phone("+49 171 1234567", s) for s in ("national", "slash", "parens", "intl00")]
        ['0171 1234567', '0171/1234567', '(0171) 123 45 67', '0049-171-1234567']
        >>> [format_phone("+45 33 123456", s) for s in ("blocks", "intl", "intl00")]
        ['33 12 34 56', '+45 33123456', '0045 3312 3456']
    """
    code, prefix, subscriber = number.split(" ")
    if code == "+45":
        digits = prefix + subscriber
        return _DK_STYLES[style](digits)
    return _DE_STYLES[style](code[1:], prefix, subscriber)


_DK_STYLES = {
    "blocks": lambda d: f"{d[:2]} {d[2:4]} {d[4:6]} {d[6:]}",
    "plain": lambda d: d,
    "intl": lambda d: f"+45 {d}",
    "intl00": lambda d: f"0045 {d[:4]} {d[4:]}",
    "intl_blocks": lambda d: f"+45 {d[:2]} {d[2:4]} {d[4:6]} {d[6:]}",
}
_DE_STYLES = {
    "national": lambda c, p, s: f"0{p} {s}",
    "slash": lambda c, p, s: f"0{p}/{s}",
    "parens": lambda c, p, s: f"(0{p}) {_groups(s)}",
    "intl": lambda c, p, s: f"+{c} {p} {s}",
    "intl00": lambda c, p, s: f"00{c}-{p}-{s}",
    "compact": lambda c, p, s: f"0{p}{s}",
    "e164": lambda c, p, s: f"+{c}{p}{s}",
}


def phone_style(rng: random.Random, system: str, country: str) -> str:
    """A phone style a user of ``system`` would type for a ``country`` number."""
    styles, weights = _CUMULATIVE[system][country]
    return rng.choices(styles, cum_weights=weights)[0]


def country_spelling(rng: random.Random, system: str, country: str) -> str:
    """How ``system`` writes an ISO country ("Deutschland", "DK", "Tyskland")."""
    return rng.choice(COUNTRY_SPELLINGS[system][country])


def render_frame(people: pd.DataFrame, system: str, draws: Draws, entities: Sequence[str]) -> pd.DataFrame:
    """Records of ``system`` for people's facts (see :mod:`workbench.synthetic.population`), as columns.

    Phones are written in the system's usual styles and the country in its spelling; the
    canonical fields come first, then the hidden facts.
    """
    n = len(people)
    country = people["country"].to_numpy(dtype=object)
    styles = {field: np.empty(n, dtype=object) for field in ("phone", "mobile")}
    spelled = np.empty(n, dtype=object)
    for cc in sorted(set(country.tolist())):
        at = np.flatnonzero(country == cc)
        weighted = PHONE_STYLES[system][cc]
        for field in styles:
            styles[field][at] = np.asarray([s for s, _ in weighted], dtype=object)[
                draws.choice([w for _, w in weighted], len(at))]
        spellings = COUNTRY_SPELLINGS[system][cc]
        spelled[at] = np.asarray(spellings, dtype=object)[draws.integers(0, len(spellings), len(at))]
    email = people["email"].to_numpy(dtype=object)
    columns = {
        "customer_no": None, "company": None,
        "first_name": people["first_name"].to_numpy(dtype=object),
        "last_name": people["last_name"].to_numpy(dtype=object), "email": email,
        **{field: [format_phone(v, st) if v else None for v, st in zip(people[field], styles[field], strict=True)]
           for field in styles},
        **{field: people[field].to_numpy(dtype=object) for field in ("street", "postcode", "city")},
        "country": spelled, "vat_id": None, "status": "aktiv", "updated_at": None,
        "_entity": list(entities), "_country": country,
        "_phone": people["phone"].to_numpy(dtype=object), "_mobile": people["mobile"].to_numpy(dtype=object),
        "_email_kind": np.where(pd.notna(email), "personal", None).astype(object), "_business": False,
    }
    return pd.DataFrame(columns, index=pd.RangeIndex(n))


def render(facts: Mapping[str, Any], system: str, rng: random.Random, *, entity: str) -> Record:
    """One record of ``system`` for one person's facts (see :func:`render_frame`).

    Examples:
        >>> import random
        >>> facts = {"first_name": "Jens", "last_name": "Nielsen", "email": "jens.nielsen@mail.dk",
        ...          "phone": None, "mobile": "+45 20 123456", "street": "Vestergade 4", "postcode": "8000",
        ...          "city": "Aarhus C", "country": "DK"}
        >>> record = render(facts, "erp", random.Random(3), entity="P1")
        >>> record["mobile"], record["country"], record["_mobile"], record["phone"]
        ('20123456', 'Danmark', '+45 20 123456', None)
    """
    frame = render_frame(pd.DataFrame([facts]), system, RandomDraws(rng), [entity])
    return {k: (None if v is None or v != v else v) for k, v in frame.iloc[0].items()}


def restyle(record: Record, system: str, rng: random.Random) -> Record:
    """The same record as ``system`` writes it: phones and country re-rendered, every fact kept."""
    out = dict(record)
    country = record["_country"]
    for field in ("phone", "mobile"):
        number = record[f"_{field}"]
        if number and record[field]:
            out[field] = format_phone(number, phone_style(rng, system, country))
    out["country"] = country_spelling(rng, system, country)
    return out
