"""Country keys: names and codes in many languages → ISO 3166 alpha-2."""

from __future__ import annotations

import functools
import re

import pandas as pd
from babel import Locale
from babel.core import get_global

from workbench.normalize.text import fold, map_unique
from workbench.normalize.vocabulary import DEFAULT_CONFIG, NormalizeConfig

_DOTS = re.compile(r"[.'’]")
_BREAKS = re.compile(r"[\W_]+")
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "CP", "CQ", "DG", "EA", "IC"})
"""CLDR territories that are not ISO 3166-1 countries (unions, pseudo and reserved codes)."""


def country_key(values: pd.Series, *, config: NormalizeConfig = DEFAULT_CONFIG) -> pd.Series:
    """ISO 3166 alpha-2 code for country names and codes; None when unknown.

    Recognised, case and accents folded, dots ignored: ``config.country_aliases``
    (licence-plate codes such as D, A, DK; UK, Holland, USA), alpha-2 codes, alpha-3
    and other codes Babel knows as aliases (DEU, DNK, AUT), and Babel's country names
    in the languages of ``config.country_name_locales`` (Deutschland, Tyskland,
    Germany, Dänemark, Danmark, Österreich, Schweiz, Sverige, Norge, …). Where two
    languages give one name to different countries, the earlier language wins.

    Examples:
        >>> country_key(pd.Series(["Deutschland", "Tyskland", "D", "DEU", "dänemark", "DK", "Österreich",
        ...                        "Schweiz", "Sverige", "Norge", "U.S.A.", "Atlantis"])).tolist()
        ['DE', 'DE', 'DE', 'DE', 'DK', 'DK', 'AT', 'CH', 'SE', 'NO', 'US', None]
    """
    names = _country_names(config.country_aliases, config.country_name_locales)
    return map_unique(values, lambda text: names.get(_lookup_form(text)))


def _lookup_form(text: str) -> str:
    return " ".join(_BREAKS.sub(" ", _DOTS.sub("", fold(text))).split())


@functools.cache
def _country_names(aliases: tuple[tuple[str, str], ...], locales: tuple[str, ...]) -> dict[str, str]:
    """Folded name or code → alpha-2, built once per configuration (Babel loads locale data lazily)."""
    english = Locale("en").territories
    countries = {code for code in english if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES}
    names: dict[str, str] = {}
    for name, code in aliases:
        names.setdefault(_lookup_form(name), code)
    for code in sorted(countries):
        names.setdefault(_lookup_form(code), code)
    for alias, targets in sorted(get_global("territory_aliases").items()):
        if alias.isalpha() and len(targets) == 1 and targets[0] in countries:
            names.setdefault(_lookup_form(alias), targets[0])
    for locale in locales:
        for code, name in sorted(Locale.parse(locale).territories.items()):
            if code in countries:
                names.setdefault(_lookup_form(name), code)
    return names
