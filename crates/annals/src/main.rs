//! The `annals` command: wires the pipeline crates (ingest → nlp → store) into subcommands.

mod cli;
mod commands;
mod output;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, CoderCommand, Command, EvalCommand};

fn main() -> ExitCode {
    let cli = Cli::parse();
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
        Command::Serve(args) => commands::serve::run(&cli.global, args),
        Command::Coder(CoderCommand::Train(args)) => commands::coder_train::run(&cli.global, args),
        Command::Eval(EvalCommand::Events(args)) => commands::eval_events::run(&cli.global, args),
        Command::Eval(EvalCommand::Extract {
            dir,
            extractor,
            format,
        }) => commands::eval_extract::run(&cli.global, dir, extractor, format),
    };
    match result {
        Ok(status) => status.into(),
        Err(err) => {
            eprintln!("error: {err:#}");
            commands::Status::Failed.into()
        }
    }
}

/// Logs go to stderr; `-q` keeps errors only, `-v` adds per-document detail, and
/// `RUST_LOG` overrides both.
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
        .without_time()
        .with_target(false)
        .init();
}
