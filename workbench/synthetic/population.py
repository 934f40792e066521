"""Draw a population of people: the facts about each one, before any system records them.

One builder serves the small committed samples and the million-row benchmark sets: it
takes its random numbers from a :class:`Draws` source, either Python's
``random.Random`` (stable across machines and versions, used for the samples) or a
NumPy generator (fast, used for the scaled sets).

A person's facts are plain columns: names, street, postcode, city, ISO country,
a personal email, and phone numbers in the spaced international form
``"+49 171 1234567"`` (``+45 33 123456`` for Denmark: the first two of eight digits,
then the rest), from which every system renders its own format.
Emails and phone numbers are unique across the population: two people share one
only when a caller makes them (a family mailbox, a re-assigned mobile).
"""

from __future__ import annotations

import functools
import random
import unicodedata
from collections.abc import Sequence
from typing import Protocol

import numpy as np
import pandas as pd

from workbench.synthetic.vocabulary import (
    BUSINESS_STREETS,
    COMPANY_PATTERNS,
    COMPANY_WORDS,
    COUNTRY_CODES,
    DK_FLOORS,
    FIRST_NAMES,
    FOLDS,
    MAIL_PROVIDERS,
    MOBILE_PREFIXES,
    PLACES,
    STREETS,
    SURNAME_PREFIXES,
    SURNAME_STEMS,
    SURNAME_SUFFIXES,
    SURNAMES,
    TOWN_ADJECTIVES,
)

_FOLD_TABLE = str.maketrans(FOLDS)

COMPANY_COLUMNS = ("company", "legal_form", "domain", "street", "postcode", "city", "country", "phone", "vat_id")

PERSON_COLUMNS = ("first_name", "last_name", "gender", "email", "phone", "mobile", "street", "postcode", "city",
                  "country")


class Draws(Protocol):
    """A source of random integers and indices (Python's or NumPy's generator)."""

    def integers(self, low: int, high: int, size: int) -> np.ndarray:
        """``size`` integers in ``[low, high)``."""
        ...

    def choice(self, weights: Sequence[float], size: int) -> np.ndarray:
        """``size`` indices into ``weights``, each drawn with its weight."""
        ...

    def uniform(self, size: int) -> np.ndarray:
        """``size`` floats in ``[0, 1)``."""
        ...

    def unique_integers(self, low: int, high: int, size: int) -> np.ndarray:
        """``size`` different integers in ``[low, high)``."""
        ...


class RandomDraws:
    """Draws from a ``random.Random``: the same numbers on every machine and Python version.

    Examples:
        >>> import random
        >>> RandomDraws(random.Random(1)).integers(0, 10, 3).tolist()
        [2, 9, 1]
    """

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def integers(self, low: int, high: int, size: int) -> np.ndarray:
        """``size`` integers in ``[low, high)``."""
        return np.array([self.rng.randrange(low, high) for _ in range(size)], dtype=np.int64)

    def choice(self, weights: Sequence[float], size: int) -> np.ndarray:
        """``size`` indices into ``weights``, each drawn with its weight."""
        cumulative = np.cumsum(np.asarray(weights, dtype=float)).tolist()
        return np.array(self.rng.choices(range(len(cumulative)), cum_weights=cumulative, k=size), dtype=np.int64)

    def uniform(self, size: int) -> np.ndarray:
        """``size`` floats in ``[0, 1)``."""
        return np.array([self.rng.random() for _ in range(size)])

    def unique_integers(self, low: int, high: int, size: int) -> np.ndarray:
        """``size`` different integers in ``[low, high)``."""
        return np.array(self.rng.sample(range(low, high), size), dtype=np.int64)


class NumpyDraws:
    """Draws from a NumPy generator: vectorised, for large sets."""

    def __init__(self, generator: np.random.Generator) -> None:
        self.generator = generator

    def integers(self, low: int, high: int, size: int) -> np.ndarray:
        """``size`` integers in ``[low, high)``."""
        return self.generator.integers(low, high, size=size)

    def choice(self, weights: Sequence[float], size: int) -> np.ndarray:
        """``size`` indices into ``weights``, each drawn with its weight."""
        p = np.asarray(weights, dtype=float)
        return self.generator.choice(len(p), size=size, p=p / p.sum())

    def uniform(self, size: int) -> np.ndarray:
        """``size`` floats in ``[0, 1)``."""
        return self.generator.random(size)

    def unique_integers(self, low: int, high: int, size: int) -> np.ndarray:
        """``size`` different integers in ``[low, high)``."""
        return low + self.generator.choice(high - low, size=size, replace=False)


def ascii_fold(text: str) -> str:
    """Lower-case ASCII spelling of a name, as people type it into mail addresses.

    Examples:
        >>> ascii_fold("Jørgen Müller-Weiß")
        'joergen mueller-weiss'
    """
    folded = text.lower().translate(_FOLD_TABLE)
    return folded if folded.isascii() else unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()


