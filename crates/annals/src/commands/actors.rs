//! `annals actors` (find and resolve actor mentions, or read the stored ones) and
//! `annals actor CODE|NAME` (show a knowledge-base entry with its roles over time).

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

use annals_actors::{ActorResolver, KnowledgeBase, UnresolvedKind};
use annals_core::ActorMention;
use annals_nlp::pipeline::Scratch;
use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use serde::Serialize;

use super::code::{for_each_document, reader_options};
use super::Status;
use crate::cli::{ActorArgs, GlobalArgs, ModelArgs};

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum MentionFormat {
    Table,
    Jsonl,
}

#[derive(Debug, Args)]
pub struct ActorsArgs {
    /// Files, directories or globs to read as `annals ingest` does (`-` for stdin).
    pub paths: Vec<String>,
    /// Read the mentions stored in the database (by `annals ingest`) instead of files.
    #[arg(long, conflicts_with = "paths")]
    pub stored: bool,
    /// With --stored: only this document (its id or a unique prefix, as `annals events --doc`).
    #[arg(long, requires = "stored")]
    pub doc: Option<String>,
    /// Show the most frequent unresolved names with their counts, grouped by their likely
    /// kind (person, organisation, place, other): what the knowledge base misses.
    #[arg(long)]
    pub unresolved: bool,
    /// How many unresolved names --unresolved shows (per kind).
    #[arg(long, default_value_t = 30)]
    pub top: usize,
    /// At most this many mention rows.
    #[arg(long)]
    pub limit: Option<usize>,
    #[arg(long, value_enum, default_value_t = MentionFormat::Table)]
    pub format: MentionFormat,
    #[command(flatten)]
    pub actors: ActorArgs,
    #[command(flatten)]
    pub model: ModelArgs,
    /// With --stored: the database to read.
    #[command(flatten)]
    pub db: crate::cli::DbArg,
}

#[derive(Debug, Args)]
pub struct ActorArgsShow {
    /// An actor code (RUSGOV, PRK, EU), office id (RUS/president), person id, or any name.
    pub query: String,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub actors: ActorArgs,
}

/// The knowledge base: built-in files, the user's config directory, then `--actors` files.
pub fn knowledge_base(args: &ActorArgs) -> Result<Arc<KnowledgeBase>> {
    annals_pipeline::actor_knowledge_base(&args.actors).context("loading the actor knowledge base")
}

/// One output line: a mention with one of its actors (nulls where unknown).
#[derive(Debug, Serialize)]
struct MentionRow<'a> {
    doc_id: &'a str,
    /// 1-based, as `annals show` numbers sentences.
    sentence: usize,
    text: &'a str,
    start: usize,
    end: usize,
    code: Option<&'a str>,
    country: Option<&'a str>,
    sector: Option<&'a str>,
    name: Option<&'a str>,
    wikidata: Option<&'a str>,
    via: &'a str,
}

fn rows_of<'a>(doc_id: &'a str, m: &'a ActorMention) -> Vec<MentionRow<'a>> {
    let base = |a: Option<&'a annals_core::Actor>| MentionRow {
        doc_id,
        sentence: m.sentence + 1,
        text: &m.text,
        start: m.span.start,
        end: m.span.end,
        code: a.map(|a| a.code.as_str()),
        country: a.and_then(|a| a.country.as_deref()),
        sector: a.and_then(|a| a.sector.as_deref()),
        name: a.and_then(|a| a.name.as_deref()),
        wikidata: a.and_then(|a| a.wikidata.as_deref()),
        via: m.via.as_str(),
    };
    if m.actors.is_empty() {
        vec![base(None)]
    } else {
        m.actors.iter().map(|a| base(Some(a))).collect()
    }
}

fn table_row(r: &MentionRow) -> Vec<String> {
    vec![
        crate::output::truncate(r.doc_id, 16),
        r.sentence.to_string(),
        crate::output::truncate(r.text, 40),
        r.code.unwrap_or("-").to_string(),
        r.name.unwrap_or("").to_string(),
        r.via.to_string(),
    ]
}

const COLUMNS: &[&str] = &["doc", "sent", "mention", "code", "name", "via"];

