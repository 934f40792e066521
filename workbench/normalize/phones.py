"""Phone keys: E.164 via ``phonenumbers``, with a vectorised path for well-formed numbers.

``phonenumbers`` costs about 27 µs per number (parse, validate, format); two columns
of a million distinct numbers would take most of a minute. So numbers are read in
two passes that give the same result:

1. **Fast path.** The text work (cleaning, placeholder check, splitting into
   ``[+CC|00CC][0]NSN`` once separators are removed) is done once per distinct
   written value; then each row's NSN is checked against its region's own validity
   patterns, taken from ``phonenumbers``' metadata at run time (the general pattern
   and any number type, per NSN length, as ``is_valid_number`` checks them). The
   fast path only *accepts*, and formats what it accepts as ``+CC NSN``. It handles
   only regions where that is exactly ``phonenumbers``' answer (one region per
   country code, ``00`` as international prefix, ``0`` or nothing as national
   prefix, no prefix rewriting: DE, DK, AT, CH, SE, NL, FR, PL and 130 more) and
   NSNs starting 1–9.
2. **Library path.** Everything else (other regions, leading notes, extensions,
   invalid numbers) goes to ``phonenumbers.parse`` once per distinct (number, region).

``tests/unit/normalize/test_phones.py`` holds the fast path to ``phonenumbers``' answer
on numbers of every region it handles.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import phonenumbers
from phonenumbers import COUNTRY_CODE_TO_REGION_CODE, NumberParseException, PhoneMetadata, PhoneNumberFormat

from workbench.normalize.issues import INVALID, MISSING, PLACEHOLDER
from workbench.normalize.text import map_unique
from workbench.normalize.vocabulary import DEFAULT_REGION

_EXCEL_INTEGER = re.compile(r"([1-9][0-9]*)\.0+")
_EXCEL_SCIENTIFIC = re.compile(r"[0-9](?:\.[0-9]+)?[eE]\+?[0-9]{1,2}")
_SEPARATORS = re.compile(r"[ \u00a0\-/.()]+")  # all of them are punctuation to phonenumbers, too
_NOT_DIGIT = re.compile(r"\D+")
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")
_NOTE_PUNCTUATION = " -/(.:,;"
_DIGIT_RUNS = frozenset(
    run[start:end]
    for run in ("1234567890", "9876543210")
    for start in range(len(run))
    for end in range(start + 4, len(run) + 1)
)


def phone_e164(
    numbers: pd.Series,
    regions: pd.Series | str | None = None,
    default_region: str = DEFAULT_REGION,
) -> pd.Series:
    """Phone numbers in E.164 (``+491711234567``); None when missing, a placeholder or invalid.

    Args:
        numbers: Phone numbers as written. Excel floats (``"4930123456.0"``,
            ``"4.930123456E+09"``) are read as the integer they stand for. Digits
            without a leading ``0`` or ``+`` that start with the region's country
            code and are valid with a ``+`` in front are read as international (Excel drops the
            ``+`` of ``+491711234567``); others as national numbers (Excel drops the
            ``0`` of ``01711234567``). Text from the first letter after a digit
            on is a note and dropped ("0171 1234567 (privat)", "030 123456 App. 12"):
            letters are never read as digits, so vanity numbers are invalid.
        regions: ISO alpha-2 region per row, by position (e.g. the record's
            ``country_key``), or one region for all rows. Missing or unknown
            regions fall back to ``default_region``.
        default_region: Region for numbers written without a country code.

    Examples:
        >>> phone_e164(pd.Series(["0171 1234567", "+49 (0)171 123 45 67", "0049-171-1234567",
        ...                       "(030) 123456-78", "0000000", "n/a"])).tolist()
        ['+491711234567', '+491711234567', '+491711234567', '+493012345678', None, None]
        >>> phone_e164(pd.Series(["4930123456.0", "491711234567", "1711234567"])).tolist()
        ['+4930123456', '+491711234567', '+491711234567']
        >>> phone_e164(pd.Series(["20 30 40 50", "+45 2030 4050", "0045 20304050"]), "DK").tolist()
        ['+4520304050', '+4520304050', '+4520304050']
    """
    written = _written(numbers)
    region = reading_regions(regions, len(written), default_region)
    result = np.full(len(written), None, dtype=object)
    todo = (written["text"].notna() & ~written["placeholder"]).to_numpy()
    lost_plus = todo & _lost_plus(written, region)
    if lost_plus.any():
        international = _written(pd.Series("+" + written["text"].to_numpy(dtype=object)[lost_plus], dtype=object))
        result[lost_plus] = _read(international, region[lost_plus])
    todo &= pd.isna(result)
    result[todo] = _read(written[todo].reset_index(drop=True), region[todo])
    return pd.Series(result, index=numbers.index, dtype=object, name=numbers.name)


def phone_issue(
    numbers: pd.Series,
    regions: pd.Series | str | None = None,
    default_region: str = DEFAULT_REGION,
) -> pd.Series:
    """Why a phone number gets no E.164 key: ``"missing"``, ``"placeholder"``, ``"invalid"``, else None.

    Placeholders: text without digits (``n/a``, ``-``, ``keine``); after dropping
    everything but digits and leading zeros, nothing, one digit repeated
    (``0000000``, ``1111111``) or a run of four or more consecutive digits
    (``123456``, ``0123456789``, ``987654``). Invalid: everything else that
    ``phonenumbers`` does not accept as a valid number of its region. Arguments as
    for :func:`phone_e164`.

    Examples:
        >>> phone_issue(pd.Series(["0171 1234567", "-", "123456", "0171 12", None])).tolist()
        [None, 'placeholder', 'placeholder', 'invalid', 'missing']
    """
    return classify_phones(numbers, phone_e164(numbers, regions, default_region))


def classify_phones(numbers: pd.Series, e164: pd.Series) -> pd.Series:
    """:func:`phone_issue` for numbers whose E.164 keys are already known (same length, by position)."""
    written = _written(numbers)
    issue = np.where(pd.isna(e164.to_numpy(dtype=object)), INVALID, None).astype(object)
    issue[written["placeholder"].to_numpy()] = PLACEHOLDER
    issue[written["text"].isna().to_numpy()] = MISSING
    return pd.Series(issue, index=numbers.index, dtype=object, name=numbers.name)


def reading_regions(regions: pd.Series | str | None, size: int, default_region: str) -> np.ndarray:
    """The region each of ``size`` numbers is read in: its own if phonenumbers knows it, else the default."""
    known = phonenumbers.SUPPORTED_REGIONS
    default = default_region if default_region in known else DEFAULT_REGION
    if regions is None or isinstance(regions, str):
        return np.full(size, regions if regions in known else default, dtype=object)
    values = np.asarray(regions, dtype=object)
    return np.where(pd.Series(values).isin(known).to_numpy(), values, default)


_WRITTEN = ("text", "placeholder", "code", "trunk", "nsn")
_NOTHING_WRITTEN = (None, False, None, False, None)


def _written(numbers: pd.Series) -> pd.DataFrame:
    """What each number says, worked out once per distinct value (positional index).

    ``text``: the number cleaned (whitespace collapsed, Excel floats as integers),
    None when empty; ``placeholder``; and, when the separator-free number has the
    fast path's shape ``[+CC|00CC][0]NSN``: ``code`` (the country code written, or
    None), ``trunk`` (a national prefix 0 before the NSN) and ``nsn``.
    """
    codes, uniques = pd.factorize(numbers, use_na_sentinel=True)
    described = [_describe(v if isinstance(v, str) else str(v)) for v in uniques]
    described.append(_NOTHING_WRITTEN)  # code -1 (missing) takes the last row
    return pd.DataFrame.from_records(described, columns=_WRITTEN).iloc[codes].reset_index(drop=True)


def _describe(raw: str) -> tuple[str | None, bool, str | None, bool, str | None]:
    text = " ".join(raw.split())
    if "." in text and (integer := _EXCEL_INTEGER.fullmatch(text)) is not None:
        text = integer.group(1)
    elif ("e" in text or "E" in text) and _EXCEL_SCIENTIFIC.fullmatch(text):
        text = str(int(float(text)))
    if (digit := _DIGIT.search(text)) is not None and (note := _LETTER.search(text, digit.end())) is not None:
        text = text[: note.start()].rstrip(_NOTE_PUNCTUATION)
    if not text:
        return _NOTHING_WRITTEN
    compact = _SEPARATORS.sub("", text)
    digits = compact.lstrip("+")
    core = (digits if digits.isdigit() else _NOT_DIGIT.sub("", digits)).lstrip("0")
    placeholder = core == core[:1] * len(core) or core in _DIGIT_RUNS
    shape = _fast_shape().fullmatch(compact)
    if shape is None:
        return text, placeholder, None, False, None
    return text, placeholder, shape["cc"], shape["trunk"] == "0", shape["nsn"]


def _lost_plus(written: pd.DataFrame, regions: np.ndarray) -> np.ndarray:
    """Digits only, no leading 0, starting with the row region's country code: a "+" that Excel dropped."""
    digits_only = (written["nsn"].str.len().ge(7) & written["code"].isna() & ~written["trunk"]).to_numpy()
    codes = _country_codes()
    lost = np.zeros(len(written), dtype=bool)
    lost[digits_only] = [number.startswith(codes[region]) for number, region in
                         zip(written["nsn"].to_numpy(dtype=object)[digits_only], regions[digits_only], strict=True)]
    return lost


