"""The words synthetic German and Danish customers are made of.

Plain data: first names (with the nicknames and short forms people use), surnames
ranked by frequency, streets, real postcode/city pairs with their telephone area
codes, mail providers, company name patterns and legal forms, and the values
real exports use for "no value" (placeholders). Everything is ordered (tuples),
so draws from it are reproducible.
"""

from __future__ import annotations

from dataclasses import dataclass

COUNTRIES = ("DE", "DK")
COUNTRY_CODES = {"DE": "49", "DK": "45"}


@dataclass(frozen=True)
class Place:
    """A town: its postcodes, the first digits of its landlines, and how often it is drawn."""

    country: str
    city: str
    postcodes: tuple[str, ...]
    area_codes: tuple[str, ...]
    weight: int


def _places(country: str, rows: tuple[tuple[str, str, str, int], ...]) -> tuple[Place, ...]:
    return tuple(Place(country, city, tuple(codes.split()), tuple(areas.split()), w) for city, codes, areas, w in rows)


PLACES: dict[str, tuple[Place, ...]] = {
    # DE: the area code is dialled with a leading 0 nationally (030 for Berlin).
    "DE": _places("DE", (
        ("Berlin", "10115 10117 10243 10405 10437 10785 12043 12099 13347 14050", "30", 36),
        ("Hamburg", "20095 20144 20249 22041 22301 22765", "40", 18),
        ("München", "80331 80469 80636 81369 81675", "89", 15),
        ("Köln", "50667 50733 50823 51063", "221", 11),
        ("Frankfurt am Main", "60311 60316 60486 65929", "69", 8),
        ("Stuttgart", "70173 70190 70469", "711", 6),
        ("Düsseldorf", "40210 40213 40477", "211", 6),
        ("Leipzig", "04103 04109 04229", "341", 6),
        ("Dresden", "01067 01099 01277", "351", 6),
        ("Hannover", "30159 30161 30519", "511", 5),
        ("Nürnberg", "90402 90419 90461", "911", 5),
        ("Bremen", "28195 28203 28359", "421", 5),
        ("Essen", "45127 45131", "201", 5),
        ("Dortmund", "44135 44139", "231", 5),
        ("Flensburg", "24937 24939", "461", 3),
        ("Kiel", "24103 24105 24114", "431", 3),
        ("Lübeck", "23552 23566", "451", 3),
        ("Münster", "48143 48149", "251", 3),
        ("Freiburg im Breisgau", "79098 79102", "761", 3),
        ("Würzburg", "97070 97082", "931", 2),
        ("Göttingen", "37073 37083", "551", 2),
        ("Regensburg", "93047 93053", "941", 2),
        ("Rostock", "18055 18057", "381", 2),
        ("Bonn", "53111 53113", "228", 3),
        ("Mannheim", "68159 68161", "621", 3),
        ("Augsburg", "86150 86152", "821", 3),
        ("Aachen", "52062 52064", "241", 2),
        ("Saarbrücken", "66111 66113", "681", 2),
        ("Osnabrück", "49074 49076", "541", 2),
        ("Husum", "25813", "4841", 1),
        ("Schleswig", "24837", "4621", 1),
        ("Lüneburg", "21335", "4131", 1),
        ("Tübingen", "72070 72072", "7071", 1),
        ("Fürth", "90762", "911", 1),
        ("Görlitz", "02826", "3581", 1),
        ("Oldenburg", "26122", "441", 2),
        ("Offenbach am Main", "63065", "69", 2),
    )),
    # DK: landlines are 8 digits; the area code here is their first two digits.
    "DK": _places("DK", (
        ("København K", "1050 1120 1250 1360 1455", "33", 9),
        ("København Ø", "2100", "35 39", 6),
        ("København N", "2200", "35", 5),
        ("København S", "2300", "32", 4),
        ("Frederiksberg", "2000", "38", 4),
        ("Valby", "2500", "36", 2),
        ("Hellerup", "2900", "39", 2),
        ("Aarhus C", "8000", "86 87", 8),
        ("Aarhus N", "8200", "86", 3),
        ("Odense C", "5000", "66 63", 6),
        ("Aalborg", "9000", "98 96", 6),
        ("Esbjerg", "6700", "75 76", 3),
        ("Randers C", "8900", "86 87", 3),
        ("Kolding", "6000", "75 76", 3),
        ("Horsens", "8700", "75 76", 2),
        ("Vejle", "7100", "75 76", 2),
        ("Roskilde", "4000", "46", 2),
        ("Herning", "7400", "97 96", 2),
        ("Silkeborg", "8600", "86 87", 2),
        ("Næstved", "4700", "55", 2),
        ("Fredericia", "7000", "75 76", 1),
        ("Viborg", "8800", "86 87", 1),
        ("Køge", "4600", "56", 1),
        ("Holstebro", "7500", "97", 1),
        ("Taastrup", "2630", "43", 1),
        ("Slagelse", "4200", "58", 1),
        ("Hillerød", "3400", "48", 1),
        ("Sønderborg", "6400", "74", 2),
        ("Svendborg", "5700", "62", 1),
        ("Hjørring", "9800", "98", 1),
        ("Helsingør", "3000", "49", 1),
        ("Frederikshavn", "9900", "98", 1),
        ("Aabenraa", "6200", "74", 1),
        ("Haderslev", "6100", "74", 1),
        ("Tønder", "6270", "74", 1),
        ("Padborg", "6330", "74", 1),
        ("Ringkøbing", "6950", "97", 1),
        ("Skive", "7800", "97", 1),
        ("Nyborg", "5800", "65", 1),
        ("Ribe", "6760", "75", 1),
    )),
}

