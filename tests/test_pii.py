"""What GapMap treats as personal data in free-text answers, and what it leaves alone.

Delegates describe national laws on trafficking in persons; their answers are full of
article numbers, years, statistics and law citations, none of which may be flagged.
What must be flagged is anything that could identify a victim, witness, suspect or case.
"""
from __future__ import annotations

import pytest

from gapmap.pii import KIND_LABELS, Finding, describe, find_personal_data


def only_finding(text: str) -> Finding:
    findings = find_personal_data(text)
    assert len(findings) == 1, findings
    return findings[0]


# ----------------------------------------------------------------------------- found

@pytest.mark.parametrize("text, found", [
    ("Write to jane.doe@example.org for details", "jane.doe@example.org"),
    ("the recruiter used RECRUITER_88@gmail.com", "RECRUITER_88@gmail.com"),
    ("a@b.org", "a@b.org"),
    ("contact: som.chai+jobs@mail.co.th.", "som.chai+jobs@mail.co.th"),
    ("ติดต่อ somchai@hotmail.com ได้", "somchai@hotmail.com"),
    ("written as victim.name [at] yahoo.com to avoid spam", "victim.name [at] yahoo.com"),
])
def test_email_addresses(text, found):
    assert only_finding(text) == Finding("email", found, text.index(found), text.index(found) + len(found))


@pytest.mark.parametrize("text, found", [
    ("Ads were posted on https://example.com/jobs?id=42.", "https://example.com/jobs?id=42"),
    ("see http://recruit.example.net", "http://recruit.example.net"),
    ("the agency site www.best-jobs-abroad.com", "www.best-jobs-abroad.com"),
    ("recruited via t.me/abc", "t.me/abc"),
    ("her profile facebook.com/somebody (now deleted)", "facebook.com/somebody"),
    ("(see wikipedia.org/wiki/Trafficking_(law))", "wikipedia.org/wiki/Trafficking_(law)"),
    ("ប្រើ t.me/khmerjobs ដើម្បីជ្រើសរើស", "t.me/khmerjobs"),
])
def test_web_addresses(text, found):
    finding = only_finding(text)
    assert (finding.kind, finding.text) == ("url", found)


@pytest.mark.parametrize("text, found", [
    ("Call +66 81 234 5678 for the shelter", "+66 81 234 5678"),
    ("his number was +855-12-345-678.", "+855-12-345-678"),
    ("dial 0066 81 234 5678 from abroad", "0066 81 234 5678"),
    ("mobile 081-234-5678", "081-234-5678"),
    ("office (02) 123 4567", "(02) 123 4567"),
    ("call 0812345678 after 6pm", "0812345678"),
    ("Tel.: +94 77 123 4567", "+94 77 123 4567"),
    ("(+63) 917 123 4567", "(+63) 917 123 4567"),
    ("+66 (0) 2 123 4567", "+66 (0) 2 123 4567"),
    ("call 081 234 2024 (ends like a year)", "081 234 2024"),
    ("0812345678 2024", "0812345678"),
    ("เบอร์ ๐๘๑-๒๓๔-๕๖๗๘ ของนายหน้า", "๐๘๑-๒๓๔-๕๖๗๘"),
    ("फ़ोन +९७७ ९८४१२३४५६७ पर", "+९७७ ९८४१२३४५६७"),
])
def test_phone_numbers(text, found):
    finding = only_finding(text)
    assert (finding.kind, finding.text) == ("phone", found)


@pytest.mark.parametrize("text, found", [
    ("passport AB1234567 was confiscated", "AB1234567"),
    ("passport N12345678", "N12345678"),
    ("holder of P 1234567", "P 1234567"),
    ("national ID 1234567890123", "1234567890123"),
    ("Thai ID card 1-2345-67890-12-3", "1-2345-67890-12-3"),
    ("the NIC 853456789V of the witness", "853456789V"),
    ("passport no. 1234567", "1234567"),
    ("NRC 12/OUKAMA(N)123456", "12/OUKAMA(N)123456"),
    ("บัตรประชาชน ๑๒๓๔๕๖๗๘๙๐๑๒๓", "๑๒๓๔๕๖๗๘๙๐๑๒๓"),
])
def test_passport_and_id_numbers(text, found):
    finding = only_finding(text)
    assert (finding.kind, finding.text) == ("id_number", found)


