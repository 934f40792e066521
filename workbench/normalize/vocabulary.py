"""The word lists normalisation works from, in one place, as data.

Every list a steward might want to extend (placeholder e-mails, role mailboxes,
legal forms, titles, nicknames, status words, extra country names) is a field of
:class:`NormalizeConfig`. The defaults below are German, Danish and English; pass
your own config (``dataclasses.replace(DEFAULT_CONFIG, role_mailboxes=...)``) to
any key function that takes ``config``. Entries are written as people write
them; the key functions fold them the same way they fold the data.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_REGION = "DE"
"""Region for phone numbers whose record has no (known) country."""

PLACEHOLDER_EMAILS: frozenset[str] = frozenset({
    "x@x.de", "test@test.de", "test@test.com", "info@example.com", "a@b.de", "a@b.com", "abc@abc.de",
})
"""Whole addresses that stand for "no e-mail"."""

PLACEHOLDER_EMAIL_LOCAL_PARTS: frozenset[str] = frozenset({
    # compared with dots, dashes and underscores removed: "no-email" == "noemail"
    "keine", "kein", "keinemail", "keineemail", "keinemailadresse", "keineangabe", "nichts", "unbekannt",
    "ingen", "ingenmail", "ingenemail", "ukendt",
    "no", "none", "nomail", "noemail", "noaddress", "na", "nv", "unknown", "nobody", "dummy", "fake", "test",
    "noreply", "donotreply", "dontreply",
})
"""Local parts (before the @) that stand for "no e-mail", at any domain."""

PLACEHOLDER_EMAIL_DOMAINS: frozenset[str] = frozenset({
    # the label before the top-level domain: "example" matches example.com, example.de, ...
    "example", "beispiel", "eksempel", "test", "invalid", "localhost", "domain", "mustermann", "musterfirma",
})
"""Domain names (without top-level domain) used only in made-up addresses."""

PLACEHOLDER_EMAIL_TLDS: frozenset[str] = frozenset({"invalid", "test", "example", "localhost", "local"})
"""Reserved top-level domains (RFC 2606) that no real mailbox uses."""

ROLE_MAILBOXES: frozenset[str] = frozenset({
    "info", "kontakt", "contact", "office", "buero", "post", "mail", "email", "service", "kundenservice",
    "kundendienst", "support", "hilfe", "sales", "vertrieb", "verkauf", "einkauf", "buchhaltung",
    "rechnung", "rechnungen", "invoice", "invoices", "billing", "accounting", "finance", "finanz", "hr",
    "personal", "jobs", "karriere", "bewerbung", "marketing", "presse", "press", "empfang", "reception",
    "zentrale", "verwaltung", "team", "hello", "hallo", "hi", "hej", "admin", "administrator", "webmaster",
    "postmaster", "noreply", "kundeservice", "salg", "bogholderi", "faktura", "regnskab", "kontor",
    "ordre", "order", "orders", "bestellung", "shop", "mailbox", "general", "enquiries", "inquiries",
})
"""Local parts of shared mailboxes: not evidence that two records are one person.

