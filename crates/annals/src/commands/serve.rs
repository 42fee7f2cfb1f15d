//! `annals serve`: the HTTP API and web UI of `annals-server` over the database.

use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Args;

use annals_server::backend::DatabaseOpener;
use annals_server::pool::StorePool;

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
    #[command(flatten)]
    pub db: crate::cli::DbArg,
}

pub fn run(global: &GlobalArgs, args: ServeArgs) -> Result<Status> {
    let opener = DatabaseOpener::new(&global.db)?;
    // Open one connection now, so a database that cannot be read fails here, not on the
    // first request.
    annals_server::read::StoreOpener::open(&opener)?;
    let pool = Arc::new(StorePool::new(Box::new(opener), args.connections));
    let app = annals_server::router(pool, Duration::from_secs(args.timeout.max(1)));
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .with_context(|| format!("cannot listen on {}", args.listen))?;
        let addr = listener.local_addr()?;
        let mut out = std::io::stdout().lock();
        writeln!(
            out,
            "annals serve: http://{addr}/ (database {}, read-only; API at http://{addr}/api/v1/openapi.json); ctrl-C stops",
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