@pytest.mark.parametrize("text, found", [
    ("In Case No. 123/2023 the court held", "Case No. 123/2023"),
    ("see case 45/2022.", "case 45/2022"),
    ("file no. TIP-2023-0012", "file no. TIP-2023-0012"),
    ("ref: ABC/123/2021", "ref: ABC/123/2021"),
    ("docket 2021-CR-123", "docket 2021-CR-123"),
    ("FIR 123/2023 was lodged", "FIR 123/2023"),
    ("Black Case No. 1234/2566", "Black Case No. 1234/2566"),
    ("Red Case No. Aor. 12/2565", "Red Case No. Aor. 12/2565"),
    ("COMPLAINT # 5567", "COMPLAINT # 5567"),
    ("registration number 88-1234", "registration number 88-1234"),
    ("Criminal Appeal, case no. 77 of 2019", "case no. 77 of 2019"),
    ("คดีหมายเลขดำที่ อ.1234/2566", "คดีหมายเลขดำที่ อ.1234/2566"),
])
def test_case_and_file_numbers(text, found):
    finding = only_finding(text)
    assert (finding.kind, finding.text) == ("case_number", found)


# ----------------------------------------------------------------------------- names after a title

# (text, the finding, why it is a person's name)
NAMES_AFTER_A_TITLE = [
    ("Officer Reyes took the statement", "Officer Reyes", "rank and surname"),
    ("Pol. Lt. Col. Somchai led the raid", "Pol. Lt. Col. Somchai", "Thai police rank chain, abbreviated"),
    ("Police Lieutenant Colonel Somchai Jaidee", "Police Lieutenant Colonel Somchai Jaidee", "rank written out"),
    ("before Judge Maria Santos", "Judge Maria Santos", "two name words"),
    ("Mr. Nguyen Van An, the broker", "Mr. Nguyen Van An", "three name words; 'An' continues a name"),
    ("Dr Siti Rahma examined her", "Dr Siti Rahma", "title without a dot"),
    ("Inspector Wijesinghe reported", "Inspector Wijesinghe", "labour or police inspector"),
    ("Khun Somchai recruited them", "Khun Somchai", "Thai honorific written in English"),
    ("Prosecutor Lim appealed", "Prosecutor Lim", "short surname"),
    ("Deputy Prosecutor Tan Wei Ming", "Deputy Prosecutor Tan Wei Ming", "prefix before the title"),
    ("Senior Inspector O'Neil", "Senior Inspector O'Neil", "apostrophe inside the name"),
    ("Ms Nguyen-Tran said", "Ms Nguyen-Tran", "hyphenated surname"),
    ("Sgt. Perera and Capt. Silva", "Sgt. Perera", "abbreviated rank (first of two)"),
    ("Judge Santos's ruling", "Judge Santos", "possessive 's is left out"),
    ("Chief Justice Sereno wrote", "Chief Justice Sereno", "Justice as a judge's title"),
    ("Dr. J. Lim", "Dr. J. Lim", "an initial followed by a surname"),
    ("Mr. NGUYEN Van An", "Mr. NGUYEN Van An", "UN-style surname in capitals"),
    ("Judge Maria de los Santos", "Judge Maria de los Santos", "lower-case particles inside a name"),
    ("Dr. Ahmed al-Rashid", "Dr. Ahmed al-Rashid", "particle joined by a hyphen"),
    ("Pol. Gen. Somchai", "Pol. Gen. Somchai", "Gen. inside a rank chain"),
    ("Police General Somchai", "Police General Somchai", "'General' is a rank after another title"),
    ("Major General Santos", "Major General Santos", "'Major' and 'General' together"),
    ("Sub-Inspector Perera", "Sub-Inspector Perera", "hyphenated rank"),
    ("the complaint of Ms Phương", "Ms Phương", "Vietnamese letters"),
    ("the Labour Officer Reyes", "Labour Officer Reyes", "a person even after a common-noun office"),
]


@pytest.mark.parametrize("text, found, why", NAMES_AFTER_A_TITLE)
def test_a_name_after_a_title_is_found(text, found, why):
    findings = find_personal_data(text)
    assert findings, why
    first = findings[0]
    assert (first.kind, first.text) == ("person_name", found), why
    assert text[first.start:first.end] == found