# Mobile prefixes: DE (network prefix, subscriber digits); DK (first two of eight digits).
MOBILE_PREFIXES: dict[str, tuple[tuple[str, int], ...]] = {
    "DE": (("151", 8), ("152", 8), ("157", 8), ("159", 8), ("160", 7), ("162", 7), ("163", 7), ("170", 7),
           ("171", 7), ("172", 7), ("173", 7), ("174", 7), ("175", 7), ("176", 8), ("177", 7), ("178", 7),
           ("179", 7)),
    "DK": tuple((p, 6) for p in ("20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31", "40",
                                 "41", "42", "50", "51", "52", "53", "60", "61", "71", "81", "91", "92", "93")),
}

FIRST_NAMES: dict[tuple[str, str], tuple[str, ...]] = {
    ("DE", "f"): ("Sabine", "Petra", "Andrea", "Susanne", "Claudia", "Monika", "Birgit", "Katharina", "Julia",
                  "Anna", "Laura", "Lena", "Sarah", "Christine", "Elisabeth", "Ursula", "Renate", "Gisela",
                  "Jutta", "Anja", "Nicole", "Stefanie", "Bärbel", "Anna-Lena", "Marie-Luise", "Margarete",
                  "Käthe", "Heike", "Doris", "Franziska", "Jördis", "Gudrun", "Alexandra", "Christina", "Tanja"),
    ("DE", "m"): ("Thomas", "Michael", "Andreas", "Stefan", "Peter", "Klaus", "Jürgen", "Wolfgang", "Frank",
                  "Uwe", "Christian", "Markus", "Matthias", "Alexander", "Sebastian", "Tobias", "Jan", "Lukas",
                  "Maximilian", "Johannes", "Friedrich", "Günter", "Dieter", "Karl-Heinz", "Hans-Peter", "Jörg",
                  "Björn", "Wilhelm", "Gerhard", "Benjamin", "Daniel", "Bernd", "Rüdiger", "Heinz", "Ralf"),
    ("DK", "f"): ("Mette", "Anne", "Kirsten", "Hanne", "Susanne", "Lene", "Pia", "Louise", "Camilla", "Maja",
                  "Sofie", "Ida", "Line", "Trine", "Birgitte", "Marianne", "Inge", "Åse", "Signe", "Anne-Mette",
                  "Margrethe", "Karen", "Bente", "Rikke", "Tove", "Dorthe", "Kirstine", "Helle", "Gitte", "Lærke"),
    ("DK", "m"): ("Jens", "Lars", "Søren", "Niels", "Henrik", "Morten", "Rasmus", "Mads", "Anders", "Peter",
                  "Martin", "Jesper", "Mikkel", "Frederik", "Kristian", "Bjørn", "Jørgen", "Poul", "Ole",
                  "Torben", "Kasper", "Thomas", "Michael", "Christian", "Steen", "Bent", "Erik", "Nikolaj",
                  "Jakob", "Troels"),
}