def zipf_weights(n: int, exponent: float = 1.0) -> np.ndarray:
    """Weights falling off like Zipf's law: the first item is the most common.

    Examples:
        >>> zipf_weights(3).round(3).tolist()
        [0.545, 0.273, 0.182]
    """
    w = 1.0 / np.arange(1, n + 1) ** exponent
    return w / w.sum()


def surname_pool(country: str, *, rare_share: float) -> tuple[tuple[str, ...], np.ndarray]:
    """Surnames of a country with their weights; ``rare_share`` of the mass goes to a long tail.

    The tail (compounds such as "Oberlindmann") gives large sets a realistic spread of
    surnames, so common ones (Müller, Jensen) are frequent but not half the population.
    """
    common = SURNAMES[country]
    weights = zipf_weights(len(common), 0.9) * (1.0 - rare_share)
    if not rare_share:
        return common, weights
    common_set = set(common)
    rare = tuple(
        name
        for prefix in SURNAME_PREFIXES
        for stem in SURNAME_STEMS
        for suffix in SURNAME_SUFFIXES
        if (name := (prefix + stem.lower() if prefix else stem) + suffix) not in common_set
    )
    return common + rare, np.concatenate([weights, np.full(len(rare), rare_share / len(rare))])


_EMAIL_PATTERNS = (("{f}.{l}", 40), ("{f}{l}", 10), ("{i}.{l}", 15), ("{l}.{f}", 8), ("{f}_{l}", 7),
                   ("{f}.{l}{y}", 12), ("{f}{y}", 8))


def build_people(draws: Draws, countries: Sequence[str], *, rare_surnames: float = 0.0,
                 email_share: float = 0.85, phone_share: float = 0.65, mobile_share: float = 0.75) -> pd.DataFrame:
    """Draw one person per entry of ``countries`` ("DE"/"DK"): the facts, unique where they must be.

    Args:
        draws: The random source.
        countries: ISO country of each person.
        rare_surnames: Share of surnames taken from the long tail of rare names.
        email_share: Share of people with a personal email address.
        phone_share: Share with a landline.
        mobile_share: Share with a mobile number.

    Returns:
        A frame with :data:`PERSON_COLUMNS`; missing values are None.

    Examples:
        >>> import random
        >>> people = build_people(RandomDraws(random.Random(7)), ["DE", "DK", "DE"])
        >>> people.columns.tolist() == list(PERSON_COLUMNS)
        True
        >>> people["country"].tolist()
        ['DE', 'DK', 'DE']
    """
    country = np.asarray(countries, dtype=object)
    n = len(country)
    gender = np.where(draws.integers(0, 2, n) == 0, "f", "m").astype(object)
    first = np.empty(n, dtype=object)
    last = np.empty(n, dtype=object)
    street = np.empty(n, dtype=object)
    postcode = np.empty(n, dtype=object)
    city = np.empty(n, dtype=object)
    phone = np.full(n, None, dtype=object)
    mobile = np.full(n, None, dtype=object)
    has_phone = draws.uniform(n) < phone_share
    has_mobile = draws.uniform(n) < mobile_share
    for cc in sorted(set(country.tolist())):
        in_country = country == cc
        for sex in ("f", "m"):
            at = np.flatnonzero(in_country & (gender == sex))
            names = FIRST_NAMES[(cc, sex)]
            first[at] = np.asarray(names, dtype=object)[draws.integers(0, len(names), len(at))]
        at = np.flatnonzero(in_country)
        surnames, weights = surname_pool(cc, rare_share=rare_surnames)
        last[at] = np.asarray(surnames, dtype=object)[draws.choice(weights, len(at))]
        places = PLACES[cc]
        place = draws.choice([p.weight for p in places], len(at))
        pick = draws.integers(0, 1 << 30, len(at))
        postcode[at] = [places[p].postcodes[k % len(places[p].postcodes)] for p, k in zip(place, pick, strict=True)]
        city[at] = [places[p].city for p in place]
        street[at] = _streets(draws, cc, len(at))
        area = [places[p].area_codes[k % len(places[p].area_codes)] for p, k in zip(place, pick, strict=True)]
        phone[at] = _numbers(draws, cc, area, [(10 if cc == "DE" else 8) - len(a) for a in area])
        prefixes = MOBILE_PREFIXES[cc]
        chosen = draws.integers(0, len(prefixes), len(at))
        mobile[at] = _numbers(draws, cc, [prefixes[k][0] for k in chosen], [prefixes[k][1] for k in chosen])
    phone[~has_phone] = None
    mobile[~has_mobile] = None
    email = _emails(draws, country, first, last)
    email[draws.uniform(n) >= email_share] = None
    return pd.DataFrame({"first_name": first, "last_name": last, "gender": gender, "email": email, "phone": phone,
                         "mobile": mobile, "street": street, "postcode": postcode, "city": city, "country": country})


