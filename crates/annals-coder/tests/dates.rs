//! Date phrases in sentences parsed by the shipped model, against fixed publication dates.

use annals_coder::dates::{find_dates, parse_published, DateMention};
use annals_core::DateBasis;
use annals_nlp::pipeline::{Pipeline, Scratch};

fn pipeline() -> Pipeline {
    match Pipeline::embedded() {
        Ok(p) => p,
        Err(e) => panic!("embedded model: {e}"),
    }
}

fn dates_in(p: &Pipeline, text: &str, published: Option<&str>) -> Vec<DateMention> {
    let published = published.and_then(parse_published);
    let sentences = p.parse_text(text, &mut Scratch::default());
    sentences
        .iter()
        .flat_map(|s| find_dates(s, text, published))
        .collect()
}

/// Rendered as `text => value precision basis [H]` for compact, readable expectations.
fn render(m: &DateMention) -> String {
    let d = &m.date;
    let precision = d
        .precision
        .map(|p| format!("{p:?}").to_lowercase())
        .unwrap_or_else(|| "-".into());
    let basis = format!("{:?}", d.basis).to_lowercase();
    format!(
        "{} => {} {} {}{}",
        d.text.as_deref().unwrap_or(""),
        d.value.as_deref().unwrap_or("-"),
        precision,
        basis,
        if m.historical { " H" } else { "" }
    )
}

const P: Option<&str> = Some("2024-06-20"); // a Thursday

