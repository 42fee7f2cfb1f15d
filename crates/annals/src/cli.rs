//! Command-line definitions (clap derive). Every command carries an example in its help.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use crate::dbarg::DbArg;

#[derive(Debug, Parser)]
#[command(
    name = "annals",
    version,
    about = "A news event engine: turns news reports into a sourced record of who did what to whom.",
    after_help = "Start with `annals demo`, then `annals ingest DIR` on your own articles.\n\
                  Every command has --help with an example."
)]
pub struct Cli {
    /// SQLite database of the commands that use one (ingest, docs, show, search, events,
    /// actors --stored, watch, demo); also accepted after the command. Default: $ANNALS_DB,
    /// else ./annals.db.
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// The database of the commands that use one, from their `--db`, the `--db` before
    /// the command, `ANNALS_DB` or the default (see [`crate::dbarg`]).
    #[arg(skip = PathBuf::from(crate::dbarg::DEFAULT_DB))]
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
    #[command(after_help = "Examples:\n  annals show wire-0001\n  \
        annals show 000_095ba332747d2447.txt --format json")]
    Show(ShowArgs),
    /// Full-text search over sentences (SQLite FTS5), with snippets.
    #[command(after_help = "Examples:\n  annals search sanctions\n  \
        annals search \"U.S. officials\" --limit 5\n  annals search 'munitions NEAR/5 containers'")]
    Search(SearchArgs),
    /// Ingest the bundled example articles into the database and show what was found.
    #[command(after_help = "Example:\n  cargo run --release -- demo")]
    Demo(DemoArgs),
    /// NLP tools: train and evaluate the model, score the sentence splitter.
    #[command(subcommand)]
    Nlp(NlpCommand),
    /// Tokenize, tag, lemmatise and parse raw text; print CoNLL-U with character offsets.
    #[command(
        after_help = "Examples:\n  echo 'Kim met Putin in Pyongyang.' | annals parse\n  \
        annals parse ../shared/seeds/003_6fea2f5c7dd29069.txt > seeds.conllu"
    )]
    Parse(ParseArgs),
    /// Find actor mentions in articles and resolve them to CAMEO-style codes; or read the stored ones.
    #[command(after_help = "Examples:\n  annals actors ../shared/seeds/\n  \
        annals actors articles.jsonl --format jsonl --actors my-actors.toml\n  \
        annals actors corpus.jsonl --unresolved --top 30\n  annals actors --stored --doc wire-0001")]
    Actors(crate::commands::actors::ActorsArgs),
    /// Show a knowledge-base entry (state, IGO, person, office, organisation) with its roles over time.
    #[command(
        after_help = "Examples:\n  annals actor RUS/president\n  annals actor Putin\n  \
        annals actor RUSMED --json"
    )]
    Actor(crate::commands::actors::ActorArgsShow),
    /// Benchmarks.
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Poll RSS/Atom feeds and ingest their new items (conditional GETs, polite per host).
    #[command(
        after_help = "Examples:\n  annals watch feeds.txt --every 15m --db news.db\n  \
        annals watch feeds.txt --once\n\n\
        feeds.txt holds one URL a line; lines starting with # are comments.\n\
        ETag/Last-Modified per feed are kept in <db>.watch.json."
    )]
    Watch(WatchArgs),
    /// CAMEO event codes with Goldstein score, QuadClass and PLOVER mapping; PLOVER types.
    #[command(
        after_help = "Examples:\n  annals codes 05\n  annals codes 0 --format jsonl\n  \
        annals codes --plover"
    )]
    Codes(crate::commands::codes::CodesArgs),
    /// Evaluations against reference data.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// The event coder's learned model.
    #[command(subcommand)]
    Coder(CoderCommand),
    /// Code events (who did what to whom) from articles, without a database; events to stdout.
    #[command(
        after_help = "Examples:\n  annals code ../shared/seeds/ --format table\n  \
        annals code articles.jsonl > events.jsonl\n  echo 'Putin visited Pyongyang.' | annals code -"
    )]
    Code(crate::commands::code::CodeArgs),
    /// Query the events stored by ingest: by actor, dyad, code, PLOVER type, modality, date.
    #[command(after_help = "Examples:\n  annals events --dyad RUS,PRK\n  \
        annals events --code 07 --modality reported --format jsonl\n  \
        annals events --actor RUS --since 2022-01 --until 2024-06 --format csv\n  \
        annals events --dyad RUS,PRK --since 2024 --undated")]
    Events(crate::commands::events::EventsArgs),
    /// Stream events, mentions or documents to CSV, TSV, JSONL, Parquet, or the GDELT and POLECAT layouts.
    #[command(
        after_help = "Examples:\n  annals export events --format parquet --out events.parquet\n  \
        annals export events --format parquet --out events/ --since 2024\n  \
        annals export events --format gdelt --dyad RUS,PRK --out - > rus-prk.gdelt.tsv\n  \
        annals export documents --format jsonl --out docs.jsonl\n  \
        annals export mentions --format csv --out -"
    )]
    Export(crate::commands::export::ExportArgs),
    /// Stories: documents grouped by the happening they report, with their independent sources.
    #[command(after_help = "Examples:\n  annals stories\n  \
        annals stories --actor PRK --since 2024-06 --min-sources 2\n  \
        annals stories --rebuild --format json")]
    Stories(crate::commands::stories::StoriesArgs),
    /// One story: its documents, its event clusters with their sources, its contradictions.
    #[command(after_help = "Examples:\n  annals story 000_095ba332747d2447.txt\n  \
        annals story 2024-06-21-shipments-followup.jsonl --format json")]
    Story(crate::commands::stories::StoryArgs),
    /// Where sources disagree about an event: date, quantity, modality, direction or actor, with both sentences.
    #[command(after_help = "Examples:\n  annals contradictions\n  \
        annals contradictions --kind quantity --format csv")]
    Contradictions(crate::commands::stories::ContradictionsArgs),
    /// A dyad's events per week or month by QuadClass (or PLOVER type); --svg draws the chart.
    #[command(after_help = "Examples:\n  annals timeline --dyad RUS,PRK\n  \
        annals timeline --dyad RUS,UKR --since 2022 --by week --plover\n  \
        annals timeline --dyad RUS,PRK --clustered --svg rus-prk.svg")]
    Timeline(crate::commands::timeline::TimelineArgs),
    /// The actor network of the event clusters (edges: clusters, sources, mean Goldstein) as GEXF, GraphML or DOT.
    #[command(after_help = "Examples:\n  annals graph > actors.gexf\n  \
        annals graph --since 2024-01 --format graphml > actors.graphml\n  \
        annals graph --format dot > actors.dot")]
    Graph(crate::commands::graph::GraphArgs),
    /// Serve the HTTP JSON API (/api/v1) and the web UI over the database, read-only.
    #[command(after_help = "Examples:\n  annals serve --listen 127.0.0.1:0\n  \
        annals serve --db news.db --listen 127.0.0.1:0\n\n\
        Then open http://127.0.0.1:8080/ ; the API is described at /api/v1/openapi.json.")]
    Serve(crate::commands::serve::ServeArgs),
}