def _streets(draws: Draws, country: str, size: int, names: Sequence[str] | None = None) -> list[str]:
    names = names or STREETS[country]
    which = draws.integers(0, len(names), size)
    house = draws.integers(1, 140, size)
    extra = draws.uniform(size)
    floor = draws.integers(0, len(DK_FLOORS), size)
    return [_street_text(country, names[w], h, e, f) for w, h, e, f in zip(which, house, extra, floor, strict=True)]


def _street_text(country: str, name: str, house: int, extra: float, floor: int) -> str:
    """A street and house number; some German ones with a letter, some Danish with the floor."""
    if country == "DE" and extra < 0.06:
        return f"{name} {house}{'ab'[int(extra * 100) % 2]}"
    if country == "DK" and extra < 0.3:
        return f"{name} {house}, {DK_FLOORS[floor]}"
    return f"{name} {house}"


def street_address(draws: Draws, country: str, names: Sequence[str] | None = None) -> str:
    """One street address ("Hauptstraße 12", "Vestergade 4, 2. tv.") drawn from ``names`` or the usual streets."""
    return _streets(draws, country, 1, names)[0]


def random_street(rng: random.Random, country: str) -> str:
    """One usual street address drawn with ``rng`` directly (fast, for one record at a time)."""
    names = STREETS[country]
    return _street_text(country, names[rng.randrange(len(names))], rng.randrange(1, 140), rng.random(),
                        rng.randrange(len(DK_FLOORS)))


def _numbers(draws: Draws, country: str, prefixes: Sequence[str], lengths: Sequence[int]) -> np.ndarray:
    """Spaced international numbers: country code, prefix, subscriber digits (first digit 2-9).

    Numbers are unique: subscriber digits are drawn without repetition per prefix (and a
    prefix always has the same number of subscriber digits).
    """
    code = COUNTRY_CODES[country]
    prefixes = np.asarray(prefixes, dtype=object)
    out = np.empty(len(prefixes), dtype=object)
    length_of = dict(zip(prefixes.tolist(), lengths, strict=True))
    for prefix in sorted(length_of):
        at = np.flatnonzero(prefixes == prefix)
        length = length_of[prefix]
        digits = draws.unique_integers(2 * 10 ** (length - 1), 10**length, len(at))
        out[at] = [f"+{code} {prefix} {d}" for d in digits.tolist()]
    return out


def _emails(draws: Draws, country: np.ndarray, first: np.ndarray, last: np.ndarray) -> np.ndarray:
    n = len(country)
    pattern = draws.choice([w for _, w in _EMAIL_PATTERNS], n)
    year = draws.integers(55, 100, n)
    domain = np.empty(n, dtype=object)
    for cc in sorted(set(country.tolist())):
        at = np.flatnonzero(country == cc)
        providers = MAIL_PROVIDERS[cc]
        domain[at] = np.asarray([d for d, _ in providers], dtype=object)[draws.choice([w for _, w in providers],
                                                                                      len(at))]
    return np.asarray(unique_emails([email_address(fn, ln, _EMAIL_PATTERNS[p][0], y, d)
                                     for p, fn, ln, y, d in zip(pattern, first, last, year, domain, strict=True)]),
                      dtype=object)


def email_address(first: str, last: str, pattern: str, year: int, domain: str) -> str:
    """A mail address after a pattern: {f} first name, {l} last name, {i} initial, {y} two-digit year.

    Examples:
        >>> email_address("Søren", "Müller-Weiß", "{i}.{l}", 84, "mail.dk")
        's.mueller-weiss@mail.dk'
    """
    f, last_name = _mail_name(first), _mail_name(last)
    return pattern.format(f=f, l=last_name, i=f[0], y=year) + "@" + domain


@functools.lru_cache(maxsize=1 << 15)
def _mail_name(name: str) -> str:
    return ascii_fold(name).replace(" ", "")


def new_email(rng: random.Random, first: str, last: str, domain: str, taken: set[str]) -> str:
    """A personal address for a person that is not in ``taken`` (case-insensitive); it is added to ``taken``."""
    pattern = rng.choices([p for p, _ in _EMAIL_PATTERNS], weights=[w for _, w in _EMAIL_PATTERNS])[0]
    return claim_email(email_address(first, last, pattern, rng.randrange(55, 100), domain), taken)


def mail_provider(rng: random.Random, country: str) -> str:
    """A personal mail provider's domain, drawn with its weight."""
    providers = MAIL_PROVIDERS[country]
    return rng.choices([d for d, _ in providers], weights=[w for _, w in providers])[0]