/// (publication date, sentence, every date phrase expected in it)
const CASES: &[(Option<&str>, &str, &[&str])] = &[
    // explicit days
    (
        P,
        "Putin arrived in Pyongyang on June 19, 2024.",
        &["June 19, 2024 => 2024-06-19 day explicit"],
    ),
    (
        P,
        "The treaty was signed on 19 June 2024 in the capital.",
        &["19 June 2024 => 2024-06-19 day explicit"],
    ),
    (
        P,
        "The delegation left on 2024-06-19 after the talks.",
        &["2024-06-19 => 2024-06-19 day explicit"],
    ),
    (
        P,
        "The ministers met on Sept. 5, 2023 in Vladivostok.",
        &["Sept. 5, 2023 => 2023-09-05 day explicit"],
    ),
    (
        P,
        "Officials met on March 3 2022 to discuss grain.",
        &["March 3 2022 => 2022-03-03 day explicit H"],
    ),
    (
        P,
        "Parliament ratified it on the 5th of May 2021.",
        &["5th of May 2021 => 2021-05-05 day explicit H"],
    ),
    // explicit months, years, decades
    (
        P,
        "Kim visited Russia in September 2023.",
        &["September 2023 => 2023-09 month explicit"],
    ),
    (
        P,
        "The border was closed in January 2020 because of the pandemic.",
        &["January 2020 => 2020-01 month explicit H"],
    ),
    (
        P,
        "The state was founded in 1948 with Soviet backing.",
        &["1948 => 1948 year explicit H"],
    ),
    (
        P,
        "The two countries have held talks since 2000.",
        &["2000 => 2000 year explicit H"],
    ),
    (
        P,
        "Sanctions will remain until 2026, the council said.",
        &["2026 => 2026 year explicit"],
    ),
    (
        P,
        "In 2024, trade between the two rose sharply.",
        &["2024 => 2024 year explicit"],
    ),
    (
        P,
        "Trade collapsed in the 1990s.",
        &["1990s => 1990s decade explicit H"],
    ),
    (
        P,
        "Aid flowed between 2019 and 2021, officials said.",
        &[
            "2019 => 2019 year explicit H",
            "2021 => 2021 year explicit H",
        ],
    ),
    (
        P,
        "The economy shrank after the dissolution of the Soviet Union in 1991.",
        &["1991 => 1991 year explicit H"],
    ),
    (
        P,
        "By mid-2023 the deliveries had started.",
        &["mid-2023 => 2023 year explicit"],
    ),
    (
        P,
        "Grain exports resumed in mid-June.",
        &["mid-June => 2024-06 month relative"],
    ),
    (
        P,
        "Sanctions followed the 2022 invasion of Ukraine.",
        &["2022 => 2022 year explicit H"],
    ),
    (
        P,
        "Soviet rule (1948-1991) shaped the north.",
        &["1948-1991 => 1948/1991 year explicit H"],
    ),
    (
        P,
        "Russian support (1991-present) has varied.",
        &["1991-present => 1991/2024 year explicit"],
    ),
    (
        None,
        "Russian support (1991-present) has varied.",
        &["1991-present => 1991/.. year explicit"],
    ),
    (P, "Between 1500-2000 troops took part.", &[]),
    (P, "Between 1500 and 2000 troops took part.", &[]),
    (
        P,
        "The summit ran June 19-20, 2024 in Pyongyang.",
        &["June 19-20, 2024 => 2024-06-19/2024-06-20 day explicit"],
    ),
    (
        P,
        "Talks were held on 19-20 June.",
        &["19-20 June => 2024-06-19/2024-06-20 day relative"],
    ),
    // eras
    (
        P,
        "During the Cold War, the Soviet Union provided aid to Pyongyang.",
        &["Cold War => 1947/1991 era explicit H"],
    ),
    (
        P,
        "The two armies fought side by side in the Korean War.",
        &["Korean War => 1950/1953 era explicit H"],
    ),
    (
        P,
        "The city was rebuilt after World War II.",
        &["World War II => 1939/1945 era explicit H"],
    ),
    (
        P,
        "Many monuments date from the Second World War.",
        &["Second World War => 1939/1945 era explicit H"],
    ),
    (
        P,
        "Relations cooled after the Soviet era ended.",
        &["Soviet era => 1922/1991 era explicit H"],
    ),
    (
        None,
        "During the Cold War, Moscow supplied the north with oil.",
        &["Cold War => 1947/1991 era explicit H"],
    ),
    // partial dates: year from the publication date
    (
        P,
        "The leaders met on June 19 in Pyongyang.",
        &["June 19 => 2024-06-19 day relative"],
    ),
    (
        P,
        "The leaders will meet again on June 28.",
        &["June 28 => 2024-06-28 day relative"],
    ),
    (
        P,
        "The ship docked on December 12 after a long voyage.",
        &["December 12 => 2023-12-12 day relative"],
    ),
    (
        P,
        "The summit will take place on March 3.",
        &["March 3 => 2025-03-03 day relative"],
    ),
    (
        P,
        "The agreement was signed in September.",
        &["September => 2023-09 month relative"],
    ),
    (
        P,
        "The agreement was signed in May.",
        &["May => 2024-05 month relative"],
    ),
    (
        P,
        "The two sides will meet in September.",
        &["September => 2024-09 month relative"],
    ),
    (
        P,
        "Elections are due in July.",
        &["July => 2024-07 month relative"],
    ),
    (
        P,
        "The drills began on Sep 5th near the border.",
        &["Sep 5th => 2023-09-05 day relative"],
    ),
    (
        P,
        "Sept. 5 was a quiet day at the border.",
        &["Sept. 5 => 2023-09-05 day relative"],
    ),
    (
        None,
        "The leaders met on June 19 in Pyongyang.",
        &["June 19 => - - unknown"],
    ),
    // relative to publication
    (
        P,
        "Putin arrived in Pyongyang on Wednesday.",
        &["Wednesday => 2024-06-19 day relative"],
    ),
    (
        P,
        "The talks ended on Thursday.",
        &["Thursday => 2024-06-20 day relative"],
    ),
    (
        P,
        "The minister will travel to Beijing on Monday.",
        &["Monday => 2024-06-24 day relative"],
    ),
    (
        P,
        "The ministers met last Thursday.",
        &["last Thursday => 2024-06-13 day relative"],
    ),
    (
        P,
        "They will meet again next Wednesday.",
        &["next Wednesday => 2024-06-26 day relative"],
    ),
    (
        P,
        "He arrived on Wednesday, June 19, for the talks.",
        &["Wednesday, June 19 => 2024-06-19 day relative"],
    ),
    (
        P,
        "The foreign ministry said yesterday that the talks were useful.",
        &["yesterday => 2024-06-19 day relative"],
    ),
    (
        P,
        "The agreement takes effect today.",
        &["today => 2024-06-20 day relative"],
    ),
    (
        P,
        "The delegation leaves tomorrow.",
        &["tomorrow => 2024-06-21 day relative"],
    ),
    (
        P,
        "The navy held drills last week.",
        &["last week => 2024-06-10/2024-06-16 day relative"],
    ),
    (
        P,
        "The talks continue this week in Moscow.",
        &["this week => 2024-06-17/2024-06-23 day relative"],
    ),
    (
        P,
        "The talks resumed two days ago.",
        &["two days ago => 2024-06-18 day relative"],
    ),
    (
        P,
        "The ships left port three weeks ago.",
        &["three weeks ago => 2024-05-27/2024-06-02 day relative"],
    ),
    (
        P,
        "Prices rose six months ago.",
        &["six months ago => 2023-12 month relative"],
    ),
    (
        P,
        "The envoy visited a year ago.",
        &["a year ago => 2023 year relative"],
    ),
    (
        P,
        "The two sides agreed earlier this month to resume flights.",
        &["earlier this month => 2024-06 month relative"],
    ),
    (
        P,
        "Exports fell last month.",
        &["last month => 2024-05 month relative"],
    ),
    (
        P,
        "The plant opened last year.",
        &["last year => 2023 year relative"],
    ),
    (
        P,
        "Trade has grown this year.",
        &["this year => 2024 year relative"],
    ),
    (
        P,
        "A new embassy will open next year.",
        &["next year => 2025 year relative"],
    ),
    (
        P,
        "Fighting resumed this morning.",
        &["this morning => 2024-06-20 day relative"],
    ),
    (
        Some("2025-01-03"),
        "The ship sank two years ago.",
        &["two years ago => 2023 year relative H"],
    ),
    (
        Some("2024-01-10"),
        "The drills ended on December 28.",
        &["December 28 => 2023-12-28 day relative"],
    ),
    // relative phrases without a publication date are never dated
    (
        None,
        "Putin arrived in Pyongyang on Wednesday.",
        &["Wednesday => - - unknown"],
    ),
    (
        None,
        "The navy held drills last week.",
        &["last week => - - unknown"],
    ),
    (
        None,
        "Exports fell last year.",
        &["last year => - - unknown"],
    ),
    (
        None,
        "Kim visited Russia in September 2023.",
        &["September 2023 => 2023-09 month explicit"],
    ),
    // numbers that are not dates
    (P, "Russia shipped 11,000 containers of munitions.", &[]),
    (P, "The plan costs $23 billion.", &[]),
    (P, "Some 2,024 troops took part in the drills.", &[]),
    (P, "The army deployed 2000 troops to the border.", &[]),
    (P, "He was the second leader to visit.", &[]),
    (P, "She may visit the region soon.", &[]),
    (P, "Thousands joined the march through the city.", &[]),
    (P, "The last week of talks was tense.", &[]),
    (P, "It was his first trip since the pandemic.", &[]),
];