The local part counts as a role mailbox when it, or its first piece before ``.``,
``-``, ``_``, ``+`` or a digit, is in this set (``info-berlin@``, ``service.center@``).
"""

LEGAL_FORMS: tuple[str, ...] = (
    # German, Austrian, Swiss
    "GmbH & Co. KG", "GmbH & Co. KGaA", "GmbH & Co. OHG", "AG & Co. KG", "& Co. KG", "& Co. OHG", "& Co.",
    "und Co.", "+ Co.", "GmbH", "gGmbH", "GesmbH", "mbH", "AG", "KG", "KGaA", "OHG", "GbR", "UG",
    "UG (haftungsbeschränkt)", "haftungsbeschränkt", "e.K.", "e.Kfm.", "e.Kfr.", "e.V.", "eG", "SE",
    "PartG", "PartG mbB", "mbB", "SA", "Aktiengesellschaft", "Kommanditgesellschaft", "Gesellschaft mbH",
    "Gesellschaft mit beschränkter Haftung", "eingetragener Kaufmann", "eingetragene Kauffrau",
    "eingetragene Genossenschaft", "eingetragener Verein", "Ges.m.b.H.", "GmbH & Co.", "e. Kfm.",
    # Danish and Nordic
    "ApS", "A/S", "I/S", "K/S", "P/S", "IVS", "AmbA", "FmbA", "SmbA", "AB", "AS", "ASA", "Oy", "Oyj", "HF",
    "Aktieselskab", "Anpartsselskab", "Interessentskab", "Kommanditselskab", "Partnerselskab",
    "Iværksætterselskab", "Enkeltmandsvirksomhed", "Aktiebolag",
    # elsewhere
    "Ltd", "Limited", "Inc", "Incorporated", "LLC", "LLP", "PLC", "Corp", "Corporation", "Co", "Company",
    "BV", "NV", "SRL", "SpA", "Sp. z o.o.", "s.r.o.", "S.L.", "SAS", "SARL",
)
"""Legal forms dropped from the end of company names (with or without dots and spaces)."""

COMPANY_PREFIXES: tuple[str, ...] = ("Fa.", "Firma", "Firmaet")
"""Words before a company's name that only say it is a firm ("Fa. Müller" = "Müller"); dropped from its key."""

VAT_PREFIXES: tuple[tuple[str, str], ...] = (
    ("AT", "AT"), ("BE", "BE"), ("BG", "BG"), ("CY", "CY"), ("CZ", "CZ"), ("DE", "DE"), ("DK", "DK"),
    ("EE", "EE"), ("GR", "EL"), ("ES", "ES"), ("FI", "FI"), ("FR", "FR"), ("HR", "HR"), ("HU", "HU"),
    ("IE", "IE"), ("IT", "IT"), ("LT", "LT"), ("LU", "LU"), ("LV", "LV"), ("MT", "MT"), ("NL", "NL"),
    ("PL", "PL"), ("PT", "PT"), ("RO", "RO"), ("SE", "SE"), ("SI", "SI"), ("SK", "SK"), ("GB", "GB"),
    ("CH", "CHE"), ("NO", "NO"),
)
"""Country (ISO alpha-2) and the prefix its VAT ids carry (Greece writes EL, Switzerland CHE)."""

VAT_LABELS: tuple[str, ...] = ("USt-IdNr.", "USt-ID", "UID", "CVR-nr.", "CVR", "SE-nr.", "VAT", "MwSt", "Moms")
"""Labels written before a VAT id in the same cell ("CVR 12345678"); dropped from its key."""

COMPANY_CONNECTORS: frozenset[str] = frozenset({"und", "u", "and", "og", "et", "&", "+"})
"""Words joining names in a company name ("Müller & Söhne" = "Müller und Söhne"); dropped from its key."""

STREET_SUFFIXES: tuple[tuple[str, str], ...] = (("str", "strasse"), ("pl", "platz"))
"""Abbreviations at the end of a street-name word (Hauptstr. = Hauptstraße, Marktpl. = Marktplatz)."""

PLACE_WORDS: tuple[tuple[str, str], ...] = (("st", "sankt"), ("skt", "sankt"), ("gl", "gammel"))
"""Abbreviated words in street and city names (St. Georg = Sankt Georg, Gl. Kongevej = Gammel Kongevej)."""

NAME_TITLES: frozenset[str] = frozenset({
    "herr", "frau", "hr", "fr", "fru", "frk", "dr", "prof", "professor", "dipl", "ing", "mag", "med",
    "rer", "nat", "phil", "jur", "mr", "mrs", "ms", "miss", "sir",
})
"""Salutations and academic titles dropped from the start of person names (dots ignored)."""

