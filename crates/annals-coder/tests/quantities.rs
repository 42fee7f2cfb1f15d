//! Quantities in sentences parsed by the shipped model.

use annals_coder::quantities::{find_quantities, QuantityMention};
use annals_nlp::pipeline::{Pipeline, Scratch};

fn pipeline() -> Pipeline {
    match Pipeline::embedded() {
        Ok(p) => p,
        Err(e) => panic!("embedded model: {e}"),
    }
}

fn quantities_in(p: &Pipeline, text: &str) -> Vec<QuantityMention> {
    let sentences = p.parse_text(text, &mut Scratch::default());
    sentences
        .iter()
        .flat_map(|s| find_quantities(s, text))
        .collect()
}

/// Rendered as `text => value unit of`.
fn render(m: &QuantityMention) -> String {
    let q = &m.quantity;
    let value = serde_json::to_string(q)
        .ok()
        .and_then(|j| serde_json::from_str::<serde_json::Value>(&j).ok())
        .map(|v| v["value"].to_string())
        .unwrap_or_default();
    format!(
        "{} => {} {} {}",
        q.text,
        value,
        q.unit.as_deref().unwrap_or("-"),
        q.of.as_deref().unwrap_or("-")
    )
}

/// (sentence, every quantity expected in it)
const CASES: &[(&str, &[&str])] = &[
    (
        "Russia shipped 11,000 containers of munitions to the front.",
        &["11,000 containers of munitions => 11000 containers munitions"],
    ),
    (
        "The United States pledged $23 billion.",
        &["$23 billion => 23000000000 USD -"],
    ),
    (
        "The bank lent €5bn to the port authority.",
        &["€5bn => 5000000000 EUR -"],
    ),
    (
        "Putin began a two-day visit on Tuesday.",
        &["two-day visit => 2 day visit"],
    ),
    (
        "Dozens of troops crossed the river.",
        &["Dozens of troops => 24 troops -"],
    ),
    (
        "The flood displaced 1.5 million people.",
        &["1.5 million people => 1500000 people -"],
    ),
    (
        "The navy sent three warships to the strait.",
        &["three warships => 3 warships -"],
    ),
    (
        "Turnout reached 50 percent in the capital.",
        &["50 percent => 50 percent -"],
    ),
    (
        "Turnout reached 50% in the capital.",
        &["50% => 50 percent -"],
    ),
    (
        "Prices rose by 12 per cent last year.",
        &["12 per cent => 12 percent -"],
    ),
    (
        "About 40 percent of the budget goes to defence.",
        &["40 percent of the budget => 40 percent budget"],
    ),
    (
        "The army deployed 2,024 troops to the border.",
        &["2,024 troops => 2024 troops -"],
    ),
    (
        "Some 2000 soldiers took part.",
        &["2000 soldiers => 2000 soldiers -"],
    ),
    (
        "The ministry sent 300 tonnes of grain.",
        &["300 tonnes of grain => 300 tonnes grain"],
    ),
    (
        "The government approved $2.5 billion in aid.",
        &["$2.5 billion in aid => 2500000000 USD aid"],
    ),
    (
        "Moscow sold £40 million worth of fertiliser.",
        &["£40 million worth of fertiliser => 40000000 GBP fertiliser"],
    ),
    (
        "They signed a 10-year lease on the port.",
        &["10-year lease => 10 year lease"],
    ),
    (
        "Hundreds of people gathered outside.",
        &["Hundreds of people => 200 people -"],
    ),
    (
        "Thousands of refugees fled the fighting.",
        &["Thousands of refugees => 2000 refugees -"],
    ),
    (
        "Tens of thousands of protesters marched.",
        &["Tens of thousands of protesters => 20000 protesters -"],
    ),
    (
        "A dozen drones struck the airfield.",
        &["A dozen drones => 12 drones -"],
    ),
    (
        "Two dozen journalists were detained.",
        &["Two dozen journalists => 24 journalists -"],
    ),
    (
        "Twenty-five diplomats were expelled.",
        &["Twenty-five diplomats => 25 diplomats -"],
    ),
    (
        "The convoy carried two hundred trucks.",
        &["two hundred trucks => 200 trucks -"],
    ),
    (
        "Seven sailors were rescued.",
        &["Seven sailors => 7 sailors -"],
    ),
    (
        "The deal is worth 500 million dollars.",
        &["500 million dollars => 500000000 USD -"],
    ),
    (
        "The loan totals 10 billion rubles.",
        &["10 billion rubles => 10000000000 RUB -"],
    ),
    (
        "Exports reached 3 trillion yen.",
        &["3 trillion yen => 3000000000000 JPY -"],
    ),
    (
        "North Korea fired four ballistic missiles.",
        &["four ballistic missiles => 4 missiles -"],
    ),
    (
        "The ship carried 1,200 artillery shells.",
        &["1,200 artillery shells => 1200 artillery shells -"],
    ),
    (
        "Officials counted 45 dead and 120 wounded.",
        &["45 dead => 45 dead -", "120 wounded => 120 wounded -"],
    ),
    (
        "The summit drew leaders from 12 countries and 3 agencies.",
        &[
            "12 countries => 12 countries -",
            "3 agencies => 3 agencies -",
        ],
    ),
    (
        "The fund raised $1,000,000 for schools.",
        &["$1,000,000 => 1000000 USD -"],
    ),
    (
        "The firm cut 3,500 jobs at two plants.",
        &["3,500 jobs => 3500 jobs -", "two plants => 2 plants -"],
    ),
    ("Inflation hit 7.5% in May.", &["7.5% => 7.5 percent -"]),
    (
        "Seoul announced a 3-month ban on imports.",
        &["3-month ban => 3 month ban"],
    ),
    // not quantities
    ("The treaty was signed in 2024.", &[]),
    ("The leaders met on June 19, 2024.", &[]),
    ("He arrived two days ago.", &[]),
    ("It was the second meeting this year.", &[]),
    ("Troops reached the 5th district.", &[]),
    ("The council passed Resolution 2231.", &[]),
    ("Fighting in the 1990s killed many.", &[]),
    ("Thousands gathered in the square.", &[]),
    ("One of the envoys left early.", &[]),
    ("The two met at the Six-Party Talks.", &[]),
    ("The 2022 invasion of Ukraine changed trade.", &[]),
    ("Soviet rule (1948-1991) ended quietly.", &[]),
    ("The toll rose to 12 on Friday.", &["12 => 12 - -"]),
    ("Kyiv received F-16 jets.", &[]),
    ("The summit ran June 19-20, 2024 in Pyongyang.", &[]),
    ("Was the threat bigger in 2024?", &[]),
    (
        "The Hwasong-18 missile flew 1,000 kilometres.",
        &["1,000 kilometres => 1000 kilometres -"],
    ),
];

#[test]
fn quantity_phrases() {
    let p = pipeline();
    let mut failures = Vec::new();
    for (text, expected) in CASES {
        let got: Vec<String> = quantities_in(&p, text).iter().map(render).collect();
        let want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
        if got != want {
            failures.push(format!("{text}\n  got  {got:?}\n  want {want:?}"));
        }
    }
    assert!(CASES.len() >= 40, "{} cases", CASES.len());
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn head_and_offsets() {
    let p = pipeline();
    let text = "Officials said that Russia shipped 11,000 containers of munitions.";
    let found = quantities_in(&p, text);
    let [m] = found.as_slice() else {
        panic!("{found:?}");
    };
    assert_eq!(m.span.slice(text), Some("11,000 containers of munitions"));
    assert_eq!(m.tokens, (5, 9));
    assert_eq!(m.head, 6, "the number counts 'containers'");
    let json = serde_json::to_string(&m.quantity).unwrap_or_default();
    assert!(json.contains("\"value\":11000,"), "{json}");
}