# (text, why it is not a person's name)
TITLES_WITHOUT_A_NAME = [
    ("the Labour Officer may inspect", "a lower-case word follows"),
    ("a Judge of the Supreme Court", "'of' is not a name"),
    ("Officer training is weak", "common noun at the start of a sentence"),
    ("Prosecutor General's Office", "an office, not a person: 'General' is not a name"),
    ("the Inspector General", "a post, not a person"),
    ("Inspector General", "a post, not a person, at the start"),
    ("Dr. of Laws", "a degree"),
    ("Mr.", "a title alone"),
    ("Article 3 of the Palermo Protocol", "no title at all"),
    ("the Anti-Trafficking in Persons Act", "a law's name"),
    ("Ms Word and MS Word", "software (decided: 'Word' is never a name)"),
    ("the officer Reyes", "lower-case title (decided: usual capitalisation only)"),
    ("Thank you Mr. President", "a form of address for a post"),
    ("Madam Co-Chair, thank you", "a form of address for a post"),
    ("Ms. A was recruited in 2019", "an anonymised reference stays anonymous"),
    ("Mr X and Ms Y", "single letters are not names"),
    ("Criminal Justice Reform", "'Justice' as a noun after a capitalised word"),
    ("International Justice Mission", "an organisation"),
    ("Juvenile Justice Act", "a law"),
    ("Justice Sector Reform", "a programme"),
    ("General Comment No. 38", "'General' needs a title before it"),
    ("Major challenges remain", "'Major' needs a title before it"),
    ("Gen Z workers", "'Gen' without its dot is not a rank"),
    ("Police Officer Training Manual", "a document"),
    ("Officer In Charge", "a post"),
    ("Judge Advocate General", "a post"),
    ("the Prosecutor Office of Thailand", "an institution"),
    ("a Labour Officer. The report says", "a new sentence"),
    ("the Officer ATIP Unit", "an acronym is not enough on its own"),
    ("Labour Inspector Guidelines", "a document"),
    ("Project Officer Cambodia", "a post in a country"),
    ("Officers Reyes", "plural is not a title"),
    ("Pak Army", "'Pak' is not an English title (it is in the Indonesian table)"),
]


@pytest.mark.parametrize("text, why", TITLES_WITHOUT_A_NAME)
def test_a_title_without_a_name_is_not_found(text, why):
    assert find_personal_data(text) == [], why


def test_the_title_tables_are_per_language():
    assert find_personal_data("Pak Budi") == []
    (finding,) = find_personal_data("Pak Budi dan Ibu Kota", languages=("en", "id"))
    assert (finding.kind, finding.text) == ("person_name", "Pak Budi")   # "Ibu Kota" is the capital city
    assert find_personal_data("Officer Reyes", languages=("th",)) == []  # no table: no names


def test_several_names_in_one_sentence():
    findings = find_personal_data("Mr Smith Mrs Jones and Officer Reyes, call +66 81 234 5678")
    assert [(f.kind, f.text) for f in findings] == [
        ("person_name", "Mr Smith"), ("person_name", "Mrs Jones"), ("person_name", "Officer Reyes"),
        ("phone", "+66 81 234 5678"),
    ]


def test_describe_kinds_words_a_name():
    from gapmap.pii import describe_kinds

    assert describe_kinds(find_personal_data("Officer Reyes")) == "a person's name after a title"
    assert describe(find_personal_data("Officer Reyes")) == (
        'This text seems to contain a person\'s name after a title ("Officer Reyes").'
    )


# ----------------------------------------------------------------------------- not found