# Short forms a person is also written as (the full name's own initial is always accepted too).
NICKNAMES: dict[str, tuple[str, ...]] = {
    "Johannes": ("Hans", "Jo"), "Alexander": ("Alex",), "Alexandra": ("Alex",), "Christian": ("Chris",),
    "Christina": ("Tina",), "Christine": ("Tina",), "Katharina": ("Kathi", "Katja"), "Elisabeth": ("Lisa", "Liesel"),
    "Margarete": ("Grete",), "Michael": ("Micha",), "Andreas": ("Andi",), "Thomas": ("Tom",),
    "Wolfgang": ("Wolf",), "Friedrich": ("Fritz",), "Wilhelm": ("Willi",), "Gerhard": ("Gerd",),
    "Maximilian": ("Max",), "Benjamin": ("Ben",), "Daniel": ("Dani",), "Susanne": ("Susi",),
    "Sebastian": ("Basti",), "Tobias": ("Tobi",), "Franziska": ("Franzi",), "Stefanie": ("Steffi",),
    "Kristian": ("Kris",), "Frederik": ("Frede",), "Margrethe": ("Grethe",), "Kirstine": ("Stine",),
    "Nikolaj": ("Niko",), "Jakob": ("Jakke",), "Matthias": ("Matze",), "Karl-Heinz": ("Kalle",),
}

# Surnames by frequency, most common first (the weights fall off like Zipf's law).
SURNAMES: dict[str, tuple[str, ...]] = {
    "DE": ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
           "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz",
           "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz",
           "Krause", "Meier", "Lehmann", "Schmid", "Schulze", "Maier", "Köhler", "Herrmann", "König", "Walter",
           "Mayer", "Huber", "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller", "Weiß", "Jung", "Hahn",
           "Schubert", "Vogel", "Friedrich", "Keller", "Günther", "Frank", "Berger", "Winkler", "Roth", "Beck",
           "Lorenz", "Baumann", "Franke", "Albrecht", "Schuster", "Simon", "Ludwig", "Böhm", "Winter", "Kraus",
           "Martin", "Schumacher", "Krämer", "Vogt", "Stein", "Jäger", "Otto", "Sommer", "Groß", "Seidel",
           "Heinrich", "Brandt", "Haas", "Schreiber", "Graf", "Schulte", "Dietrich", "Ziegler", "Kuhn", "Kühn",
           "Pohl", "Engel", "Horn", "Busch", "Bergmann", "Thomas", "Voigt", "Sauer", "Arnold", "Wolff",
           "Pfeiffer", "Böttcher", "Jürgens", "Rößler", "Nußbaum", "Grünewald", "Hübner", "Löffler",
           "Schäfer-Lindemann", "Müller-Lüdenscheidt", "Weißenborn"),
    "DK": ("Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
           "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Christiansen",
           "Poulsen", "Johansen", "Møller", "Mortensen", "Knudsen", "Jakobsen", "Jacobsen", "Mikkelsen",
           "Olesen", "Frederiksen", "Laursen", "Henriksen", "Lund", "Schmidt", "Holm", "Eriksen", "Kristiansen",
           "Nørgaard", "Clausen", "Simonsen", "Svendsen", "Andreasen", "Iversen", "Østergaard", "Jeppesen",
           "Vestergaard", "Nissen", "Lauridsen", "Kjær", "Jespersen", "Mogensen", "Skov", "Dahl", "Bech",
           "Søndergaard", "Brandt", "Friis", "Thygesen", "Bækgaard", "Kjærgaard", "Højgaard", "Bøgh",
           "Damgaard-Sørensen", "Due"),
}

# Parts of rarer surnames, combined for the long tail of large benchmark sets.
SURNAME_STEMS = ("Berg", "Holz", "Kirch", "Lind", "Stein", "Brunn", "Wald", "Feld", "Hoh", "Rosen", "Eich",
                 "Buch", "Mühl", "Hag", "Kamp", "Brink", "Sand", "Wies", "Dorn", "Hart", "Grün", "Bach", "Moor",
                 "Fried", "Stolt", "Ahl", "Bött", "Eck", "Fahr", "Hein", "Lüt", "Nord", "Ost", "Sie", "Tann",
                 "Vel", "Weid", "Zell", "Kjær", "Bøg", "Ny", "Ås", "Lyng", "Strand", "Hav", "Mose", "Skov",
                 "Dal", "Vester", "Øster")
