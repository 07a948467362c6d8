"""Spot personal data in delegates' free text before it is saved.

Answers describe national legal frameworks; they must never identify a victim,
witness, suspect or case. `find_personal_data` looks for the things that most
often slip in - e-mail addresses, phone numbers, passport/ID numbers, case or
file numbers, profile links and names written after a title or rank ("Officer
Reyes", "Pol. Lt. Col. Somchai") - and `describe` turns the findings into one
sentence for the delegate.

How it works:

* Digits of every script (Thai ๐-๙, Khmer, Lao, Devanagari, full-width ...) are
  mapped one-to-one onto 0-9 first, so every pattern below only needs ASCII and
  the positions found are positions in the original text.
* E-mails, web addresses, case numbers and letter-prefixed IDs are plain regular
  expressions. Numbers are found as "digit groups joined by single separators"
  and then classified in Python (phone, ID or nothing) so that years, dates,
  ranges, money, thousands and law citations can be told apart by rules that
  read like rules rather than by one unreadable expression.
* Every pattern is anchored with a look-behind, uses bounded repetition and has
  no nested unbounded quantifiers, so the work is linear in the text length.
* Names are found only after a title or rank from a per-language table
  (`TITLES`; English by default), because a capitalised word on its own is far
  more often a law, an institution or a place than a person. See "names after a
  title" below for what counts and what deliberately does not.
* Where two findings overlap the more specific kind wins (e-mail over web
  address, case number over phone/ID), then the longer one.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

__all__ = ["Finding", "KIND_LABELS", "TITLES", "DEFAULT_LANGUAGES", "Titles", "find_personal_data", "describe"]


@dataclass(frozen=True)
class Finding:
    kind: str   # one of KIND_LABELS
    text: str   # exactly as typed
    start: int
    end: int


KIND_LABELS: dict[str, str] = {
    "email": "an e-mail address",
    "phone": "a phone number",
    "id_number": "a passport or ID-like number",
    "case_number": "a case or file number",
    "url": "a web address",
    "person_name": "a person's name after a title",
}

#: Lower wins when findings overlap; within a rank the longer finding wins.
_RANK = {"email": 0, "case_number": 1, "url": 2, "id_number": 3, "phone": 3, "person_name": 4}

MAX_DESCRIBED = 5
MAX_QUOTE = 40

# --------------------------------------------------------------------------- digits

_NON_ASCII_DIGIT = re.compile(r"(?![0-9])\d")


def _ascii_digits(text: str) -> str:
    """Same length, same positions; every Unicode decimal digit becomes 0-9."""
    return _NON_ASCII_DIGIT.sub(lambda m: str(int(m.group())), text)


# --------------------------------------------------------------------------- e-mail

_LOCAL = r"[A-Za-z0-9._%+-]{1,64}"
_AT = r"(?:@|[ ]?[\[(]at[\])][ ]?)"          # a@b.org, a [at] b.org, a(at)b.org
_EMAIL = re.compile(
    rf"(?<![A-Za-z0-9._%+-]){_LOCAL}{_AT}"
    r"(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])"
)

# --------------------------------------------------------------------------- web address

_URL_SCHEME = re.compile(r"(?<![A-Za-z])https?://[^\s<>\"]{1,2000}", re.IGNORECASE)
_URL_WWW = re.compile(
    r"(?<![A-Za-z0-9.@/-])www\.[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}"
    r"(?:[/?#][^\s<>\"]{0,2000})?",
    re.IGNORECASE,
)
# A bare domain counts only with a path ("t.me/abc", "facebook.com/somebody"):
# the path is what points at a person. The top-level domain must be lower case
# and either a country code or a common generic one, which keeps "e.g.", "i.e.",
# "U.N." and "art. 3(a)" out.
_TLD = (r"(?:com|org|net|gov|edu|int|info|biz|app|xyz|online|site|link|page|asia|mobi"
        r"|pro|club|shop|live|news|blog|[a-z]{2})")
_URL_BARE = re.compile(
    rf"(?<![A-Za-z0-9.@/_-])(?:[A-Za-z0-9][A-Za-z0-9-]{{0,62}}\.){{1,6}}{_TLD}"
    r"/[A-Za-z0-9_~%@+.-][^\s<>\"]{0,2000}"
)
_URL_TRAILING = ".,;:!?'\""


def _trim_url(url: str) -> str:
    while url:
        last = url[-1]
        if last in _URL_TRAILING:
            url = url[:-1]
        elif last in ")]}" and url.count(last) > url.count({")": "(", "]": "[", "}": "{"}[last]):
            url = url[:-1]
        else:
            break
    return url


# --------------------------------------------------------------------------- case number

_CASE = re.compile(
    r"(?<![A-Za-z])"
    r"(?:(?i:black|red|criminal|civil)[ ]+)?"
    r"(?P<kw>(?i:case|file|ref|reference|docket|FIR|complaint|registration))(?![A-Za-z])\.?"
    r"(?P<marker>[ ]*(?:(?i:no|nos|nr|num|number)(?![A-Za-z])\.?|\#|:)(?:[ ]*[:#])?)?"
    r"[ ]*"
    r"(?P<prefix>[A-Za-z]{1,5}\.[ ]?(?=[0-9]))?"
    r"(?P<ident>[A-Za-z0-9]{1,30}(?:[-/.:][A-Za-z0-9]{1,30}){0,8}(?:[ ]+of[ ]+[0-9]{4})?)"
    r"(?![A-Za-z0-9])"
)
# Thai court numbers: "คดีหมายเลขดำที่ อ.1234/2566" (black case no.), "คดีหมายเลขแดงที่ ..."
_CASE_THAI = re.compile(
    r"คดี(?:หมายเลข)?(?:ดำ|แดง)?(?:ที่)?[ ]*"
    r"(?:[\u0E01-\u0E2E]{1,3}\.[ ]?)?[0-9]{1,7}/[0-9]{2,4}(?![0-9])"
)
_STRONG_CASE_KEYWORDS = {"fir", "docket"}
_YEARISH = re.compile(r"(?:19|20|25)[0-9]{2}(?:[-/](?:(?:19|20|25)?[0-9]{2}))?")


def _case_ok(m: re.Match[str]) -> bool:
    ident = m.group("ident")
    if not any(c.isdigit() for c in ident):
        return False
    if _YEARISH.fullmatch(ident):            # "reference 2024", "case 2018-2020"
        return False
    if m.group("marker") or m.group("prefix"):
        return True                          # "Case No. 5", "ref: ABC/123/2021"
    digits = sum(c.isdigit() for c in ident)
    if m.group("kw").lower() in _STRONG_CASE_KEYWORDS:
        return digits >= 2                   # "FIR 123", "docket 2021-CR-123"
    # "case 45/2022" - but not "in case 2 ..." or "complaint 12 days later"
    has_structure = any(c in "-/.:" for c in ident) or any(c.isalpha() for c in ident)
    return digits >= 3 and has_structure


# --------------------------------------------------------------------------- ID numbers

# Passport-like: 1-2 letters then 6-9 digits ("AB1234567", "N12345678", "P 1234567").
_ID_LETTERS = re.compile(
    r"(?<![A-Za-z0-9])(?P<letters>[A-Z]{1,2}[ ]|[A-Za-z]{1,2})[0-9]{6,9}(?![A-Za-z0-9])"
)
# Currency and citation words that look like a prefix: "Rp 15000000", "No 1234567".
_ID_PREFIX_STOP = {"RS", "RP", "RM", "TK", "NU", "NO", "US", "KS"}
# Sri Lankan old NIC: 9 digits and V or X.
_ID_NIC = re.compile(r"(?<![A-Za-z0-9])[0-9]{9}[VvXx](?![A-Za-z0-9])")
# Whatever follows an ID keyword: "passport no. 1234567", "NRC 12/OUKAMA(N)123456".
_ID_KEYWORD = re.compile(
    r"(?<![A-Za-z])(?i:passport|national[ ]+id|id[ ]+card|identity[ ]+card|identity|"
    r"id|nic|cnic|nric|nrc|ktp|nik)(?![A-Za-z])"
    r"[ ]*(?:(?i:no|number)(?![A-Za-z])\.?|\#|:)?[ ]*[:#]?[ ]*"
    r"(?P<ident>[A-Za-z0-9]{1,20}(?:[-/()][A-Za-z0-9]{0,20}){0,6}[A-Za-z0-9])"
    r"(?![A-Za-z0-9])"
)

# --------------------------------------------------------------------------- numbers

_SP = "[ \u00a0\u202f]"                       # space, no-break space, narrow no-break space
_DASH = "[-\u2010\u2011\u2012\u2013]"          # hyphen variants and en dash
_SEP = rf"(?:{_SP}?{_DASH}{_SP}?|{_SP}|\.|{_SP}?\((?:0|[0-9]{{1,4}})\){_SP}?)"
# Digit groups joined by single separators, optionally starting "+", "(02)" or "(+66)".
# Not glued to letters, "+", or another number via "-", "." or "/" (so "2017/45",
# "1-2-3-..." and "3.5" are never entered half-way).
_NUMBER = re.compile(
    r"(?<![0-9A-Za-z+])(?<![0-9][-./,])"
    rf"(?:\+{_SP}?)?(?:\(\+?[0-9]{{1,4}}\){_SP}?)?"
    rf"[0-9]{{1,17}}(?:{_SEP}[0-9]{{1,17}}){{0,9}}"
    r"(?![0-9A-Za-z%])(?![-./,][0-9])"
)
_NOT_PERSONAL_BEFORE = re.compile(  # money, or a book/serial number
    r"(?:[$€£¥฿₹₱₫₭៛₨]|(?<![A-Za-z])(?i:isbn|issn)(?:-1[03])?:?|(?<![A-Za-z])(?i:usd|us\$|thb|idr|rp|rs|inr|php|myr|rm|khr|lak|mmk|vnd|lkr"
    r"|bdt|tk|npr|pkr|aud|nzd|sgd|cny|jpy|krw|eur|gbp|mvr|afn|btn|nu)\.?)[ \u00a0]*\Z"
)
_CURRENCY_AFTER = re.compile(
    r"[ \u00a0]*(?i:baht|dollars?|rupees?|rupiah|kip|riels?|kyats?|dong|ringgit|pesos?|taka"
    r"|yuan|yen|won|euros?|rufiyaa|afghanis?|ngultrum|usd|thb|idr|inr|php|myr|khr|lak|mmk"
    r"|vnd|lkr|bdt|npr|pkr|aud|eur)(?![A-Za-z])"
)
_DATES = [
    # 20/08/2024, 20.08.2024, 8-20-24
    re.compile(r"(?<![0-9])(?P<a>[0-9]{1,2})[./-](?P<b>[0-9]{1,2})[./-](?:[0-9]{4}|[0-9]{2})(?![0-9])"),
    # 2024-08-20, 2567/08/20
    re.compile(r"(?<![0-9])(?:19|20|25)[0-9]{2}[./-](?P<b>[0-9]{1,2})[./-](?P<a>[0-9]{1,2})(?![0-9])"),
]
_THOUSANDS = re.compile(r"[1-9][0-9]{0,2}(?:(?P<s>[ .\u00a0\u202f])[0-9]{3})(?:(?P=s)[0-9]{3})*(?:[.,][0-9]{1,2})?")
_DIGIT_GROUP = re.compile(r"[0-9]+")


def _plausible_date(m: re.Match[str]) -> bool:
    a, b = int(m.group("a")), int(m.group("b"))
    return (1 <= a <= 31 and 1 <= b <= 12) or (1 <= a <= 12 and 1 <= b <= 31)


def _mask_dates(norm: str) -> str:
    """Dates become underscores, so they neither form nor join a phone number."""
    def mask(m: re.Match[str]) -> str:
        return "_" * len(m.group()) if _plausible_date(m) else m.group()
    for pattern in _DATES:
        norm = pattern.sub(mask, norm)
    return norm


def _is_year(group: str) -> bool:
    return len(group) == 4 and (1900 <= int(group) <= 2099 or 2500 <= int(group) <= 2599)


def _classify_number(text: str) -> str | None:
    """'phone', 'id_number' or None for one candidate made of digit groups."""
    groups = _DIGIT_GROUP.findall(text)
    digits = "".join(groups)
    n = len(digits)
    lengths = [len(g) for g in groups]
    if len(groups) == 1 and text == digits:           # one unbroken run of digits
        if digits.startswith("00"):
            return "phone" if 10 <= n <= 17 else None   # 0066812345678
        if digits.startswith("0") and 9 <= n <= 12:
            return "phone"                              # 0812345678
        if n == 9:
            return "phone"
        if 10 <= n <= 17:
            return "id_number"                          # 1234567890123
        return None
    if lengths == [1, 4, 5, 2, 1]:
        return "id_number"                              # Thai ID 1-2345-67890-12-3
    if all(_is_year(g) for g in groups):
        return None                                     # 2018 2019 2020
    if lengths == [4, 4, 4] and digits[0] not in "01" and "." not in text:
        return "id_number"                              # Aadhaar 2345 6789 0123
    if text.lstrip().startswith("+"):
        return "phone" if 8 <= n <= 16 else None        # +66 81 234 5678
    if not 9 <= n <= 16:
        return None
    if _THOUSANDS.fullmatch(text):
        return None                                     # 125 000 000, 120.000.000
    if sum(1 for g in groups if len(g) == 1) > 2:
        return None                                     # 1 2 3 4 5 6 7 8 9
    return "phone"                                      # 081-234-5678, (02) 123 4567


def _number_findings(masked: str, start: int, end: int) -> tuple[str, int, int] | None:
    """Classify masked[start:end]; leading/trailing years are dropped if that helps."""
    text = masked[start:end]
    spans = [(m.start(), m.end()) for m in _DIGIT_GROUP.finditer(text)]
    i, j = 0, len(spans)
    while i < j - 1 and _is_year(text[spans[i][0]:spans[i][1]]):
        i += 1
    while j - 1 > i and _is_year(text[spans[j - 1][0]:spans[j - 1][1]]):
        j -= 1
    options = [(0, len(text))]
    if (i, j) != (0, len(spans)):
        s = spans[i][0]
        while s > 0 and text[s - 1] in "(+":
            s -= 1
        options.insert(0, (s, spans[j - 1][1]))
        # "081 234 2024" is a phone that ends like a year; "6-9 2024 2025" is not.
        if sum(b - a for a, b in spans[i:j]) < 5:
            options.pop()
    for s, e in options:
        kind = _classify_number(text[s:e])
        if kind:
            return kind, start + s, start + e
    return None


def _not_personal(norm: str, start: int, end: int) -> bool:
    return bool(_NOT_PERSONAL_BEFORE.search(norm, max(0, start - 10), start)
                or _CURRENCY_AFTER.match(norm, end))


# --------------------------------------------------------------------------- names after a title
#
# A name is one to three capitalised words (letters, hyphens, apostrophes: "O'Neil",
# "Nguyen-Tran") right after a title or a chain of titles ("Pol. Lt. Col."). Decisions:
# * Posts and offices are not persons: "Inspector General", "Prosecutor General's Office",
#   "Mr. President", "Madam Co-Chair" find nothing (`not_names`).
# * "Ms Word" is software, "Gen Z" a generation, "General Comment" a UN text, "Criminal
#   Justice" a field: not names. Lower-case "the officer Reyes" is not searched either.
# * "Ms. A" / "Mr X" (the usual anonymised reference) is left alone; "Dr. J. Lim" is found.
# * A surname in capitals ("Mr. NGUYEN Van An") counts only next to an ordinary name word,
#   so an acronym ("Officer ATIP Unit") is never a name on its own.
# * Words of a script without capitals ("Khun สมชาย") are not treated as names.

@dataclass(frozen=True)
class Titles:
    """How one language writes a title or rank in front of a person's name.

    Words are matched with exactly the capitalisation given ("Officer", not "officer":
    a lower-case "the officer" is a common noun), each optionally followed by a dot
    ("Dr" and "Dr."). A title listed with its dot ("Gen.") needs that dot when it
    stands alone, because the bare word is something else ("Gen Z").
    """
    titles: tuple[str, ...]                  # open a name on their own: "Officer", "Dr", "Khun"
    ranks_in_chain: tuple[str, ...] = ()     # a rank only after another title: "Police General", "Major General"
    prefixes: tuple[str, ...] = ()           # only in front of a title: "Police", "Pol", "Deputy", "Senior"
    not_names: frozenset[str] = frozenset()  # capitalised words that end the name: "General", "Office", "Word"
    not_opening: frozenset[str] = frozenset()  # cannot open a name, may continue one: "The", "An" ("Nguyen Van An")
    particles: frozenset[str] = frozenset()  # lower-case words inside a name: "de", "van", "bin"
    noun_after_capital: frozenset[str] = frozenset()  # titles that are nouns after a capitalised word


_ENGLISH = Titles(
    titles=(
        # Forms of address. "Khun" is the Thai honorific, routinely written so in English.
        "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Madam", "Madame", "Sir", "Khun",
        # Courts and prosecution ("Atty." is the Philippine style for an attorney).
        "Judge", "Justice", "Magistrate", "Prosecutor", "Atty",
        # Police, labour inspection and military ranks.
        "Officer", "Inspector", "Insp", "Sub-Inspector", "Constable", "Detective", "Sergeant", "Sgt",
        "Corporal", "Cpl", "Captain", "Capt", "Lieutenant", "Lt", "Colonel", "Col", "Brigadier", "Brig",
        "Commander", "Cdr", "Superintendent", "Supt", "Commissioner", "Maj.", "Gen.",
    ),
    # Ordinary words (a "General Comment", "Major challenges") unless a title comes first.
    ranks_in_chain=("General", "Major"),
    prefixes=(
        "Police", "Pol", "Deputy", "Senior", "Chief", "Assistant", "Asst", "Acting", "Associate",
        "Special", "Principal", "Staff", "Lance", "Public", "State", "District", "Provincial",
        "Labour", "Labor", "Immigration", "Customs", "Probation", "Investigating", "Presiding",
    ),
    not_names=frozenset("""
        General Generals Advocate Attorney Governor President Chair Chairman Chairperson Chairwoman
        Secretary Speaker Rapporteur Delegate Delegates Representative Director Minister Ambassador
        Moderator Facilitator Colleague Colleagues Officials Officers Staff Personnel
        Office Offices Court Courts Tribunal Department Dept Ministry Division Unit Units Section
        Bureau Agency Authority Service Services Committee Commission Council Board Panel Assembly
        Association Academy College School Institute University Centre Center Team Task Force
        Network Mission Programme Program Project Headquarters Station Corps Branch Registry
        Secretariat Directorate Command Group Working Desk
        Act Acts Law Laws Code Decree Regulation Regulations Rule Rules Order Protocol Convention
        Guidelines Guideline Guide Manual Handbook Report Reports Plan Policy Strategy Training
        Trainings Course Courses Curriculum Module Workshop Certificate Certification Exam
        Examination Recruitment Conduct Safety Wellbeing Welfare System Systems Sector Reform
        Reforms Practice Practices Standard Standards Procedure Procedures Powers Duties
        Responsibilities Rank Ranks Grade Level Salary Pay Post Posts Vacancies Selection
        Appointment Appointments Oath Role Roles Capacity Checklist Form Forms Template
        Guidance Involvement Discretion Attitudes Bias Skills Work Knowledge Awareness Support
        Assistance Protection Referral Screening Identification Interview Interviews Investigation
        Investigations Prosecution Accountability Corruption Misconduct Complicity Ethics Integrity
        Performance Evaluation Assessment Survey Meeting Meetings Forum Dialogue Consultation Visit
        Visits Inspection Inspections Data Database Statistics Records Record Registration Budget
        Funding Resources Shortage Turnover Rotation Deployment Vacancy Quota Ratio Numbers
        National Regional International Country Region Asia Pacific ASEAN Thailand Cambodia Lao Laos
        Myanmar Viet Vietnam Malaysia Indonesia Philippines Singapore Brunei Timor Bangladesh India
        Nepal Bhutan Maldives Pakistan Lanka Afghanistan China Japan Korea Mongolia Australia
        Word Excel Teams Outlook PowerPoint Zoom
        Anti Inter Counter Cross Multi Non Co Ex Pre Sub Vice
    """.split()),
    # A sentence going on after the title ("Officer. The report..."), a heading in title case.
    not_opening=frozenset("""
        The A An In On Of For To And Or At By With From As If When This That These Those It He She
        They We I His Her Their Our Who Which But Not No All Each Every Is Are Was Were Has Have
        Had Shall Must Should Can Could Will Would Also Only Please Thank Thanks Dear
    """.split()),
    particles=frozenset("de da dos das del della di los las van von der den ter le la du bin binti al el".split()),
    # "Criminal Justice", "Juvenile Justice", "International Justice Mission".
    noun_after_capital=frozenset({"Justice"}),
)

_INDONESIAN = Titles(
    titles=("Bapak", "Pak", "Ibu", "Bu", "Sdr", "Sdri", "Hakim", "Jaksa", "AKBP", "Kompol", "AKP",
            "Iptu", "Ipda", "Kombes", "Brigjen", "Irjen"),
    not_names=frozenset("""
        Agung Kota Presiden Menteri Ketua Negeri Tinggi Pengadilan Kepolisian Republik Direktur
        Kepala Wakil Yang Dan Di Ke Dari
    """.split()),
    particles=frozenset({"bin", "binti"}),
)

#: Titles and ranks per language (ISO 639-1). A language adds its own entry; words of
#: a script without capital letters cannot be told from ordinary words this way.
TITLES: dict[str, Titles] = {"en": _ENGLISH, "id": _INDONESIAN}
#: Used when the caller names no language. Indonesian is not in it: in English text
#: "Pak" is as often Pakistan ("Pak Army") as the honorific.
DEFAULT_LANGUAGES: tuple[str, ...] = ("en",)

_L = r"[^\W\d_][\u0300-\u036f]{0,3}"              # a letter, with combining accents (NFD "Nguyễn")
_NAME_WORD = re.compile(rf"{_L}(?:{_L}|['’-](?={_L})){{0,39}}(?![\w'’-])")
_INITIAL = re.compile(r"[A-Z]\.")
_NAME_GAP = re.compile(rf"{_SP}{{1,3}}")
_WORD_BEFORE = re.compile(rf"(?<![\w'’-])(?:{_L}|['’-]){{1,40}}{_SP}{{1,3}}\Z")


@lru_cache(maxsize=None)
def _title_pattern(table: Titles) -> re.Pattern[str]:
    def alternatives(words: Iterable[str]) -> str:
        return "|".join(re.escape(w) for w in sorted({w.rstrip(".") for w in words}, key=len, reverse=True))
    chain = alternatives(table.titles + table.ranks_in_chain + table.prefixes)
    title = alternatives(table.titles + table.ranks_in_chain)
    return re.compile(
        rf"(?<![\w.'’-])(?P<chain>(?:(?:{chain})\.?{_SP}{{1,3}}){{0,4}})"
        rf"(?P<title>{title})(?P<dot>\.)?(?![\w'’-])"
    )


@lru_cache(maxsize=None)
def _title_words(table: Titles) -> frozenset[str]:
    return frozenset(w.rstrip(".") for w in table.titles + table.ranks_in_chain)


def _name_end(text: str, pos: int, table: Titles) -> int | None:
    """End of the one to three name words starting after `pos`, or None if there is no name."""
    end, names, particles, proper = None, 0, 0, False
    while names < 3:
        gap = _NAME_GAP.match(text, pos)
        if not gap:
            break
        if initial := _INITIAL.match(text, gap.end()):      # "Dr. J. Lim"; "Ms. A." alone stays anonymous
            names, pos = names + 1, initial.end()
            continue
        word_m = _NAME_WORD.match(text, gap.end())
        if not word_m:
            break
        word = word_m.group()
        possessive = word[-2:] in ("'s", "’s") and len(word) > 2
        if possessive:
            word = word[:-2]
        head, _, rest = word.partition("-")
        if word in table.particles and names and particles < 2 and not possessive:
            particles, pos = particles + 1, word_m.end()   # "Maria de los Santos": counts only if a name follows
            continue
        if (word in table.not_names or head in table.not_names or not names and word in table.not_opening
                or word in _title_words(table)):
            break                                          # "Mr Smith Mrs Jones": two names
        if head in table.particles and rest[:1].isupper():
            proper = True                                  # "al-Rashid"
        elif word[0].isupper() and any(c.islower() for c in word):
            proper = True                                  # "Reyes", "O'Neil", "Nguyen-Tran"
        elif not (word.isupper() and len(word) > 1):       # "NGUYEN" (UN style) counts, with a proper word too
            break
        names, pos = names + 1, word_m.start() + len(word)
        end = pos
        if possessive:
            break
    return end if proper else None


def _name_findings(text: str, table: Titles) -> Iterable[tuple[str, int, int]]:
    dot_required = {w.rstrip(".") for w in table.titles if w.endswith(".")}
    pattern, pos = _title_pattern(table), 0
    while m := pattern.search(text, pos):
        pos = m.end()
        title, alone = m.group("title"), not m.group("chain")
        if alone and (title in table.ranks_in_chain and title not in table.titles
                      or title in dot_required and not m.group("dot")):
            continue                                       # "General Comment", "Gen Z"
        if alone and title in table.noun_after_capital:
            before = _WORD_BEFORE.search(text, max(0, m.start() - 48), m.start())
            if before and before.group()[0].isupper():
                continue                                   # "Criminal Justice Reform"
        end = _name_end(text, m.end(), table)
        if end is not None:
            yield "person_name", m.start(), end
            pos = end                                      # a name is never searched for a title


# --------------------------------------------------------------------------- public API

def find_personal_data(text: str, languages: Iterable[str] = DEFAULT_LANGUAGES) -> list[Finding]:
    """Everything in `text` that looks like personal data, sorted by position, never overlapping.

    `languages` chooses the tables of titles and ranks (`TITLES`) used to spot names;
    a language without a table adds nothing.
    """
    if not text:
        return []
    norm = _ascii_digits(text)
    found: list[tuple[str, int, int]] = []

    found += [("email", m.start(), m.end()) for m in _EMAIL.finditer(norm)]

    for pattern in (_URL_SCHEME, _URL_WWW, _URL_BARE):
        for m in pattern.finditer(norm):
            url = _trim_url(m.group())
            if "." in url:
                found.append(("url", m.start(), m.start() + len(url)))

    found += [("case_number", m.start(), m.end()) for m in _CASE.finditer(norm) if _case_ok(m)]
    found += [("case_number", m.start(), m.end()) for m in _CASE_THAI.finditer(norm)]

    for m in _ID_LETTERS.finditer(norm):
        if m.group("letters").strip().upper() not in _ID_PREFIX_STOP:
            found.append(("id_number", m.start(), m.end()))
    found += [("id_number", m.start(), m.end()) for m in _ID_NIC.finditer(norm)]
    for m in _ID_KEYWORD.finditer(norm):
        if sum(c.isdigit() for c in m.group("ident")) >= 5:     # flag the number, not the keyword
            found.append(("id_number", m.start("ident"), m.end("ident")))

    masked = _mask_dates(norm)
    for m in _NUMBER.finditer(masked):
        hit = _number_findings(masked, m.start(), m.end())
        if hit and not _not_personal(norm, hit[1], hit[2]):
            found.append(hit)

    for language in dict.fromkeys(languages):
        if table := TITLES.get(language):
            found += _name_findings(text, table)

    kept: list[tuple[int, int, str]] = []   # disjoint, sorted by start: a neighbour check suffices
    for kind, start, end in sorted(found, key=lambda f: (_RANK[f[0]], f[1] - f[2], f[1])):
        i = bisect_left(kept, (start, end, kind))
        if (i == 0 or kept[i - 1][1] <= start) and (i == len(kept) or end <= kept[i][0]):
            kept.insert(i, (start, end, kind))
    return [Finding(kind, text[start:end], start, end) for start, end, kind in kept]


def _quote(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > MAX_QUOTE:
        text = text[:MAX_QUOTE].rstrip() + "…"
    return f'"{text}"'


def describe(findings: Iterable[Finding]) -> str:
    """One sentence for the delegate, or "" when there is nothing to say."""
    findings = list(findings)
    if not findings:
        return ""
    parts = [f"{KIND_LABELS.get(f.kind, f.kind)} ({_quote(f.text)})" for f in findings[:MAX_DESCRIBED]]
    rest = len(findings) - MAX_DESCRIBED
    if rest > 0:
        listed = ", ".join(parts) + f" and {rest} more"
    elif len(parts) == 1:
        listed = parts[0]
    else:
        listed = ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"This text seems to contain {listed}."


def describe_kinds(findings: Iterable[Finding]) -> str:
    """What was found, without quoting the delegate's text (safe inside markdown)."""
    kinds = list(dict.fromkeys(KIND_LABELS.get(f.kind, f.kind) for f in findings))
    if len(kinds) <= 1:
        return "".join(kinds)
    return ", ".join(kinds[:-1]) + " and " + kinds[-1]
