//! Phoenix/CAMEO codes (`AFGGOVAGR`, `USRARM`, `IGOUNOKID`, `NGOUSAHLH`) mapped to annals'
//! country codes and sectors.

use std::collections::HashSet;

/// Phoenix country codes annals spells differently.
fn annals_country(c: &str) -> &str {
    match c {
        "USR" => "SUN",
        "KSV" => "XKX",
        "TMP" => "TLS",
        other => other,
    }
}

/// Federal states whose three-letter sub-codes are member republics ("SUNRUS"); their
/// people and bodies stay with the federal state.
const FEDERAL: &[&str] = &["SUN", "USR", "YUG", "CSK"];

/// IGO codes of igos.toml that Phoenix's `IGO…` codes name.
const IGO_CODES: &[(&str, &str)] = &[
    ("UNODEVWBK", "WB"),
    ("BUSIMF", "IMF"),
    ("UNOIAE", "IAEA"),
    ("UNOKID", "UNICEF"),
    ("UNOREFHCR", "UNHCR"),
    ("UNOJUDICJ", "ICJ"),
    ("JUDICC", "ICC"),
    ("UNO", "UN"),
    ("EUREEC", "EU"),
    ("EUR", "EU"),
    ("WSTNAT", "NATO"),
    ("NAT", "NATO"),
    ("AFRAFU", "AU"),
    ("SEAASN", "ASEAN"),
    ("MEAARL", "ARL"),
    ("OPC", "OPEC"),
];

/// The annals IGO a Phoenix `IGO…` code names, when igos.toml has it.
pub fn igo_of(code: &str, igos: &HashSet<String>) -> Option<String> {
    let rest = code.strip_prefix("IGO")?;
    IGO_CODES
        .iter()
        .find(|(p, _)| rest.starts_with(p))
        .map(|(_, a)| (*a).to_string())
        .filter(|a| igos.contains(a))
}

/// Country and the rest of a national code: `AFGGOVAGR` → (AFG, GOVAGR); `GBRVGBELI` →
/// (VGB, ELI) when VGB is a territory annals knows; `SUNRUSLEG` → (SUN, LEG).
pub fn split_country(code: &str, countries: &HashSet<String>) -> Option<(String, String)> {
    let outer = code.get(..3)?;
    let rest = code.get(3..)?;
    let outer_annals = annals_country(outer);
    if !countries.contains(outer_annals) {
        return None;
    }
    if let (Some(inner), Some(after)) = (rest.get(..3), rest.get(3..)) {
        if countries.contains(annals_country(inner)) && !is_sector(inner) {
            if FEDERAL.contains(&outer) {
                return Some((outer_annals.to_string(), after.to_string()));
            }
            return Some((annals_country(inner).to_string(), after.to_string()));
        }
    }
    Some((outer_annals.to_string(), rest.to_string()))
}

fn is_sector(s: &str) -> bool {
    matches!(
        s,
        "GOV"
            | "MIL"
            | "REB"
            | "OPP"
            | "ELI"
            | "SPY"
            | "COP"
            | "JUD"
            | "LEG"
            | "MED"
            | "BUS"
            | "EDU"
            | "HLH"
            | "LAB"
            | "REF"
            | "REL"
            | "CVL"
            | "AGR"
            | "DEV"
            | "ENV"
            | "HRI"
            | "MUS"
            | "CHR"
            | "PTY"
            | "UAF"
            | "IMG"
            | "NGO"
            | "IGO"
            | "MNC"
    )
}

/// The annals sector of a person's role from the part after the country: cabinet posts
/// (`GOVAGR`, `GOVMIL` — defence ministers are GOV in annals) are GOV; `GOVLEG` is a
/// legislator; `GOVSPY`/`MILSPY` an intelligence chief. `None` for ELI (annals derives
/// "former office-holder" itself) and for codes annals has no sector for.
pub fn role_sector(rest: &str) -> Option<&'static str> {
    let head = rest.get(..3).unwrap_or(rest);
    let sub = rest.get(3..6).unwrap_or("");
    Some(match (head, sub) {
        ("GOV", "LEG") => "LEG",
        ("GOV" | "MIL", "SPY") => "SPY",
        ("GOV", _) => "GOV",
        ("MIL", _) => "MIL",
        ("SPY", _) => "SPY",
        ("REB", _) => "REB",
        ("OPP", _) => "OPP",
        ("COP", _) => "COP",
        ("LEG", _) => "LEG",
        ("JUD", _) => "JUD",
        _ => return None,
    })
}

