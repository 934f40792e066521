"""Phone keys: E.164 via ``phonenumbers``, with a vectorised path for well-formed numbers.

Two keys: :func:`phone_e164` only for numbers ``phonenumbers`` *validates*, and
:func:`phone_key`, which also keeps the numbers it cannot validate (about a tenth
of real Danish numbers lie in ranges its metadata lacks) as country code + digits,
flagged *unvalidated* by :func:`phone_issue`. Equality and blocking use
:func:`phone_key`; validation asks for validated numbers.

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
import pyarrow as pa
import pyarrow.compute as pc
from phonenumbers import COUNTRY_CODE_TO_REGION_CODE, NumberParseException, PhoneMetadata, PhoneNumberFormat

from workbench.normalize.issues import INVALID, MISSING, PLACEHOLDER, UNVALIDATED
from workbench.normalize.text import map_unique, read_distinct, spread
from workbench.normalize.vocabulary import DEFAULT_REGION

_EXCEL_INTEGER = re.compile(r"([1-9][0-9]*)\.0+")
_EXCEL_SCIENTIFIC = re.compile(r"[0-9](?:\.[0-9]+)?[eE]\+?[0-9]{1,2}")
_SEPARATORS = re.compile(r"[ \u00a0\-/.()]+")  # all of them are punctuation to phonenumbers, too
_NOT_DIGIT = re.compile(r"\D+")
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")
_NOTE_PUNCTUATION = " -/(.:,;"
_SHORTEST_UNVALIDATED = 6  # digits of the national number: "0171 12" is a fragment, not a number
_POSSIBLE = (phonenumbers.ValidationResult.IS_POSSIBLE, phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY)
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
    keys, validated = _keys_in_batches(numbers, regions, default_region)
    return pd.Series(np.where(validated, keys, None), index=numbers.index, dtype=object, name=numbers.name)


def phone_key(
    numbers: pd.Series,
    regions: pd.Series | str | None = None,
    default_region: str = DEFAULT_REGION,
) -> pd.Series:
    """The key phone numbers compare by: E.164 where valid, else country code + digits; None when no number.

    A number ``phonenumbers`` reads but cannot *validate* (a range its metadata
    lacks, e.g. ``+45 1234 5678``) keeps the key ``phonenumbers`` formats for it:
    ``+`` country code and national digits, exactly the E.164 shape, flagged
    ``"unvalidated"`` by :func:`phone_issue`. It needs a possible length for its
    country and at least six national digits (``0171 12`` is a fragment: no key).
    Missing values and placeholders get None. Arguments as for :func:`phone_e164`.

    Examples:
        >>> phone_key(pd.Series(["+45 1234 5678", "13 57 24 68", "20 30 40 50", "0171 12", "n/a"]), "DK").tolist()
        ['+4512345678', '+4513572468', '+4520304050', None, None]
    """
    return read_phones(numbers, regions, default_region)["key"].rename(numbers.name)


_BATCH_ROWS = 250_000
"""Numbers read at once (missing ones are skipped): what is worked out per row (cleaned text, shape, key)
grows with the rows, so a million numbers in one go take more memory (about 0.9 GB more at 2 million) and
longer than in batches."""


def _keys_in_batches(numbers: pd.Series, regions: pd.Series | str | None,
                     default_region: str) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_keys` of the numbers present (a missing one has none), :data:`_BATCH_ROWS` at a time
    (regions by position, as ever)."""
    each = regions is None or isinstance(regions, str)
    by_row = None if each else np.asarray(regions, dtype=object)
    present = np.flatnonzero(pd.notna(numbers.to_numpy(dtype=object)))
    keys, validated = np.full(len(numbers), None, dtype=object), np.zeros(len(numbers), dtype=bool)
    for start in range(0, len(present), _BATCH_ROWS):
        rows = present[start:start + _BATCH_ROWS]
        keys[rows], validated[rows] = _keys(_written(numbers.iloc[rows]), regions if each else by_row[rows],
                                            default_region)
    return keys, validated


