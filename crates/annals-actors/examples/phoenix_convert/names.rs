//! Turning Phoenix phrases (`MOHAMMAD_NUR_AHMAD_ETEMADI_`) into names as news writes them
//! ("Mohammad Nur Ahmad Etemadi"), stripping titles, and telling people from organisations.

/// Office titles and forms of address that precede a name in Phoenix phrases
/// (`DEFENSE_SECRETARY_CHUCK_HAGEL`); they are not part of the person's name.
const TITLES: &[&str] = &[
    "PRESIDENT",
    "VICE",
    "PRIME",
    "MINISTER",
    "PM",
    "FOREIGN",
    "DEFENSE",
    "DEFENCE",
    "SECRETARY",
    "GENERAL",
    "GEN",
    "GEN.",
    "MR",
    "MR.",
    "MRS",
    "MRS.",
    "MS",
    "MS.",
    "DR",
    "DR.",
    "ACTING",
    "FORMER",
    "EX",
    "CHANCELLOR",
    "PREMIER",
    "DIRECTOR",
    "LEADER",
    "SPEAKER",
    "SENATOR",
    "SEN.",
    "REP.",
    "GOVERNOR",
    "GOV.",
    "MAYOR",
    "AMBASSADOR",
    "ENVOY",
    "COMMANDER",
    "COL.",
    "COLONEL",
    "LT.",
    "LIEUTENANT",
    "FIELD",
    "MARSHAL",
    "ADMIRAL",
    "ADM.",
    "CAPTAIN",
    "CAPT.",
    "BRIGADIER",
    "CHAIRMAN",
    "CHAIRWOMAN",
    "DEPUTY",
    "ATTORNEY",
    "JUSTICE",
    "JUDGE",
    "INTERIOR",
    "FINANCE",
    "SPOKESMAN",
    "SPOKESWOMAN",
    "CHIEF",
    "CANDIDATE",
    "PRESIDENTIAL",
    "HEAD",
    "OPPOSITION",
    "REBEL",
    "PARTY",
    "STATE",
    "CIA",
    "FBI",
    "UN",
    "U.N.",
    "US",
    "U.S.",
    "THE",
    "OF",
    "SOVIET",
    "MILITARY",
    "ARMY",
    "COUNCIL",
    "SUPREME",
];

/// Honorifics kept in an alias ("Sheikh Jaber al-Sabah") but not in the canonical name.
const HONORIFICS: &[&str] = &[
    "SHEIKH",
    "SHEIK",
    "SHAIKH",
    "MULLAH",
    "MAWLAWI",
    "MAULAVI",
    "AYATOLLAH",
    "GRAND",
    "KING",
    "QUEEN",
    "PRINCE",
    "PRINCESS",
    "CROWN",
    "EMIR",
    "SIR",
    "DAME",
    "LORD",
    "HOJATOLESLAM",
];

/// Name particles written in lower case inside a name ("Osama bin Laden", "Ahmad al-Jarba").
const PARTICLES: &[&str] = &[
    "BIN", "IBN", "BINT", "AL", "EL", "DE", "DA", "DI", "DU", "DOS", "DAS", "DEL", "DELLA", "VAN",
    "VON", "DER", "DEN", "LA", "LE", "Y", "UL", "UD",
];

/// Function words written in lower case inside an organisation's name.
const FUNCTION_WORDS: &[&str] = &[
    "OF", "THE", "AND", "FOR", "IN", "ON", "AT", "TO", "WITH", "A", "AN", "BY", "FROM", "DE",
    "DES", "DU", "LA", "LE", "LES", "EL", "DEL", "Y", "ET", "DI", "DA", "PER", "POUR", "UND",
    "FUR", "FÜR", "AGAINST", "WITHOUT", "OR", "AL",
];

