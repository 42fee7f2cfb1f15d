//! A real `annals serve` process on a free 127.0.0.1 port over the demo database, for the
//! API and browser tests.
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

/// A database made by `annals demo` (the real pipeline over the bundled examples), built
/// once per test binary under cargo's temporary directory.
pub fn demo_db(name: &str) -> &'static Path {
    static DB: OnceLock<PathBuf> = OnceLock::new();
    DB.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        let db = dir.join("annals.db");
        let out = Command::new(env!("CARGO_BIN_EXE_annals"))
            .arg("--db")
            .arg(&db)
            .args(["-q", "demo"])
            .env_remove("ANNALS_DB")
            .output()
            .expect("run annals demo");
        assert!(
            out.status.success(),
            "annals demo failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        db
    })
}

/// The shared seeds (`$ANNALS_SHARED/seeds`), then the follow-up example report, ingested
/// with the real pipeline: one story of three sources, where the first seed dates the
/// Pyongyang visit September 2023 and the follow-up 19 June 2024, a date contradiction. Built
/// once per test binary; panics when `ANNALS_SHARED` is unset (callers are ignored
/// without `../shared`).
pub fn seeds_db(name: &str) -> &'static Path {
    static DB: OnceLock<PathBuf> = OnceLock::new();
    DB.get_or_init(|| {
        let shared = PathBuf::from(std::env::var_os("ANNALS_SHARED").unwrap_or_else(|| {
            panic!("ANNALS_SHARED must point at ../shared (this test is ignored without it)")
        }));
        let seeds = shared.join("seeds");
        assert!(seeds.is_dir(), "{} is not a directory", seeds.display());
        let followup = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../examples/2024-06-21-shipments-followup.jsonl");
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        let db = dir.join("annals.db");
        for input in [&seeds, &followup] {
            let out = Command::new(env!("CARGO_BIN_EXE_annals"))
                .arg("--db")
                .arg(&db)
                .args(["-q", "ingest"])
                .arg(input)
                .env_remove("ANNALS_DB")
                .output()
                .expect("run annals ingest");
            assert!(
                out.status.success(),
                "annals ingest {} failed: {}",
                input.display(),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        db
    })
}

/// `annals serve` on port 0; killed when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub base: String,
}

impl Server {
    pub fn start(db: &Path) -> Server {
        Server::start_with(db, &[], &[])
    }

    /// `annals serve` with more arguments and environment variables.
    pub fn start_with(db: &Path, args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_annals"))
            .arg("--db")
            .arg(db)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .env_remove("ANNALS_DB")
            .env_remove("ANNALS_TOKEN")
            .env_remove("RUST_LOG")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start annals serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read the startup line");
        let base = line
            .split_whitespace()
            .find_map(|w| w.strip_prefix("http://"))
            .map(|rest| format!("http://{}", rest.trim_end_matches('/')));
        let Some(base) = base else {
            let _ = child.kill();
            let out = child.wait_with_output().expect("wait");
            panic!(
                "annals serve printed {line:?}; stderr: {}",
                String::from_utf8_lossy(&out.stderr)
            )
        };
        Server { child, base }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Send SIGTERM and wait (at most 10 s) for the process to end; its exit status and
    /// stderr.
    pub fn terminate(mut self) -> (std::process::ExitStatus, String) {
        let status = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -TERM failed");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                let mut err = String::new();
                if let Some(mut e) = self.child.stderr.take() {
                    let _ = std::io::Read::read_to_string(&mut e, &mut err);
                }
                return (status, err);
            }
            assert!(
                std::time::Instant::now() < deadline,
                "annals serve did not stop within 10 s of SIGTERM"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Status, content type and body of a GET.
pub fn get(url: &str) -> (u16, String, String) {
    let response = match ureq::get(url).call() {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("GET {url}: {e}"),
    };
    let status = response.status();
    let content_type = response.header("content-type").unwrap_or("").to_string();
    let body = response.into_string().expect("body");
    (status, content_type, body)
}

/// The JSON body of a GET that must succeed.
pub fn get_json(url: &str) -> serde_json::Value {
    let (status, content_type, body) = get(url);
    assert_eq!(status, 200, "GET {url}: {body}");
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    serde_json::from_str(&body).expect("JSON body")
}

/// The `detail` of a GET that must fail with `status` as problem+json.
pub fn get_problem(url: &str, status: u16) -> String {
    let (got, content_type, body) = get(url);
    assert_eq!(got, status, "GET {url}: {body}");
    assert_eq!(content_type, "application/problem+json", "GET {url}");
    let v: serde_json::Value = serde_json::from_str(&body).expect("problem JSON");
    assert_eq!(v["status"], status);
    v["detail"].as_str().expect("detail").to_string()
}