LEGAL_TEXT = [
    "Article 3(a) of the Palermo Protocol",
    "Act No. 14 of 2008",
    "Law No. 2017/45 (a law, not a case: there is no case keyword)",
    "Law 2017/45",
    "the 2024 GLOTIP report",
    "20-21 Aug 2024",
    "workshop held 2024-08-20 to 2024-08-22",
    "deadline 20/08/2024",
    "ILO C29 and P29",
    "about 25% of cases",
    "a fine of USD 10,000",
    "1,500,000 baht",
    "fines of Rp 120.000.000 to Rp 600.000.000",
    "a fine of Rp120000000",
    "sections 6-9",
    "s. 26 and section 12(1)(b)",
    "e.g. online recruitment, i.e. via social media",
    "UNTOC art. 34(2)",
    "CEDAW GR 38 and GR38",
    "ISO 3166-1 alpha-2 codes",
    "between 2018 and 2023",
    "from 2000-2024",
    "in the 1990s",
    "prosecutions rose 5-10 per year",
    "8% of 1,234 victims",
    "U.N. General Assembly resolution A/RES/55/25",
    "a 3.5 per cent increase",
    "Republic Act No. 9208 as amended by RA 10364",
    "Penal Code ss. 312-320 (B.E. 2551 (2008))",
    "UU No. 21 Tahun 2007",
    "reference to the 2016 amendments",
    "in case 2 victims are minors",
    "the complaint 12 days later",
    "Terms of Reference 2024",
    "cases 2018-2020",
    "years 2018 2019 2020",
    "about 125 000 000 people",
    "E/CN.4/2002/68/Add.1",
    "hotline 1300 and 1191",
    "ISO 27001:2013",
    "and/or he/she",
    "No. 1234567 of the Gazette",
    "Act 2008, sections 6-9 2024 2025",
    "ISBN 978-3-16-148410-0",
    "victims aged 12-17",
    "Decree 2019/123/ND-CP",
    "In 2023, 1 234 567 people",
    # Thai, with Thai digits: Prevention and Suppression of Human Trafficking Act B.E. 2551
    "พระราชบัญญัติป้องกันและปราบปรามการค้ามนุษย์ พ.ศ. ๒๕๕๑ มาตรา ๖",
    # Khmer: Law on Suppression of Human Trafficking and Sexual Exploitation, 2008
    "ច្បាប់ស្តីពីការបង្ក្រាបអំពើជួញដូរមនុស្ស និងអំពើធ្វើអាជីវកម្មផ្លូវភេទ ឆ្នាំ ២០០៨",
    # Lao: Law on Anti-Trafficking in Persons, 2015
    "ກົດໝາຍວ່າດ້ວຍການຕ້ານ ແລະ ສະກັດກັ້ນການຄ້າມະນຸດ ປີ ໒໐໑໕",
    # Sinhala: human trafficking
    "මිනිස් ජාවාරම පිළිබඳ නීතිය",
    # Devanagari: Trafficking in Persons Act 2018
    "मानव तस्करी अधिनियम २०१८ की धारा ३",
    # Thaana (right-to-left): Anti-Human Trafficking Act, law number 12/2013
    "އިންސާނުން ވިޔަފާރިކުރުން މަނާކުރުމުގެ ޤާނޫނު ނަމްބަރު 12/2013",
    "",
]


@pytest.mark.parametrize("text", LEGAL_TEXT)
def test_legal_text_is_not_personal_data(text):
    assert find_personal_data(text) == []


# ----------------------------------------------------------------------------- several at once

def test_findings_come_in_text_order_with_positions_in_the_original_text():
    text = ("Victim (passport AB1234567) was recruited via facebook.com/somebody, "
            "see Case No. 123/2023; broker on +66 81 234 5678 or broker@example.com. "
            "This is under Article 6 of the 2008 Act.")
    findings = find_personal_data(text)
    assert [(f.kind, f.text) for f in findings] == [
        ("id_number", "AB1234567"),
        ("url", "facebook.com/somebody"),
        ("case_number", "Case No. 123/2023"),
        ("phone", "+66 81 234 5678"),
        ("email", "broker@example.com"),
    ]
    for f in findings:
        assert text[f.start:f.end] == f.text


def test_positions_are_unchanged_by_thai_digits():
    text = "นายหน้า โทร ๐๘๑๒๓๔๕๖๗๘ ทุกวัน"
    (f,) = find_personal_data(text)
    assert text[f.start:f.end] == f.text == "๐๘๑๒๓๔๕๖๗๘"


def test_a_date_next_to_a_phone_number_is_left_out():
    assert [f.text for f in find_personal_data("on 20.08.2024 081 234 5678")] == ["081 234 5678"]


# ----------------------------------------------------------------------------- overlaps