/// Words that make a phrase an organisation, not a person.
const ORG_WORDS: &[&str] = &[
    "ASSOCIATION",
    "FOUNDATION",
    "COUNCIL",
    "ORGANIZATION",
    "ORGANISATION",
    "UNION",
    "FUND",
    "BANK",
    "COMMITTEE",
    "INSTITUTE",
    "AGENCY",
    "PROGRAM",
    "PROGRAMME",
    "NETWORK",
    "CENTER",
    "CENTRE",
    "SOCIETY",
    "LEAGUE",
    "FEDERATION",
    "ALLIANCE",
    "MOVEMENT",
    "PARTY",
    "FRONT",
    "WATCH",
    "INTERNATIONAL",
    "GROUP",
    "COMMISSION",
    "COURT",
    "MINISTRY",
    "DEPARTMENT",
    "GOVERNMENT",
    "ARMY",
    "FORCES",
    "FORCE",
    "BRIGADE",
    "BRIGADES",
    "BATTALION",
    "CORPS",
    "ASSEMBLY",
    "PARLIAMENT",
    "CONGRESS",
    "SENATE",
    "POLICE",
    "SERVICE",
    "OFFICE",
    "BUREAU",
    "AUTHORITY",
    "ADMINISTRATION",
    "REGIME",
    "PALACE",
    "HOUSE",
    "REPUBLIC",
    "KINGDOM",
    "STATES",
    "NATIONS",
    "COMPANY",
    "CORPORATION",
    "CORP",
    "INC",
    "LTD",
    "TRUST",
    "CHURCH",
    "MISSION",
    "PROJECT",
    "CAMPAIGN",
    "COALITION",
    "CONFERENCE",
    "UNIVERSITY",
    "COLLEGE",
    "SCHOOL",
    "ACADEMY",
    "HOSPITAL",
    "NEWS",
    "TIMES",
    "POST",
    "TELEVISION",
    "RADIO",
    "MEDIA",
    "PRESS",
    "BRIGADES",
    "JAYSH",
    "JAISH",
    "JABHAT",
    "HARAKAT",
    "KATAIB",
    "LIWA",
    "ANSAR",
    "TALIBAN",
    "JUND",
    "SARAYA",
    "SARAYAT",
    "GHURABA",
    "ASAIB",
    "HIZB",
    "TANZIM",
    "FAYLAQ",
    "ALWIYA",
    "KATIBAT",
    "TAJAMMU",
    "MAJLIS",
    "HAYAT",
    "TAHRIR",
    "AHRAR",
    "FURQAN",
    "MUJAHIDEEN",
    "REVOLUTION",
    "REVOLUTIONARY",
    "SABHA",
    "KNESSET",
    "SEJM",
    "BUNDESTAG",
    "BUNDESRAT",
    "STORTING",
    "STORTINGET",
    "RIKSDAG",
    "FOLKETING",
    "DIET",
    "KHURAL",
    "HURAL",
    "JIRGA",
    "SHURA",
    "MEJLIS",
    "MEDJLIS",
    "RADA",
    "CORTES",
    "OIREACHTAS",
    "DAIL",
    "SEANAD",
    "SENAT",
    "NATIONALRAT",
    "EDUSKUNTA",
    "SAEIMA",
    "SEIMAS",
    "RIIGIKOGU",
    "SOBRANIE",
    "SKUPSTINA",
    "SABOR",
    "PARLAMENT",
    "CONGRESO",
    "ASAMBLEA",
    "KURULTAI",
    "LEGCO",
    "ALTHING",
    "SOVIET",
    "POLITBURO",
    "DUMA",
    "CABINET",
    "OBSERVATORY",
    "GUARD",
    "GUARDS",
    "COMMAND",
    "DIVISION",
    "REGIMENT",
    "MILITIA",
    "COMMUNITY",
    "INITIATIVE",
    "PARTNERSHIP",
    "COOPERATION",
    "DEVELOPMENT",
    "RELIEF",
    "AID",
    "RIGHTS",
    "PEACE",
    "TRIBUNAL",
    "BOARD",
    "SECRETARIAT",
    "DIRECTORATE",
    "COMMISSIONER",
    "REPRESENTATIVE",
    "DELEGATION",
    "EMBASSY",
    "CONSULATE",
    "MINISTERS",
    "OFFICIALS",
    "COUNTRIES",
    "TROOPS",
    "SOLDIERS",
    "PEOPLE",
    "PEACEKEEPER",
    "PEACEKEEPERS",
    "SECURITY",
    "INTELLIGENCE",
    "NATIONAL",
    "ISLAMIC",
    "UNITED",
    "DEMOCRATIC",
];

fn is_title(tok: &str) -> bool {
    let parts: Vec<&str> = tok.split('-').filter(|p| !p.is_empty()).collect();
    !parts.is_empty()
        && parts
            .iter()
            .all(|p| TITLES.contains(p) || HONORIFICS.contains(p) || *p == "EX")
        && parts.iter().any(|p| TITLES.contains(p))
}

/// Tokens of a Phoenix phrase: underscores and spaces separate words; empty parts go.
pub fn tokens(phrase: &str) -> Vec<String> {
    phrase
        .split(['_', ' '])
        .map(|t| t.trim().to_uppercase())
        .filter(|t| !t.is_empty())
        .collect()
}

