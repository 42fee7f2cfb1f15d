//! A fresh, empty database of one backend for one case, removed when the case ends.

use annals_store::{Mode, Store};

pub enum Kind {
    Sqlite(tempfile::TempDir),
    /// The server URL (of an administrative database) and the case's database name.
    Postgres {
        admin_url: String,
        name: String,
    },
}

pub struct Backend {
    pub kind: Kind,
    /// The `--db` value of the case's database.
    pub url: String,
}

static NEXT_DB: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

impl Backend {
    pub fn sqlite() -> Backend {
        let dir = tempfile::tempdir().unwrap();
        let url = dir.path().join("conformance.db").display().to_string();
        Backend {
            kind: Kind::Sqlite(dir),
            url,
        }
    }

    /// A new database on the server `ANNALS_TEST_PG_URL` names. Panics when it is unset:
    /// a PostgreSQL case that cannot run must fail, not pass.
    pub fn postgres() -> Backend {
        let admin_url = std::env::var("ANNALS_TEST_PG_URL").unwrap_or_else(|_| {
            panic!(
                "ANNALS_TEST_PG_URL is not set: the PostgreSQL half of the conformance suite \
                 needs a server (see the README, or run .ci/run)"
            )
        });
        let n = NEXT_DB.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let name = format!("annals_conformance_{}_{n}", std::process::id());
        let mut admin = postgres::Client::connect(&admin_url, postgres::NoTls)
            .unwrap_or_else(|e| panic!("cannot connect to ANNALS_TEST_PG_URL: {e}"));
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .unwrap();
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        let url = with_database(&admin_url, &name);
        Backend {
            kind: Kind::Postgres { admin_url, name },
            url,
        }
    }

    /// Another fresh database of the same backend.
    pub fn like(other: &Backend) -> Backend {
        match other.kind {
            Kind::Sqlite(_) => Backend::sqlite(),
            Kind::Postgres { .. } => Backend::postgres(),
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.kind, Kind::Postgres { .. })
    }

    pub fn open(&self) -> Box<dyn Store> {
        annals_store::open(&self.url, Mode::ReadWrite).unwrap()
    }

    pub fn open_read_only(&self) -> Result<Box<dyn Store>, annals_store::StoreError> {
        annals_store::open(&self.url, Mode::ReadOnly)
    }

    /// The `--db` value of a database of this backend that does not exist.
    pub fn missing_url(&self) -> String {
        match &self.kind {
            Kind::Sqlite(dir) => dir.path().join("typo.db").display().to_string(),
            Kind::Postgres { admin_url, name } => with_database(admin_url, &format!("{name}_typo")),
        }
    }

    /// Run SQL in the case's database directly, through the backend's own driver (to set
    /// up a foreign or a future database).
    pub fn execute_raw(&self, sql: &str) {
        match &self.kind {
            Kind::Sqlite(_) => {
                let conn = rusqlite::Connection::open(&self.url).unwrap();
                conn.execute_batch(sql).unwrap();
            }
            Kind::Postgres { .. } => {
                let mut client = postgres::Client::connect(&self.url, postgres::NoTls).unwrap();
                client.batch_execute(sql).unwrap();
            }
        }
    }

    /// One number describing the raw database content (file bytes for SQLite, a checksum
    /// of the catalogue for PostgreSQL), to show a refused database was not modified.
    pub fn fingerprint(&self) -> String {
        match &self.kind {
            Kind::Sqlite(dir) => {
                let mut names: Vec<String> = std::fs::read_dir(dir.path())
                    .unwrap()
                    .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect();
                names.sort();
                let bytes = std::fs::read(&self.url).unwrap_or_default();
                format!(
                    "{names:?} {}",
                    annals_core::content_hash(&format!("{bytes:?}"))
                )
            }
            Kind::Postgres { .. } => {
                let mut client = postgres::Client::connect(&self.url, postgres::NoTls).unwrap();
                let row = client
                    .query_one(
                        "SELECT string_agg(relname || ':' || relkind::text, ',' ORDER BY relname) \
                         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
                         WHERE n.nspname = current_schema()",
                        &[],
                    )
                    .unwrap();
                let tables: Option<String> = row.get(0);
                tables.unwrap_or_default()
            }
        }
    }
}

impl Drop for Backend {
    fn drop(&mut self) {
        if let Kind::Postgres { admin_url, name } = &self.kind {
            if let Ok(mut admin) = postgres::Client::connect(admin_url, postgres::NoTls) {
                let _ =
                    admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        }
    }
}

/// `url` with its database name replaced: `postgres://u@h:5432/old?x=1` → `…/new?x=1`.
pub fn with_database(url: &str, name: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("a postgres:// URL");
    let path_at = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(path_at);
    let query = path.find('?').map_or("", |q| &path[q..]);
    format!("{scheme}://{authority}/{name}{query}")
}