SURNAME_SUFFIXES = ("mann", "er", "ner", "hoff", "hofer", "meyer", "berg", "feld", "inger", "ke", "sen", "ing",
                    "bauer", "hauer", "rich", "brecht", "mayr", "lein", "hardt", "stedt", "horst", "baum",
                    "dorf", "thal", "brock", "gaard", "holm", "bæk", "lund", "strup", "skov", "borg", "bjerg",
                    "wedel", "kötter")
SURNAME_PREFIXES = ("", "Ober", "Unter", "Groß", "Klein", "Neu", "Alt", "Hoch", "Nieder", "Lange", "Kort", "Vester")

STREETS: dict[str, tuple[str, ...]] = {
    "DE": ("Hauptstraße", "Bahnhofstraße", "Gartenstraße", "Schulstraße", "Dorfstraße", "Lindenstraße",
           "Goethestraße", "Schillerstraße", "Kirchweg", "Am Markt", "Friedrichstraße", "Mühlenweg",
           "Rosenstraße", "Birkenweg", "Waldstraße", "Bergstraße", "Ringstraße", "Königstraße", "Mozartstraße",
           "Uhlandstraße", "Wilhelmstraße", "Kastanienallee", "Lessingstraße", "Beethovenstraße", "Am Rathaus",
           "Feldstraße", "Jahnstraße", "Kirchstraße", "Poststraße", "Ahornweg", "Eichendorffstraße", "Tulpenweg",
           "Mühlstraße", "Große Straße", "Lange Reihe", "Südring", "Fürstenstraße", "Blumenstraße", "Grüner Weg",
           "Parkstraße", "Brückenstraße", "Mittelweg", "Schloßstraße", "Höhenweg", "Kölner Straße",
           "Münchener Straße", "Berliner Allee", "Hamburger Chaussee"),
    "DK": ("Vestergade", "Østergade", "Nørregade", "Søndergade", "Strandvejen", "Jernbanegade", "Kirkevej",
           "Skovvej", "Møllevej", "Bredgade", "Algade", "Havnegade", "Nørrebrogade", "Åboulevarden",
           "Frederiksberg Allé", "Vesterbrogade", "Søndre Ringvej", "Bygaden", "Engvej", "Rosenvænget", "Ahornvej",
           "Birkevej", "Lindevej", "Bøgevej", "Egevej", "Stationsvej", "Skolevej", "Torvet", "Kongensgade",
           "Dronningensgade", "Tværgade", "Østerbrogade", "Amagerbrogade", "Ryesgade", "Åvej", "Kærvej",
           "Fælledvej"),
}
BUSINESS_STREETS: dict[str, tuple[str, ...]] = {
    "DE": ("Industriestraße", "Gewerbestraße", "Hafenstraße", "Im Gewerbepark", "An der Autobahn",
           "Robert-Bosch-Straße", "Carl-Zeiss-Straße", "Siemensstraße", "Daimlerstraße", "Otto-Hahn-Straße"),
    "DK": ("Industrivej", "Håndværkervej", "Erhvervsvej", "Havnevej", "Fabriksvej", "Værkstedsvej",
           "Lundtoftevej", "Marielundvej"),
}
DK_FLOORS = ("st. tv.", "st. th.", "1. tv.", "1. th.", "2. tv.", "2. th.", "3. th.", "4. tv.", "1. sal")

# (domain, weight) of personal mail providers.
MAIL_PROVIDERS: dict[str, tuple[tuple[str, int], ...]] = {
    "DE": (("gmx.de", 22), ("web.de", 22), ("t-online.de", 14), ("gmail.com", 14), ("outlook.de", 8),
           ("freenet.de", 6), ("posteo.de", 4), ("yahoo.de", 5), ("gmx.net", 5)),
    "DK": (("outlook.dk", 14), ("mail.dk", 16), ("gmail.com", 22), ("hotmail.dk", 12), ("jubii.dk", 8),
           ("live.dk", 8), ("yahoo.dk", 6), ("stofanet.dk", 6), ("youmail.dk", 4)),
}

# Mailboxes of a function, not a person (never evidence that two records are one person).
ROLE_MAILBOXES = ("info", "kontakt", "office", "post", "mail", "service", "buchhaltung", "salg")
ROLE_MAILBOXES_BY_COUNTRY: dict[str, tuple[str, ...]] = {
    "DE": ("info", "kontakt", "office", "post", "mail"),
    "DK": ("info", "post", "kontakt", "mail"),
}