def _keys(written: pd.DataFrame, regions: pd.Series | np.ndarray | str | None,
          default_region: str) -> tuple[np.ndarray, np.ndarray]:
    """Each number's key (None where there is none) and whether ``phonenumbers`` validated it."""
    region = reading_regions(regions, len(written), default_region)
    keys = np.full(len(written), None, dtype=object)
    validated = np.zeros(len(written), dtype=bool)
    todo = (written["text"].notna() & ~written["placeholder"]).to_numpy()
    lost_plus = todo & _lost_plus(written, region)
    if lost_plus.any():  # read as international only where that is a valid number
        international = _written(pd.Series("+" + written["text"].to_numpy(dtype=object)[lost_plus], dtype=object))
        found, valid = _read(international, region[lost_plus])
        keys[lost_plus] = np.where(valid, found, None)
        validated[lost_plus] = valid
    todo &= ~validated
    keys[todo], validated[todo] = _read(written[todo].reset_index(drop=True), region[todo])
    return keys, validated


def phone_issue(
    numbers: pd.Series,
    regions: pd.Series | str | None = None,
    default_region: str = DEFAULT_REGION,
) -> pd.Series:
    """Why a phone number has no validated E.164 key: ``"missing"``, ``"placeholder"``, ``"unvalidated"``,
    ``"invalid"``, else None.

    Placeholders: text without digits (``n/a``, ``-``, ``keine``); after dropping
    everything but digits and leading zeros, nothing, one digit repeated
    (``0000000``, ``1111111``) or a run of four or more consecutive digits
    (``123456``, ``0123456789``, ``987654``). Unvalidated: ``phonenumbers`` reads the
    number but does not know it as valid; it keeps a :func:`phone_key`. Invalid:
    everything else (no key at all). Arguments as for :func:`phone_e164`.

    Examples:
        >>> phone_issue(pd.Series(["0171 1234567", "-", "123456", "+45 1234 5678", "0171 12", None])).tolist()
        [None, 'placeholder', 'placeholder', 'unvalidated', 'invalid', 'missing']
    """
    written = _written(numbers)
    keys, validated = _keys(written, regions, default_region)
    return _issues(written, numbers, keys, validated)


def classify_phones(numbers: pd.Series, keys: pd.Series, unvalidated: pd.Series | None = None) -> pd.Series:
    """:func:`phone_issue` for numbers whose keys are already known (same length, by position).

    Args:
        numbers: The numbers as written.
        keys: Their :func:`phone_key` (or :func:`phone_e164`) keys.
        unvalidated: True where a key was kept without validation (``add_keys``'
            ``phone_unvalidated``); None when ``keys`` are validated keys only.
    """
    flags = np.zeros(len(keys), dtype=bool) if unvalidated is None else unvalidated.to_numpy(dtype=bool)
    return _issues(_written(numbers), numbers, keys.to_numpy(dtype=object), ~flags)


def _issues(written: pd.DataFrame, numbers: pd.Series, keys: np.ndarray, validated: np.ndarray) -> pd.Series:
    issue = np.where(pd.isna(keys), INVALID, np.where(validated, None, UNVALIDATED)).astype(object)
    issue[written["placeholder"].to_numpy()] = PLACEHOLDER
    issue[written["text"].isna().to_numpy()] = MISSING
    return pd.Series(issue, index=numbers.index, dtype=object, name=numbers.name)


def read_phones(
    numbers: pd.Series,
    regions: pd.Series | str | None = None,
    default_region: str = DEFAULT_REGION,
) -> pd.DataFrame:
    """:func:`phone_key` and its flag in one reading: columns ``key`` and ``unvalidated`` (same index).

    ``unvalidated`` is True where the key was kept although ``phonenumbers`` does not
    validate the number. Arguments as for :func:`phone_e164`.

    Examples:
        >>> read_phones(pd.Series(["+45 1234 5678", "+45 2030 4050", None])).to_dict("list")
        {'key': ['+4512345678', '+4520304050', None], 'unvalidated': [True, False, False]}
    """
    keys, validated = _keys_in_batches(numbers, regions, default_region)
    return pd.DataFrame({"key": pd.Series(keys, dtype=object), "unvalidated": pd.notna(keys) & ~validated}
                        ).set_axis(numbers.index)


