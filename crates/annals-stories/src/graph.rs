//! The actor network of event clusters: who did what to whom, counted once per real-world
//! event (a cluster) rather than once per report. `annals graph` writes it for Gephi or
//! Graphviz; `annals serve` answers it as JSON.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::precision::DateRange;
use crate::EventCluster;

/// One directed edge: its clusters, their sources and summed Goldstein scores.
#[derive(Debug, Default, Clone, PartialEq, Serialize)]
pub struct Edge {
    /// Event clusters from the source actor to the target actor.
    pub clusters: usize,
    /// Their independent sources, summed.
    pub sources: usize,
    /// Their Goldstein scores, summed (see [`Edge::mean_goldstein`]).
    pub goldstein_sum: f64,
}

impl Edge {
    /// Mean Goldstein score of the edge's clusters (0 for none).
    pub fn mean_goldstein(&self) -> f64 {
        if self.clusters == 0 {
            0.0
        } else {
            self.goldstein_sum / self.clusters as f64
        }
    }
}

/// Edges (source actor, target actor) → totals, from clusters with both sides known.
pub fn edges<'a>(
    clusters: impl Iterator<Item = &'a EventCluster>,
) -> BTreeMap<(String, String), Edge> {
    let mut out: BTreeMap<(String, String), Edge> = BTreeMap::new();
    for c in clusters.filter(|c| c.actor_a != "-" && c.actor_b != "-") {
        let e = out
            .entry((c.actor_a.clone(), c.actor_b.clone()))
            .or_default();
        e.clusters += 1;
        e.sources += c.n_sources;
        e.goldstein_sum += c.goldstein;
    }
    out
}

/// Whether the cluster's best date ends on or after `since` and starts on or before
/// `until`. Without bounds every cluster is in; with one, an undated cluster is out.
pub fn dated_within(c: &EventCluster, since: Option<DateRange>, until: Option<DateRange>) -> bool {
    if since.is_none() && until.is_none() {
        return true;
    }
    let Some(range) = c.best_date.as_deref().and_then(DateRange::parse) else {
        return false;
    };
    since.is_none_or(|s| range.last >= s.first) && until.is_none_or(|u| range.first <= u.last)
}
