"""A seeded synthetic customer base with known duplicates, for the linkage benchmark only.

Stand-in for ``workbench.synthetic.dedup_set(n, seed)`` until that lands: German and Danish
private and business customers, 60 % of people appearing again (some twice) with typos,
transliterations, nicknames and initials, reformatted phones, moves, married names, gaps,
role mailboxes, family mailboxes, re-assigned mobiles and placeholders. Surnames follow a Zipf
law, so the commonest holds about 1.5 % of the people (as Müller does in Germany).

``dedup_set(n, seed)`` returns the canonical frame (index ``row``) and the entity id of every
row (the truth).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

_DE_FIRST = [
    "Thomas", "Michael", "Andreas", "Stefan", "Christian", "Peter", "Klaus", "Wolfgang", "Jürgen", "Frank", "Uwe",
    "Markus", "Matthias", "Alexander", "Martin", "Bernd", "Ralf", "Sebastian", "Jan", "Tobias", "Daniel", "Florian",
    "Dirk", "Jörg", "Hans", "Karl", "Werner", "Günter", "Dieter", "Heinz", "Manfred", "Horst", "Helmut", "Gerhard",
    "Walter", "Sven", "Tim", "Lukas", "Jonas", "Leon", "Felix", "Maximilian", "Paul", "Niklas", "Philipp", "David",
    "Simon", "Julian", "Moritz", "Benjamin", "Fabian", "Kai", "Lars", "Oliver", "Patrick", "Holger", "Carsten",
    "Karsten", "Stephan", "Joachim", "Johannes", "Georg", "Friedrich", "Wilhelm", "Ernst", "Otto", "Rainer",
    "Norbert", "Reinhard", "Rolf", "Volker", "Torsten", "Marco", "Mario", "René", "André", "Sabine", "Susanne",
    "Petra", "Claudia", "Andrea", "Birgit", "Stefanie", "Nicole", "Katrin", "Anja", "Julia", "Sandra", "Christina",
    "Monika", "Ursula", "Renate", "Karin", "Brigitte", "Ingrid", "Gabriele", "Elke", "Heike", "Angelika", "Martina",
    "Anna", "Lena", "Laura", "Lea", "Sarah", "Hannah", "Sophie", "Marie", "Katharina", "Johanna", "Charlotte",
    "Emma", "Mia", "Lisa", "Jana", "Melanie", "Nadine", "Simone", "Silke", "Tanja", "Kerstin", "Jutta", "Doris",
    "Gisela", "Helga", "Inge", "Christa", "Barbara", "Elisabeth", "Margarete", "Franziska", "Vanessa", "Jessica",
    "Jennifer", "Carina", "Kathrin", "Yvonne", "Daniela", "Manuela", "Cornelia", "Beate", "Bettina", "Antje",
    "Dagmar", "Annette", "Regina", "Jörn", "Björn", "Ute",
]
_DK_FIRST = [
    "Jens", "Peter", "Lars", "Henrik", "Søren", "Niels", "Anders", "Jørgen", "Morten", "Hans", "Michael", "Thomas",
    "Martin", "Jan", "Rasmus", "Christian", "Mads", "Mikkel", "Frederik", "Jesper", "Kasper", "Jakob", "Emil",
    "Magnus", "Oliver", "William", "Lucas", "Victor", "Mathias", "Nikolaj", "Kim", "Bo", "Ole", "Poul", "Erik",
    "Finn", "Torben", "Steen", "Flemming", "Preben", "Bent", "Kurt", "Carsten", "Claus", "Allan", "Brian", "Dennis",
    "Anne", "Kirsten", "Hanne", "Mette", "Anna", "Helle", "Susanne", "Lene", "Maria", "Marianne", "Inge", "Karen",
    "Lone", "Bente", "Camilla", "Pia", "Louise", "Charlotte", "Tina", "Gitte", "Julie", "Sofie", "Ida", "Emma",
    "Freja", "Laura", "Mathilde", "Cecilie", "Line", "Maja", "Signe", "Trine", "Rikke", "Dorthe", "Birgitte",
    "Vibeke", "Jette", "Lise", "Malene", "Nanna", "Astrid", "Ingrid", "Else", "Ellen", "Grethe", "Kirstine", "Søs",
    "Åse", "Bodil", "Jytte",
]
_DE_LAST = [
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
    "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun",
    "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz", "Krause", "Meier", "Lehmann",
    "Schmid", "Schulze", "Maier", "Köhler", "Herrmann", "König", "Walter", "Mayer", "Huber", "Kaiser", "Fuchs",
    "Peters", "Lang", "Scholz", "Möller", "Weiß", "Jung", "Hahn", "Schubert", "Vogel", "Friedrich", "Keller",
    "Günther", "Frank", "Berger", "Winkler", "Roth", "Beck", "Lorenz", "Baumann", "Franke", "Albrecht", "Schuster",
    "Simon", "Ludwig", "Böhm", "Winter", "Kraus", "Martin", "Schumacher", "Krämer", "Vogt", "Stein", "Jäger",
    "Otto", "Sommer", "Groß", "Seidel", "Heinrich", "Brandt", "Haas", "Schreiber", "Graf", "Schulte", "Dietrich",
    "Ziegler", "Kuhn", "Kühn", "Pohl", "Engel", "Horn", "Busch", "Bergmann", "Thomas", "Voigt", "Sauer", "Arnold",
    "Wolff", "Pfeiffer", "Ernst", "Ackermann", "Fritsch", "Bräuer", "Dörfler", "Eichhorn", "Gärtner", "Hübner",
    "Jürgens", "Kästner", "Lößner", "Mößner", "Nüßlein", "Pröll", "Rößler", "Süß", "Thürmer", "Übel", "Wächter",
    "Zöllner",
]
_DK_LAST = [
    "Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen",
    "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Christiansen", "Poulsen", "Johansen",
    "Møller", "Mortensen", "Knudsen", "Jakobsen", "Jacobsen", "Mikkelsen", "Olesen", "Frederiksen", "Laursen",
    "Henriksen", "Lund", "Schmidt", "Eriksen", "Holm", "Kristiansen", "Clausen", "Simonsen", "Svendsen",
    "Andreasen", "Iversen", "Østergaard", "Jeppesen", "Vestergaard", "Nissen", "Lauridsen", "Kjær", "Jespersen",
    "Mogensen", "Skov", "Søndergaard", "Bertelsen", "Nørgaard", "Dahl", "Bak", "Højgaard", "Bækgaard", "Kjærgaard",
    "Lykke", "Fog", "Brøndum", "Dalgaard", "Graversen", "Hedegaard", "Bøgh",
]
_STREETS_DE = [
    "Hauptstraße", "Schulstraße", "Gartenstraße", "Bahnhofstraße", "Dorfstraße", "Bergstraße", "Birkenweg",
    "Lindenstraße", "Kirchstraße", "Waldstraße", "Ringstraße", "Schillerstraße", "Goethestraße", "Mühlenweg",
    "Wiesenweg", "Am", "Markt", "Buchenweg", "Rosenstraße", "Friedhofstraße", "Jahnstraße", "Poststraße",
    "Feldstraße", "Amselweg", "Lessingstraße", "Mozartstraße",
]
_STREETS_DK = [
    "Østergade", "Vestergade", "Nørregade", "Søndergade", "Storegade", "Skolevej", "Kirkevej", "Møllevej", "Engvej",
    "Skovvej",
]
_CITIES_DE = [
    "Berlin", "Hamburg", "München", "Köln", "Frankfurt", "Stuttgart", "Düsseldorf", "Leipzig", "Dortmund", "Essen",
    "Bremen", "Dresden", "Hannover", "Nürnberg", "Duisburg", "Bochum", "Wuppertal", "Bielefeld", "Bonn", "Münster",
    "Mannheim", "Augsburg", "Kiel", "Lübeck",
]
_CITIES_DK = [
    "København", "Aarhus", "Odense", "Aalborg", "Esbjerg", "Randers", "Kolding", "Horsens", "Vejle", "Roskilde",
    "Herning", "Silkeborg",
]
_PROVIDERS_DE = ["gmx.de", "web.de", "t-online.de", "gmail.com", "yahoo.de", "outlook.de", "freenet.de"]
_PROVIDERS_DK = ["gmail.com", "hotmail.dk", "mail.dk", "jubii.dk", "live.dk", "yahoo.dk"]
_NICKNAMES = {"Johannes": "Hans", "Michael": "Micha", "Christian": "Chris", "Alexander": "Alex",
              "Maximilian": "Max", "Stefanie": "Steffi", "Katharina": "Kathi", "Elisabeth": "Lisa",
              "Nikolaj": "Niko", "Frederik": "Frede", "Margarete": "Grete", "Benjamin": "Ben"}
_COMPANY_WORDS = [
    "Bau", "Technik", "Service", "Handel", "Logistik", "Consulting", "Elektro", "Metall", "Holz", "Garten", "Auto",
    "Data", "Media",
]
_FORMS_DE, _FORMS_DK = ["GmbH", "AG", "KG", "GmbH & Co. KG", "e.K.", "UG"], ["ApS", "A/S", "I/S"]
_TRANSLIT = {"ü": "ue", "ö": "oe", "ä": "ae", "ß": "ss", "ø": "oe", "æ": "ae", "å": "aa", "Ü": "Ue", "Ö": "Oe",
             "Ä": "Ae", "Ø": "Oe", "Æ": "Ae", "Å": "Aa"}
_ALPHABET = "abcdefghijklmnopqrstuvwxyz"
_DE_PARTS = (
    [
        "Ober", "Unter", "Neu", "Alt", "Hoch", "Nieder", "Wald", "Berg", "Stein", "Bach", "Brück", "Feld", "Holz",
        "Kirch", "Linden", "Eich", "Birk", "Buch", "Tann", "Fichten", "Rosen", "Blum", "Sonnen", "Mond", "Stern",
        "Wiesen", "Moos", "Haber", "Korn", "Weiden", "Erlen", "Espen", "Hasel", "Ahorn", "Kalk", "Sand", "Lehm",
        "Mühl", "Schön", "Kron",
    ],
    [
        "mann", "meier", "bauer", "hofer", "huber", "müller", "schmidt", "berger", "reiter", "wirth", "hauser",
        "dorfer", "gruber", "lechner", "ecker", "felder", "hammer", "kötter", "brink", "kamp", "horst", "hagen",
        "beck", "winkel", "städter", "richter", "thaler", "wieser", "graber",
    ],
)
_DK_PARTS = (
    [
        "Bjerre", "Kløve", "Holm", "Lind", "Skov", "Strand", "Dal", "Bro", "Ege", "Fjord", "Hede", "Mose", "Aa",
        "Bøg", "Ask", "Birk", "Elm", "Gran", "Hav", "Hjorte", "Kirke", "Krog", "Lunde", "Ravn", "Sand", "Sten",
        "Troel", "Ulv", "Vang",
    ],
    [
        "gaard", "sen", "borg", "lund", "bæk", "strup", "holt", "by", "toft", "rup", "høj", "mark", "dal", "bjerg",
        "skov",
    ],
)


def _zipf(rng: np.random.Generator, size: int, n: int, exponent: float = 1.0) -> np.ndarray:
    weights = 1.0 / np.arange(1, size + 1) ** exponent
    return rng.choice(size, p=weights / weights.sum(), size=n)


def _ascii(text: str) -> str:
    return "".join(_TRANSLIT.get(ch, ch) for ch in text)


def _typo(rng: np.random.Generator, text: str) -> str:
    if len(text) < 3:
        return text
    i = int(rng.integers(1, len(text) - 1))
    kind = rng.integers(4)
    if kind == 0:  # substitute
        return text[:i] + _ALPHABET[rng.integers(26)] + text[i + 1:]
    if kind == 1:  # delete
        return text[:i] + text[i + 1:]
    if kind == 2:  # insert
        return text[:i] + _ALPHABET[rng.integers(26)] + text[i:]
    return text[:i - 1] + text[i] + text[i - 1] + text[i + 1:]  # swap neighbours


def _format_phone(rng: np.random.Generator, e164: str) -> str:
    country, national = ("+49", e164[3:]) if e164.startswith("+49") else ("+45", e164[3:])
    style = rng.integers(4)
    if country == "+45":
        return [f"+45 {national[:2]} {national[2:4]} {national[4:6]} {national[6:]}", national,
                f"0045{national}", f"{national[:4]} {national[4:]}"][style]
    return [f"+49 {national[:3]} {national[3:]}", f"0{national[:3]} {national[3:]}",
            f"0{national[:3]}/{national[3:]}", f"(0{national[:3]}) {national[3:6]}-{national[6:]}"][style]


def _addresses(rng: np.random.Generator, danish: np.ndarray) -> tuple[np.ndarray, ...]:
    """Street, house number, postcode and city: thousands of streets and postcodes, bigger towns more often."""
    n = len(danish)
    stems_de = np.array([a + b for a in (*_STREETS_DE, *_DE_PARTS[0]) for b in ("", "er")])
    stems_dk = np.array([a + b for a in (*_STREETS_DK, *_DK_PARTS[0]) for b in ("", "s")])
    kinds_de = np.array(["straße", "weg", "allee", "ring", "gasse", "platz", "str."])
    kinds_dk = np.array(["vej", "gade", "allé", "stræde", "vænget"])
    street = np.where(
        danish, np.char.add(stems_dk[rng.integers(len(stems_dk), size=n)], kinds_dk[rng.integers(5, size=n)]),
        np.char.add(stems_de[rng.integers(len(stems_de), size=n)], kinds_de[rng.integers(7, size=n)]))
    number = (1 + _zipf(rng, 150, n, 0.7)).astype(str)
    pool_de = np.sort(rng.choice(np.arange(1067, 99999), size=8000, replace=False))
    pool_dk = np.sort(rng.choice(np.arange(1000, 9990), size=1000, replace=False))
    at_de, at_dk = _zipf(rng, len(pool_de), n, 0.5), _zipf(rng, len(pool_dk), n, 0.5)
    postcode = np.where(danish, pool_dk[at_dk].astype(str), np.char.zfill(pool_de[at_de].astype(str), 5))
    towns_de = np.array([*_CITIES_DE, *(a + b for a in _DE_PARTS[0] for b in ("dorf", "hausen", "heim", "feld",
                                                                                  "stadt", "burg", "au"))])
    towns_dk = np.array([*_CITIES_DK, *(a + b for a in _DK_PARTS[0] for b in ("by", "rup", "sted", "løse"))])
    city = np.where(danish, towns_dk[(at_dk // 4) % len(towns_dk)], towns_de[(at_de // 4) % len(towns_de)])
    return street, number, postcode, city


def _people(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """n distinct people with their true values."""
    danish = rng.random(n) < 0.25
    first_de, first_dk = np.array(_DE_FIRST), np.array(_DK_FIRST)
    last_de, last_dk = np.array(_DE_LAST), np.array(_DK_LAST)
    # a long tail of rarer surnames: the commonest holds about 1.5 %, as Müller does in Germany
    all_de = np.concatenate([last_de, [a + b for a in _DE_PARTS[0] for b in _DE_PARTS[1]]])
    all_dk = np.concatenate([last_dk, [a + b for a in _DK_PARTS[0] for b in _DK_PARTS[1]]])
    first = np.where(danish, first_dk[_zipf(rng, len(first_dk), n, 0.8)],
                     first_de[_zipf(rng, len(first_de), n, 0.8)])
    last = np.where(danish, all_dk[_zipf(rng, len(all_dk), n, 0.65)], all_de[_zipf(rng, len(all_de), n, 0.65)])
    street, number, postcode, city = _addresses(rng, danish)
    dk_prefix = np.array(["20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31", "40", "41", "42",
                          "50", "51", "52", "53", "60", "61", "71", "81", "91", "92", "93"])
    de_prefix = np.array(["151", "152", "157", "160", "162", "163", "170", "171", "172", "173", "174", "175", "176",
                          "177", "178", "179"])
    mobile = np.where(danish,
                      np.char.add(np.char.add("+45", dk_prefix[rng.integers(len(dk_prefix), size=n)]),
                                  rng.integers(100_000, 999_999, size=n).astype(str)),
                      np.char.add(np.char.add("+49", de_prefix[rng.integers(len(de_prefix), size=n)]),
                                  rng.integers(10_000_000, 99_999_999, size=n).astype(str)))
    phone = np.where(danish, np.char.add("+45", rng.integers(30_000_000, 79_999_999, size=n).astype(str)),
                     np.char.add("+49", rng.integers(2_000_000_000, 9_999_999_999, size=n).astype(str)))
    provider = np.where(danish, np.array(_PROVIDERS_DK)[rng.integers(6, size=n)],
                        np.array(_PROVIDERS_DE)[rng.integers(7, size=n)])
    local = [f"{_ascii(given).lower()}.{_ascii(family).lower()}{i if rng.random() < 0.5 else ''}"
             for i, (given, family) in enumerate(zip(first, last, strict=True))]
    email = np.char.add(np.char.add(np.array(local), "@"), provider)
    taken = pd.Series(email).duplicated().to_numpy()  # a provider gives an address out once
    email[taken] = [f"{x.split('@')[0]}.{i}@{x.split('@')[1]}" for i, x in zip(np.flatnonzero(taken), email[taken],
                                                                                 strict=True)]
    business = rng.random(n) < 0.2
    company = [
        (f"{family} {_COMPANY_WORDS[rng.integers(len(_COMPANY_WORDS))]} "
         f"{(_FORMS_DK if dk else _FORMS_DE)[rng.integers(3 if dk else 6)]}") if b else None
        for family, b, dk in zip(last, business, danish, strict=True)]
    return pd.DataFrame({"first_name": first, "last_name": last, "street": np.char.add(np.char.add(street, " "),
                                                                                         number),
                         "postcode": postcode, "city": city, "country": np.where(danish, "DK", "DE"),
                         "mobile": mobile, "phone": phone, "email": email, "company": company,
                         "business": business})


def dedup_set(n: int, seed: int = 0) -> tuple[pd.DataFrame, pd.Series]:
    """``n`` customer records of about ``n / 1.78`` people, and the person behind each row.

    Returns:
        The canonical frame (index ``row`` from 2, fields as text, None where missing) and a
        Series of entity ids on the same index.
    """
    rng = np.random.default_rng(seed)
    people_count = int(n / 1.78)
    people = _people(rng, people_count)
    # 60 % of people appear again: 45 % once more, 12 % twice more, 3 % three times more
    again_times = rng.choice(4, size=people_count, p=[0.40, 0.45, 0.12, 0.03])
    again = np.repeat(np.arange(people_count), again_times)
    again = rng.permutation(again)[: n - people_count]
    if len(again) < n - people_count:
        again = np.concatenate([again, rng.choice(people_count, size=n - people_count - len(again))])
    extra = len(again)
    entity = np.concatenate([np.arange(people_count), again])
    records = people.iloc[entity].reset_index(drop=True)
    copy = np.r_[np.zeros(people_count, bool), np.ones(extra, bool)]
    true_first = records["first_name"].to_numpy().copy()
    _mess_up(rng, records, copy, people)
    _shared_contacts(rng, records, true_first)
    order = rng.permutation(n)
    records, entity = records.iloc[order].reset_index(drop=True), entity[order]
    index = pd.Index(np.arange(2, n + 2), name="row")
    frame = records.drop(columns=["business"])
    frame.insert(0, "customer_no", [f"K{100000 + i}" for i in range(n)])
    frame["status"] = np.where(rng.random(n) < 0.9, "aktiv", "inaktiv")
    frame = frame.astype(object).where(frame.notna(), None)
    frame.index = index
    return frame, pd.Series(entity, index=index, name="entity")


def _mess_up(rng: np.random.Generator, records: pd.DataFrame, copy: np.ndarray, people: pd.DataFrame) -> None:
    """Typos, transliterations, nicknames, moves, married names, reformatting and gaps in the copies."""
    rows = np.flatnonzero(copy)

    def pick(share: float) -> np.ndarray:
        return rows[rng.random(len(rows)) < share]

    for column in ("first_name", "last_name"):
        for i in pick(0.12):
            records.at[i, column] = _typo(rng, records.at[i, column])
        for i in pick(0.10):
            records.at[i, column] = _ascii(records.at[i, column])
        for i in pick(0.05):
            records.at[i, column] = records.at[i, column].upper() if rng.random() < 0.5 else \
                records.at[i, column].lower()
    for i in pick(0.05):
        name = records.at[i, "first_name"]
        records.at[i, "first_name"] = _NICKNAMES.get(name, name[0] + ".")
    moved = pick(0.15)  # a new address of their own
    street, number, postcode, city = _addresses(rng, (records.loc[moved, "country"] == "DK").to_numpy())
    records.loc[moved, "street"] = np.char.add(np.char.add(street, " "), number)
    records.loc[moved, "postcode"], records.loc[moved, "city"] = postcode, city
    for i in pick(0.08):
        records.at[i, "street"] = _typo(rng, records.at[i, "street"])
    married = pick(0.03)
    records.loc[married, "last_name"] = people["last_name"].to_numpy()[rng.integers(len(people), size=len(married))]
    for column, gap in (("email", 0.25), ("mobile", 0.25), ("phone", 0.35), ("street", 0.05), ("first_name", 0.02)):
        records.loc[pick(gap), column] = None
    for i in pick(0.08):  # a new address at another provider
        if records.at[i, "email"]:
            local = records.at[i, "email"].split("@")[0]
            records.at[i, "email"] = f"{local}{rng.integers(10, 99)}@{_PROVIDERS_DE[rng.integers(7)]}"
    for column in ("mobile", "phone"):
        known = records[column].notna().to_numpy()
        records.loc[known, column] = [_format_phone(rng, x) for x in records.loc[known, column]]
    emails = records["email"].notna().to_numpy() & copy
    records.loc[emails, "email"] = [x.title() if rng.random() < 0.1 else x for x in records.loc[emails, "email"]]


def _shared_contacts(rng: np.random.Generator, records: pd.DataFrame, true_first: np.ndarray) -> None:
    """Role and family mailboxes, re-assigned mobiles and placeholders: shared contacts that are not one person."""
    n = len(records)
    business = np.flatnonzero(records["business"].to_numpy())
    for i in business[rng.random(len(business)) < 0.3]:  # info@ of the company
        company = str(records.at[i, "company"]).split()[0].lower()
        records.at[i, "email"] = f"{['info', 'kontakt', 'office', 'post', 'mail'][rng.integers(5)]}@" \
                                 f"{_ascii(company)}.de"
    family = rng.choice(n, size=n // 60, replace=False)  # a partner (another first name) with the same mailbox
    partners = rng.choice(n, size=len(family), replace=False)
    other_name = (true_first[partners] != true_first[family]) & records.loc[partners, "first_name"].notna().to_numpy()
    family, partners = family[other_name], partners[other_name]
    records.loc[partners, "email"] = records.loc[family, "email"].to_numpy()
    records.loc[partners, "last_name"] = records.loc[family, "last_name"].to_numpy()
    reassigned = rng.choice(n, size=n // 200, replace=False)  # a mobile number given to someone new
    records.loc[reassigned, "mobile"] = records.loc[rng.choice(n, size=len(reassigned)), "mobile"].to_numpy()
    placeholders = rng.choice(n, size=n // 50, replace=False)
    records.loc[placeholders[: len(placeholders) // 2], "email"] = "keine@email.de"
    records.loc[placeholders[len(placeholders) // 2:], "mobile"] = "0000000"