def unique_emails(emails: Sequence[str]) -> list[str]:
    """The addresses with a counter added to every repeat of an earlier one (case-insensitive).

    Examples:
        >>> unique_emails(["a.b@gmx.de", "a.b@gmx.de", "a.b2@gmx.de"])
        ['a.b@gmx.de', 'a.b2@gmx.de', 'a.b22@gmx.de']
    """
    seen: set[str] = set()
    return [claim_email(email, seen) for email in emails]


def claim_email(email: str, taken: set[str]) -> str:
    """``email``, or with a counter before the @ when taken; the result is added to ``taken``.

    Examples:
        >>> claim_email("info@jensen.dk", {"info@jensen.dk"})
        'info2@jensen.dk'
    """
    local, _, domain = email.partition("@")
    candidate, counter = email, 1
    while candidate.lower() in taken:
        counter += 1
        candidate = f"{local}{counter}@{domain}"
    taken.add(candidate.lower())
    return candidate


def vat_id(draws: Draws, country: str) -> str:
    """A VAT id with a valid check digit: DE + 9 digits (ISO 7064 MOD 11,10), DK + 8 digits (CVR, modulus 11).

    Examples:
        >>> import random
        >>> [vat_id(RandomDraws(random.Random(5)), c)[:2] for c in ("DE", "DK")]
        ['DE', 'DK']
    """
    while True:
        digits = [int(draws.integers(1, 10, 1)[0]), *draws.integers(0, 10, 7 if country == "DE" else 6).tolist()]
        if country == "DE":
            product = 10
            for d in digits:
                total = (d + product) % 10 or 10
                product = 2 * total % 11
            check = (11 - product) % 10
        else:
            check = -sum(w * d for w, d in zip((2, 7, 6, 5, 4, 3, 2), digits, strict=True)) % 11
            if check == 10:
                continue
        return country + "".join(map(str, digits)) + str(check)


def slug(text: str) -> str:
    """A web-domain label for a name.

    Examples:
        >>> slug("Bäckerei Müller & Söhne")
        'baeckerei-mueller-soehne'
    """
    words = ascii_fold(text).split()
    return "-".join("".join(ch for ch in w if ch.isalnum()) for w in words if any(ch.isalnum() for ch in w))


def build_companies(draws: Draws, countries: Sequence[str]) -> pd.DataFrame:
    """Draw one company per entry of ``countries``: name and legal form, web domain, address, switchboard, VAT id.

    Names and domains are unique; the switchboard number ends in 00 (direct lines replace the last digits).

    Examples:
        >>> import random
        >>> companies = build_companies(RandomDraws(random.Random(3)), ["DE", "DK"])
        >>> companies["domain"].str.endswith((".de", ".dk")).tolist()
        [True, True]
    """
    rows = []
    taken: set[str] = set()
    surnames = {cc: surname_pool(cc, rare_share=0.0) for cc in set(countries)}
    for cc in countries:
        while True:
            base, legal = COMPANY_PATTERNS[cc][int(draws.integers(0, len(COMPANY_PATTERNS[cc]), 1)[0])]
            names, weights = surnames[cc]
            s1, s2 = (names[i] for i in draws.choice(weights, 2))
            towns = [p.city for p in PLACES[cc] if " " not in p.city]
            name = base.format(s=s1, s2=s2, t=towns[int(draws.integers(0, len(towns), 1)[0])],
                               a=TOWN_ADJECTIVES[int(draws.integers(0, len(TOWN_ADJECTIVES), 1)[0])],
                               w=COMPANY_WORDS[int(draws.integers(0, len(COMPANY_WORDS), 1)[0])])
            domain = slug(name.replace(" & ", " und " if cc == "DE" else " og ")) + "." + cc.lower()
            if name not in taken and domain not in taken and s1 != s2:
                taken.update((name, domain))
                break
        places = PLACES[cc]
        place = places[int(draws.choice([p.weight for p in places], 1)[0])]
        pick = int(draws.integers(0, 1 << 30, 1)[0])
        streets = BUSINESS_STREETS[cc] if pick % 2 else STREETS[cc]
        area = place.area_codes[pick % len(place.area_codes)]
        length = (10 if cc == "DE" else 8) - len(area)
        subscriber = int(draws.integers(2 * 10 ** (length - 3), 10 ** (length - 2), 1)[0]) * 100
        rows.append({
            "company": f"{name} {legal}", "legal_form": legal, "domain": domain,
            "street": street_address(draws, cc, streets), "postcode": place.postcodes[pick % len(place.postcodes)],
            "city": place.city, "country": cc, "phone": f"+{COUNTRY_CODES[cc]} {area} {subscriber}",
            "vat_id": vat_id(draws, cc),
        })
    return pd.DataFrame(rows, columns=list(COMPANY_COLUMNS))
