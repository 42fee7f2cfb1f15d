//! `annals graph`: the actor network of the stored event clusters (nodes = actors, edges =
//! who did what to whom, with the number of event clusters and their mean Goldstein score),
//! written as GEXF or GraphML (for Gephi) or DOT (Graphviz).

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::Result;
use clap::{Args, ValueEnum};

use annals_stories::graph::{dated_within, edges, Edge};
use annals_stories::precision::DateRange;
use annals_stories::{EventCluster, StoryStore};

use super::{open_story_store, Status};
use crate::cli::GlobalArgs;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Gexf,
    Graphml,
    Dot,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    /// Event clusters whose best date ends on or after this day (`YYYY[-MM[-DD]]`);
    /// undated clusters are left out when a bound is given.
    #[arg(long)]
    pub since: Option<String>,
    /// Event clusters whose best date starts on or before this day.
    #[arg(long)]
    pub until: Option<String>,
    /// Include historical background (events dated to a past era).
    #[arg(long)]
    pub historical: bool,
    #[arg(long, value_enum, default_value_t = GraphFormat::Gexf)]
    pub format: GraphFormat,
    #[command(flatten)]
    pub db: crate::cli::DbArg,
}

fn in_range(c: &EventCluster, args: &GraphArgs) -> bool {
    let bound = |v: &Option<String>| v.as_deref().and_then(DateRange::parse);
    dated_within(c, bound(&args.since), bound(&args.until))
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Write the graph of `edges` in `format`.
pub fn write_graph(
    edges: &BTreeMap<(String, String), Edge>,
    format: GraphFormat,
    out: &mut impl Write,
) -> Result<()> {
    let mut nodes: Vec<&String> = edges.keys().flat_map(|(a, b)| [a, b]).collect();
    nodes.sort();
    nodes.dedup();
    match format {
        GraphFormat::Dot => {
            writeln!(out, "digraph annals {{")?;
            for n in &nodes {
                writeln!(out, "  \"{}\";", n.replace('"', "\\\""))?;
            }
            for ((a, b), e) in edges {
                writeln!(
                    out,
                    "  \"{}\" -> \"{}\" [weight={}, label=\"{}\", sources={}, goldstein={:.2}];",
                    a.replace('"', "\\\""),
                    b.replace('"', "\\\""),
                    e.clusters,
                    e.clusters,
                    e.sources,
                    e.mean_goldstein()
                )?;
            }
            writeln!(out, "}}")?;
        }
        GraphFormat::Graphml => {
            writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
            writeln!(
                out,
                r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns">"#
            )?;
            writeln!(
                out,
                r#"  <key id="weight" for="edge" attr.name="weight" attr.type="int"/>"#
            )?;
            writeln!(
                out,
                r#"  <key id="sources" for="edge" attr.name="sources" attr.type="int"/>"#
            )?;
            writeln!(
                out,
                r#"  <key id="goldstein" for="edge" attr.name="goldstein" attr.type="double"/>"#
            )?;
            writeln!(out, r#"  <graph id="annals" edgedefault="directed">"#)?;
            for n in &nodes {
                writeln!(out, r#"    <node id="{}"/>"#, xml(n))?;
            }
            for (i, ((a, b), e)) in edges.iter().enumerate() {
                writeln!(
                    out,
                    r#"    <edge id="e{i}" source="{}" target="{}">"#,
                    xml(a),
                    xml(b)
                )?;
                writeln!(out, r#"      <data key="weight">{}</data>"#, e.clusters)?;
                writeln!(out, r#"      <data key="sources">{}</data>"#, e.sources)?;
                writeln!(
                    out,
                    r#"      <data key="goldstein">{:.2}</data>"#,
                    e.mean_goldstein()
                )?;
                writeln!(out, "    </edge>")?;
            }
            writeln!(out, "  </graph>\n</graphml>")?;
        }
        GraphFormat::Gexf => {
            writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
            writeln!(out, r#"<gexf xmlns="http://gexf.net/1.3" version="1.3">"#)?;
            writeln!(out, r#"  <graph mode="static" defaultedgetype="directed">"#)?;
            writeln!(out, r#"    <attributes class="edge">"#)?;
            writeln!(
                out,
                r#"      <attribute id="0" title="sources" type="integer"/>"#
            )?;
            writeln!(
                out,
                r#"      <attribute id="1" title="goldstein" type="double"/>"#
            )?;
            writeln!(out, "    </attributes>\n    <nodes>")?;
            for n in &nodes {
                writeln!(out, r#"      <node id="{0}" label="{0}"/>"#, xml(n))?;
            }
            writeln!(out, "    </nodes>\n    <edges>")?;
            for (i, ((a, b), e)) in edges.iter().enumerate() {
                writeln!(
                    out,
                    r#"      <edge id="{i}" source="{}" target="{}" weight="{}"><attvalues><attvalue for="0" value="{}"/><attvalue for="1" value="{:.2}"/></attvalues></edge>"#,
                    xml(a),
                    xml(b),
                    e.clusters,
                    e.sources,
                    e.mean_goldstein()
                )?;
            }
            writeln!(out, "    </edges>\n  </graph>\n</gexf>")?;
        }
    }
    Ok(())
}

pub fn run(global: &GlobalArgs, args: GraphArgs) -> Result<Status> {
    let store = open_story_store(&global.db)?;
    let clusters = store.event_clusters()?;
    let kept = clusters
        .iter()
        .filter(|c| args.historical || !c.historical)
        .filter(|c| in_range(c, &args));
    let graph = edges(kept);
    let mut out = std::io::stdout().lock();
    write_graph(&graph, args.format, &mut out)?;
    out.flush()?;
    Ok(Status::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cluster(a: &str, b: &str, sources: usize, goldstein: f64) -> EventCluster {
        EventCluster {
            cluster_id: format!("E{a}{b}{sources}"),
            story_id: "S".into(),
            actor_a: a.into(),
            actor_b: b.into(),
            cameo_root: "04".into(),
            cameo: "042".into(),
            plover: None,
            goldstein,
            quad_class: 1,
            historical: false,
            mentions: Vec::new(),
            sentences: Vec::new(),
            n_sources: sources,
            earliest_doc: "d".into(),
            earliest_published: None,
            best_date: None,
            best_date_precision: None,
            best_date_sources: 0,
            modality: annals_core::Modality::Asserted,
            modality_sources: sources,
        }
    }

    #[test]
    fn edges_sum_clusters_and_sources_and_average_goldstein() {
        let all = [
            cluster("RUS", "PRK", 2, 1.9),
            cluster("RUS", "PRK", 1, 8.0),
            cluster("PRK", "RUS", 1, 1.9),
            cluster("RUS", "-", 1, 7.0),
        ];
        let g = edges(all.iter());
        assert_eq!(g.len(), 2);
        let e = &g[&("RUS".to_string(), "PRK".to_string())];
        assert_eq!((e.clusters, e.sources), (2, 3));
        assert!((e.mean_goldstein() - 4.95).abs() < 1e-9);

        let text = |format| {
            let mut out = Vec::new();
            write_graph(&g, format, &mut out).unwrap_or_default();
            String::from_utf8(out).unwrap_or_default()
        };
        let dot = text(GraphFormat::Dot);
        assert!(
            dot.contains(r#""RUS" -> "PRK" [weight=2, label="2", sources=3, goldstein=4.95];"#),
            "{dot}"
        );
        let gexf = text(GraphFormat::Gexf);
        assert_eq!(gexf.matches("<node ").count(), 2, "{gexf}");
        assert!(
            gexf.contains(r#"source="PRK" target="RUS" weight="1""#),
            "{gexf}"
        );
        let graphml = text(GraphFormat::Graphml);
        assert_eq!(graphml.matches("<edge ").count(), 2, "{graphml}");
        assert!(
            graphml.contains(r#"<data key="goldstein">4.95</data>"#),
            "{graphml}"
        );
    }
}
