"""Normalisation: what "equal" means for validation, linkage and sync.

Display values are never rewritten: every function here returns a *key* beside
the original, as a pandas Series with the same index (None where a value is
missing, a placeholder or invalid). Key functions never raise on text, work once
per distinct value, and are idempotent where that makes sense
(``name_key(name_key(x)) == name_key(x)``). The word lists they use live in
:mod:`workbench.normalize.vocabulary`; see ``docs/normalisation.md``.

Examples:
    >>> import pandas as pd
    >>> from workbench.normalize import add_keys
    >>> frame = pd.DataFrame({"first_name": ["Jørgen"], "last_name": ["Müller"], "email": [" J.Mueller@Firma.DE"],
    ...                       "mobile": ["0171/1234567"], "company": ["Müller GmbH & Co. KG"], "country": ["D"]})
    >>> add_keys(frame).loc[0, ["email_key", "mobile_key", "first_name_key", "company_key", "country_key"]].tolist()
    ['j.mueller@firma.de', '+491711234567', 'joergen', 'mueller', 'DE']
"""

from workbench.normalize.companies import company_key, vat_key
from workbench.normalize.countries import country_key
from workbench.normalize.emails import email_issue, email_key, is_role_mailbox
from workbench.normalize.frames import ISSUE_COLUMNS, KEY_COLUMNS, add_keys, normalization_issues
from workbench.normalize.issues import INVALID, MISSING, PLACEHOLDER, UNVALIDATED
from workbench.normalize.names import first_names_compatible, name_key, phonetic_key, split_full_name
from workbench.normalize.phones import classify_phones, phone_e164, phone_issue, phone_key, read_phones
from workbench.normalize.places import city_key, postcode_key, street_key
from workbench.normalize.status import ACTIVE, INACTIVE, status_key
from workbench.normalize.text import fold, fold_series
from workbench.normalize.timestamps import date_key, updated_at_key
from workbench.normalize.vocabulary import DEFAULT_CONFIG, DEFAULT_REGION, NormalizeConfig

__all__ = [
    "ACTIVE",
    "DEFAULT_CONFIG",
    "DEFAULT_REGION",
    "INACTIVE",
    "INVALID",
    "ISSUE_COLUMNS",
    "KEY_COLUMNS",
    "MISSING",
    "PLACEHOLDER",
    "UNVALIDATED",
    "NormalizeConfig",
    "add_keys",
    "city_key",
    "classify_phones",
    "company_key",
    "country_key",
    "date_key",
    "email_issue",
    "email_key",
    "first_names_compatible",
    "fold",
    "fold_series",
    "is_role_mailbox",
    "name_key",
    "normalization_issues",
    "phone_e164",
    "phone_issue",
    "phone_key",
    "phonetic_key",
    "postcode_key",
    "read_phones",
    "split_full_name",
    "status_key",
    "street_key",
    "updated_at_key",
    "vat_key",
]