/// Drop leading office titles (and whatever precedes the last of them in the first five
/// words: "RUSSIAN_PRESIDENT_YELTSIN", "UNITED_NATIONS_SECRETARY_GENERAL_BAN_KI-MOON"), as
/// long as two words remain.
pub fn strip_titles(toks: &[String]) -> Vec<String> {
    let limit = toks.len().saturating_sub(2).min(5);
    let last_title = (0..limit)
        .rev()
        .find(|&i| toks.get(i).is_some_and(|t| is_title(t)));
    match last_title {
        Some(i) => toks.get(i + 1..).unwrap_or(&[]).to_vec(),
        None => toks.to_vec(),
    }
}

/// Leading honorifics ("SHEIKH", "MULLAH") removed, as long as two words remain.
pub fn strip_honorifics(toks: &[String]) -> Vec<String> {
    let mut start = 0;
    while toks.len() - start > 2
        && toks
            .get(start)
            .is_some_and(|t| HONORIFICS.contains(&t.as_str()))
    {
        start += 1;
    }
    toks.get(start..).unwrap_or(&[]).to_vec()
}

/// Does a token look like part of a personal name: letters (any script), and `.`, `'`, `-`.
fn name_token(t: &str) -> bool {
    t.chars().any(char::is_alphabetic)
        && t.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '-' | '’' | '`'))
}

/// A phrase that can be a person's full name: 2–7 name words (Arabic names with their
/// particles run long), none of them an
/// organisation word or a function word other than a name particle.
pub fn is_person_name(toks: &[String]) -> bool {
    (2..=7).contains(&toks.len())
        && toks.iter().all(|t| name_token(t))
        && !toks.iter().any(|t| {
            t.split('-').any(|p| ORG_WORDS.contains(&p))
                || (FUNCTION_WORDS.contains(&t.as_str()) && !PARTICLES.contains(&t.as_str()))
                || TITLES.contains(&t.as_str())
        })
        && toks
            .iter()
            .any(|t| t.chars().filter(|c| c.is_alphabetic()).count() >= 3)
}

/// Does the phrase have a middle initial ("NAEEM_U._HASAN"), as people's names do?
pub fn has_initial(toks: &[String]) -> bool {
    toks.len() >= 3
        && toks
            .iter()
            .skip(1)
            .any(|t| t.ends_with('.') && t.chars().filter(|c| c.is_alphabetic()).count() == 1)
}

/// Does the phrase contain a word that marks an organisation?
pub fn has_org_word(toks: &[String]) -> bool {
    toks.iter()
        .any(|t| t.split('-').any(|p| ORG_WORDS.contains(&p)))
}

fn cap_word(w: &str) -> String {
    let lower = w.to_lowercase();
    let mut chars = lower.chars();
    let mut out: String = chars
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    out.extend(chars);
    // McCloy, MacArthur is left alone (Macdonald/MacDonald cannot be told apart).
    if out.len() > 3 && out.starts_with("Mc") {
        let rest = out.get(2..).map(cap_word).unwrap_or_default();
        return format!("Mc{rest}");
    }
    out
}

fn is_roman(w: &str) -> bool {
    matches!(w, "II" | "III" | "IV" | "VI" | "VII" | "VIII")
}

/// Case one word of a name: `O'NEILL` → "O'Neill", `SHA'BI` → "Sha'bi", initials stay.
fn case_word(w: &str) -> String {
    if is_roman(w) {
        return w.to_string();
    }
    if w.len() <= 3 && w.ends_with('.') && w.chars().filter(|c| c.is_alphabetic()).count() <= 2 {
        // Initials: "B.", "N.P."
        return w.to_string();
    }
    if w == "JR." || w == "JR" {
        return "Jr.".to_string();
    }
    if let Some((a, b)) = w.split_once('\'') {
        if a.chars().count() == 1 {
            return format!("{}'{}", a, cap_word(b));
        }
        return format!("{}'{}", cap_word(a), b.to_lowercase());
    }
    cap_word(w)
}

/// A person's name as news writes it. Particles inside the name are lower case
/// ("Osama bin Laden", "Sabah al-Ahmad al-Sabah"); Korean given names keep one capital
/// ("Ban Ki-moon").
pub fn person_case(toks: &[String], korean: bool) -> String {
    let words: Vec<String> = toks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let parts: Vec<&str> = t.split('-').collect();
            let cased: Vec<String> = parts
                .iter()
                .enumerate()
                .map(|(j, p)| {
                    // A particle is lower case inside a name or before a hyphen ("al-Sabah").
                    let particle = PARTICLES.contains(p) && (i > 0 || parts.len() > 1);
                    if particle || (korean && j > 0) {
                        p.to_lowercase()
                    } else {
                        case_word(p)
                    }
                })
                .collect();
            cased.join("-")
        })
        .collect();
    words.join(" ")
}