pub fn run(global: &GlobalArgs, args: ActorsArgs) -> Result<Status> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.stored {
        return run_stored(global, &args, &mut out);
    }
    if args.paths.is_empty() {
        anyhow::bail!("give files to read (or `-` for stdin), or --stored to read the database");
    }
    let analyzer = super::ingest::full_analyzer(&args.model, &args.actors.actors)?;
    let mut scratch = Scratch::default();
    let mut unresolved = Triage::default();
    let triage = ActorResolver::new(knowledge_base(&args.actors)?);
    let mut table: Vec<Vec<String>> = Vec::new();
    let mut written = 0usize;
    let mut write_err: Option<std::io::Error> = None;
    let limit = args.limit.unwrap_or(usize::MAX);
    let failed = for_each_document(&args.paths, &reader_options(None), &mut |doc| {
        let analyzed = analyzer.analyze(doc, &mut scratch);
        let (doc, mentions) = (&analyzed.doc, &analyzed.mentions);
        for m in mentions {
            if args.unresolved {
                let tokens = analyzed
                    .parsed
                    .get(m.sentence)
                    .map_or(&[][..], |p| &p.tokens[..]);
                let kind = (!m.is_resolved()).then(|| triage.unresolved_kind(m, tokens));
                unresolved.add(&m.text, kind, 1);
                continue;
            }
            for row in rows_of(&doc.id, m) {
                if written >= limit || write_err.is_some() {
                    return Ok(());
                }
                written += 1;
                match args.format {
                    MentionFormat::Table => table.push(table_row(&row)),
                    MentionFormat::Jsonl => {
                        let line = serde_json::to_string(&row).unwrap_or_default();
                        if let Err(e) = writeln!(out, "{line}") {
                            write_err = Some(e);
                        }
                    }
                }
            }
        }
        Ok(())
    })?;
    if let Some(e) = write_err {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(e.into());
        }
    }
    if args.unresolved {
        write_unresolved(&mut out, &unresolved, args.top, args.format)?;
    } else if args.format == MentionFormat::Table {
        crate::output::write_table(&mut out, COLUMNS, &table)?;
    }
    // A reader that stopped early (`| head`) is not an error.
    if let Err(e) = out.flush() {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(e.into());
        }
    }
    Ok(if failed > 0 {
        Status::Failed
    } else {
        Status::Success
    })
}

/// One kind's names: the kind, its unresolved mentions, and its most frequent names.
type KindGroup<'a> = (UnresolvedKind, u64, Vec<(&'a str, u64)>);

/// Unresolved names by likely kind, with how many mentions there were in all.
#[derive(Default)]
struct Triage {
    mentions: u64,
    unresolved: u64,
    /// name → (mentions, mentions per kind in `UnresolvedKind::ALL` order)
    names: HashMap<String, (u64, [u64; 4])>,
}

impl Triage {
    /// One mention (`kind` is `None` when it was resolved), or `count` stored ones.
    fn add(&mut self, text: &str, kind: Option<UnresolvedKind>, count: u64) {
        self.mentions += count;
        let Some(kind) = kind else { return };
        self.unresolved += count;
        let slot = UnresolvedKind::ALL
            .iter()
            .position(|k| *k == kind)
            .unwrap_or(3);
        let entry = self.names.entry(text.to_string()).or_default();
        entry.0 += count;
        if let Some(n) = entry.1.get_mut(slot) {
            *n += count;
        }
    }

    /// The most frequent names of each kind (a name goes to its most frequent kind).
    fn by_kind(&self, top: usize) -> Vec<KindGroup<'_>> {
        let mut groups: Vec<KindGroup<'_>> = UnresolvedKind::ALL
            .iter()
            .map(|k| (*k, 0, Vec::new()))
            .collect();
        for (text, (count, per_kind)) in &self.names {
            let best = (0..4).max_by_key(|&i| (per_kind.get(i).copied(), std::cmp::Reverse(i)));
            if let Some(group) = best.and_then(|i| groups.get_mut(i)) {
                group.1 += count;
                group.2.push((text.as_str(), *count));
            }
        }
        for group in &mut groups {
            group
                .2
                .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
            group.2.truncate(top);
        }
        groups
    }
}

