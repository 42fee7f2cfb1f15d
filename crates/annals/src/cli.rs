//! Command-line definitions (clap derive). Every command carries an example in its help.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "annals",
    version,
    about = "A news event engine: turns news reports into a sourced record of who did what to whom.",
    after_help = "Start with `annals demo`, then `annals ingest DIR` on your own articles.\n\
                  Every command has --help with an example."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// SQLite database file.
    #[arg(long, global = true, default_value = "annals.db", env = "ANNALS_DB")]
    pub db: PathBuf,
    /// Print errors only.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// More detail (-v: per document, -vv: debug).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read articles into the store: clean them, remove boilerplate, split sentences.
    #[command(after_help = "Examples:\n  annals ingest ../shared/seeds/\n  \
        annals ingest 'feeds/**/*.jsonl.gz' --db news.db\n  \
        zcat dump.jsonl.gz | annals ingest - --format jsonl\n  \
        annals ingest export.csv --text-column body --published-column date")]
    Ingest(IngestArgs),
    /// List stored documents with their counts.
    #[command(after_help = "Examples:\n  annals docs\n  annals docs --limit 20 --format csv")]
    Docs(DocsArgs),
    /// Show one document: numbered sentences, headings, removed lines with reasons.
    #[command(after_help = "Examples:\n  annals show wire-0001\n  annals show 095ba332 --format json")]
    Show(ShowArgs),
    /// Full-text search over sentences (SQLite FTS5), with snippets.
    #[command(after_help = "Examples:\n  annals search sanctions\n  \
        annals search \"U.S. officials\" --limit 5\n  annals search 'munitions NEAR/5 containers'")]
    Search(SearchArgs),
    /// Ingest the bundled example articles into the database and show what was found.
    #[command(after_help = "Example:\n  cargo run --release -- demo")]
    Demo(DemoArgs),
    /// NLP tools: sentence-splitter evaluation.
    #[command(subcommand)]
    Nlp(NlpCommand),
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum OutputFormat {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum InputFormat {
    Txt,
    Md,
    Jsonl,
    Csv,
    Tsv,
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files, directories (read recursively), glob patterns, or `-` for stdin.
    #[arg(required = true)]
    pub paths: Vec<String>,
    /// Input format; by default from the file extension (`.gz` allowed on each).
    #[arg(long, value_enum)]
    pub format: Option<InputFormat>,
    /// Largest document accepted, in megabytes.
    #[arg(long, default_value_t = 50)]
    pub max_doc_mb: u64,
    /// CSV/TSV column holding the document id.
    #[arg(long, default_value = "id")]
    pub id_column: String,
    /// CSV/TSV column holding the URL.
    #[arg(long, default_value = "url")]
    pub url_column: String,
    /// CSV/TSV column holding the title.
    #[arg(long, default_value = "title")]
    pub title_column: String,
    /// CSV/TSV column holding the publication date.
    #[arg(long, default_value = "published")]
    pub published_column: String,
    /// CSV/TSV column holding the publisher.
    #[arg(long, default_value = "publisher")]
    pub publisher_column: String,
    /// CSV/TSV column holding the article text.
    #[arg(long, default_value = "text")]
    pub text_column: String,
    /// Documents written per database transaction.
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u64).range(1..))]
    pub batch: u64,
}

#[derive(Debug, Args)]
pub struct DocsArgs {
    /// Show at most this many documents.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Skip this many documents first.
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Document id, or a unique prefix of it (at least 4 characters).
    pub doc: String,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to find. Plain words match all of them; FTS5 syntax (AND, OR, NEAR, "…", prefix*) is passed through.
    pub query: String,
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct DemoArgs {}

#[derive(Debug, Subcommand)]
pub enum NlpCommand {
    /// Score the sentence splitter on a UD CoNLL-U file (rebuilds raw text from `# text`).
    #[command(after_help = "Example:\n  annals nlp eval-sentences --conllu ../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu")]
    EvalSentences {
        /// Gold-standard CoNLL-U file.
        #[arg(long)]
        conllu: PathBuf,
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
    },
}