/// `annals coder …` subcommands.
#[derive(Debug, Subcommand)]
pub enum CoderCommand {
    /// Train the event model (which candidates become events) on the annotated corpus;
    /// deterministic, a few minutes.
    #[command(after_help = "Examples:\n  annals coder train\n  \
        annals coder train --gold crates/annals-coder/gold/wikinews-events.jsonl \\\n    \
        --split train --out models/events.tsv")]
    Train(crate::commands::coder_train::CoderTrainArgs),
}

/// `annals eval …` subcommands.
#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Score coded events against a gold file: P/R/F1 at CAMEO root and full code, modality
    /// and attribution accuracy, per split.
    #[command(
        after_help = "Examples:\n  annals eval events --gold crates/annals-coder/gold/wikinews-dev.jsonl\n  \
        annals eval events --gold gold.jsonl --pred events.jsonl --format json"
    )]
    Events(crate::commands::eval_events::EvalEventsArgs),
    /// Score stored stories against a story gold file: document B³ P/R/F1 and ARI,
    /// event-cluster pairwise P/R/F1, contradiction P/R (the gold's documents only).
    #[command(
        after_help = "Examples:\n  annals ingest ../shared/seeds/ corpus.jsonl --db stories.db\n  \
        annals eval stories --db stories.db --gold crates/annals-stories/gold/stories.jsonl"
    )]
    Stories(crate::commands::eval_stories::EvalStoriesArgs),
    /// Score HTML main-text extraction on an article-extraction benchmark directory
    /// (`ground-truth.json` + `html/<id>.html.gz`): word 4-gram shingle precision, recall, F1.
    #[command(after_help = "Examples:\n  annals eval extract\n  \
        annals eval extract --dir ../shared/data/article-extraction-dev --extractor consensus -v")]
    Extract {
        /// Benchmark directory (default: $ANNALS_SHARED/data/article-extraction-dev, else ../shared/…).
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Score only this extractor: consensus (the reader's), rs-trafilatura, trafilatura or
        /// dom_smoothie (default: all).
        #[arg(long)]
        extractor: Option<String>,
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
    },
}