fn write_unresolved(
    out: &mut impl Write,
    triage: &Triage,
    top: usize,
    format: MentionFormat,
) -> Result<()> {
    let groups = triage.by_kind(top);
    match format {
        MentionFormat::Table => {
            if triage.mentions > 0 {
                writeln!(
                    out,
                    "{} of {} mentions unresolved ({:.1}%)",
                    triage.unresolved,
                    triage.mentions,
                    100.0 * triage.unresolved as f64 / triage.mentions as f64
                )?;
            }
            for (kind, count, names) in groups.iter().filter(|g| g.1 > 0) {
                writeln!(out, "\n{} ({count} mentions)", kind.as_str())?;
                let rows: Vec<Vec<String>> = names
                    .iter()
                    .map(|(t, n)| vec![n.to_string(), (*t).to_string()])
                    .collect();
                crate::output::write_table(out, &["count", "unresolved name"], &rows)?;
            }
        }
        MentionFormat::Jsonl => {
            for (kind, _, names) in &groups {
                for (text, count) in names {
                    let row =
                        serde_json::json!({"kind": kind.as_str(), "text": text, "count": count});
                    writeln!(out, "{row}")?;
                }
            }
        }
    }
    Ok(())
}

fn run_stored(global: &GlobalArgs, args: &ActorsArgs, out: &mut impl Write) -> Result<Status> {
    let store = super::open_store_read(&global.db)?;
    if args.unresolved {
        // The parse is not stored: kinds come from the names' words alone, over the most
        // frequent names overall.
        let resolver = ActorResolver::new(knowledge_base(&args.actors)?);
        let mut triage = Triage::default();
        for (text, count) in store.unresolved_mentions(args.top.saturating_mul(4))? {
            triage.add(&text, Some(resolver.unresolved_kind_of_text(&text)), count);
        }
        triage.mentions = 0; // only unresolved mentions are read back
        write_unresolved(out, &triage, args.top, args.format)?;
        return Ok(Status::Success);
    }
    let doc_id = match &args.doc {
        Some(d) => match store.resolve_id(d)? {
            Some(id) => Some(id),
            None => anyhow::bail!("no stored document matches {d:?}"),
        },
        None => None,
    };
    let rows = store.mentions(doc_id.as_deref(), args.limit)?;
    let view: Vec<MentionRow> = rows
        .iter()
        .map(|r| MentionRow {
            doc_id: &r.doc_id,
            sentence: r.sentence + 1,
            text: &r.text,
            start: r.start,
            end: r.end,
            code: r.code.as_deref(),
            country: r.country.as_deref(),
            sector: r.sector.as_deref(),
            name: r.name.as_deref(),
            wikidata: r.wikidata.as_deref(),
            via: &r.via,
        })
        .collect();
    match args.format {
        MentionFormat::Table => {
            let table: Vec<Vec<String>> = view.iter().map(table_row).collect();
            crate::output::write_table(out, COLUMNS, &table)?;
        }
        MentionFormat::Jsonl => {
            for row in &view {
                writeln!(out, "{}", serde_json::to_string(row)?)?;
            }
        }
    }
    Ok(Status::Success)
}

/// `annals actor CODE|NAME`.
pub fn run_show(_global: &GlobalArgs, args: ActorArgsShow) -> Result<Status> {
    let kb = knowledge_base(&args.actors)?;
    let entries = kb.find(&args.query);
    let mut out: Vec<u8> = Vec::new();
    if entries.is_empty() {
        eprintln!("no knowledge-base entry matches {:?}", args.query);
        return Ok(Status::Failed);
    }
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&entries)?)?;
    } else {
        write_entries(&mut out, &entries)?;
    }
    match std::io::stdout().lock().write_all(&out) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(Status::Success),
    }
}

fn write_entries(out: &mut impl Write, entries: &[annals_actors::KbEntryView]) -> Result<()> {
    for (i, e) in entries.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "{} {}  ({})", e.kind, e.key, e.source)?;
        writeln!(out, "  name:     {}", e.name)?;
        if let Some(code) = &e.code {
            writeln!(out, "  code:     {code}")?;
        }
        if !e.names.is_empty() {
            writeln!(out, "  also:     {}", e.names.join(", "))?;
        }
        if let Some(c) = &e.country {
            writeln!(out, "  country:  {c}")?;
        }
        if let Some(s) = &e.sector {
            writeln!(out, "  sector:   {s}")?;
        }
        if let Some(w) = &e.wikidata {
            writeln!(out, "  wikidata: {w}")?;
        }
        for n in &e.notes {
            writeln!(out, "  {n}")?;
        }
        if !e.roles.is_empty() {
            writeln!(out, "  roles:")?;
            for r in &e.roles {
                let who = if e.kind == "office" {
                    r.holder.as_str()
                } else {
                    r.office.as_str()
                };
                writeln!(
                    out,
                    "    {} – {}  {who} ({})",
                    r.from.as_deref().unwrap_or("?"),
                    r.until.as_deref().unwrap_or("today"),
                    r.code
                )?;
            }
        }
    }
    Ok(())
}
