//! Writing the generated knowledge-base files in data/FORMAT.md's formats, each with a
//! header that credits the source and carries its MIT licence.

use std::fmt::Write as _;

use crate::orgs::Org;
use crate::people::{Office, Person};

/// The command that regenerates the files (in every header).
pub const COMMAND: &str =
    "ANNALS_SHARED=/path/to/shared cargo run -p annals-actors --example phoenix_convert";

const LICENCE: &str = "\
The MIT License (MIT)

Copyright (c) 2014 Open Event Data Alliance

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the \"Software\"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in
all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
THE SOFTWARE.";

/// The header every generated file starts with.
pub fn header(what: &str, sources: &str, notes: &[&str]) -> String {
    let mut h = String::new();
    let _ = writeln!(h, "# {what}");
    let _ = writeln!(h, "#");
    let _ = writeln!(
        h,
        "# GENERATED FILE, do not edit by hand: change the rules in\n# crates/annals-actors/examples/phoenix_convert/ and re-run\n#   {COMMAND}"
    );
    let _ = writeln!(
        h,
        "# Hand-written files win: entries they already have are skipped."
    );
    let _ = writeln!(h, "#");
    let _ = writeln!(
        h,
        "# Derived from the PETRARCH-2 Phoenix dictionaries ({sources}) of the\n# Open Event Data Alliance (https://github.com/openeventdata/petrarch2), which in turn\n# build on the CAMEO dictionaries of the Computational Event Data System project;\n# reviewed and filtered by the converter's rules. Phoenix's roles end in 2014-2015.\n# Licence of the source:"
    );
    let _ = writeln!(h, "#");
    for line in LICENCE.lines() {
        if line.is_empty() {
            let _ = writeln!(h, "#");
        } else {
            let _ = writeln!(h, "#   {line}");
        }
    }
    if !notes.is_empty() {
        let _ = writeln!(h, "#");
        for n in notes {
            let _ = writeln!(h, "# {n}");
        }
    }
    h
}

/// A TOML basic string.
pub fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(v: &[String]) -> String {
    let items: Vec<String> = v.iter().map(|s| q(s)).collect();
    format!("[{}]", items.join(", "))
}

/// The generic offices of the people table, as `[[office]]` entries.
pub fn offices_toml(head: &str, offices: &[Office]) -> String {
    let mut s = String::from(head);
    s.push_str(
        "\n# Generic offices, one per country (or IGO) and sector: Phoenix gives a person's\n\
         # sector and dates (a cabinet post, a legislature seat), not the named office. Many\n\
         # people hold one at once (`shared = true`), and no title names them.\n",
    );
    for o in offices {
        let _ = write!(
            s,
            "\n[[office]]\nid = {}\ncountry = {}\nsector = {}\nshared = true\n",
            q(&o.id),
            q(&o.country),
            q(&o.sector)
        );
    }
    s
}

/// A people table (FORMAT.md): one person per line, names joined by `|`, roles by `; `.
pub fn people_tsv(head: &str, people: &[Person]) -> String {
    let mut s = String::from(head);
    s.push_str("id\tname\tnames\tcountry\tsector\troles\n");
    for p in people {
        let roles: Vec<String> = p
            .roles
            .iter()
            .map(|r| match (&r.from, &r.until) {
                (None, None) => r.office.clone(),
                (f, u) => format!(
                    "{} {}..{}",
                    r.office,
                    f.as_deref().unwrap_or(""),
                    u.as_deref().unwrap_or("")
                ),
            })
            .collect();
        let _ = writeln!(
            s,
            "{}\t{}\t{}\t{}\t{}\t{}",
            p.id,
            p.name,
            p.names.join("|"),
            p.country.as_deref().unwrap_or(""),
            p.sector.as_deref().unwrap_or(""),
            roles.join("; ")
        );
    }
    s
}

pub fn orgs_toml(head: &str, orgs: &[Org]) -> String {
    let mut s = String::from(head);
    for o in orgs {
        let _ = write!(s, "\n[[org]]\ncode = {}\n", q(&o.code));
        if let Some(c) = &o.country {
            let _ = writeln!(s, "country = {}", q(c));
        }
        let _ = writeln!(s, "sector = {}\nname = {}", q(&o.sector), q(&o.name));
        if !o.names.is_empty() {
            let _ = writeln!(s, "names = {}", list(&o.names));
        }
    }
    s
}

pub fn agents_tsv(head: &str, nouns: &[(String, String)]) -> String {
    let mut s = String::from(head);
    for (phrase, sector) in nouns {
        let _ = writeln!(s, "{phrase}\t{sector}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::Role;

    #[test]
    fn generated_files_read_back() {
        let p = Person {
            id: "abdul-hadi-arghandiwal-afg".into(),
            name: "Abdul Hadi Arghandiwal".into(),
            names: vec!["A. H. Arghandiwal".into(), "Abdul Hadi".into()],
            country: Some("AFG".into()),
            roles: vec![
                Role {
                    office: "AFG/government-member".into(),
                    from: Some("2004".into()),
                    until: Some("2006-05".into()),
                },
                Role {
                    office: "AFG/government-member".into(),
                    from: Some("2010-02-01".into()),
                    until: None,
                },
            ],
            sector: None,
        };
        let o = Office {
            id: "AFG/government-member".into(),
            country: "AFG".into(),
            sector: "GOV".into(),
        };
        let text = people_tsv(&header("People", "x", &[]), &[p]);
        assert!(text.contains("#   Copyright (c) 2014 Open Event Data Alliance"));
        assert!(text.ends_with(
            "id\tname\tnames\tcountry\tsector\troles\nabdul-hadi-arghandiwal-afg\tAbdul Hadi Arghandiwal\t\
             A. H. Arghandiwal|Abdul Hadi\tAFG\t\tAFG/government-member 2004..2006-05; AFG/government-member 2010-02-01..\n"
        ));
        let offices = offices_toml("# x\n", &[o]);
        let t: toml::Table = toml::from_str(&offices).unwrap_or_default();
        let shared = t
            .get("office")
            .and_then(|v| v.as_array())
            .and_then(|a| a.first())
            .and_then(|o| o.get("shared"))
            .and_then(|s| s.as_bool());
        assert_eq!(shared, Some(true));
        assert_eq!(q("a \"b\" \\"), "\"a \\\"b\\\" \\\\\"");
    }
}
