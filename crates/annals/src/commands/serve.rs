//! `annals serve`: the HTTP API and web UI of `annals-server` over the database.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Args;

use annals_server::backend::DatabaseOpener;
use annals_server::pool::StorePool;
use annals_server::upload::Uploads;

use super::Status;
use crate::cli::GlobalArgs;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on; the default is reachable from this machine only. Port 0 picks
    /// a free port (the line printed at start names it).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Store calls running at once (each on its own database connection).
    #[arg(long, default_value_t = 8)]
    pub connections: usize,
    /// Seconds a request may take before it is answered with 503.
    #[arg(long, default_value_t = annals_server::DEFAULT_TIMEOUT.as_secs())]
    pub timeout: u64,
    /// Accept `POST /api/v1/documents` from clients that send this file's content (its
    /// first line, trimmed) as `Authorization: Bearer …`. The variable ANNALS_TOKEN gives the
    /// token itself instead. Without either the server is read-only.
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
    /// Largest posted body, in megabytes.
    #[arg(long, default_value_t = 10)]
    pub max_body_mb: usize,
    #[command(flatten)]
    pub model: crate::cli::ModelArgs,
    #[command(flatten)]
    pub db: crate::cli::DbArg,
}

/// The upload token: the file's first line, else `ANNALS_TOKEN`; `None` when neither is
/// given.
fn token(args: &ServeArgs) -> Result<Option<String>> {
    if let Some(path) = &args.token_file {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the token file {}", path.display()))?;
        return Ok(Some(text.lines().next().unwrap_or_default().to_owned()));
    }
    Ok(std::env::var("ANNALS_TOKEN").ok())
}

/// Uploads with the engine of `annals ingest` (same model and knowledge base), when a
/// token is given.
fn uploads(global: &GlobalArgs, args: &ServeArgs) -> Result<Option<Arc<Uploads>>> {
    let Some(token) = token(args)? else {
        return Ok(None);
    };
    let analyzer = super::ingest::full_analyzer(&args.model, &[])?;
    let db = global.db.to_string_lossy();
    let max_body = args.max_body_mb.max(1).saturating_mul(1 << 20);
    Ok(Some(Arc::new(Uploads::new(
        &token,
        &db,
        Arc::new(analyzer),
        max_body,
    )?)))
}

pub fn run(global: &GlobalArgs, args: ServeArgs) -> Result<Status> {
    let opener = DatabaseOpener::new(&global.db)?;
    // Open one connection now, so a database that cannot be read fails here, not on the
    // first request.
    annals_server::read::StoreOpener::open(&opener)?;
    let pool = Arc::new(StorePool::new(Box::new(opener), args.connections));
    let uploads = uploads(global, &args)?;
    let mode = if uploads.is_some() {
        "accepting POST /api/v1/documents with the token"
    } else {
        "read-only"
    };
    let app =
        annals_server::router_with_uploads(pool, Duration::from_secs(args.timeout.max(1)), uploads);
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .with_context(|| format!("cannot listen on {}", args.listen))?;
        let addr = listener.local_addr()?;
        let mut out = std::io::stdout().lock();
        writeln!(
            out,
            "annals serve: http://{addr}/ (database {}, {mode}; API at http://{addr}/api/v1/openapi.json); ctrl-C stops",
            global.db.display()
        )?;
        out.flush()?;
        drop(out);
        annals_server::serve(listener, app, annals_server::shutdown_signal()).await?;
        if !global.quiet {
            eprintln!("annals serve: stopped");
        }
        anyhow::Ok(())
    })?;
    Ok(Status::Success)
}