def reading_regions(regions: pd.Series | str | None, size: int, default_region: str) -> np.ndarray:
    """The region each of ``size`` numbers is read in: its own if phonenumbers knows it, else the default."""
    known = phonenumbers.SUPPORTED_REGIONS
    default = default_region if default_region in known else DEFAULT_REGION
    if regions is None or isinstance(regions, str):
        return np.full(size, regions if regions in known else default, dtype=object)
    values = np.asarray(regions, dtype=object)
    return np.where(pd.Series(values).isin(known).to_numpy(), values, default)


_WRITTEN = ("text", "placeholder", "code", "trunk", "nsn", "length")
_NOTHING_WRITTEN = (None, False, None, False, None, 0)


def _written(numbers: pd.Series) -> pd.DataFrame:
    """What each number says, worked out once per distinct value (positional index).

    ``text``: the number cleaned (whitespace collapsed, Excel floats as integers),
    None when empty; ``placeholder``; and, when the separator-free number has the
    fast path's shape ``[+CC|00CC][0]NSN``: ``code`` (the country code written, or
    None), ``trunk`` (a national prefix 0 before the NSN), ``nsn`` and ``length`` (its digits, else 0).
    """
    codes, columns = read_distinct(numbers, _describe, _described_plain, (object, bool, object, bool, object, int),
                                   plain=_PLAIN)
    return pd.concat({name: spread(column, codes, numbers, missing=nothing).reset_index(drop=True)
                      for name, column, nothing in zip(_WRITTEN, columns, _NOTHING_WRITTEN, strict=True)},
                     axis=1, copy=False)  # not pd.DataFrame(dict): it copies the object columns into one block


_PLAIN = r"^[0-9+()/-]+(?: [0-9+()/-]+)*$"
"""Numbers :func:`_describe` leaves as written (ASCII digits, ``+()/-``, single spaces inside): the
vectorised :func:`_described_plain` gives its answer for them."""


def _described_plain(texts: pa.StringArray) -> tuple[np.ndarray, ...]:
    """:func:`_describe` for :data:`_PLAIN` numbers, in Arrow compute (same regular expressions, RE2)."""
    compact = pc.replace_substring_regex(texts, r"[ ()/-]+", "")
    core = pc.replace_substring_regex(pc.replace_substring(compact, "+", ""), r"^0+", "")
    placeholder = pc.or_(pc.match_substring_regex(core, "^(?:" + "|".join(f"{d}*" for d in "123456789") + ")$"),
                         pc.is_in(core, value_set=pa.array(sorted(_DIGIT_RUNS))))
    shape = pc.extract_regex(compact, _fast_shape().pattern)  # null where it does not match
    code = pc.struct_field(shape, "cc")
    code = pc.if_else(pc.equal(code, ""), pa.scalar(None, pa.string()), code)
    trunk = pc.fill_null(pc.equal(pc.struct_field(shape, "trunk"), "0"), False)
    nsn = pc.struct_field(shape, "nsn")
    return tuple(np.asarray(column.to_numpy(zero_copy_only=False), dtype=kind) for column, kind in
                 ((texts, object), (placeholder, bool), (code, object), (trunk, bool), (nsn, object),
                  (pc.fill_null(pc.utf8_length(nsn), 0), int)))


def _describe(raw: str) -> tuple[str | None, bool, str | None, bool, str | None, int]:
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
        return text, placeholder, None, False, None, 0
    return text, placeholder, shape["cc"], shape["trunk"] == "0", shape["nsn"], len(shape["nsn"])


