//! Answers into verdicts, and the report: the per-keyword tables, the groups not generated and the
//! groups that disagree, by id only (the suite's own text stays in the suite).

use super::*;

pub(super) fn verdict_name(v: Verdict) -> &'static str {
    match v {
        Verdict::Agree => "agrees",
        Verdict::TooLax => "too lax (an invalid instance is accepted)",
        Verdict::TooStrict => "too strict (a valid instance is rejected)",
        Verdict::Refused => "refused (the generator refuses the schema)",
        Verdict::Panicked => "panicked (the generator panics on the schema)",
        Verdict::NoCompile => "does not compile",
        Verdict::Crashed => "crashed (the roundtrip process died on it)",
    }
}

/// Counts of one row of the table.
#[derive(Default, Clone, Copy)]
pub(super) struct Counts {
    groups: usize,
    cases: usize,
    agree: usize,
    lax: usize,
    strict: usize,
    refused: usize,
    panicked: usize,
    no_compile: usize,
    crashed: usize,
    altered: usize,
}

impl Counts {
    fn add_group(&mut self, results: &[CaseResult]) {
        self.groups += 1;
        for r in results {
            self.cases += 1;
            match r.verdict {
                Verdict::Agree => self.agree += 1,
                Verdict::TooLax => self.lax += 1,
                Verdict::TooStrict => self.strict += 1,
                Verdict::Refused => self.refused += 1,
                Verdict::Panicked => self.panicked += 1,
                Verdict::NoCompile => self.no_compile += 1,
                Verdict::Crashed => self.crashed += 1,
            }
            if r.altered.is_some() {
                self.altered += 1;
            }
        }
    }

    fn row(&self, label: &str, percent: bool) -> String {
        let cell = |n: usize| {
            if percent && self.cases > 0 {
                format!("{n} ({:.0}%)", n as f64 * 100.0 / self.cases as f64)
            } else {
                n.to_string()
            }
        };
        format!(
            "| {label} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            self.groups,
            self.cases,
            cell(self.agree),
            cell(self.lax),
            cell(self.strict),
            cell(self.refused),
            cell(self.panicked),
            cell(self.no_compile),
            cell(self.crashed),
            cell(self.altered)
        )
    }
}

/// The report: a table per draft, the totals, then the refused and disagreeing groups.
pub fn report(run: &Run, drafts: &[usize]) -> String {
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    line(String::from("### Totals\n"));
    line(String::from(
        "| draft | groups | cases | agree | too lax | too strict | refused | panicked | does not compile | crashed | altered |",
    ));
    line(String::from(
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ));
    let mut per_draft = Vec::new();
    for &d in drafts {
        let mut files: BTreeMap<&str, Counts> = BTreeMap::new();
        let mut total = Counts::default();
        for (g, results) in run
            .groups
            .iter()
            .zip(&run.results)
            .filter(|(g, _)| g.draft == d)
        {
            files.entry(g.file.as_str()).or_default().add_group(results);
            total.add_group(results);
        }
        line(total.row(DRAFTS[d].dir, true));
        per_draft.push((d, files, total));
    }
    line(format!(
        "\n{} cases in {} groups; {:.0} s (generating, building the crates, reading every \
         instance). A case agrees when the type accepts the instance exactly when it is valid; \
         **altered** counts accepted instances that are written back differently (numbers by \
         value), and is part of the other columns.\n",
        run.results.iter().map(Vec::len).sum::<usize>(),
        run.groups.len(),
        run.elapsed.as_secs_f64()
    ));
    for (d, files, total) in &per_draft {
        line(format!("### {}\n", DRAFTS[*d].dir));
        line(String::from(
            "| file | groups | cases | agree | too lax | too strict | refused | panicked | does not compile | crashed | altered |",
        ));
        line(String::from(
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ));
        for (file, counts) in files {
            line(counts.row(&format!("`{file}`"), false));
        }
        line(total.row("**total**", true));
        line(String::new());
    }
    // Groups by id only: the suite's own words stay in the suite.
    let described = |g: &Group| format!("`{}`", g.id());
    line(String::from("### Groups not generated\n"));
    let mut any = false;
    for (g, s) in run.groups.iter().zip(&run.status) {
        let (what, message) = match s {
            Status::Built(..) => continue,
            Status::Refused(m) => ("refused", m),
            Status::Panicked(m) => ("panicked", m),
            Status::NoCompile(m) => ("does not compile", m),
        };
        any = true;
        line(format!(
            "- {} — {what}: {}",
            described(g),
            message.replace('\n', " ")
        ));
    }
    if !any {
        line(String::from("(none)"));
    }
    line(String::from("\n### Generated groups that disagree\n"));
    line(String::from(
        "Each with its cases (index: what happened); `altered` marks an accepted instance \
         written back differently.\n",
    ));
    any = false;
    for (g, results) in run.groups.iter().zip(&run.results) {
        let bad: Vec<String> = results
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                matches!(
                    r.verdict,
                    Verdict::TooLax | Verdict::TooStrict | Verdict::Crashed
                ) || r.altered.is_some()
            })
            .map(|(i, r)| {
                let v = match r.verdict {
                    Verdict::TooLax => "too lax",
                    Verdict::TooStrict => "too strict",
                    Verdict::Crashed => "crashed",
                    _ => "agrees",
                };
                match &r.altered {
                    Some(d) => format!("{i}: {v}, altered ({})", d.replace('|', "\\|")),
                    None => format!("{i}: {v}"),
                }
            })
            .collect();
        if bad.is_empty() {
            continue;
        }
        any = true;
        line(format!("- {} — {}", described(g), bad.join("; ")));
    }
    if !any {
        line(String::from("(none)"));
    }
    if !run.notes.is_empty() {
        line(String::from("\n### Notes on the run\n"));
        for n in &run.notes {
            line(format!("- {n}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_baseline_reads_what_it_writes() {
        let ids: BTreeSet<String> = ["draft4/type.json#0/1", "draft7/ref.json#12/0"]
            .map(String::from)
            .into();
        assert_eq!(read_lines(&lines_text(BASELINE_HEADER, &ids)), ids);
    }

    #[test]
    fn a_group_gets_the_draft_schema_unless_it_names_one() {
        let group = |schema: Value| Group {
            draft: 2,
            file: String::from("type.json"),
            index: 0,
            schema,
            cases: Vec::new(),
            ns: String::from("d4-type-00"),
        };
        let doc = group(serde_json::json!({"type": "integer"}))
            .document()
            .unwrap();
        assert_eq!(doc["$schema"], DRAFTS[2].schema);
        let own = group(serde_json::json!({"$schema": "x", "type": "integer"}))
            .document()
            .unwrap();
        assert_eq!(own["$schema"], "x");
        // A boolean schema is written as it is.
        assert_eq!(group(Value::Bool(true)).document(), Some(Value::Bool(true)));
        assert!(group(serde_json::json!(3)).document().is_none());
    }
}
