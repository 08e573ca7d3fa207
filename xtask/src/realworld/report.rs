//! The report: what became of the schemas (those whose references resolve apart from the
//! others), of their instances, and every schema and instance that did not pass, by name.

use super::*;

pub(super) fn verdict_name(v: Verdict) -> &'static str {
    match v {
        Verdict::Agree => "agrees",
        Verdict::TooLax => "too lax (accepted; the validator rejects it)",
        Verdict::TooStrict => "too strict (rejected; the validator accepts it)",
        Verdict::Crashed => "crashed (the roundtrip process died on it or took too long)",
        Verdict::NoOracle => "read, but the validator cannot judge it",
        Verdict::NotRead => "not read (its schema was not built)",
        Verdict::Unreadable => "unreadable (not JSON, YAML or TOML that parses)",
    }
}

pub(super) fn status_text(s: &Status) -> String {
    match s {
        Status::Built(..) => String::from("compiles"),
        Status::Refused(m) => format!("refused: {m}"),
        Status::Panicked(m) => format!("panicked: {m}"),
        Status::NoCompile(m) => format!("does not compile: {m}"),
    }
}

/// Counts of schemas.
#[derive(Default)]
struct Schemas {
    all: usize,
    compile: usize,
    warned: usize,
    refused: usize,
    panicked: usize,
    no_compile: usize,
}

impl Schemas {
    fn add(&mut self, status: &Status, warned: bool) {
        self.all += 1;
        match status {
            Status::Built(..) => self.compile += 1,
            Status::Refused(_) => self.refused += 1,
            Status::Panicked(_) => self.panicked += 1,
            Status::NoCompile(_) => self.no_compile += 1,
        }
        self.warned += usize::from(warned);
    }

    fn row(&self, label: &str) -> String {
        let generated = self.compile + self.no_compile;
        format!(
            "| {label} | {} | {} | {} | {} | {} | {} | {} |",
            self.all,
            percent(generated, self.all),
            percent(self.compile, generated),
            self.warned,
            self.refused,
            self.panicked,
            self.no_compile
        )
    }
}

/// Counts of instances.
#[derive(Default)]
struct Instances {
    all: usize,
    by: BTreeMap<Verdict, usize>,
    altered: usize,
    listed_otherwise: usize,
}

impl Instances {
    fn add(&mut self, instance: &Instance, result: &CaseResult) {
        self.all += 1;
        *self.by.entry(result.verdict).or_default() += 1;
        self.altered += usize::from(result.altered.is_some());
        self.listed_otherwise +=
            usize::from(instance.oracle.is_some_and(|v| v != instance.listed_valid));
    }

    fn row(&self, label: &str) -> String {
        let n = |v: Verdict| self.by.get(&v).copied().unwrap_or(0);
        let judged =
            n(Verdict::Agree) + n(Verdict::TooLax) + n(Verdict::TooStrict) + n(Verdict::Crashed);
        format!(
            "| {label} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            self.all,
            judged,
            percent(n(Verdict::Agree), judged),
            n(Verdict::TooLax),
            n(Verdict::TooStrict),
            n(Verdict::Crashed),
            self.altered,
            n(Verdict::NotRead),
            n(Verdict::NoOracle) + n(Verdict::Unreadable),
            self.listed_otherwise
        )
    }
}

fn percent(n: usize, of: usize) -> String {
    if of == 0 {
        n.to_string()
    } else {
        format!("{n} ({:.1}%)", n as f64 * 100.0 / of as f64)
    }
}