# Values real exports use for "no value": to be treated as missing, not as evidence.
PLACEHOLDER_EMAILS: dict[str, str] = {"DE": "keine@angabe.de", "DK": "ingen@ingen.dk"}
PLACEHOLDER_PHONES: dict[str, str] = {"DE": "0000000", "DK": "00000000"}

# How each kind of export spells a country (ISO code -> spellings).
COUNTRY_SPELLINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "crm": {"DE": ("Deutschland", "Deutschland", "Deutschland", "DE"), "DK": ("Dänemark", "Dänemark", "DK")},
    "erp": {"DE": ("Tyskland", "Tyskland", "DE"), "DK": ("Danmark", "Danmark", "Danmark", "DK")},
    "outlook": {"DE": ("Deutschland",), "DK": ("Dänemark", "Danmark")},
}

# Company names: {s} a surname, {t} a town, {a} a town's adjective, {w} a brand word.
COMPANY_PATTERNS: dict[str, tuple[tuple[str, str], ...]] = {
    "DE": (("{s}", "GmbH"), ("{s} Haustechnik", "GmbH"), ("{s} Elektro", "GmbH"), ("Bäckerei {s}", "e.K."),
           ("Autohaus {s}", "GmbH & Co. KG"), ("{s} & {s2}", "OHG"), ("{s} Logistik", "GmbH"),
           ("{s} & Söhne", "KG"), ("Tischlerei {s}", "e.K."), ("{s} IT-Service", "UG (haftungsbeschränkt)"),
           ("{w} Medien", "GmbH"), ("{w} Consulting", "GmbH"), ("{a} Druckerei", "GmbH"), ("{s} Bau", "AG"),
           ("{w} Spedition", "GmbH"), ("Gärtnerei {s}", "e.K."), ("{s} Metallbau", "GmbH")),
    "DK": (("{s}", "ApS"), ("{s} & Søn", "A/S"), ("{s}s Tømrerfirma", "ApS"), ("{s} VVS", "ApS"),
           ("{s} El-service", "ApS"), ("{w} Design", "ApS"), ("{s} Auto", "I/S"), ("{w} Consult", "ApS"),
           ("{t} Transport", "A/S"), ("{s} Rådgivning", "ApS"), ("{w} Møbler", "A/S"), ("{s} Maskinfabrik", "A/S")),
}
TOWN_ADJECTIVES = ("Hamburger", "Berliner", "Kölner", "Münchner", "Dresdner", "Bremer", "Kieler", "Lübecker",
                   "Leipziger", "Flensburger")
COMPANY_WORDS = ("Nordlicht", "Elbe", "Rhein", "Havblik", "Nordisk", "Ostsee", "Fjord", "Bernstein", "Lindholm",
                 "Sønderå", "Möwe", "Kompass", "Leuchtturm", "Vesterhav", "Grønning", "Eichhorn")

# Spellings of one legal form: what people type for the same company.
LEGAL_FORM_VARIANTS: dict[str, tuple[str, ...]] = {
    "GmbH": ("G.m.b.H.", "Gmbh", "GmbH & Co. KG"),
    "GmbH & Co. KG": ("GmbH & Co KG", "GmbH u. Co. KG", "GmbH"),
    "e.K.": ("eK", "e. K.", ""),
    "OHG": ("oHG", ""),
    "KG": ("K.G.", ""),
    "UG (haftungsbeschränkt)": ("UG", "UG (haftungsbeschraenkt)"),
    "AG": ("A.G.", "Aktiengesellschaft"),
    "ApS": ("Aps", "APS"),
    "A/S": ("AS", "A.S."),
    "I/S": ("IS", ""),
}
# Legal forms and connectors, folded: the words a company key leaves out.
COMPANY_NOISE_WORDS = ("gmbh", "mbh", "co", "kg", "ag", "aktiengesellschaft", "ug", "haftungsbeschraenkt", "ek", "ohg",
                    "aps", "as", "is", "u", "und", "og")

POSITIONS: dict[str, tuple[str, ...]] = {
    "DE": ("Geschäftsführer", "Einkauf", "Buchhaltung", "Vertrieb", "Assistenz der Geschäftsleitung",
           "Werkstattleiter", "Disposition", "Prokurist"),
    "DK": ("Direktør", "Indkøber", "Bogholder", "Salgschef", "Værkfører", "Kontorchef", "Ejer"),
}

FOLDS = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe", "å": "aa", "é": "e"}
"""Umlauts and Danish letters as they are written without them (ü -> ue, ø -> oe, å -> aa)."""
