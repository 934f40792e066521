"""Small customer bases with known duplicates, and a fixed score model, for linkage tests."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from workbench.linkage import LinkageConfig
from workbench.linkage.scoring import FellegiSunter

COLUMNS = ("customer_no", "first_name", "last_name", "email", "mobile", "street", "postcode", "city")
BASE = [
    ("1", "Anna", "Schmidt", "anna.schmidt@gmx.de", None, "Hauptstr. 5", "10115", "Berlin"),
    ("2", "Anna", "Schmidt", " ANNA.SCHMIDT@GMX.DE", None, "Gartenweg 2", "20095", "Hamburg"),  # 1: same email
    ("3", "Hans", "Berg", None, "0171 2223334", None, None, None),
    ("4", "Johannes", "Berg", None, "+49 171 2223334", None, None, None),  # 3: same last name and mobile
    ("5", "Paul", "Krause", "info@krause-bau.de", None, None, None, None),
    ("6", "Petra", "Krause", "info@krause-bau.de", None, None, None, None),  # 5: role mailbox only
    ("7", "Eva", "Lund", "lund@web.de", None, None, None, None),
    ("8", "Jens", "Lund", "lund@web.de", None, None, None, None),
    ("9", "Lars", "Lund", "lund@web.de", None, None, None, None),  # 7, 8: one mailbox, three names
    ("10", "Karl", "Meier", None, "0160 5556667", None, None, None),
    ("11", "Karla", "Meier", None, "0160 5556667", None, None, None),  # 10: sure rule, but first names differ
    ("12", "Jürgen", "Müller", None, None, "Hauptstraße 7", "80331", "München"),
    ("13", "Juergen", "Mueller", None, None, "Hauptstrasse 7", "80331", "Muenchen"),  # 12: similar, same address
    ("14", "Tom", "Weber", "tom@weber.dk", None, None, "8000", "Aarhus"),
]


def frame_of(rows: list[tuple], first_row: int = 2) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(COLUMNS), index=pd.Index(range(first_row, first_row + len(rows)),
                                                                      name="row"))
    return frame.astype(object).where(frame.notna(), None)


@pytest.fixture
def customers() -> pd.DataFrame:
    return frame_of(BASE)


@pytest.fixture
def model() -> FellegiSunter:
    """Agreement is strong evidence, disagreement mild; half the candidates are matches."""
    fixed = FellegiSunter.for_comparisons(LinkageConfig().comparisons)
    fixed.m = [np.r_[np.full(len(t), 0.1 / len(t)), 0.9] for t in fixed.thresholds]
    fixed.u = [np.r_[0.99, np.full(len(t), 0.01 / len(t))] for t in fixed.thresholds]
    fixed.prior = 0.5
    return fixed
