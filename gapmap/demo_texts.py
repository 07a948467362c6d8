"""The words of the synthetic demo: law titles, gap descriptions per gap type, free text per question.

Every text fits where it is used: a gap's description says what its gap type means, a law's title
looks like a law's title, a question's free text answers that question. Nothing here quotes or
reports a real delegation; `gapmap.demo_profiles` picks from these lists per State and delegate.
"""
from __future__ import annotations

#: The principal anti-trafficking law of each of the 12 States of the Bangkok 2024 consultation
#: (public titles; the demo's answers to "title of the principal law" and the gap register's "law").
PRINCIPAL_LAWS = {
    "KHM": "Law on Suppression of Human Trafficking and Sexual Exploitation (2008)",
    "IND": "Bharatiya Nyaya Sanhita, 2023, s. 143 (formerly Indian Penal Code s. 370)",
    "IDN": "Law No. 21 of 2007 on the Eradication of the Criminal Act of Trafficking in Persons",
    "LAO": "Law on Anti-Trafficking in Persons (2015)",
    "MYS": "Anti-Trafficking in Persons and Anti-Smuggling of Migrants Act 2007 (Act 670)",
    "MDV": "Prevention of Human Trafficking Act (Law No. 12/2013)",
    "NPL": "Human Trafficking and Transportation (Control) Act, 2064 (2007)",
    "PHL": "Anti-Trafficking in Persons Act of 2003 (Republic Act No. 9208), as amended",
    "LKA": "Penal Code, s. 360C (as amended by Act No. 16 of 2006)",
    "THA": "Anti-Trafficking in Persons Act B.E. 2551 (2008)",
    "TLS": "Law No. 3/2017 on Preventing and Combating Trafficking in Persons",
    "VNM": "Law on Prevention and Combat of Human Trafficking (2011)",
}
#: Other laws a gap may concern, named by kind (not by title: the demo does not assert a State's
#: statute book beyond its principal anti-trafficking law).
OTHER_LAWS = {
    "penal": "Penal code (fraud and related offences)",
    "cyber": "Computer crime / cybercrime law",
    "aml": "Anti-money laundering law",
    "labour": "Labour law and labour inspection rules",
    "migration": "Immigration law",
    "recruitment": "Overseas employment / recruitment agency law",
    "evidence": "Evidence and criminal procedure law",
    "data": "Personal data protection law",
    "mla": "Mutual legal assistance law",
}
#: Which law a gap of each type usually concerns: "principal" (the anti-trafficking law) or OTHER_LAWS.
GAP_LAWS = {
    "G01": "principal", "G02": "principal", "G03": "principal", "G04": "principal", "G05": "principal",
    "G06": "principal", "G07": "principal", "G08": "principal", "G09": "principal", "G10": "principal",
    "G11": "evidence", "G12": "cyber", "G13": "mla", "G14": "aml", "G15": "cyber", "G16": "data",
    "G17": "labour", "G18": "principal", "G19": "principal", "G20": "penal", "G21": "penal",
    "G22": "recruitment", "G23": "principal", "G24": "migration", "G25": "penal",
}
#: Two or three descriptions per gap type, each saying what that type of gap is.
GAP_DESCRIPTIONS = {
    "G01": ["The definition lists fewer means than art. 3(a): abuse of a position of vulnerability is missing.",
            "The list of exploitative purposes is closed, so forms not named in it are not covered."],
    "G02": ["The offence protects women and children only; adult men are not covered as victims.",
            "The offence applies only where a border was crossed, so domestic trafficking is charged otherwise."],
    "G03": ["For child victims the prosecution must still prove a means such as force or deception.",
            "The trafficking law sets a child's age below 18 for some purposes."],
    "G04": ["The law is silent on the victim's consent, and the defence regularly argues it."],
    "G05": ["Abuse of a position of vulnerability is not defined, and courts read it narrowly.",
            "Exploitation and servitude have no statutory definition, so each court decides what they mean."],
    "G06": ["Being compelled to commit online fraud is not an exploitative purpose in the law, so people "
            "returned from scam compounds are treated as offenders.",
            "Forced criminality is recognised only by interpretation of 'other forms of exploitation'."],
    "G07": ["There is no non-punishment provision; victims rely on the general duress defence, which rarely fits.",
            "Non-punishment covers prostitution offences only, not immigration, fraud or computer offences."],
    "G08": ["No formal referral mechanism: identification depends on which agency meets the person first.",
            "Returnees from scam compounds are screened for immigration offences, not for trafficking indicators."],
    "G09": ["Shelter and recovery services are by law for women and children; men have none.",
            "Assistance ends when the criminal case closes, whatever the victim's needs."],
    "G10": ["Victims can claim compensation only in a separate civil case they rarely can afford.",
            "There is no state fund, and confiscated assets are not used to compensate victims."],
    "G11": ["No offence of disclosing a victim's identity; media reporting names victims.",
            "Video-link or pre-recorded testimony is not available to trafficking victims."],
    "G12": ["No expedited preservation order for stored computer data; platforms delete chats before a court order.",
            "Rules on authenticating chat logs and crypto-ledger records are unclear, so such evidence is challenged."],
    "G13": ["Mutual legal assistance requests take many months and need dual criminality the definitions do not meet.",
            "No legal basis for joint investigation teams with neighbouring States."],
    "G14": ["Financial investigation is not opened in parallel with trafficking cases.",
            "Freezing orders do not reach crypto-assets held on foreign exchanges."],
    "G15": ["No duty or agreed channel for platforms to take down fraudulent job advertisements.",
            "Platforms answer data requests only voluntarily and slowly."],
    "G16": ["Agencies keep separate case data with no common identifiers, so victims are counted twice.",
            "No legal basis for sharing victims' personal data between agencies, and no safeguards when they do."],
    "G17": ["Forced labour is only a labour-law violation with a fine; there is no criminal offence of its own.",
            "Labour inspection does not reach fishing vessels at sea or private households."],
    "G18": ["Penalties for trafficking are lower than for the fraud committed in the same scheme.",
            "Legal persons, such as recruitment agencies, cannot be held criminally liable."],
    "G19": ["Procedures are not adapted to gender: no female officers or interpreters required at interviews.",
            "Data are not disaggregated by sex and age, so gendered patterns go unseen."],
    "G20": ["Cases are charged as fraud or immigration offences because trafficking is harder to prove, "
            "so victims are never formally identified.",
            "Prosecutors choose computer-crime charges with lower penalties and no victim status."],
    "G21": ["No aggravated penalty where a public official is involved.",
            "Oversight of special economic zones that host scam compounds is weak."],
    "G22": ["Online job intermediaries fall outside the licensing of recruitment agencies.",
            "Recruitment fees may still be charged to workers, which creates debt."],
    "G23": ["The national action plan predates online recruitment and scam compounds and does not cover them.",
            "No lead body coordinates the agencies that meet returnees from scam compounds."],
    "G24": ["Victims returned from scam compounds are prosecuted for illegal exit under the immigration law.",
            "Smuggling charges are brought against people who were deceived into crossing the border."],
    "G25": ["The courts have no jurisdiction over offences against nationals in compounds abroad unless a "
            "national committed them.",
            "Evidence from compounds in a third State cannot be obtained without a treaty."],
}
#: What a delegate who confirms every treaty record writes in the note for corrections, if anything.
CONFIRMED = ["No correction: the statuses on record are right.", "Confirmed as on record.",
             "No correction needed.", "Checked against our treaty office's list: no change."]
