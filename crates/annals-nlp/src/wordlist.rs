//! Reading the curated word lists (`[section]` headers, one entry a line, `#` comment
//! lines) that the splitter and tokenizer compile in.

/// `(section, entry)` for every entry line; entries before the first header get section
/// `""`. Only whole-line comments are skipped, since entries such as emoticons may hold `#`.
pub(crate) fn sectioned(data: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut section = "";
    data.lines().map(str::trim).filter_map(move |line| {
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.trim();
            return None;
        }
        Some((section, line))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_comments_and_blank_lines() {
        let data = "early\n# note\n[a]\nx\n\n [ b ] \n:-#\n";
        let got: Vec<_> = sectioned(data).collect();
        assert_eq!(got, [("", "early"), ("a", "x"), ("b", ":-#")]);
    }
}