/// Is a token an acronym: no vowels ("KRG", "HRW"), dotted ("U.N."), or given in brackets.
fn acronym(t: &str) -> bool {
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2
        && (t.contains('.') && letters.len() <= 5
            || !letters.iter().any(|c| "AEIOUYaeiouy".contains(*c)))
}

/// An organisation's name as news writes it: title case, function words in lower case
/// (not first), acronyms in capitals; a one-word name of up to five letters is an acronym.
pub fn org_case(toks: &[String]) -> String {
    if let [only] = toks {
        let letters = only.chars().filter(|c| c.is_alphabetic()).count();
        if letters <= 5 || acronym(only) {
            return only.clone();
        }
    }
    toks.iter()
        .enumerate()
        .map(|(i, t)| {
            let short = t.chars().count() == 2 && t.chars().all(char::is_alphabetic);
            let word = FUNCTION_WORDS.contains(&t.as_str()) || PARTICLES.contains(&t.as_str());
            if acronym(t) || is_roman(t) || (short && !word) {
                t.clone()
            } else if i > 0 && FUNCTION_WORDS.contains(&t.as_str()) {
                t.to_lowercase()
            } else {
                t.split('-').map(case_word).collect::<Vec<_>>().join("-")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A comparison key: lower-case letters and digits only ("al-Sabah" = "Al Sabah").
pub fn key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A slug for ids: "Mohammad Nur Ahmad Etemadi" → "mohammad-nur-ahmad-etemadi".
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Vec<String> {
        tokens(s)
    }

    #[test]
    fn titles_are_stripped_but_two_words_stay() {
        assert_eq!(
            strip_titles(&t("DEFENSE_SECRETARY_CHUCK_HAGEL")),
            t("CHUCK_HAGEL")
        );
        assert_eq!(
            strip_titles(&t("UNITED_NATIONS_SECRETARY-GENERAL_BAN_KI-MOON")),
            t("BAN_KI-MOON")
        );
        assert_eq!(
            strip_titles(&t("RUSSIAN_PRESIDENT_YELTSIN")),
            t("RUSSIAN_PRESIDENT_YELTSIN")
        );
        assert_eq!(strip_titles(&t("JOHN_MAJOR_")), t("JOHN_MAJOR"));
        assert_eq!(
            strip_honorifics(&t("SHEIKH_JABER_AL-SABAH")),
            t("JABER_AL-SABAH")
        );
    }

    #[test]
    fn people_and_organisations_are_told_apart() {
        assert!(is_person_name(&t("MOHAMMAD_NUR_AHMAD_ETEMADI_")));
        assert!(is_person_name(&t("OSAMA_BIN_LADEN")));
        assert!(!is_person_name(&t("SHIN_BET")) || !has_org_word(&t("SHIN_BET")));
        assert!(!is_person_name(&t("SYRIAN_NATIONAL_COUNCIL_")));
        assert!(!is_person_name(&t("OPERATION_MERCY_OF")));
        assert!(!is_person_name(&t("KHODAIDAD_")));
    }

    #[test]
    fn names_are_cased_as_news_writes_them() {
        assert_eq!(
            person_case(&t("SABAH_AL-AHMAD_AL-SABAH"), false),
            "Sabah al-Ahmad al-Sabah"
        );
        assert_eq!(person_case(&t("OSAMA_BIN_LADEN"), false), "Osama bin Laden");
        assert_eq!(person_case(&t("BAN_KI-MOON"), true), "Ban Ki-moon");
        assert_eq!(person_case(&t("JOHN_J_MCCLOY"), false), "John J McCloy");
        assert_eq!(person_case(&t("B._LYNN_PASCOE"), false), "B. Lynn Pascoe");
        assert_eq!(person_case(&t("MARTIN_O'NEILL"), false), "Martin O'Neill");
        assert_eq!(
            person_case(&t("SELAHATTIN_DEMIRTAŞ"), false),
            "Selahattin Demirtaş"
        );
        assert_eq!(
            org_case(&t("ORGANISATION_OF_WOMEN'S_FREEDOM_IN_IRAQ_")),
            "Organisation of Women's Freedom in Iraq"
        );
        assert_eq!(org_case(&t("KRG")), "KRG");
        assert_eq!(org_case(&t("EARTHSCAN_")), "Earthscan");
        assert_eq!(
            org_case(&t("SUDAN_PEOPLE'S_LIBERATION_MOVEMENT")),
            "Sudan People's Liberation Movement"
        );
        assert_eq!(slug("Sabah al-Ahmad al-Sabah"), "sabah-al-ahmad-al-sabah");
        assert_eq!(key("Sabah al-Ahmad Al Sabah"), "sabahalahmadalsabah");
    }
}