/// Which NLP model to use: the one compiled into the binary unless a file is given.
#[derive(Debug, Args, Clone)]
pub struct ModelArgs {
    /// Model file (default: the model compiled into this binary).
    #[arg(long, env = "ANNALS_MODEL")]
    pub model: Option<PathBuf>,
}

/// Extra actor knowledge-base files (same format as the built-in ones; see
/// crates/annals-actors/data/FORMAT.md). They add entries or replace built-in ones by key,
/// after the files in the config directory ($ANNALS_CONFIG_DIR/actors/, else
/// ~/.config/annals/actors/).
#[derive(Debug, Args, Clone, Default)]
pub struct ActorArgs {
    /// Actor file (.toml or sectors .tsv); repeatable.
    #[arg(long = "actors", value_name = "FILE")]
    pub actors: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// Text file to parse, or `-` for stdin (the default).
    #[arg(default_value = "-")]
    pub input: String,
    #[command(flatten)]
    pub model: ModelArgs,
}

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Event coder throughput: parse, actors and coder timed apart on one thread
    /// (sentences/s, coder cost relative to parsing, articles/s end to end).
    #[command(after_help = "Examples:\n  cargo run --release -- bench code\n  \
        annals bench code --corpus articles.jsonl --passes 1")]
    Code(crate::commands::code::BenchCodeArgs),
    /// Throughput of tokenize + tag + lemmatize + parse, single- and multi-threaded, and peak memory.
    #[command(after_help = "Examples:\n  cargo run --release -- bench nlp\n  \
        annals bench nlp --corpus articles.jsonl --threads 2 --min-words 1000000")]
    Nlp {
        /// JSONL corpus (default: $ANNALS_SHARED/data/wikinews/wikinews_en.jsonl, else ../shared/…).
        #[arg(long)]
        corpus: Option<PathBuf>,
        /// Threads for the multi-threaded run (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        /// Repeat the corpus until it holds at least this many words.
        #[arg(long, default_value_t = 3_000_000)]
        min_words: usize,
        #[command(flatten)]
        model: ModelArgs,
    },
    /// End-to-end ingest throughput (read, clean, parse, actors, events, store) into a
    /// temporary database, with 1 and N worker threads, and each run's peak memory.
    #[command(after_help = "Examples:\n  cargo run --release -- bench ingest\n  \
        annals bench ingest --docs 60000 --threads 2\n  \
        annals bench ingest --threads 2 --no-single --db postgres://user@host/empty_db\n\n\
        With --db the documents go into that database (a new or empty SQLite file or \
        PostgreSQL database) in one run, so give --no-single (or --threads 1); without it, \
        into temporary SQLite files.")]
    Ingest {
        /// JSONL corpus (default: $ANNALS_SHARED/data/wikinews/wikinews_en.jsonl, else ../shared/…).
        #[arg(long)]
        corpus: Option<PathBuf>,
        /// Repeat the corpus to this many documents.
        #[arg(long, default_value_t = 20_000)]
        docs: usize,
        /// Worker threads for the multi-threaded run (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        /// Documents a transaction.
        #[arg(long, default_value_t = 1024)]
        batch: usize,
        /// Skip the single-threaded run (halves the time of a comparison at N threads).
        #[arg(long)]
        no_single: bool,
        #[command(flatten)]
        model: ModelArgs,
        #[command(flatten)]
        db: DbArg,
    },
    /// The store alone, on the backend --db names: write N generated documents with events
    /// (no NLP), then the median and 95th-percentile time of the common queries.
    #[command(
        after_help = "Examples:\n  annals bench store --db bench-store.db --docs 100000\n\n\
        On PostgreSQL, give --db the URL of a new, empty database (it refuses one with documents)."
    )]
    Store {
        /// Documents to write (four sentences and four events each).
        #[arg(long, default_value_t = 10_000)]
        docs: usize,
        #[command(flatten)]
        db: DbArg,
    },
    /// The HTTP server under load: a database of generated documents (`bench store`'s),
    /// built when --db is new or empty and reused when an earlier run filled it, served
    /// in-process on a free 127.0.0.1 port; p50/p99 of the events list's first page (no
    /// filter, then each single filter) and of an event page one request at a time, then
    /// requests/s of event pages of random documents with N concurrent clients.
    #[command(
        after_help = "Examples (build with --release for figures that mean anything):
          annals bench serve --db bench-serve.db --docs 100000
          annals bench serve --db postgres://user@host/empty_db --docs 100000 --clients 16

        On PostgreSQL, give --db the URL of a new, empty database (or one an earlier run filled)."
    )]
    Serve {
        /// Documents to generate into an empty database (four events each).
        #[arg(long, default_value_t = 100_000)]
        docs: usize,
        /// Requests per route for the one-at-a-time latencies.
        #[arg(long, default_value_t = 200)]
        runs: usize,
        /// Concurrent clients for the requests/s figure.
        #[arg(long, default_value_t = 8)]
        clients: usize,
        /// Seconds the concurrent clients run.
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        /// Store connections of the server (as `annals serve --connections`).
        #[arg(long, default_value_t = 8)]
        connections: usize,
        #[command(flatten)]
        db: DbArg,
    },
    /// The Parquet export at scale: the bundled examples analysed once and repeated into a
    /// scratch database until it holds N events, then exported (one file, and by month)
    /// with time and peak memory. The scratch database is deleted afterwards.
    #[command(
        after_help = "Example (the default is 1,000,000 events; build with --release):\n  \
        annals bench export --events 20000"
    )]
    Export {
        /// Events to export.
        #[arg(long, default_value_t = 1_000_000)]
        events: usize,
        /// Where to make the scratch directory (default: the system's temporary directory).
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Keep the scratch database (and say where) instead of deleting it.
        #[arg(long)]
        keep: bool,
    },
    /// Seconds per MB and peak memory of ingest on hostile inputs (one unpunctuated
    /// sentence, sentences on one line, a huge JSONL record, one huge token, deeply nested
    /// HTML) at several sizes: flat seconds per MB means every stage is linear.
    #[command(
        after_help = "Examples:\n  cargo run --release -- bench adversarial\n  \
        annals bench adversarial --sizes 1,2 --inputs unpunctuated,token"
    )]
    Adversarial {
        /// Input sizes in MB.
        #[arg(long, value_delimiter = ',', default_values_t = [1, 2, 4, 8])]
        sizes: Vec<usize>,
        /// Inputs to run (default: all): unpunctuated, one-line, jsonl-record, token, nested-html.
        #[arg(long, value_delimiter = ',')]
        inputs: Vec<String>,
        #[command(flatten)]
        model: ModelArgs,
    },
    /// Actor resolution throughput and its time as a share of parse time.
    #[command(after_help = "Examples:\n  cargo run --release -- bench actors\n  \
        annals bench actors --corpus articles.jsonl --docs 200")]
    Actors {
        /// JSONL corpus (default: $ANNALS_SHARED/data/wikinews/wikinews_en.jsonl, else ../shared/…).
        #[arg(long)]
        corpus: Option<PathBuf>,
        /// Use at most this many documents.
        #[arg(long)]
        docs: Option<usize>,
        #[command(flatten)]
        actors: ActorArgs,
        #[command(flatten)]
        model: ModelArgs,
    },
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
    /// An HTML page: main text and metadata extracted.
    Html,
    /// RSS 2.0, Atom or RDF: one document per item.
    Feed,
    /// A WARC crawl (`.warc` or `.warc.gz`): one document per HTML response.
    Warc,
}

