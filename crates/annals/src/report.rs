//! How a command's error reaches the user: a reader that closed the pipe early
//! (`annals events | head -1`) is not an error at all, and a chain of causes is printed
//! once, without a cause that an earlier message already quotes.

use std::io::ErrorKind;

/// Did the command fail only because stdout's reader went away?
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        let io = cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind);
        let json = cause
            .downcast_ref::<serde_json::Error>()
            .and_then(serde_json::Error::io_error_kind);
        let csv = cause
            .downcast_ref::<csv::Error>()
            .and_then(|e| match e.kind() {
                csv::ErrorKind::Io(io) => Some(io.kind()),
                _ => None,
            });
        io.or(json).or(csv) == Some(ErrorKind::BrokenPipe)
    })
}

/// The error and its causes joined by ": ", leaving out a cause whose text an earlier
/// part already contains, and everything below a store error (whose message always
/// ends with its cause's).
pub fn error_text(err: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        if cause.downcast_ref::<annals_store::StoreError>().is_some() {
            break;
        }
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An error that quotes its source in its own message, as the store's errors do.
    #[derive(Debug)]
    struct Quoting(std::io::Error);

    impl std::fmt::Display for Quoting {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "outer: {}", self.0)
        }
    }

    impl std::error::Error for Quoting {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }

    #[test]
    fn a_quoted_cause_is_said_once() {
        let inner = std::io::Error::other("file is not a database");
        let err = anyhow::Error::new(Quoting(inner)).context("opening x.db");
        assert_eq!(
            error_text(&err),
            "opening x.db: outer: file is not a database"
        );
        let plain = anyhow::anyhow!("no such thing").context("reading list");
        assert_eq!(error_text(&plain), "reading list: no such thing");
    }

    #[test]
    fn broken_pipes_are_recognised_through_context() {
        let err = anyhow::Error::new(std::io::Error::from(ErrorKind::BrokenPipe))
            .context("writing events");
        assert!(is_broken_pipe(&err));
        let csv_err = csv::Error::from(std::io::Error::from(ErrorKind::BrokenPipe));
        assert!(is_broken_pipe(&anyhow::Error::new(csv_err)));
        assert!(!is_broken_pipe(&anyhow::anyhow!("Broken pipe")));
    }
}