/// The report.
pub fn report(run: &Run) -> String {
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    let resolvable = |s: usize| !matches!(run.schemas[s].oracle, Oracle::Unresolvable(_));
    let (mut schemas, mut unresolvable, mut all) =
        (Schemas::default(), Schemas::default(), Schemas::default());
    let (mut instances, mut instances_all) = (Instances::default(), Instances::default());
    for s in 0..run.schemas.len() {
        let warned = run.warnings[s].is_some();
        all.add(&run.status[s], warned);
        if resolvable(s) {
            schemas.add(&run.status[s], warned);
        } else {
            unresolvable.add(&run.status[s], warned);
        }
        for (i, r) in run.schemas[s].instances.iter().zip(&run.results[s]) {
            instances_all.add(i, r);
            if resolvable(s) {
                instances.add(i, r);
            }
        }
    }
    line(String::from("### Schemas\n"));
    line(String::from(
        "| schemas | count | generated | compile (of generated) | with rustc warnings | refused | panicked | do not compile |",
    ));
    line(String::from("|---|---|---|---|---|---|---|---|"));
    line(schemas.row("references resolve"));
    line(unresolvable.row("unresolvable"));
    line(all.row("**all**"));
    line(String::from("\n### Instances\n"));
    line(String::from(
        "| instances of | count | judged | agree | too lax | too strict | crashed | altered | schema not built | no verdict | validator ≠ catalogue |",
    ));
    line(String::from(
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ));
    line(instances.row("schemas whose references resolve"));
    line(instances_all.row("**all schemas**"));
    line(format!(
        "\n{} schemas, {} instances; {:.0} s. **Judged**: read by a built type and judged by the \
         validator; **agree** is of those. **Altered**: accepted and written back as different \
         JSON (part of the other columns). **No verdict**: the validator cannot judge it, or \
         the file does not parse. **Validator ≠ catalogue**: the validator's verdict differs \
         from the folder the catalogue put the instance in (not counted against the types).\n",
        run.schemas.len(),
        instances_all.all,
        run.elapsed.as_secs_f64()
    ));

    line(String::from("### Schemas not generated or not compiling\n"));
    let mut any = false;
    for (s, schema) in run.schemas.iter().enumerate() {
        if matches!(run.status[s], Status::Built(..)) {
            continue;
        }
        any = true;
        let why = match &schema.oracle {
            Oracle::Unresolvable(m) => format!(" (unresolvable: {m})"),
            _ => String::new(),
        };
        line(format!(
            "- `{}` — {}{why}",
            schema.name,
            status_text(&run.status[s]).replace('|', "\\|")
        ));
    }
    if !any {
        line(String::from("(none)"));
    }
    line(String::from("\n### Schemas the validator cannot judge\n"));
    any = false;
    for schema in &run.schemas {
        let m = match &schema.oracle {
            Oracle::Built => continue,
            Oracle::Unresolvable(m) => format!("unresolvable: {m}"),
            Oracle::Fails(m) => format!("the validator refuses it: {m}"),
        };
        any = true;
        line(format!("- `{}` — {}", schema.name, m.replace('|', "\\|")));
    }
    if !any {
        line(String::from("(none)"));
    }
    line(String::from("\n### Generated code with rustc warnings\n"));
    any = false;
    for (schema, w) in run.schemas.iter().zip(&run.warnings) {
        if let Some(w) = w {
            any = true;
            line(format!("- `{}` — {}", schema.name, w.replace('|', "\\|")));
        }
    }
    if !any {
        line(String::from("(none)"));
    }
    line(String::from(
        "\n### Instances that disagree or come back altered\n",
    ));
    any = false;
    for (schema, results) in run.schemas.iter().zip(&run.results) {
        for (i, r) in schema.instances.iter().zip(results) {
            let bad = matches!(
                r.verdict,
                Verdict::TooLax | Verdict::TooStrict | Verdict::Crashed
            );
            if !bad && r.altered.is_none() {
                continue;
            }
            any = true;
            let mut text = format!("- `{}` — {}", i.id, verdict_name(r.verdict));
            if let Some(a) = &r.altered {
                let _ = write!(text, "; altered ({})", a.replace('|', "\\|"));
            }
            line(text);
        }
    }
    if !any {
        line(String::from("(none)"));
    }
    line(String::from("\n### Instances that cannot be read\n"));
    any = false;
    for schema in &run.schemas {
        for i in &schema.instances {
            if let Err(e) = &i.data {
                any = true;
                line(format!("- `{}` — {}", i.id, e.replace('|', "\\|")));
            }
        }
    }
    if !any {
        line(String::from("(none)"));
    }
    if !run.notes.is_empty() {
        line(String::from("\n### Notes on the run\n"));
        let mut seen = BTreeSet::new();
        for n in run.notes.iter().filter(|n| seen.insert(n.as_str())) {
            line(format!("- {}", n.replace('|', "\\|")));
        }
    }
    out
}
