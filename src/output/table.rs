//! Line-oriented forms of an extraction: one mention or one claim a line as JSON (for
//! jq, DuckDB and pandas), and the aligned text table the snapshots are reviewed in.

use std::fmt::Write as _;

use serde::Serialize;

use crate::claims::{ClaimKind, Modality, Role, TimeFrom};
use crate::output::json::{Extraction, MentionOut};
use crate::value::Value;

/// One line of `--format mentions`: the mention with its document id.
#[derive(Debug, Serialize)]
pub struct MentionLine<'a> {
    /// The document id.
    pub doc: &'a str,
    /// The mention.
    #[serde(flatten)]
    pub mention: &'a MentionOut,
}

/// One line of `--format claims`: a claim with every reference resolved to its value.
#[derive(Debug, Serialize)]
pub struct ClaimLine<'a> {
    /// The document id.
    pub doc: &'a str,
    /// The claim id.
    pub claim: usize,
    /// Index of its sentence.
    pub sentence: usize,
    /// Its text.
    pub text: &'a str,
    /// event, statistic, statement or assessment.
    pub kind: ClaimKind,
    /// The trigger words.
    pub trigger: Option<&'a str>,
    /// The trigger's class.
    pub trigger_class: Option<&'a str>,
    /// The time's TIMEX3 value.
    pub time: Option<&'a str>,
    /// Where the time came from.
    pub time_from: Option<TimeFrom>,
    /// Agent actor names.
    pub agents: Vec<&'a str>,
    /// Agent actor ids.
    pub agent_ids: Vec<&'a str>,
    /// Target actor names.
    pub targets: Vec<&'a str>,
    /// Target actor ids.
    pub target_ids: Vec<&'a str>,
    /// Other actor names.
    pub others: Vec<&'a str>,
    /// Other actor ids.
    pub other_ids: Vec<&'a str>,
    /// The figures' texts.
    pub figures: Vec<&'a str>,
    /// The figures' values (`USD 1178000000`, `4.4%`).
    pub figure_values: Vec<String>,
    /// The attributed source's name.
    pub source: Option<&'a str>,
    /// The attributed source's id.
    pub source_id: Option<&'a str>,
    /// The reporting words.
    pub cue: Option<&'a str>,
    /// How firmly it is claimed.
    pub modality: Modality,
}

fn actor_of(ex: &Extraction, id: usize) -> Option<(&str, &str)> {
    match ex.mentions.get(id).map(|m| &m.value) {
        Some(Value::Actor(a)) => Some((&*a.name, &*a.id)),
        _ => None,
    }
}

/// The claims of one extraction as `--format claims` lines.
pub fn claim_lines(ex: &Extraction) -> Vec<ClaimLine<'_>> {
    ex.claims
        .iter()
        .map(|c| {
            let role_actors = |role: Role| -> Vec<(&str, &str)> {
                c.actors.iter().filter(|a| a.role == role).filter_map(|a| actor_of(ex, a.mention)).collect()
            };
            let (agents, targets, others) =
                (role_actors(Role::Agent), role_actors(Role::Target), role_actors(Role::Other));
            let source = c.attribution.as_ref().and_then(|a| a.source).and_then(|s| actor_of(ex, s));
            let figures: Vec<&MentionOut> = c.figures.iter().filter_map(|&i| ex.mentions.get(i)).collect();
            ClaimLine {
                doc: &ex.doc.id,
                claim: c.id,
                sentence: c.sentence,
                text: &c.text,
                kind: c.kind,
                trigger: c.trigger.as_ref().map(|t| t.text.as_str()),
                trigger_class: c.trigger.as_ref().map(|t| &*t.class),
                time: c.time.as_ref().map(|t| t.timex.as_str()),
                time_from: c.time.as_ref().map(|t| t.from),
                agents: agents.iter().map(|a| a.0).collect(),
                agent_ids: agents.iter().map(|a| a.1).collect(),
                targets: targets.iter().map(|a| a.0).collect(),
                target_ids: targets.iter().map(|a| a.1).collect(),
                others: others.iter().map(|a| a.0).collect(),
                other_ids: others.iter().map(|a| a.1).collect(),
                figures: figures.iter().map(|m| m.text.as_str()).collect(),
                figure_values: figures.iter().map(|m| m.value.summary()).collect(),
                source: source.map(|s| s.0),
                source_id: source.map(|s| s.1),
                cue: c.attribution.as_ref().map(|a| a.cue.as_str()),
                modality: c.modality,
            }
        })
        .collect()
}

/// The review table of one extraction: the document line, then one line per mention
/// (`start-end kind "text" value rule`), then one line per claim.
pub fn readable(ex: &Extraction) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "doc {} dct={} title={:?} authors={:?}",
        ex.doc.id,
        ex.doc.dct.as_deref().unwrap_or("-"),
        ex.doc.title.as_deref().unwrap_or(""),
        ex.doc.authors
    );
    for s in &ex.sentences {
        if s.part != crate::segment::Part::Body {
            let _ = writeln!(out, "s{:<3} {:<6} {:?}", s.i, format!("{:?}", s.part).to_lowercase(), s.text);
        }
    }
    for m in &ex.mentions {
        let _ = writeln!(
            out,
            "m{:<3} s{:<3} {:>5}-{:<5} {:<8} {:<40} {:<36} {}",
            m.id,
            m.sentence,
            m.start,
            m.end,
            m.kind.as_str(),
            format!("{:?}", m.text),
            m.value.summary(),
            m.rule
        );
    }
    for c in &ex.claims {
        let mut line = format!("c{:<3} s{:<3} {:?} {:?}", c.id, c.sentence, c.kind, c.modality).to_lowercase();
        if let Some(t) = &c.trigger {
            let _ = write!(line, " trigger={:?}/{}", t.text, t.class);
        }
        if let Some(t) = &c.time {
            let _ = write!(line, " time={}({:?}", t.timex, t.from);
            if let Some(back) = t.back {
                let _ = write!(line, " -{back}");
            }
            line.push(')');
        }
        for a in &c.actors {
            let _ = write!(line, " {:?}=m{}", a.role, a.mention);
        }
        if !c.figures.is_empty() {
            let figures: Vec<String> = c.figures.iter().map(|f| format!("m{f}")).collect();
            let _ = write!(line, " figures={}", figures.join(","));
        }
        if let Some(a) = &c.attribution {
            let source = a.source.map_or("-".to_owned(), |s| format!("m{s}"));
            let _ = write!(line, " source={source} cue={:?}", a.cue);
        }
        let _ = writeln!(out, "{}", line.to_lowercase().replace("timefrom::", ""));
    }
    out
}
