//! The confidence score of an event.
//!
//! `confidence = pattern × parse × resolution`, each factor in 0–1:
//!
//! - **pattern**: the trigger pattern's specificity — 0.95 for a verb with a theme
//!   constraint ("sign ‹agreement›"), 0.85 for a bare verb ("visit"), 0.9 / 0.8 for nouns
//!   with / without a theme ([`crate::patterns::Pattern::specificity`]);
//! - **parse**: how directly the arguments hang on the trigger — the product of the source's
//!   and target's support (1.0 a direct dependent, 0.9 through coordination, control, a
//!   relative clause or a light verb, 0.7 by word position only;
//!   [`crate::extract::support`]);
//! - **resolution**: the mean over source and target of how the actor was resolved — 1.0
//!   by name, 0.95 by a phrase ("U.S. officials"), 0.9 by a dated role or a short name,
//!   0.85 by metonymy ("the Kremlin"), 0.75 by coreference ("he", "the two countries").
//!
//! The product is rounded to two decimals. It ranks events for review; it is not a
//! calibrated probability.

use annals_core::ResolvedVia;

/// Weight of an actor resolution path.
pub fn resolution_weight(via: ResolvedVia) -> f64 {
    match via {
        ResolvedVia::Name => 1.0,
        ResolvedVia::Phrase => 0.95,
        ResolvedVia::Role | ResolvedVia::ShortName => 0.9,
        ResolvedVia::Metonym => 0.85,
        ResolvedVia::Coreference => 0.75,
        ResolvedVia::Unresolved => 0.0,
    }
}

/// Combine the three factors (see the module documentation).
pub fn confidence(
    specificity: f64,
    source_support: f64,
    target_support: f64,
    source_via: ResolvedVia,
    target_via: ResolvedVia,
) -> f64 {
    let parse = source_support * target_support;
    let resolution = (resolution_weight(source_via) + resolution_weight(target_via)) / 2.0;
    let c = (specificity * parse * resolution).clamp(0.0, 1.0);
    (c * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direct_named_arguments_score_highest() {
        let best = confidence(0.95, 1.0, 1.0, ResolvedVia::Name, ResolvedVia::Name);
        let coref = confidence(0.95, 1.0, 1.0, ResolvedVia::Name, ResolvedVia::Coreference);
        let positional = confidence(0.95, 0.7, 1.0, ResolvedVia::Name, ResolvedVia::Name);
        assert_eq!(best, 0.95);
        assert!(coref < best && positional < best);
        assert!(positional < coref);
    }

    #[test]
    fn stays_within_unit_interval() {
        let c = confidence(2.0, 1.0, 1.0, ResolvedVia::Name, ResolvedVia::Name);
        assert_eq!(c, 1.0);
        let c = confidence(
            0.9,
            1.0,
            1.0,
            ResolvedVia::Unresolved,
            ResolvedVia::Unresolved,
        );
        assert_eq!(c, 0.0);
    }
}