NICKNAMES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    # (full forms, short forms): any full form is compatible with any other full form or short
    # form of the same entry; two short forms are not (Klaus and Niko are different people).
    (("Johannes", "Johann"), ("Hans", "Hannes", "Jo")),
    (("Josef", "Joseph"), ("Sepp", "Seppl", "Jupp", "Joe")),
    (("Kai", "Kaj", "Kay"), ()),
    (("Christian",), ("Chris",)),
    (("Christoph", "Christopher", "Christof"), ("Chris",)),
    (("Christina", "Christine", "Kristina", "Kristine"), ("Chris", "Tina", "Stine", "Kiki")),
    (("Kirstine", "Kirsten"), ("Stine", "Kirsti")),
    (("Lars",), ("Lasse",)),
    (("Peter", "Peder"), ("Per", "Pete")),
    (("Nikolaus", "Nikolai", "Nikolaj", "Nicolai"), ("Klaus", "Claus", "Niko", "Nico")),
    (("Wilhelm",), ("Willi", "Willy", "Wim")),
    (("William",), ("Will", "Bill", "Billy")),
    (("Friedrich",), ("Fritz", "Friedel")),
    (("Heinrich", "Hinrich", "Henrik", "Hendrik"), ("Heinz", "Hein")),
    (("Elisabeth", "Elizabeth"), ("Lisa", "Liesel", "Lis", "Lise", "Else", "Elsbeth", "Elli", "Betty", "Liz",
                                       "Beth")),
    (("Katharina", "Katarina", "Katrine", "Kathrin", "Katrin"), ("Käthe", "Kathi", "Kati", "Katja", "Trine")),
    (("Margarete", "Margarethe", "Margrethe", "Margaret"), ("Grete", "Grethe", "Greta", "Gretel", "Mette", "Maggie",
                                                           "Meta", "Meg")),
    (("Alexander",), ("Alex", "Sascha", "Xander")),
    (("Alexandra",), ("Alex", "Sascha")),
    (("Michael", "Mikael", "Mikkel"), ("Micha", "Michi", "Mike")),
    (("Thomas",), ("Tom", "Tommy", "Thommy")),
    (("Robert",), ("Rob", "Bob", "Robby")),
    (("Andreas",), ("Andi", "Andy")),
    (("Sebastian",), ("Basti",)),
    (("Tobias",), ("Tobi",)),
    (("Matthias", "Mathias"), ("Matze", "Matti", "Thies")),
    (("Jakob", "Jacob"), ("Jakke", "Jake")),
    (("Karl", "Carl", "Karl-Heinz", "Karlheinz"), ("Kalle", "Charly")),
    (("Maximilian",), ("Max", "Maxi")),
    (("Benjamin",), ("Ben", "Benni")),
    (("Daniel",), ("Dani",)),
    (("Florian",), ("Flo",)),
    (("Wolfgang",), ("Wolf", "Wolfi")),
    (("Rudolf",), ("Rudi",)),
    (("Gerhard",), ("Gerd", "Gert")),
    (("Bernhard",), ("Bernd", "Benno")),
    (("Ludwig",), ("Lutz",)),
    (("Ulrich",), ("Uli", "Ulli")),
    (("Ulrike",), ("Uli", "Ulli", "Rike")),
    (("Susanne",), ("Susi", "Sanne", "Suse")),
    (("Barbara",), ("Babsi", "Bärbel")),
    (("Gabriele",), ("Gabi",)),
    (("Angelika",), ("Angie", "Geli")),
    (("Cornelia",), ("Conny",)),
    (("Stefanie", "Stephanie"), ("Steffi",)),
    (("Franziska",), ("Franzi",)),
    (("Friederike",), ("Frieda", "Rike")),
    (("Jürgen", "Jørgen", "Jörgen"), ()),
    (("James",), ("Jim", "Jimmy")),
    (("Richard",), ("Rick", "Richie")),
    (("Edward",), ("Ed", "Eddie")),
    (("Jennifer",), ("Jenny",)),
    (("Charles",), ("Charlie",)),
)
"""Given names and their short forms; spelling variants (Søren/Soren, Stefan/Stephan) need no entry."""

FIRST_NAME_SIMILARITY = 0.9
"""Jaro–Winkler similarity at or above which two first names count as a typo of each other.

Measured: Thomas/Thomsa 0.97, Nils/Niels 0.95, Søren/Soren 0.90 (typos, compatible);
Sabine/Sabrina 0.89, Anna/Anne 0.88, Jan/Jens 0.75 (different names). Pairs above the
threshold that differ only in their last one or two letters (Daniel/Daniela 0.97,
Peter/Petra 0.91, Heike/Heiko 0.92) are still *not* compatible: that is how German and
Danish form female and male names, and spouses share mobiles and mailboxes.
"""