impl InputFormat {
    pub fn format(self) -> annals_ingest::Format {
        use annals_ingest::Format;
        match self {
            InputFormat::Txt => Format::Text,
            InputFormat::Md => Format::Markdown,
            InputFormat::Jsonl => Format::Jsonl,
            InputFormat::Csv => Format::Csv,
            InputFormat::Tsv => Format::Tsv,
            InputFormat::Html => Format::Html,
            InputFormat::Feed => Format::Feed,
            InputFormat::Warc => Format::Warc,
        }
    }
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files, directories (read recursively), glob patterns, `-` for stdin, or http(s)
    /// URLs of pages or feeds.
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
    /// Documents written per database transaction. Each commit rewrites the index pages it
    /// touched, so larger batches cost less (1024 rather than 256: a sixth less writer CPU
    /// a document); a crash loses at most one batch, which a rerun resumes.
    #[arg(long, default_value_t = 1024, value_parser = clap::value_parser!(u64).range(1..))]
    pub batch: u64,
    /// Analysis worker threads (default: one per core).
    #[arg(long, short = 'j', value_parser = clap::value_parser!(usize))]
    pub jobs: Option<usize>,
    /// Store documents and sentences only: no parsing, actors or events.
    #[arg(long)]
    pub no_analyze: bool,
    /// Do not rebuild stories, event clusters and contradictions after storing
    /// (`annals stories --rebuild` does it later).
    #[arg(long)]
    pub no_stories: bool,
    /// Feeds: fetch and extract the article behind each item that carries only a summary.
    #[arg(long)]
    pub follow_links: bool,
    /// Extra actor file (same format as the built-in knowledge base); repeatable.
    #[arg(long = "actors", value_name = "FILE")]
    pub actors: Vec<PathBuf>,
    #[command(flatten)]
    pub model: ModelArgs,
    #[command(flatten)]
    pub db: DbArg,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// File listing feed URLs, one a line (`#` comments).
    pub feeds: PathBuf,
    /// Time between the starts of two rounds (30s, 15m, 1h30m, 1d).
    #[arg(long, default_value = "15m", value_parser = crate::commands::watch::parse_interval)]
    pub every: std::time::Duration,
    /// Poll every feed once and exit (status 1 if a feed or document failed).
    #[arg(long)]
    pub once: bool,
    /// Fetch and extract the article behind each item that carries only a summary.
    #[arg(long)]
    pub follow_links: bool,
    #[command(flatten)]
    pub model: ModelArgs,
    #[command(flatten)]
    pub db: DbArg,
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
    #[command(flatten)]
    pub db: DbArg,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Document id, a unique prefix of it (at least 4 characters), or the file it was read
    /// from (its path or part of its name).
    pub doc: String,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    #[command(flatten)]
    pub db: DbArg,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to find. Plain words match all of them; FTS5 syntax (AND, OR, NEAR, "…", prefix*) is passed through.
    pub query: String,
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    #[command(flatten)]
    pub db: DbArg,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    #[command(flatten)]
    pub db: DbArg,
}