def _lost_plus(written: pd.DataFrame, regions: np.ndarray) -> np.ndarray:
    """Digits only, no leading 0, starting with the row region's country code: a "+" that Excel dropped."""
    digits_only = (written["length"].ge(7) & written["code"].isna() & ~written["trunk"]).to_numpy()
    codes = _country_codes()
    lost = np.zeros(len(written), dtype=bool)
    lost[digits_only] = [number.startswith(codes[region]) for number, region in
                         zip(written["nsn"].to_numpy(dtype=object)[digits_only], regions[digits_only], strict=True)]
    return lost


@functools.cache
def _country_codes() -> dict[str, str]:
    """Region -> its calling code, from phonenumbers' code table (asking per region loads every region's
    metadata: a second and a half of CPU)."""
    return {region: str(code) for code, regions in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items()
            for region in regions if region in phonenumbers.SUPPORTED_REGIONS}


def _read(written: pd.DataFrame, regions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Key of each number (None when it has none) and whether it is valid: the fast path first,
    phonenumbers, once per distinct (number, region), for the rest."""
    result = _fast_e164(written, regions)
    validated = pd.notna(result)
    rest = ~validated
    text = written["text"].to_numpy(dtype=object)
    for region in pd.unique(regions[rest]):
        rows = rest & (regions == region)
        parse = functools.partial(_parse_key, region=region)
        readings = map_unique(pd.Series(text[rows], dtype=object), parse).to_numpy(dtype=object)
        result[rows] = [None if reading is None else reading[0] for reading in readings]
        validated[rows] = [reading is not None and reading[1] for reading in readings]
    return result, validated


def _parse_key(text: str, region: str) -> tuple[str, bool] | None:
    """``(key, valid)`` of one number: E.164 when valid; the same shape, unvalidated, when only possible."""
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException:
        return None
    if phonenumbers.is_valid_number(number):
        return phonenumbers.format_number(number, PhoneNumberFormat.E164), True
    if (len(phonenumbers.national_significant_number(number)) < _SHORTEST_UNVALIDATED
            or number.italian_leading_zero  # zeros after the trunk prefix ("0000010"): no number, and no fixed key
            or phonenumbers.is_possible_number_with_reason(number) not in _POSSIBLE):
        return None
    return phonenumbers.format_number(number, PhoneNumberFormat.E164), False


@dataclass(frozen=True)
class _FastRegion:
    """What the fast path needs of one region's metadata."""

    country_code: str
    trunk_prefix: str  # "0", or "" when the region has no national prefix
    valid_by_length: Mapping[int, tuple[str, str]]  # per NSN length: the general pattern, and any number type's

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
            if of_length:  # whole-string patterns in RE2 syntax, which libphonenumber's metadata is written in
                alternatives = "|".join(f"(?:{p})" for p in of_length)
                patterns[length] = (f"^(?:{general.national_number_pattern})$", f"^(?:{alternatives})$")
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
    # ^…$ as fullmatch reads them, so that Arrow's RE2 (extract_regex) reads the pattern alike
    return re.compile(rf"^(?:(?P<intl>\+|00)(?P<cc>{codes}))?(?P<trunk>0?)(?P<nsn>[1-9][0-9]{{1,16}})$")


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
    groups = pd.DataFrame({"region": number_region[eligible], "length": written["length"][eligible]})
    for (region, length), rows in groups.groupby(["region", "length"]).indices.items():
        patterns = fast[region].valid_by_length.get(int(length))
        if patterns is not None:  # valid: the general pattern and one number type's match the whole NSN
            at = positions[rows]
            numbers = pa.array(nsn[at], type=pa.string())
            valid = pc.and_(*(pc.match_substring_regex(numbers, p) for p in patterns))
            e164 = pc.binary_join_element_wise("+", pa.array(codes[at], type=pa.string()), numbers, "")
            result[at[np.asarray(valid, dtype=bool)]] = e164.filter(valid).to_numpy(zero_copy_only=False)
    return result
