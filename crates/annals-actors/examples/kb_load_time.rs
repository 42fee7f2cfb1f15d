//! Prints how long the compiled-in knowledge base takes to load (parse, check, index).
//! Measure in release mode: `cargo run --release -p annals-actors --example kb_load_time`.

use std::time::Instant;

fn main() -> Result<(), annals_actors::KbError> {
    let mut times = Vec::new();
    let mut summary = String::new();
    let mut dated = 0;
    for _ in 0..7 {
        let start = Instant::now();
        let kb = annals_actors::KnowledgeBase::builtin()?;
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        summary = kb.summary();
        dated = kb.people_with_dated_roles();
    }
    times.sort_by(f64::total_cmp);
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    let first = times.first().copied().unwrap_or_default();
    println!("{summary}; {dated} people with dated roles");
    println!(
        "load: median {median:.1} ms, fastest {first:.1} ms over {} runs",
        times.len()
    );
    Ok(())
}