ACTIVE_WORDS: frozenset[str] = frozenset({
    "aktiv", "active", "ja", "j", "yes", "y", "1", "x", "true", "wahr", "sand", "aktiveret", "aktiviert",
    "enabled", "on", "an",
})
INACTIVE_WORDS: frozenset[str] = frozenset({
    "inaktiv", "inactive", "nein", "nej", "no", "n", "0", "false", "falsch", "falsk", "deaktiviert",
    "deaktiveret", "disabled", "off", "aus", "passiv", "gesperrt", "spaerret", "ehemalig", "tidligere",
})
"""Status cell values (folded) meaning active or inactive; anything else is unknown."""

COUNTRY_NAME_LOCALES: tuple[str, ...] = ("de", "da", "en", "sv", "nb", "nn", "fi", "is", "nl", "fr", "it", "es",
                                         "pl", "cs")
"""Languages whose Babel territory names are recognised as country names."""

COUNTRY_ALIASES: tuple[tuple[str, str], ...] = (
    # international licence-plate codes and everyday names Babel does not list
    ("D", "DE"), ("BRD", "DE"), ("Bundesrepublik Deutschland", "DE"), ("Federal Republic of Germany", "DE"),
    ("Forbundsrepublikken Tyskland", "DE"), ("A", "AT"), ("S", "SE"), ("N", "NO"),
    ("F", "FR"), ("B", "BE"), ("I", "IT"), ("E", "ES"), ("P", "PT"), ("L", "LU"), ("FL", "LI"),
    ("UK", "GB"), ("England", "GB"), ("Scotland", "GB"), ("Wales", "GB"), ("Great Britain", "GB"),
    ("Großbritannien", "GB"), ("Storbritannien", "GB"), ("Holland", "NL"), ("USA", "US"), ("U.S.A.", "US"),
    ("United States of America", "US"), ("Vereinigte Staaten", "US"), ("Faroe Islands", "FO"),
)
"""Extra country names and codes (name, ISO alpha-2), checked before Babel's names."""


@dataclass(frozen=True)
class NormalizeConfig:
    """The lists the key functions use; every field defaults to the module constant of the same name.

    Examples:
        >>> from dataclasses import replace
        >>> config = replace(DEFAULT_CONFIG, role_mailboxes=DEFAULT_CONFIG.role_mailboxes | {"praxis"})
        >>> "praxis" in config.role_mailboxes
        True
    """

    placeholder_emails: frozenset[str] = PLACEHOLDER_EMAILS
    placeholder_email_local_parts: frozenset[str] = PLACEHOLDER_EMAIL_LOCAL_PARTS
    placeholder_email_domains: frozenset[str] = PLACEHOLDER_EMAIL_DOMAINS
    placeholder_email_tlds: frozenset[str] = PLACEHOLDER_EMAIL_TLDS
    role_mailboxes: frozenset[str] = ROLE_MAILBOXES
    legal_forms: tuple[str, ...] = LEGAL_FORMS
    company_prefixes: tuple[str, ...] = COMPANY_PREFIXES
    vat_prefixes: tuple[tuple[str, str], ...] = VAT_PREFIXES
    vat_labels: tuple[str, ...] = VAT_LABELS
    company_connectors: frozenset[str] = COMPANY_CONNECTORS
    street_suffixes: tuple[tuple[str, str], ...] = STREET_SUFFIXES
    place_words: tuple[tuple[str, str], ...] = PLACE_WORDS
    name_titles: frozenset[str] = NAME_TITLES
    nicknames: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = NICKNAMES
    first_name_similarity: float = FIRST_NAME_SIMILARITY
    active_words: frozenset[str] = ACTIVE_WORDS
    inactive_words: frozenset[str] = INACTIVE_WORDS
    country_name_locales: tuple[str, ...] = COUNTRY_NAME_LOCALES
    country_aliases: tuple[tuple[str, str], ...] = COUNTRY_ALIASES


DEFAULT_CONFIG = NormalizeConfig()