#[test]
fn date_phrases() {
    let p = pipeline();
    let mut failures = Vec::new();
    for (published, text, expected) in CASES {
        let got: Vec<String> = dates_in(&p, text, *published).iter().map(render).collect();
        let want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
        if got != want {
            failures.push(format!(
                "{text} (published {published:?})\n  got  {got:?}\n  want {want:?}"
            ));
        }
    }
    assert!(CASES.len() >= 60, "{} cases", CASES.len());
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn mentions_carry_token_ranges_spans_and_bounds() {
    let p = pipeline();
    let text = "Kim visited Russia in September 2023.";
    let found = dates_in(&p, text, P);
    let [m] = found.as_slice() else {
        panic!("{found:?}");
    };
    assert_eq!(m.tokens, (4, 6));
    assert_eq!(m.span.slice(text), Some("September 2023"));
    assert_eq!(
        m.first.map(|d| d.to_string()).as_deref(),
        Some("2023-09-01")
    );
    assert_eq!(m.last.map(|d| d.to_string()).as_deref(), Some("2023-09-30"));
    assert_eq!(m.date.basis, DateBasis::Explicit);
}

#[test]
fn offsets_point_into_the_whole_document() {
    let p = pipeline();
    let text = "Talks began. The deal was signed on June 19, 2024.";
    let found = dates_in(&p, text, P);
    let spans: Vec<Option<&str>> = found.iter().map(|m| m.span.slice(text)).collect();
    assert_eq!(spans, vec![Some("June 19, 2024")]);
}

#[test]
fn era_table_parses() {
    let eras = annals_coder::dates::eras::parse_eras();
    assert!(eras.as_ref().is_ok_and(|e| e.len() >= 10), "{eras:?}");
}

/// Hand-built sentences with heads and spans that do not fit: nothing panics.
#[test]
fn malformed_parses_do_not_panic() {
    use annals_core::{ParsedSentence, Span, Token, Upos};
    let tok = |form: &str, upos: Upos, head: usize, start: usize| Token {
        span: Span::new(start, start + form.len()),
        form: form.into(),
        lemma: form.to_lowercase(),
        upos,
        xpos: String::new(),
        feats: "_".into(),
        head,
        deprel: "dep".into(),
    };
    let sentence = ParsedSentence {
        span: Span::new(0, 500),
        tokens: vec![
            tok("in", Upos::ADP, 99, 0),
            tok("June", Upos::PROPN, 7, 400),
            tok("Wednesday", Upos::PROPN, 2, 3),
            tok("last", Upos::ADJ, 0, 900),
            tok("2024", Upos::NUM, 1, 10),
            tok("-", Upos::PUNCT, 3, 14),
        ],
    };
    let published = parse_published("2024-06-20");
    for text in ["", "in June Wednesday last 2024-", "é"] {
        for m in find_dates(&sentence, text, published) {
            assert!(m.tokens.0 < m.tokens.1);
        }
        let _ = annals_coder::quantities::find_quantities(&sentence, text);
    }
    let p = pipeline();
    for text in [
        "In In In 2024 2024 - - present",
        "last last week week ago ago",
        "on 31 February 2024 and on February 30",
        "9999 years ago, 2100-2099, 0th of May, May 0",
        "€ $ £ bn million dozens of of",
    ] {
        let _ = dates_in(&p, text, P);
        let _ = dates_in(&p, text, None);
    }
}

/// The reference articles in `$ANNALS_SHARED/seeds` (read in place; skipped when the
/// variable is unset, failing when it is set and the files are missing).
#[test]
#[ignore = "needs ../shared"]
fn seed_articles() {
    let shared = std::env::var("ANNALS_SHARED").unwrap_or_else(|_| {
        panic!("ANNALS_SHARED must point at ../shared (these tests are ignored without it)")
    });
    let read = |name: &str| {
        let path = std::path::Path::new(&shared).join("seeds").join(name);
        match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => panic!("{}: {e}", path.display()),
        }
    };
    let p = pipeline();
    let history = read("000_095ba332747d2447.txt");
    let found: Vec<String> = dates_in(&p, &history, None).iter().map(render).collect();
    for expected in [
        "September 2023 => 2023-09 month explicit",
        "Cold War => 1947/1991 era explicit H",
        "1948-1991 => 1948/1991 year explicit",
        "1990s => 1990s decade explicit",
    ] {
        assert!(
            found.iter().any(|f| f == expected),
            "{expected} not in {found:?}"
        );
    }
    let summit = read("003_6fea2f5c7dd29069.txt");
    let sentences = p.parse_text(&summit, &mut Scratch::default());
    let quantities: Vec<String> = sentences
        .iter()
        .flat_map(|s| annals_coder::quantities::find_quantities(s, &summit))
        .map(|q| q.quantity.text)
        .collect();
    for expected in ["two-day visit", "11,000 containers of munitions"] {
        assert!(
            quantities.iter().any(|q| q == expected),
            "{expected} not in {quantities:?}"
        );
    }
    assert!(
        !quantities.iter().any(|q| q.contains("2022")),
        "{quantities:?}"
    );
    let years: Vec<String> = dates_in(&p, &summit, None).iter().map(render).collect();
    assert!(
        years.iter().any(|y| y == "2022 => 2022 year explicit"),
        "{years:?}"
    );
}
