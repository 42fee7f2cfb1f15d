//! Marking actor mentions and event triggers inside sentence text for `annals show`.

use annals_core::Event;
use annals_store::StoredMention;

/// One highlighted span: `[text]{CODE}` for an actor mention, `«text»` for a trigger.
struct Mark {
    start: usize,
    end: usize,
    label: Option<String>,
}

/// `text` (the clean text from byte `base`) with the mentions and triggers that fall
/// inside it marked; overlapping marks keep the earlier, longer one.
pub fn marked_sentence(
    clean_text: &str,
    start: usize,
    end: usize,
    mentions: &[&StoredMention],
    events: &[&Event],
) -> String {
    let mut marks: Vec<Mark> = Vec::new();
    for m in mentions {
        let code = m.code.clone().unwrap_or_else(|| "?".into());
        match marks
            .iter_mut()
            .find(|k| k.start == m.start && k.end == m.end)
        {
            // A mention of several actors ("the two countries") is one span, codes joined.
            Some(k) => {
                if let Some(label) = &mut k.label {
                    if !label.split('+').any(|c| c == code) {
                        label.push('+');
                        label.push_str(&code);
                    }
                }
            }
            None => marks.push(Mark {
                start: m.start,
                end: m.end,
                label: Some(code),
            }),
        }
    }
    for e in events {
        if !marks
            .iter()
            .any(|k| k.start == e.trigger.start && k.end == e.trigger.end)
        {
            marks.push(Mark {
                start: e.trigger.start,
                end: e.trigger.end,
                label: None,
            });
        }
    }
    marks.retain(|k| start <= k.start && k.start < k.end && k.end <= end);
    marks.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out = String::new();
    let mut at = start;
    for k in marks {
        if k.start < at {
            continue;
        }
        let (Some(before), Some(inner)) =
            (clean_text.get(at..k.start), clean_text.get(k.start..k.end))
        else {
            continue;
        };
        out.push_str(before);
        match k.label {
            Some(code) => {
                out.push('[');
                out.push_str(inner);
                out.push_str("]{");
                out.push_str(&code);
                out.push('}');
            }
            None => {
                out.push('«');
                out.push_str(inner);
                out.push('»');
            }
        }
        at = k.end;
    }
    out.push_str(clean_text.get(at..end).unwrap_or(""));
    out
}

/// One line per event under its sentence.
pub fn event_line(e: &Event) -> String {
    let side = |a: &Option<annals_core::EventActor>| {
        a.as_ref()
            .and_then(|a| a.code.clone())
            .unwrap_or_else(|| "-".into())
    };
    let mut line = format!(
        "→ {} {} → {} {}",
        e.cameo,
        side(&e.source),
        side(&e.target),
        e.plover.as_deref().unwrap_or("-"),
    );
    line.push_str(&format!(" · {}", e.modality.as_str()));
    if let Some(a) = &e.attribution {
        line.push_str(&format!(" per {}", a.code.as_deref().unwrap_or(&a.text)));
    }
    if let Some(v) = &e.date.value {
        line.push_str(&format!(" · {v}"));
    }
    if e.historical {
        line.push_str(" (historical)");
    }
    for q in &e.quantities {
        line.push_str(&format!(" · {}", q.text));
    }
    line.push_str(&format!(" · confidence {:.2}", e.confidence));
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(start: usize, end: usize, code: Option<&str>) -> StoredMention {
        StoredMention {
            doc_id: "d".into(),
            idx: 0,
            sentence: 0,
            start,
            end,
            text: String::new(),
            code: code.map(str::to_string),
            country: None,
            sector: None,
            name: None,
            wikidata: None,
            via: "name".into(),
            antecedent: None,
        }
    }

    #[test]
    fn mentions_and_triggers_are_marked_in_place() {
        let text = "Intro. Chile thanked the two countries.";
        let a = mention(7, 12, Some("CHL"));
        let b = mention(21, 38, Some("PER"));
        let c = mention(21, 38, Some("BOL"));
        let out = marked_sentence(text, 7, text.len(), &[&a, &b, &c], &[]);
        assert_eq!(out, "[Chile]{CHL} thanked [the two countries]{PER+BOL}.");
    }

    #[test]
    fn spans_outside_or_cutting_characters_are_skipped_not_panicking() {
        let text = "Ünal met Kim.";
        let bad = mention(1, 3, Some("X")); // cuts inside "Ü"
        let outside = mention(40, 50, Some("Y"));
        let kim = mention(10, 13, None);
        let out = marked_sentence(text, 0, text.len(), &[&bad, &outside, &kim], &[]);
        assert_eq!(out, "Ünal met [Kim]{?}.");
    }
}
