//! The `annals` command: wires the pipeline crates (ingest → nlp → store) into subcommands.

mod cli;
mod commands;
mod dbarg;
mod output;
mod report;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, CoderCommand, Command, EvalCommand};

fn main() -> ExitCode {
    let mut cli = Cli::parse();
    if let Err(msg) = dbarg::resolve(&mut cli, std::env::var_os(dbarg::DB_ENV)) {
        eprintln!("error: {msg}");
        return ExitCode::from(2);
    }
    init_logging(cli.global.quiet, cli.global.verbose);
    let result = match cli.command {
        Command::Ingest(args) => commands::ingest::run(&cli.global, args),
        Command::Docs(args) => commands::docs::run(&cli.global, args),
        Command::Show(args) => commands::show::run(&cli.global, args),
        Command::Search(args) => commands::search::run(&cli.global, args),
        Command::Demo(args) => commands::demo::run(&cli.global, args),
        Command::Nlp(args) => commands::nlp::run(&cli.global, args),
        Command::Parse(args) => commands::parse::run(&cli.global, args),
        Command::Actors(args) => commands::actors::run(&cli.global, args),
        Command::Actor(args) => commands::actors::run_show(&cli.global, args),
        Command::Bench(args) => commands::bench::run(&cli.global, args),
        Command::Watch(args) => commands::watch::run(&cli.global, args),
        Command::Codes(args) => commands::codes::run(&cli.global, args),
        Command::Code(args) => commands::code::run(&cli.global, args),
        Command::Events(args) => commands::events::run(&cli.global, args),
        Command::Export(args) => commands::export::run(&cli.global, args),
        Command::Stories(args) => commands::stories::run_stories(&cli.global, args),
        Command::Story(args) => commands::stories::run_story(&cli.global, args),
        Command::Contradictions(args) => commands::stories::run_contradictions(&cli.global, args),
        Command::Timeline(args) => commands::timeline::run(&cli.global, args),
        Command::Graph(args) => commands::graph::run(&cli.global, args),
        Command::Serve(args) => commands::serve::run(&cli.global, args),
        Command::Coder(CoderCommand::Train(args)) => commands::coder_train::run(&cli.global, args),
        Command::Eval(EvalCommand::Events(args)) => commands::eval_events::run(&cli.global, args),
        Command::Eval(EvalCommand::Stories(args)) => commands::eval_stories::run(&cli.global, args),
        Command::Eval(EvalCommand::Extract {
            dir,
            extractor,
            format,
        }) => commands::eval_extract::run(&cli.global, dir, extractor, format),
    };
    match result {
        Ok(status) => status.into(),
        // `annals events | head -1`: the reader has what it wanted.
        Err(err) if report::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {}", report::error_text(&err));
            // A read command given a database that does not exist: a usage error.
            let missing_db = err.chain().any(|e| {
                matches!(
                    e.downcast_ref::<annals_store::StoreError>(),
                    Some(annals_store::StoreError::NotFound { .. })
                )
            });
            if missing_db {
                ExitCode::from(2)
            } else {
                commands::Status::Failed.into()
            }
        }
    }
}

/// Logs go to stderr; `-q` keeps errors only, `-v` adds per-document detail, and
/// `RUST_LOG` overrides both. Colours only when stderr is a terminal (not in a log file
/// or a pipe).
fn init_logging(quiet: bool, verbose: u8) {
    let level = if quiet {
        "error"
    } else {
        match verbose {
            0 => "warn",
            1 => "info",
            _ => "debug",
        }
    };
    // The trafilatura extractor warns about every page with broken JSON-LD; that is the
    // page's problem, not the user's.
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new(format!("{level},trafilatura=error"))
    });
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .without_time()
        .with_target(false)
        .init();
}