#[derive(Debug, Subcommand)]
pub enum NlpCommand {
    /// Score the sentence splitter on a UD CoNLL-U file (rebuilds raw text from `# text`).
    #[command(
        after_help = "Example:\n  annals nlp eval-sentences --conllu ../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu"
    )]
    EvalSentences {
        /// Gold-standard CoNLL-U file.
        #[arg(long)]
        conllu: PathBuf,
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
    },
    /// Train the tagger, lemmatizer and parser on a UD treebank (deterministic).
    #[command(
        after_help = "Example (the shipped model):\n  cargo run --release -- nlp train \\\n    \
        --train ../shared/data/ud-english-ewt/en_ewt-ud-train.conllu \\\n    \
        --dev ../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu --out models/en_ewt.annals"
    )]
    Train {
        #[arg(long)]
        train: PathBuf,
        /// Development file: early stopping and the metrics recorded in the model.
        #[arg(long)]
        dev: PathBuf,
        #[arg(long)]
        out: PathBuf,
        /// Folds for jackknifed parser-training tags (1 = train the parser on gold tags).
        #[arg(long, default_value_t = 5)]
        jackknife: usize,
        /// Threads for the jackknife folds.
        #[arg(long, default_value_t = 2)]
        threads: usize,
        #[arg(long)]
        tagger_epochs: Option<usize>,
        #[arg(long)]
        parser_epochs: Option<usize>,
        /// Parser beam width: 1 trains and decodes greedily (the shipped model); wider
        /// beams train globally and parse more accurately, at several times the parsing
        /// cost (see models/README.md).
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=64))]
        beam: u16,
        /// With --beam: decoding drops candidates scoring more than this below the best
        /// (smaller is faster, larger closer to the full beam).
        #[arg(long, default_value_t = 100.0)]
        beam_margin: f32,
        /// Treebank name recorded in the model card.
        #[arg(long, default_value = "UD English-EWT v2.16")]
        treebank: String,
        /// GloVe text file (plain or .gz) whose vocabulary, most frequent first, becomes
        /// the lemmatizer's lexicon of real words (see models/README.md).
        #[arg(long)]
        glove: Option<PathBuf>,
        /// Lines of the GloVe file read for the lexicon.
        #[arg(long, default_value_t = 200_000)]
        lexicon_lines: usize,
        /// With --glove: words of the GloVe file clustered for the tagger's and the
        /// parser's word-cluster features (0: none; see models/README.md).
        #[arg(long, default_value_t = 0)]
        cluster_lines: usize,
    },
    /// Score the model on a CoNLL-U file: UPOS, XPOS, UFeats, lemma, UAS, LAS.
    #[command(
        after_help = "Examples:\n  annals nlp eval --gold ../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu\n  \
        annals nlp eval --gold ../shared/data/ud-english-ewt/en_ewt-ud-test.conllu --raw"
    )]
    Eval {
        /// Gold-standard CoNLL-U file.
        #[arg(long)]
        gold: PathBuf,
        /// Start from raw text (rebuilt from `# text`): tokens, sentences, tags and trees
        /// scored as F1 after aligning by character offsets (CoNLL 2018 shared task).
        #[arg(long)]
        raw: bool,
        #[command(flatten)]
        model: ModelArgs,
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
    },
    /// Show the model's metadata (training data checksums, command, dev metrics).
    Info {
        #[command(flatten)]
        model: ModelArgs,
    },
    /// Derive word clusters (64/256/1024/4096, nested) from GloVe vectors by deterministic
    /// hierarchical k-means; writes `word<TAB>cluster id` lines.
    #[command(
        after_help = "Example:\n  annals nlp clusters --glove ../shared/data/glove-6b-50d/glove.6B.50d.txt.gz --out clusters.tsv"
    )]
    Clusters {
        /// GloVe text file (plain or .gz), most frequent words first.
        #[arg(long)]
        glove: PathBuf,
        /// Lines (words) of the GloVe file clustered.
        #[arg(long, default_value_t = 100_000)]
        lines: usize,
        /// Lloyd iterations per split.
        #[arg(long, default_value_t = 20)]
        iterations: usize,
        #[arg(long)]
        out: PathBuf,
    },
}
