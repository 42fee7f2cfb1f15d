//! Language identification on short paragraphs written for this test, and on Wikinews
//! (when `ANNALS_SHARED` is set).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::time::Instant;

use annals_ingest::langid::{
    detect_language, detect_language_thoroughly, is_english, PREFIX_CHARS,
};

const PARAGRAPHS: &[(&str, &str)] = &[
    (
        "en",
        "The foreign ministers met in the capital on Thursday to discuss the new trade \
         agreement. Officials said the talks would continue next month, although several \
         questions about tariffs remain open.",
    ),
    (
        "de",
        "Die Außenminister trafen sich am Donnerstag in der Hauptstadt, um über das neue \
         Handelsabkommen zu sprechen. Die Gespräche sollen im nächsten Monat fortgesetzt \
         werden, obwohl einige Fragen zu den Zöllen noch offen sind.",
    ),
    (
        "fr",
        "Les ministres des affaires étrangères se sont réunis jeudi dans la capitale pour \
         discuter du nouvel accord commercial. Les négociations reprendront le mois \
         prochain, même si plusieurs questions sur les droits de douane restent ouvertes.",
    ),
    (
        "es",
        "Los ministros de asuntos exteriores se reunieron el jueves en la capital para \
         hablar del nuevo acuerdo comercial. Las conversaciones seguirán el mes que viene, \
         aunque todavía quedan varias preguntas sobre los aranceles.",
    ),
    (
        "ru",
        "Министры иностранных дел встретились в четверг в столице, чтобы обсудить новое \
         торговое соглашение. Переговоры продолжатся в следующем месяце, хотя несколько \
         вопросов о пошлинах остаются открытыми.",
    ),
    (
        "ko",
        "외무장관들은 목요일 수도에서 만나 새로운 무역 협정에 대해 논의했다. 관리들은 \
         관세에 관한 몇 가지 문제가 남아 있지만 다음 달에 회담을 계속할 것이라고 말했다.",
    ),
];

#[test]
fn paragraphs_in_six_languages() {
    for (code, text) in PARAGRAPHS {
        let guess = detect_language(text).unwrap_or_else(|| panic!("no guess for {code}"));
        assert_eq!(guess.code, *code, "{text}");
        assert!(guess.reliable, "{code}: {guess:?}");
        assert!((0.0..=1.0).contains(&guess.confidence));
        assert_eq!(is_english(text), *code == "en");
    }
}

#[test]
fn too_short_or_mixed_text_is_not_trusted() {
    assert_eq!(detect_language("Berlin, 3 May."), None);
    assert!(!is_english("OK"));
    // Alternating English and German sentences: whatlang alone calls this one language
    // with full confidence; the sentence check marks it unreliable.
    let mixed = "The ministers met in the capital to discuss the new trade agreement. \
                 Die Gespräche sollen im nächsten Monat in der Hauptstadt fortgesetzt werden. \
                 Officials said several questions about tariffs remain open for now. \
                 Einige Fragen zu den Zöllen sind nach Angaben der Beamten noch offen.";
    let g = detect_language(mixed).unwrap();
    assert!(g.code == "en" || g.code == "de", "{g:?}");
    assert!(!g.reliable, "{g:?}");
}

#[test]
fn only_the_prefix_is_read() {
    // A long English article followed by a long German appendix: the prefix decides.
    let en = PARAGRAPHS[0].1;
    let de = PARAGRAPHS[1].1;
    let mut text = String::new();
    while text.chars().count() < PREFIX_CHARS {
        text.push_str(en);
        text.push(' ');
    }
    for _ in 0..50 {
        text.push_str(de);
        text.push(' ');
    }
    assert_eq!(detect_language(&text).unwrap().code, "en");
}

/// Wikinews (English): nearly every article is detected as English; prints throughput.
/// Run with `ANNALS_SHARED=../shared cargo test --release -p annals-ingest --test
/// langid -- --nocapture wikinews`.
#[test]
#[ignore = "needs ../shared"]
fn wikinews_is_english() {
    let shared = PathBuf::from(std::env::var_os("ANNALS_SHARED").unwrap_or_else(|| {
        panic!("ANNALS_SHARED must point at ../shared (these tests are ignored without it)")
    }));
    let path = shared.join("data/wikinews/wikinews_en.jsonl");
    let data = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let texts: Vec<String> = data
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["text"].as_str().unwrap_or("").to_owned()
        })
        .collect();
    assert!(texts.len() > 100);
    let start = Instant::now();
    let guesses: Vec<_> = texts.iter().map(|t| detect_language(t)).collect();
    let elapsed = start.elapsed();
    let start = Instant::now();
    let thorough: Vec<_> = texts
        .iter()
        .map(|t| detect_language_thoroughly(t))
        .collect();
    let thorough_elapsed = start.elapsed();
    // The quick English check only ever settles what whatlang also calls English.
    for ((text, quick), full) in texts.iter().zip(&guesses).zip(&thorough) {
        if quick != full {
            assert_eq!(quick.map(|g| g.code), Some("en"));
            assert_eq!(
                full.map(|g| g.code),
                Some("en"),
                "{}",
                text.chars().take(300).collect::<String>()
            );
        }
    }
    println!(
        "without the quick English check: {:.0} documents/s",
        texts.len() as f64 / thorough_elapsed.as_secs_f64()
    );
    let english = guesses
        .iter()
        .filter(|g| g.is_some_and(|g| g.code == "en"))
        .count();
    let reliable = guesses
        .iter()
        .filter(|g| g.is_some_and(|g| g.reliable))
        .count();
    println!(
        "langid on {} Wikinews articles: {} English ({} reliable guesses), {:.0} documents/s",
        texts.len(),
        english,
        reliable,
        texts.len() as f64 / elapsed.as_secs_f64()
    );
    assert!(
        english * 100 >= texts.len() * 98,
        "{english} of {}",
        texts.len()
    );
}