def test_email_beats_the_web_address_it_sits_in():
    findings = find_personal_data("https://example.org/contact/jane@example.org")
    assert [(f.kind, f.text) for f in findings] == [("email", "jane@example.org")]


def test_case_number_beats_phone():
    findings = find_personal_data("file no. 081-234-5678")
    assert [(f.kind, f.text) for f in findings] == [("case_number", "file no. 081-234-5678")]


def test_case_number_beats_id_number():
    findings = find_personal_data("ref: AB1234567")
    assert [(f.kind, f.text) for f in findings] == [("case_number", "ref: AB1234567")]


def test_web_address_keeps_the_number_in_its_path():
    findings = find_personal_data("chat on https://wa.me/66812345678 now")
    assert [(f.kind, f.text) for f in findings] == [("url", "https://wa.me/66812345678")]


def test_findings_never_overlap():
    text = "Case No. 123/2023 +66 81 234 5678 a@b.org t.me/x AB1234567 1-2345-67890-12-3"
    findings = find_personal_data(text)
    for left, right in zip(findings, findings[1:]):
        assert left.end <= right.start


# ----------------------------------------------------------------------------- describe()

def test_describe_names_and_quotes_each_finding():
    findings = find_personal_data("Write to a@b.org or call +66 81 234 5678.")
    assert describe(findings) == (
        'This text seems to contain an e-mail address ("a@b.org") '
        'and a phone number ("+66 81 234 5678").'
    )


def test_describe_one_finding():
    assert describe(find_personal_data("passport AB1234567")) == (
        'This text seems to contain a passport or ID-like number ("AB1234567").'
    )


def test_describe_lists_three_with_commas():
    text = describe(find_personal_data("a@b.org, t.me/x and Case No. 5"))
    assert text == ('This text seems to contain an e-mail address ("a@b.org"), a web address ("t.me/x") '
                    'and a case or file number ("Case No. 5").')


def test_describe_shortens_long_quotes():
    url = "https://example.org/" + "x" * 60
    text = describe([Finding("url", url, 0, len(url))])
    assert f'("{url[:40]}…")' in text
    assert url not in text


def test_describe_stops_after_five():
    findings = [Finding("email", f"user{i}@example.org", i * 30, i * 30 + 20) for i in range(7)]
    text = describe(findings)
    assert text.count("an e-mail address") == 5
    assert text.endswith('("user4@example.org") and 2 more.')


def test_describe_nothing():
    assert describe([]) == ""


def test_every_kind_has_a_label():
    assert set(KIND_LABELS) == {"email", "phone", "id_number", "case_number", "url", "person_name"}


# ----------------------------------------------------------------------------- robustness

def test_empty_text():
    assert find_personal_data("") == []


@pytest.mark.parametrize("text", [
    "a" * 100_000 + "@",
    "1-" * 50_000,
    "1 " * 50_000,
    "1." * 50_000,
    "a." * 50_000 + "/",
    "http://" + "a" * 100_000,
    "case no. " * 10_000,
    "+" * 100_000,
    "(0)" * 30_000,
    "ก๑" * 50_000,
    "Pol. " * 20_000,
    "Mr " * 30_000,
    "Mr Aa " * 16_000,
    "Mr " + "A. " * 30_000,
    "Officer " + "Aé" * 50_000,
    "Justice " * 12_000,
])
def test_pathological_input_returns(text):
    """Would hang (not just be slow) if any pattern backtracked catastrophically."""
    assert isinstance(find_personal_data(text), list)


def test_long_realistic_answer_returns():
    paragraph = ("Under Article 6 of the 2008 Act, 25% of 1,234 cases (2018-2023) were prosecuted; "
                 "see e.g. UNTOC art. 34(2). Contact a@b.org or +66 81 234 5678. ")
    text = paragraph * (100_000 // len(paragraph) + 1)
    findings = find_personal_data(text)
    assert len(findings) == 2 * text.count(paragraph)


def test_describe_kinds_names_what_was_found_without_quoting_it():
    from gapmap.pii import describe_kinds, find_personal_data

    findings = find_personal_data("mail a@b.org or call +66 81 234 5678, also c@d.org")
    assert describe_kinds(findings) == "an e-mail address and a phone number"
    assert "a@b.org" not in describe_kinds(findings)