@functools.cache
def _country_codes() -> dict[str, str]:
    return {region: str(phonenumbers.country_code_for_region(region)) for region in phonenumbers.SUPPORTED_REGIONS}


def _read(written: pd.DataFrame, regions: np.ndarray) -> np.ndarray:
    """E.164 of each number (None when invalid): the fast path first, phonenumbers for the rest."""
    result = _fast_e164(written, regions)
    rest = pd.isna(result)
    text = written["text"].to_numpy(dtype=object)
    for region in pd.unique(regions[rest]):
        rows = rest & (regions == region)
        parse = functools.partial(_parse_e164, region=region)
        result[rows] = map_unique(pd.Series(text[rows], dtype=object), parse).to_numpy()
    return result


def _parse_e164(text: str, region: str) -> str | None:
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


@dataclass(frozen=True)
class _FastRegion:
    """What the fast path needs of one region's metadata."""

    country_code: str
    trunk_prefix: str  # "0", or "" when the region has no national prefix
    valid_by_length: Mapping[int, re.Pattern[str]]  # general pattern and any number type, per NSN length

    @classmethod
    def from_metadata(cls, metadata: PhoneMetadata) -> _FastRegion:
        general = metadata.general_desc
        types = [metadata.premium_rate, metadata.toll_free, metadata.shared_cost, metadata.voip,
                 metadata.personal_number, metadata.pager, metadata.uan, metadata.voicemail,
                 metadata.fixed_line, metadata.mobile]
        types = [d for d in types if d is not None and d.national_number_pattern]
        patterns = {}
        for length in general.possible_length:
            of_length = [d.national_number_pattern for d in types
                         if not d.possible_length or length in d.possible_length]
            if of_length:
                alternatives = "|".join(f"(?:{p})" for p in of_length)
                patterns[length] = re.compile(f"(?=(?:{general.national_number_pattern})$)(?:{alternatives})")
        return cls(str(metadata.country_code), metadata.national_prefix_for_parsing or "", patterns)


