use super::*;

fn words(text: &str) -> Vec<&str> {
    Tokenizer::new()
        .tokenize(text, Span::new(0, text.len()))
        .iter()
        .map(|s| form(text, *s))
        .collect()
}

#[test]
fn hyphenated_compounds_split_but_abbreviations_keep_their_period() {
    assert_eq!(
        words("U.S.-South Korea military exercises"),
        ["U.S.", "-", "South", "Korea", "military", "exercises"]
    );
}

#[test]
fn possessives_and_clitics() {
    assert_eq!(
        words("North Korea’s missile tests"),
        ["North", "Korea", "’s", "missile", "tests"]
    );
    assert_eq!(words("Putin’s"), ["Putin", "’s"]);
    assert_eq!(words("the parents' cars"), ["the", "parents", "'", "cars"]);
    assert_eq!(words("don't"), ["do", "n't"]);
    assert_eq!(words("I'm"), ["I", "'m"]);
    assert_eq!(
        words("They'll say we've won, she'd said; you're sure?"),
        [
            "They", "'ll", "say", "we", "'ve", "won", ",", "she", "'d", "said", ";", "you", "'re",
            "sure", "?"
        ]
    );
    assert_eq!(words("Won’t CAN'T"), ["Wo", "n’t", "CA", "N'T"]);
}

#[test]
fn contractions_written_as_one_word() {
    assert_eq!(words("cannot"), ["can", "not"]);
    assert_eq!(words("gonna wanna"), ["gon", "na", "wan", "na"]);
    assert_eq!(words("won't"), ["wo", "n't"]);
    assert_eq!(words("Dont"), ["Do", "nt"]);
    assert_eq!(words("its not its own"), ["it", "s", "not", "its", "own"]);
}

#[test]
fn numbers_money_and_percentages() {
    assert_eq!(
        words("11,000 containers of munitions"),
        ["11,000", "containers", "of", "munitions"]
    );
    assert_eq!(words("$23 million"), ["$", "23", "million"]);
    assert_eq!(
        words("up 3.5% to 1,234.56"),
        ["up", "3.5", "%", "to", "1,234.56"]
    );
    assert_eq!(words("(1948-1991):"), ["(", "1948", "-", "1991", ")", ":"]);
    assert_eq!(
        words("at 7:30PM, 35mm"),
        ["at", "7:30", "PM", ",", "35", "mm"]
    );
    assert_eq!(words("the 1990s and 80's"), ["the", "1990s", "and", "80's"]);
    assert_eq!(
        words("on 9/11 and 11/28/2000, 1/2"),
        ["on", "9/11", "and", "11/28/2000", ",", "1", "/", "2"]
    );
    assert_eq!(words("call 713-853-3989"), ["call", "713-853-3989"]);
}

#[test]
fn quotes_are_split_off() {
    assert_eq!(
        words("“not controlled by the West,”"),
        ["“", "not", "controlled", "by", "the", "West", ",", "”"]
    );
    assert_eq!(
        words("\"Why?\" 'bad'"),
        ["\"", "Why", "?", "\"", "'", "bad", "'"]
    );
}

#[test]
fn prefixed_hyphens_stay() {
    assert_eq!(words("e-mail"), ["e-mail"]);
    assert_eq!(words("non-profit anti-war"), ["non-profit", "anti-war"]);
    assert_eq!(words("long-term"), ["long", "-", "term"]);
}

#[test]
fn abbreviations_initials_and_sentence_final_periods() {
    assert_eq!(
        words("Mr. Kim met George W. Bush in the U.S."),
        ["Mr.", "Kim", "met", "George", "W.", "Bush", "in", "the", "U.S", "."]
    );
    assert_eq!(
        words("rice, fuel, etc."),
        ["rice", ",", "fuel", ",", "etc", "."]
    );
    assert_eq!(words("etc., and more"), ["etc.", ",", "and", "more"]);
    assert_eq!(words("It ended."), ["It", "ended", "."]);
}

#[test]
fn urls_emails_and_emoticons() {
    assert_eq!(
        words("See https://example.org/a-b.html. Mail <ann.lee@example.org> :)"),
        [
            "See",
            "https://example.org/a-b.html",
            ".",
            "Mail",
            "<",
            "ann.lee@example.org",
            ">",
            ":)"
        ]
    );
    assert_eq!(words("www.example.com,"), ["www.example.com", ","]);
    assert_eq!(
        words("\"Ann\"<ann@example.org>"),
        ["\"", "Ann", "\"", "<", "ann@example.org", ">"]
    );
}

#[test]
fn punctuation_runs() {
    assert_eq!(words("Wait... what?!"), ["Wait", "...", "what", "?!"]);
    assert_eq!(words("yes -- no"), ["yes", "--", "no"]);
    assert_eq!(words("a-->b"), ["a", "-->", "b"]);
    assert_eq!(words("well…"), ["well", "…"]);
}

#[test]
fn spans_are_in_document_coordinates() {
    let text = "Intro. North Korea’s tests don't stop.";
    let sentence = Span::new(7, text.len());
    let spans = Tokenizer::new().tokenize(text, sentence);
    assert_eq!(spans.first(), Some(&Span::new(7, 12)));
    let forms: Vec<&str> = spans.iter().map(|s| form(text, *s)).collect();
    assert_eq!(
        forms,
        ["North", "Korea", "’s", "tests", "do", "n't", "stop", "."]
    );
    // Contraction parts are adjacent.
    assert_eq!(spans[4].end, spans[5].start);
}

#[test]
fn bad_spans_and_odd_text_do_not_panic() {
    let t = Tokenizer::new();
    assert!(t.tokenize("abc", Span::new(2, 10)).is_empty());
    assert!(
        t.tokenize("Putin’s", Span::new(0, 6)).is_empty(),
        "cuts a character"
    );
    let inputs = [
        "",
        " ",
        "'",
        "’",
        "n't",
        "'s",
        "--",
        "$",
        "@",
        "#",
        ".",
        "..",
        "a'",
        "'a",
        "é’s",
        "1,",
        ",1",
        "1-",
        "-1",
        "a/",
        "/a",
        "::",
        "a@",
        "@a.b",
        "http://",
        "\u{a0}x\u{a0}",
        "ŝ-ŝ-ŝ",
        "x'’`",
    ];
    for text in inputs {
        let spans = t.tokenize(text, Span::new(0, text.len()));
        let mut last = 0;
        for s in spans {
            assert!(
                s.slice(text).is_some_and(|w| !w.is_empty()),
                "{text:?}: {s:?}"
            );
            assert!(s.start >= last, "{text:?}: out of order");
            last = s.end;
        }
    }
}