#: Free text per question id: each answers its question (the demo picks one per delegate). The demo's
#: delegates confirm the treaty records, so the notes for corrections say so.
TEXTS: dict[str, list[str]] = {
    "treaty_note": CONFIRMED, "tech_treaty_note": CONFIRMED, "lab_treaty_note": CONFIRMED,
    "chk_comment": [
        "Abuse of a position of vulnerability is not in the text; the courts have read it into 'coercion' twice.",
        "Harbouring and receipt are covered by the general wording 'or otherwise deals with a person'.",
        "Forced criminality is marked as case law only: one appellate judgment treats it as 'other exploitation'.",
        "Consent is addressed only for child victims; for adults the law is silent.",
        "The online element is covered because the acts are defined without reference to the means of communication.",
    ],
    "def_10": [
        "Definitions converge on acts and purposes but diverge on means, which matters for mutual legal assistance.",
        "Our definition lists purposes exhaustively; an open list as in art. 3(a) would cover new forms.",
        "The biggest divergence is the age of a child: some laws use 18, others a lower age for some purposes.",
        "Regional partners use the same words for different things: 'servitude' and 'forced labour' are defined "
        "differently in each law.",
        "A regional table of how each law defines the means would help prosecutors drafting requests.",
    ],
    "gen_09": [
        "Shelters and assistance open to men as well as women, with services for male survivors of scam compounds.",
        "Gender-disaggregated case data so that the online recruitment of women into scam roles becomes visible.",
        "Regulating marriage brokers and international matchmaking sites.",
        "Training investigators to recognise romance-based recruitment as trafficking rather than fraud.",
        "Female interviewers and interpreters available at every first interview.",
    ],
    "tech_09": [
        "People returned from compounds are first processed for illegal exit; screening for trafficking comes late.",
        "Evidence sits on foreign servers and in messaging apps; preservation requests are answered after deletion.",
        "Recruiters advertise on platforms outside our jurisdiction and change accounts daily.",
        "Fraud is easier to prove than the means element of trafficking, so cases are charged as fraud.",
        "We cannot act on compounds in another State and depend on informal police channels.",
        "Crypto-asset flows cross several exchanges before they can be frozen.",
    ],
    "lab_10": [
        "Operational indicators for labour inspectors that say when a wage dispute must be referred to the police.",
        "A standalone forced labour offence, so cases below the trafficking threshold can still be prosecuted.",
        "Joint inspections by labour and police officers in fishing and domestic work.",
        "Guidance on recruitment-fee debt: when it is a labour claim and when it is debt bondage.",
        "Case studies from the region showing where courts drew the line.",
    ],
    "pen_note": [
        "Higher penalties apply where the victim is a child or the offence is committed by an organised group.",
        "Life imprisonment is available for aggravated trafficking; the maximum is entered as 50.",
        "Fraud penalties depend on the value involved; the figure given is for the aggravated offence.",
        "Money laundering also carries a fine of up to twice the value of the property.",
    ],
    "pros_11": [
        "Guidance for prosecutors on proving the means element with digital evidence.",
        "Charging trafficking together with money laundering rather than instead of it.",
        "Victim-witness support so that victims can testify from home by video link.",
        "Specialised prosecutors who see the whole chain from recruitment to the proceeds.",
        "Parallel financial investigations opened at the start of every trafficking case.",
    ],
    "data_10": [
        "Agencies count cases, victims and offenders differently; a shared glossary would come first.",
        "A pseudonymous victim identifier would let us count victims once without sharing names.",
        "The data-protection law has no rules on sending victims' data to another State.",
        "Regional indicators would be easier to report if they matched national case files.",
    ],
    "closing": [
        "The consultation should follow up with a regional model provision on non-punishment.",
        "Emerging forms move faster than legislation; guidance and training can close gaps sooner.",
        "Please keep labour ministries at the table: forced labour is half of the picture.",
        "Cooperation with States where the compounds are located is the missing piece.",
        "A follow-up meeting in a year would show which gaps have been closed.",
    ],
}
