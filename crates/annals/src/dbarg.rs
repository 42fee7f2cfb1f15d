//! `--db`: only the commands that read or write a database offer it (in their `--help`),
//! so a command that uses none does not pretend to. It is also accepted before the
//! command (`annals --db news.db events`), where a command without a database refuses it
//! rather than ignoring it.

use std::path::PathBuf;

use clap::Args;

use crate::cli::{Cli, Command};

/// The database used when neither `--db` nor `ANNALS_DB` names one.
pub const DEFAULT_DB: &str = "annals.db";

/// The environment variable naming the database.
pub const DB_ENV: &str = "ANNALS_DB";

/// The `--db` of a command that uses a database.
#[derive(Debug, Args, Clone, Default)]
pub struct DbArg {
    /// The database: a SQLite file or a PostgreSQL URL (postgres://user@host/db); default
    /// $ANNALS_DB, else ./annals.db.
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,
}

impl Command {
    /// The command's `--db`, or `None` for a command that uses no database.
    fn db_arg(&self) -> Option<&DbArg> {
        match self {
            Command::Ingest(a) => Some(&a.db),
            Command::Docs(a) => Some(&a.db),
            Command::Show(a) => Some(&a.db),
            Command::Search(a) => Some(&a.db),
            Command::Demo(a) => Some(&a.db),
            Command::Watch(a) => Some(&a.db),
            Command::Actors(a) => Some(&a.db),
            Command::Events(a) => Some(&a.db),
            Command::Export(a) => Some(&a.db),
            Command::Bench(crate::cli::BenchCommand::Store { db, .. }) => Some(db),
            Command::Bench(crate::cli::BenchCommand::Ingest { db, .. }) => Some(db),
            Command::Bench(crate::cli::BenchCommand::Serve { db, .. }) => Some(db),
            Command::Stories(a) => Some(&a.db),
            Command::Story(a) => Some(&a.db),
            Command::Contradictions(a) => Some(&a.db),
            Command::Timeline(a) => Some(&a.db),
            Command::Graph(a) => Some(&a.db),
            Command::Serve(a) => Some(&a.db),
            Command::Eval(crate::cli::EvalCommand::Stories(a)) => Some(&a.db),
            Command::Nlp(_)
            | Command::Parse(_)
            | Command::Actor(_)
            | Command::Bench(_)
            | Command::Codes(_)
            | Command::Eval(_)
            | Command::Coder(_)
            | Command::Code(_) => None,
        }
    }

    /// The command's name as typed (`events`), for messages.
    fn name(&self) -> &'static str {
        match self {
            Command::Ingest(_) => "ingest",
            Command::Docs(_) => "docs",
            Command::Show(_) => "show",
            Command::Search(_) => "search",
            Command::Demo(_) => "demo",
            Command::Nlp(_) => "nlp",
            Command::Parse(_) => "parse",
            Command::Actors(_) => "actors",
            Command::Actor(_) => "actor",
            Command::Bench(_) => "bench",
            Command::Watch(_) => "watch",
            Command::Codes(_) => "codes",
            Command::Eval(_) => "eval",
            Command::Coder(_) => "coder",
            Command::Code(_) => "code",
            Command::Events(_) => "events",
            Command::Export(_) => "export",
            Command::Stories(_) => "stories",
            Command::Story(_) => "story",
            Command::Contradictions(_) => "contradictions",
            Command::Timeline(_) => "timeline",
            Command::Graph(_) => "graph",
            Command::Serve(_) => "serve",
        }
    }
}

/// Settle `cli.global.db`: the command's own `--db`, else the one before the command,
/// else `$ANNALS_DB`, else [`DEFAULT_DB`]. A `--db` before a command that uses no
/// database is a usage error (the message says so).
pub fn resolve(cli: &mut Cli, env: Option<std::ffi::OsString>) -> Result<(), String> {
    let Some(own) = cli.command.db_arg() else {
        return match &cli.db {
            Some(_) => Err(format!(
                "`annals {}` uses no database; leave out --db",
                cli.command.name()
            )),
            None => Ok(()),
        };
    };
    cli.global.db = own
        .db
        .clone()
        .or_else(|| cli.db.clone())
        .or_else(|| env.filter(|v| !v.is_empty()).map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(DEFAULT_DB));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{CommandFactory, Parser};

    fn db_of(args: &[&str], env: Option<&str>) -> Result<PathBuf, String> {
        let mut cli = Cli::try_parse_from(args).map_err(|e| e.to_string())?;
        resolve(&mut cli, env.map(Into::into))?;
        Ok(cli.global.db)
    }

    #[test]
    fn db_before_after_env_default() {
        let p = |s: &str| Ok(PathBuf::from(s));
        assert_eq!(db_of(&["annals", "docs"], None), p("annals.db"));
        assert_eq!(db_of(&["annals", "docs"], Some("e.db")), p("e.db"));
        assert_eq!(
            db_of(&["annals", "--db", "a.db", "docs"], Some("e.db")),
            p("a.db")
        );
        assert_eq!(
            db_of(&["annals", "--db", "a.db", "docs", "--db", "b.db"], None),
            p("b.db")
        );
        assert_eq!(
            db_of(&["annals", "events", "--db", "b.db"], None),
            p("b.db")
        );
    }

    #[test]
    fn commands_without_a_database_neither_offer_nor_take_db() {
        let err = db_of(&["annals", "--db", "a.db", "codes"], None).unwrap_err();
        assert!(err.contains("`annals codes` uses no database"), "{err}");
        assert!(db_of(&["annals", "codes", "--db", "a.db"], None).is_err());
        assert!(db_of(&["annals", "codes"], Some("e.db")).is_ok());
        let mut cmd = Cli::command();
        cmd.build();
        for sub in cmd.get_subcommands() {
            let offers = sub.get_arguments().any(|a| a.get_id() == "db");
            let uses = [
                "ingest",
                "docs",
                "show",
                "search",
                "demo",
                "watch",
                "actors",
                "events",
                "export",
                "stories",
                "story",
                "contradictions",
                "timeline",
                "graph",
                "serve",
            ]
            .contains(&sub.get_name());
            assert_eq!(offers, uses, "annals {} --db", sub.get_name());
            for nested in sub.get_subcommands() {
                let path = (sub.get_name(), nested.get_name());
                let nested_uses = matches!(
                    path,
                    ("bench", "store")
                        | ("bench", "ingest")
                        | ("bench", "serve")
                        | ("eval", "stories")
                );
                assert_eq!(
                    nested.get_arguments().any(|a| a.get_id() == "db"),
                    nested_uses,
                    "annals {} {} --db",
                    sub.get_name(),
                    nested.get_name()
                );
            }
        }
    }
}