/// The office slug of a generic dated role in a sector (phoenix-people.toml defines one
/// such office per country and sector, shared by all its holders).
pub fn office_slug(sector: &str) -> &'static str {
    match sector {
        "GOV" => "government-member",
        "MIL" => "military-officer",
        "SPY" => "intelligence-officer",
        "REB" => "rebel-leader",
        "OPP" => "opposition-figure",
        "COP" => "police-officer",
        "LEG" => "legislator",
        "JUD" => "judge",
        "IGO" => "official",
        _ => "figure",
    }
}

/// The annals sector of a national organisation (`AFGMIL`, `USAGOVJUD`, `SYRREBMUS`):
/// as for roles, except that `GOVJUD` is a court (JUD) when the name says so, and
/// media (MED) and business (BUS) bodies keep those sectors.
pub fn org_sector(rest: &str, court: bool) -> Option<&'static str> {
    let head = rest.get(..3).unwrap_or(rest);
    let sub = rest.get(3..6).unwrap_or("");
    match (head, sub) {
        ("GOV", "JUD") if court => Some("JUD"),
        ("MED", _) => Some("MED"),
        ("BUS", _) => Some("BUS"),
        ("ELI", _) => None,
        _ => role_sector(rest),
    }
}

/// An agents-file code (`GOVMED`, `REBMUS`, `AGR`) as an annals sector noun's sector, for
/// the codes that fit annals' sectors: cabinet nouns are GOV, farmers civilians (as in
/// sectors.tsv), religious groups REL, rights, aid and environmental groups CVL (as
/// sectors.tsv codes "human rights group" and "aid group"). Unaligned armed forces (UAF),
/// elites, parties and international groups have no annals sector noun and are skipped.
pub fn agent_sector(code: &str) -> Option<&'static str> {
    let head = code.get(..3).unwrap_or(code);
    let sub = code.get(3..6).unwrap_or("");
    Some(match (head, sub) {
        ("GOV", "LEG") => "LEG",
        ("GOV", "JUD") => "JUD",
        ("GOV", _) => "GOV",
        ("MIL", "SPY") => "SPY",
        ("MIL", "JUD") => "JUD",
        ("MIL", "COP") => "COP",
        ("MIL", _) => "MIL",
        ("REB", _) => "REB",
        ("OPP", _) => "OPP",
        ("SPY", _) => "SPY",
        ("COP", _) => "COP",
        ("JUD", _) => "JUD",
        ("LEG", _) => "LEG",
        ("MED", _) => "MED",
        ("BUS", _) => "BUS",
        ("EDU", _) => "EDU",
        ("HLH", _) => "HLH",
        ("LAB", _) => "LAB",
        ("REF", _) => "REF",
        ("CRM", _) => "CRM",
        ("CVL" | "AGR" | "HRI" | "ENV" | "NGO" | "DEV" | "PPL", _) => "CVL",
        ("REL" | "MUS" | "CHR" | "JEW" | "BUD" | "HIN", "") => "REL",
        (
            "REL" | "MUS" | "CHR" | "JEW" | "BUD" | "HIN",
            "CTH" | "PRO" | "ORT" | "SHI" | "SUN" | "MAR" | "CHR",
        ) => "REL",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(v: &[&str]) -> HashSet<String> {
        v.iter().map(|s| (*s).to_string()).collect()
    }

    #[test]
    fn national_codes_split_into_country_and_sector() {
        let c = set(&["AFG", "GBR", "VGB", "SUN", "RUS", "USA"]);
        let s = |x: &str| split_country(x, &c);
        assert_eq!(s("AFGGOVAGR"), Some(("AFG".into(), "GOVAGR".into())));
        assert_eq!(s("GBRVGBELI"), Some(("VGB".into(), "ELI".into())));
        assert_eq!(s("SUNRUSLEG"), Some(("SUN".into(), "LEG".into())));
        assert_eq!(s("USRGOV"), Some(("SUN".into(), "GOV".into())));
        assert_eq!(s("XYZGOV"), None);
        assert_eq!(role_sector("GOVMIL"), Some("GOV"));
        assert_eq!(role_sector("GOVLEG"), Some("LEG"));
        assert_eq!(role_sector("ELI"), None);
        assert_eq!(org_sector("GOVJUD", true), Some("JUD"));
        assert_eq!(org_sector("GOVJUD", false), Some("GOV"));
        assert_eq!(
            igo_of("IGOUNOKID", &set(&["UN", "UNICEF"])).as_deref(),
            Some("UNICEF")
        );
        assert_eq!(igo_of("IGOUNOXYZ", &set(&["UN"])).as_deref(), Some("UN"));
        assert_eq!(agent_sector("GOVMED"), Some("GOV"));
        assert_eq!(agent_sector("UAF"), None);
        assert_eq!(agent_sector("CHRCTH"), Some("REL"));
        assert_eq!(agent_sector("MUSRAD"), None);
    }
}