@functools.cache
def _fast_region(region: str) -> _FastRegion | None:
    """The fast path's rules for ``region``; None where it could not promise phonenumbers' answer."""
    metadata = PhoneMetadata.metadata_for_region(region)
    if (
        metadata is None
        or len(COUNTRY_CODE_TO_REGION_CODE.get(metadata.country_code, ())) != 1
        or metadata.international_prefix != "00"
        or metadata.national_prefix_for_parsing not in (None, "0")
        or metadata.national_prefix_transform_rule is not None
        or not metadata.general_desc.national_number_pattern
    ):
        return None
    return _FastRegion.from_metadata(metadata)


@functools.cache
def _single_region_codes() -> dict[str, str]:
    """Country code → its region, for codes of one geographic region only."""
    return {str(code): regions[0] for code, regions in COUNTRY_CODE_TO_REGION_CODE.items()
            if len(regions) == 1 and regions[0] in phonenumbers.SUPPORTED_REGIONS}


@functools.cache
def _fast_shape() -> re.Pattern[str]:
    codes = "|".join(sorted(_single_region_codes(), key=len, reverse=True))
    return re.compile(rf"\A(?:(?P<intl>\+|00)(?P<cc>{codes}))?(?P<trunk>0?)(?P<nsn>[1-9][0-9]{{1,16}})\Z")


def _fast_e164(written: pd.DataFrame, regions: np.ndarray) -> np.ndarray:
    """E.164 for the numbers the fast path accepts, None elsewhere."""
    row_region = pd.Series(regions, dtype=object)
    code = written["code"].where(written["code"].notna(), row_region.map(_country_codes()))
    number_region = code.map(_single_region_codes())
    seen = pd.unique(pd.concat([row_region, number_region.dropna()]))
    fast = {region: rule for region in seen if (rule := _fast_region(region)) is not None}
    trunk_allowed = number_region.map({r: f.trunk_prefix == "0" for r, f in fast.items()}).eq(True)
    eligible = (written["nsn"].notna() & row_region.isin(fast.keys()) & number_region.isin(fast.keys())
                & (~written["trunk"] | trunk_allowed)).to_numpy()

    result = np.full(len(written), None, dtype=object)
    nsn = written["nsn"].to_numpy(dtype=object)
    codes = code.to_numpy(dtype=object)
    positions = np.flatnonzero(eligible)
    groups = pd.DataFrame({"region": number_region[eligible], "length": written["nsn"][eligible].str.len()})
    for (region, length), rows in groups.groupby(["region", "length"]).indices.items():
        pattern = fast[region].valid_by_length.get(int(length))
        if pattern is not None:
            for position in positions[rows]:
                if pattern.fullmatch(nsn[position]):
                    result[position] = f"+{codes[position]}{nsn[position]}"
    return result
