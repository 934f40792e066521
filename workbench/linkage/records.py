"""Records ready for linkage: the key columns a configuration reads, encoded for fast pairing.

Input frames follow the canonical frame contract (:mod:`workbench.io.base`). Normalised keys
come from :func:`workbench.normalize.add_keys` (called when a frame lacks them; keys already
present are used as given), and linkage adds its own few derived keys:

* ``personal_email_key``: ``email_key`` without role and shared mailboxes
  (:mod:`workbench.linkage.mailboxes`);
* ``first_initial_key``: the first letter of ``first_name_key``;
* ``first_name_phonetic_key``: Kölner Phonetik of the first name (compared with the last
  name's when names are written the other way round);
* ``name_sign_key``: first initial and last-name sound, telling people apart for shared-mailbox
  detection (a person's typos and nicknames keep it; a family's or an office's names do not).

A key whose source field the frame does not have at all is simply missing for every record.
All columns become categoricals sharing one set of categories across the frames, so
blocking and comparison work on integer codes; columns a comparison exchanges (first and last
name, :class:`~workbench.linkage.comparisons.NamesSwapped`) share one set between them too.
Each column is factorised once; a derived key is worked out once per distinct combination of
the keys it comes from (at a million records, a few thousand first names rather than a million
rows), and shared mailboxes are counted on the codes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from workbench.errors import ConfigError, InputError
from workbench.linkage.combinations import distinct_combinations
from workbench.linkage.config import LinkageConfig
from workbench.linkage.mailboxes import without_role_mailboxes, without_shared_mailboxes
from workbench.normalize import KEY_COLUMNS, phonetic_key
from workbench.normalize.frames import as_categorical, encoded_keys

_KEY = "_key"


def _first_initial(frame: pd.DataFrame, config: LinkageConfig) -> pd.Series:
    return frame["first_name_key"].str[:1]


def _name_sign(frame: pd.DataFrame, config: LinkageConfig) -> pd.Series:
    initial, sound = frame["first_initial_key"].astype(object), frame["last_name_phonetic_key"].astype(object)
    return (initial + "|" + sound).where(initial.notna() & sound.notna(), None)


def _first_name_phonetic(frame: pd.DataFrame, config: LinkageConfig) -> pd.Series:
    return phonetic_key(frame["first_name_key"], keyed=True)


def _personal_email(frame: pd.DataFrame, config: LinkageConfig) -> pd.Series:
    return without_role_mailboxes(frame["email_key"], role_mailboxes=config.role_mailboxes)


PERSONAL_EMAIL, MAILBOX_NAME = "personal_email_key", "name_sign_key"
"""The personal e-mail key, and the key telling its users apart (shared mailboxes: across records)."""

DERIVED_KEYS: Mapping[str, tuple[tuple[str, ...], Callable[[pd.DataFrame, LinkageConfig], pd.Series]]] = {
    "first_initial_key": (("first_name_key",), _first_initial),
    "first_name_phonetic_key": (("first_name_key",), _first_name_phonetic),
    MAILBOX_NAME: (("first_initial_key", "last_name_phonetic_key"), _name_sign),
    PERSONAL_EMAIL: (("email_key",), _personal_email),
}
"""Derived key -> (keys it is computed from, function of each record's keys), a key derived from another
derived key after it. The function is run once per distinct combination of its keys (a frame of
categoricals; of one key: once per category); a categorical it returns keeps its codes."""

COMPLETED_BY: Mapping[str, str] = {PERSONAL_EMAIL: MAILBOX_NAME}
"""Derived key -> the key :func:`prepare_records` completes it with across records (shared mailboxes are
told apart by ``name_sign_key``): made whenever the derived key is."""


def prepare_records(frames: Sequence[pd.DataFrame], config: LinkageConfig) -> list[pd.DataFrame]:
    """The columns ``config`` reads, for each frame, as categoricals over shared categories.

    Args:
        frames: One frame (deduplicate) or two (link), canonical frames with or without keys.
        config: Says which columns are read.

    Returns:
        One frame per input, same index, one categorical column per needed column.

    Raises:
        InputError: A frame's index (the row numbers) is not unique.
        ConfigError: A needed column is neither in the frame, nor made by normalisation,
            nor derived here, although its source field is present.
    """
    needed = list(config.columns())
    encoded = _encoded_record_keys(frames, config)
    if PERSONAL_EMAIL in encoded:
        personal = without_shared_mailboxes(pd.Series(encoded[PERSONAL_EMAIL]), pd.Series(encoded[MAILBOX_NAME]),
                                            min_names=config.shared_mailbox_names)
        encoded[PERSONAL_EMAIL] = personal.array
    encoded = {c: encoded[c] for c in needed}
    for group in config.shared_vocabularies():
        encoded.update(_shared_categories({c: encoded[c] for c in group if c in encoded}))
    out, start = [], 0
    for frame in frames:
        stop = start + len(frame)
        out.append(pd.DataFrame({c: codes[start:stop] for c, codes in encoded.items()}, index=frame.index))
        start = stop
    return out


def record_keys(frames: Sequence[pd.DataFrame], config: LinkageConfig) -> pd.DataFrame:
    """What :func:`prepare_records` makes of each record alone: the columns ``config`` reads and those
    derived keys are computed from, normalised, as values (None where missing), all frames one under
    the other (positional index). An engine may run it on batches of records; ``personal_email_key``
    still holds shared mailboxes here (the one step across records besides the encoding).

    Raises:
        InputError: A frame's index (the row numbers) is not unique.
        ConfigError: As :func:`prepare_records`.
    """
    encoded = _encoded_record_keys(frames, config)
    return pd.DataFrame({c: categorical.to_numpy(dtype=object, na_value=None) for c, categorical in encoded.items()})


def _encoded_record_keys(frames: Sequence[pd.DataFrame], config: LinkageConfig) -> dict[str, pd.Categorical]:
    """:func:`record_keys` as categoricals: each column factorised once, derived keys worked out per
    distinct combination of their keys."""
    sources = _with_sources(list(config.columns()))
    encoded = _stacked_keys(frames, [c for c in sources if c not in DERIVED_KEYS], config)
    for name in (n for n in DERIVED_KEYS if n in sources):
        columns, function = DERIVED_KEYS[name]
        encoded[name] = _per_combination(function, {c: encoded[c] for c in columns}, config)
    return encoded


def value_frequencies(frames: Sequence[pd.DataFrame], column: str) -> np.ndarray:
    """Share of each category of a prepared column among the records that have a value (all frames)."""
    codes = np.concatenate([np.asarray(f[column].cat.codes) for f in frames])
    counts = np.bincount(codes[codes >= 0], minlength=len(frames[0][column].cat.categories))
    return counts / max(int(counts.sum()), 1)


def _with_sources(columns: Sequence[str]) -> list[str]:
    """The columns plus the keys derived ones are computed from (and what those are computed from)."""
    out = list(columns)
    for column in columns:
        if column in DERIVED_KEYS:
            out.extend(_with_sources(DERIVED_KEYS[column][0]))
        if column in COMPLETED_BY:
            out.extend(_with_sources([COMPLETED_BY[column]]))
    return list(dict.fromkeys(out))


def _stacked_keys(frames: Sequence[pd.DataFrame], columns: Sequence[str],
                  config: LinkageConfig) -> dict[str, pd.Categorical]:
    """The columns of all frames one under the other, as categoricals; keys a frame lacks are made by
    normalisation, once for all frames together (their values repeat across the frames)."""
    for frame in frames:
        _check(frame)
    sizes = [len(f) for f in frames]
    lacking = sorted({c for c in columns if c in KEY_COLUMNS and any(c not in f.columns for f in frames)})
    fields = [f for f in dict.fromkeys([*(column_field(c) for c in lacking), "country"])
              if any(f in frame.columns for frame in frames)]
    keys = (encoded_keys(pd.concat([frame.reindex(columns=fields) for frame in frames], ignore_index=True),
                         lacking, config.default_region) if lacking and fields else {})
    out = {}
    for column in columns:
        if column in keys and not any(column in frame.columns for frame in frames):
            out[column] = keys[column]  # made for every record, factorised already
            continue
        parts = []
        for at, frame in enumerate(frames):
            if column in frame.columns:
                parts.append(frame[column].to_numpy(dtype=object))
            elif column in keys:
                start = sum(sizes[:at])
                parts.append(keys[column].to_numpy(dtype=object, na_value=None)[start:start + sizes[at]])
            elif column_field(column) not in frame.columns:
                parts.append(np.full(sizes[at], None, dtype=object))
            else:
                raise ConfigError(f"linkage reads column {column!r}, which the records lack and normalisation does "
                                  f"not make", hint="Add the column, or remove the comparison or blocking rule.")
        out[column] = as_categorical(np.concatenate(parts) if parts else np.zeros(0, dtype=object))
    return out


def _check(frame: pd.DataFrame) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise InputError(f"expected a table of records (a pandas DataFrame), got {type(frame).__name__}")
    if not frame.index.is_unique:
        duplicated = frame.index[frame.index.duplicated()][:3].tolist()
        raise InputError(f"row numbers must be unique, but {duplicated} occur more than once",
                         hint="Pass the frame as read by workbench.io.read_table (index = source row).")


_KEY_FIELDS: Mapping[str, str] = {
    "last_name_phonetic_key": "last_name",
    "first_initial_key": "first_name",
    "first_name_phonetic_key": "first_name",
    "personal_email_key": "email",
    "name_sign_key": "last_name",
}


def column_field(column: str) -> str:
    """The record field a key column is made from (``last_name_phonetic_key`` -> ``last_name``).

    Examples:
        >>> column_field("first_initial_key"), column_field("mobile_key"), column_field("soc_sec_id")
        ('first_name', 'mobile', 'soc_sec_id')
    """
    return _KEY_FIELDS.get(column, column[: -len(_KEY)] if column.endswith(_KEY) else column)


def _per_combination(function: Callable[[pd.DataFrame, LinkageConfig], pd.Series],
                     sources: Mapping[str, pd.Categorical], config: LinkageConfig) -> pd.Categorical:
    """``function`` run once per distinct combination of the source keys, spread back to every record."""
    if len(sources) == 1:  # the combinations of one key are its categories (and missing, last)
        (name, source), = sources.items()
        count = len(source.categories)
        combined = np.where(np.asarray(source.codes) < 0, count, source.codes)
        distinct = pd.DataFrame({name: pd.Categorical.from_codes(np.r_[np.arange(count), -1], dtype=source.dtype)})
    else:
        combined, first = distinct_combinations(list(sources.values()))
        distinct = pd.DataFrame({name: categorical[first] for name, categorical in sources.items()})
    values = function(distinct, config)
    result = (values.array if isinstance(values.dtype, pd.CategoricalDtype)  # its codes are kept, not found again
              else as_categorical(values.to_numpy(dtype=object)))
    return pd.Categorical.from_codes(np.asarray(result.codes)[combined], dtype=result.dtype)


def _shared_categories(columns: Mapping[str, pd.Categorical]) -> dict[str, pd.Categorical]:
    """Several categoricals recoded over one set of categories (the first's, then the others' new ones)."""
    if len(columns) < 2:
        return {}
    every = np.concatenate([c.categories.to_numpy(dtype=object) for c in columns.values()])
    categories = pd.Index(pd.unique(every), dtype=object)
    return {name: column.set_categories(categories) for name, column in columns.items()}
