//! `cargo xtask bench`: the performance table of BENCHMARKS.md, every figure beside a baseline
//! measured in the same run.
//!
//! 1. Codegen of the real corpus (575 documents), whole process, release build: wall time and
//!    peak memory, beside a parse-only baseline (the same binary reading and parsing the same
//!    files with `serde_json`, and nothing else).
//! 2. Scale: the corpus replicated into 10× and 100× namespaces in a temporary folder.
//! 3. The crate generated from `cognito-idp`: debug and release build times (dependencies
//!    already built), lines of code, lines per shape.
//! 4. Wide structs: a struct of 100, 200, 400 and 800 optional members (strings, and a few
//!    integers, `$ref`s and enums), each generated into a crate of its own in a temporary
//!    folder: debug build time (dependencies already built) beside the 100-member one, so that
//!    a generated impl whose cost in rustc grows faster than its size shows.
//! 5. `to_value` + render beside `serde_json::to_string`, from `cargo bench --bench to_value`.
//!
//! Figures are medians of several runs (crate builds: at most 3); the machine may be shared, so
//! compare ratios. `--only` runs some sections alone.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Options of `cargo xtask bench`.
#[derive(clap::Args)]
pub struct BenchArgs {
    /// Runs of each measurement (the median is reported).
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Skip the 100× scale run (it writes 57,500 files).
    #[arg(long)]
    quick: bool,
    /// Skip building the generated crate and the `to_value` benchmark.
    #[arg(long)]
    codegen_only: bool,
    /// Write the table into BENCHMARKS.md (between its markers) as well as printing it.
    #[arg(long)]
    write: bool,
    /// Run only these sections (repeatable; default: all).
    #[arg(long, value_enum)]
    only: Vec<Section>,
    /// The member counts of the wide-struct section.
    #[arg(long, value_delimiter = ',', default_values_t = [100, 200, 400, 800])]
    wide_sizes: Vec<usize>,
}

/// A section of the table.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Section {
    /// Codegen of the corpus at 1×, 10× (and 100×) against the parse-only baseline.
    Codegen,
    /// The build of the crate generated from `cognito-idp`.
    Crate,
    /// The builds of crates with one wide struct.
    Wide,
    /// `to_value` + render beside serde.
    ToValue,
}

impl BenchArgs {
    /// Whether `section` runs.
    fn runs(&self, section: Section) -> bool {
        if !self.only.is_empty() {
            return self.only.contains(&section);
        }
        section == Section::Codegen || !self.codegen_only
    }
}

/// One whole-process measurement: wall time and the child's own peak memory.
#[derive(Clone, Copy)]
struct Sample {
    wall: Duration,
    peak_kib: u64,
}

pub fn run(args: &BenchArgs, root: &Path) -> u8 {
    match bench(args, root) {
        Ok(table) => {
            println!("{table}");
            if args.write {
                if let Err(e) = write_table(&root.join("BENCHMARKS.md"), &table) {
                    eprintln!("error: {e}");
                    return 2;
                }
                println!("(written to BENCHMARKS.md)");
            }
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
    }
}

fn bench(args: &BenchArgs, root: &Path) -> Result<String, String> {
    let corpus = root
        .join("..")
        .join("shared")
        .join("corpora")
        .join("aws-cognito");
    if !corpus.is_dir() {
        return Err(format!("the corpus is not at {}", corpus.display()));
    }
    eprintln!("building the release binary …");
    cargo(root, &["build", "--release", "-p", "xtask"], &[])?;
    let target = xtask::target_dir(root)?;
    let binary = target
        .join("release")
        .join(format!("xtask{}", std::env::consts::EXE_SUFFIX));
    let tmp = std::env::temp_dir().join(format!("xtask-bench-{}", std::process::id()));
    let _ = fs::remove_dir_all(&tmp);
    fs::create_dir_all(&tmp).map_err(|e| e.to_string())?;
    let mut table = String::new();
    let mut line = |s: String| {
        table.push_str(&s);
        table.push('\n');
    };
    let runs = args.runs.max(1);
    if args.runs(Section::Codegen) {
        codegen(&binary, args, &corpus, &tmp, runs, &mut line)?;
    }
    if args.runs(Section::Crate) {
        generated_crate(&binary, root, &corpus, &tmp, runs, &mut line)?;
    }
    if args.runs(Section::Wide) {
        wide_structs(&binary, root, &tmp, &args.wide_sizes, runs, &mut line)?;
    }
    if args.runs(Section::ToValue) {
        to_value(root, &target, &mut line)?;
    }
    let _ = fs::remove_dir_all(&tmp);
    Ok(table)
}

/// Codegen against the parse-only baseline, at 1×, 10× and 100×.
fn codegen(
    binary: &Path,
    args: &BenchArgs,
    corpus: &Path,
    tmp: &Path,
    runs: usize,
    line: &mut impl FnMut(String),
) -> Result<(), String> {
    line(String::from("### Codegen, whole process (release)\n"));
    line(String::from(
        "| input | documents | parse-only baseline | codegen | ratio | peak memory (codegen) |",
    ));
    line(String::from("|---|---|---|---|---|---|"));
    let mut scales = vec![(1usize, corpus.to_path_buf())];
    for factor in if args.quick { vec![10] } else { vec![10, 100] } {
        let dir = tmp.join(format!("x{factor}"));
        replicate(corpus, &dir, factor)?;
        scales.push((factor, dir));
    }
    let mut per_document = Vec::new();
    for (factor, schemas) in &scales {
        eprintln!("codegen at {factor}× …");
        let documents = 575 * factor;
        let parse = median(runs, || {
            measure(
                binary,
                &["parse-only", "--schemas", &schemas.display().to_string()],
            )
        })?;
        let out = tmp.join(format!("out{factor}"));
        let codegen = median(runs, || {
            let _ = fs::remove_dir_all(&out);
            measure(
                binary,
                &[
                    "codegen",
                    "--schemas",
                    &schemas.display().to_string(),
                    "--out",
                    &out.display().to_string(),
                    "--crate-name",
                    "bench",
                    "--date-time",
                    "timestamp",
                    "--unknown-enum-values",
                    "keep",
                    "--unknown-members",
                    "drop",
                ],
            )
        })?;
        per_document.push((*factor, codegen.wall.as_secs_f64() / documents as f64));
        line(format!(
            "| {}× corpus | {documents} | {} ({} MiB) | {} | {:.1}× | {} MiB |",
            factor,
            secs(parse.wall),
            parse.peak_kib / 1024,
            secs(codegen.wall),
            codegen.wall.as_secs_f64() / parse.wall.as_secs_f64(),
            codegen.peak_kib / 1024,
        ));
    }
    if let (Some(first), Some(last)) = (per_document.first(), per_document.last()) {
        line(format!(
            "\nGrowth: {}× the documents took {:.1}× the time ({:.2} ms per document at 1×, \
             {:.2} ms at {}×).\n",
            last.0,
            last.1 * last.0 as f64 / first.1,
            first.1 * 1e3,
            last.1 * 1e3,
            last.0
        ));
    }
    Ok(())
}

/// Builds of the crate generated from `cognito-idp` alone.
fn generated_crate(
    binary: &Path,
    root: &Path,
    corpus: &Path,
    tmp: &Path,
    runs: usize,
    line: &mut impl FnMut(String),
) -> Result<(), String> {
    eprintln!("building the crate generated from cognito-idp …");
    let schemas = tmp.join("idp-root");
    fs::create_dir_all(&schemas).map_err(|e| e.to_string())?;
    copy_dir(&corpus.join("cognito-idp"), &schemas.join("cognito-idp"))?;
    let out = tmp.join("idp-crate");
    generate_crate(binary, root, &schemas, &out, "cognito-idp-types")?;
    let times = [
        build_time(&out, "cognito-idp-types", tmp, false, runs)?,
        build_time(&out, "cognito-idp-types", tmp, true, runs)?,
    ];
    let (lines, files) = source_lines(&out)?;
    let shapes = 500;
    line(String::from(
        "### The crate generated from `cognito-idp` (465 documents, 500 types)\n",
    ));
    line(String::from(
        "| debug build | release build | lines of code | files | lines per shape |",
    ));
    line(String::from("|---|---|---|---|---|"));
    line(format!(
        "| {} | {} | {lines} | {files} | {:.0} |\n",
        secs(times[0]),
        secs(times[1]),
        lines as f64 / shapes as f64
    ));
    line(String::from(
        "(The crate alone, its dependencies already built; 2 cores. Reference: typify's 47,000 \
         lines for the same shapes take 54 s.)\n",
    ));
    Ok(())
}

/// Debug builds of crates made of one struct with `n` optional members, for each `n` of `sizes`.
fn wide_structs(
    binary: &Path,
    root: &Path,
    tmp: &Path,
    sizes: &[usize],
    runs: usize,
    line: &mut impl FnMut(String),
) -> Result<(), String> {
    let mut rows = Vec::new();
    for &n in sizes {
        eprintln!("building a crate with a struct of {n} members …");
        let schemas = tmp.join(format!("wide-root-{n}"));
        wide_schemas(&schemas.join("wide"), n)?;
        let name = format!("wide-{n}");
        let out = tmp.join(&name);
        generate_crate(binary, root, &schemas, &out, &name)?;
        let time = build_time(&out, &name, tmp, false, runs)?;
        rows.push((n, source_lines(&out)?.0, time));
    }
    let Some(&(_, _, base)) = rows.iter().find(|r| r.0 == 100).or(rows.first()) else {
        return Ok(());
    };
    line(String::from(
        "### A struct of N optional members, debug build
",
    ));
    line(String::from(
        "| members | lines of code | debug build | ratio to 100 members |",
    ));
    line(String::from("|---|---|---|---|"));
    for (n, lines, time) in &rows {
        line(format!(
            "| {n} | {lines} | {} | {:.1}× |",
            secs(*time),
            time.as_secs_f64() / base.as_secs_f64()
        ));
    }
    line(String::from(
        "\n(One struct `Wide` of N optional members: strings, and four of other kinds, an \
         integer, a 64-bit integer, a `$ref` to a struct and a `$ref` to an enum; the crate alone, \
         its dependencies already built.)\n",
    ));
    Ok(())
}

/// The namespace folder of the wide-struct crate: `Wide` with `n` optional members (four of them
/// an integer, a 64-bit integer, a struct `Inner` and an enum `Tier`, spread out; the others
/// strings), `Inner` and `Tier`.
fn wide_schemas(dir: &Path, n: usize) -> Result<(), String> {
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let mut properties = serde_json::Map::new();
    for i in 1..=n {
        let kind = if n >= 5 && i % (n / 5) == 0 {
            i / (n / 5)
        } else {
            0
        };
        let mut member = match kind {
            1 => serde_json::json!({"type": "integer", "format": "int32"}),
            2 => serde_json::json!({"type": "integer", "format": "int64"}),
            3 => serde_json::json!({"$ref": "#/components/schemas/Inner"}),
            4 => serde_json::json!({"$ref": "#/components/schemas/Tier"}),
            _ => serde_json::json!({"type": "string"}),
        };
        if let Some(m) = member.as_object_mut()
            && !m.contains_key("$ref")
        {
            m.insert(
                String::from("description"),
                format!("Member number {i}.").into(),
            );
        }
        properties.insert(format!("Member{i:04}"), member);
    }
    let docs = [
        (
            "wide.json",
            serde_json::json!({
                "title": "Wide",
                "description": "A struct with many optional members.",
                "type": "object",
                "properties": properties,
            }),
        ),
        (
            "inner.json",
            serde_json::json!({
                "title": "Inner",
                "description": "A nested struct.",
                "type": "object",
                "properties": {"Name": {"type": "string"}},
            }),
        ),
        (
            "tier.json",
            serde_json::json!({
                "title": "Tier",
                "description": "An enum.",
                "type": "string",
                "enum": ["Free", "Standard", "Premium"],
            }),
        ),
    ];
    for (file, doc) in docs {
        let text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
        fs::write(dir.join(file), text).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Runs codegen on `schemas` into the crate folder `out` named `name`, a workspace of its own
/// with this repository's `Cargo.lock`.
fn generate_crate(
    binary: &Path,
    root: &Path,
    schemas: &Path,
    out: &Path,
    name: &str,
) -> Result<(), String> {
    let status = Command::new(binary)
        .args(["codegen", "--schemas"])
        .arg(schemas)
        .arg("--out")
        .arg(out)
        .args(["--crate-name", name])
        // Cognito's settings (as `schemas/schemagen.toml` has them): instants and open enums.
        .args(["--date-time", "timestamp", "--unknown-enum-values", "keep"])
        .args(["--unknown-members", "drop"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("codegen of {} failed", schemas.display()));
    }
    fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock")).map_err(|e| e.to_string())?;
    let mut manifest = fs::read_to_string(out.join("Cargo.toml")).map_err(|e| e.to_string())?;
    manifest.push_str("\n[workspace]\n");
    fs::write(out.join("Cargo.toml"), manifest).map_err(|e| e.to_string())
}

/// The build time of the library of the crate in `out` (package `name`) alone: its dependencies
/// built first (in a target folder under `tmp` that every crate of the run shares), then the
/// crate cleaned and built again, the median of `runs` (at most 3) builds.
fn build_time(
    out: &Path,
    name: &str,
    tmp: &Path,
    release: bool,
    runs: usize,
) -> Result<Duration, String> {
    let env = [(
        "CARGO_TARGET_DIR",
        tmp.join("build-target").display().to_string(),
    )];
    let profile: &[&str] = if release { &["--release"] } else { &[] };
    let mut args = vec!["build", "--lib"];
    args.extend_from_slice(profile);
    cargo(out, &args, &env)?;
    let build = median(runs.min(3), || {
        let mut clean = vec!["clean", "-p", name];
        clean.extend_from_slice(profile);
        cargo(out, &clean, &env)?;
        let started = Instant::now();
        cargo(out, &args, &env)?;
        Ok(Sample {
            wall: started.elapsed(),
            peak_kib: 0,
        })
    })?;
    Ok(build.wall)
}

/// Lines of code and files in the `src` folder of the crate in `out`.
fn source_lines(out: &Path) -> Result<(usize, usize), String> {
    let mut lines = 0;
    let mut files = 0;
    for entry in fs::read_dir(out.join("src")).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        lines += fs::read_to_string(&path)
            .map_err(|e| e.to_string())?
            .lines()
            .count();
        files += 1;
    }
    Ok((lines, files))
}

/// `to_value` + render beside `serde_json::to_string`, from criterion's medians.
fn to_value(root: &Path, target: &Path, line: &mut impl FnMut(String)) -> Result<(), String> {
    eprintln!("running cargo bench --bench to_value …");
    cargo(
        root,
        &[
            "bench",
            "-p",
            "xtask",
            "--bench",
            "to_value",
            "--",
            "/tree$|/serde$",
        ],
        &[],
    )?;
    line(String::from(
        "### `to_value` + JSON render beside `serde_json::to_string` (same value, same run)\n",
    ));
    line(String::from(
        "| value | tree: `to_value().to_json()` | serde: `serde_json::to_string` | ratio |",
    ));
    line(String::from("|---|---|---|---|"));
    for group in ["ResendConfirmationCodeRequest", "CreateUserPoolResponse"] {
        let tree = criterion_median(target, group, "tree")?;
        let serde = criterion_median(target, group, "serde")?;
        line(format!(
            "| `{group}` | {tree:.0} ns | {serde:.0} ns | {:.2}× |",
            tree / serde
        ));
    }
    Ok(())
}

fn criterion_median(target: &Path, group: &str, function: &str) -> Result<f64, String> {
    let path = target
        .join("criterion")
        .join(group)
        .join(function)
        .join("new/estimates.json");
    let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    json["median"]["point_estimate"]
        .as_f64()
        .ok_or_else(|| format!("no median in {}", path.display()))
}

/// The corpus's two namespaces copied `factor` times as `<ns>-<i>`, each copy's `$id`s made its
/// own (they must be unique across the schema root).
fn replicate(corpus: &Path, dir: &Path, factor: usize) -> Result<(), String> {
    for entry in fs::read_dir(corpus).map_err(|e| e.to_string())? {
        let entry = entry.map_err(|e| e.to_string())?;
        let name = entry.file_name().to_string_lossy().into_owned();
        for i in 0..factor {
            let to = dir.join(format!("{name}-{i:03}"));
            fs::create_dir_all(&to).map_err(|e| e.to_string())?;
            for file in fs::read_dir(entry.path()).map_err(|e| e.to_string())? {
                let file = file.map_err(|e| e.to_string())?;
                let text = fs::read_to_string(file.path()).map_err(|e| e.to_string())?;
                let text = text.replacen("\"$id\": \"", &format!("\"$id\": \"urn:copy-{i}:"), 1);
                fs::write(to.join(file.file_name()), text).map_err(|e| e.to_string())?;
            }
        }
    }
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for entry in fs::read_dir(from).map_err(|e| e.to_string())? {
        let entry = entry.map_err(|e| e.to_string())?;
        fs::copy(entry.path(), to.join(entry.file_name())).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Runs the binary; its peak memory comes from itself (`CODEGEN_REPORT_PEAK`).
fn measure(binary: &Path, args: &[&str]) -> Result<Sample, String> {
    let started = Instant::now();
    let out = Command::new(binary)
        .args(args)
        .env("CODEGEN_REPORT_PEAK", "1")
        .output()
        .map_err(|e| e.to_string())?;
    let wall = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(format!("{} {args:?} failed:\n{stderr}", binary.display()));
    }
    let peak_kib = stderr
        .lines()
        .find_map(|l| l.strip_prefix("peak memory: "))
        .and_then(|v| v.trim_end_matches(" KiB").parse().ok())
        .unwrap_or(0);
    Ok(Sample { wall, peak_kib })
}

fn median(runs: usize, mut f: impl FnMut() -> Result<Sample, String>) -> Result<Sample, String> {
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        samples.push(f()?);
    }
    samples.sort_by_key(|s| s.wall);
    let mut peaks: Vec<u64> = samples.iter().map(|s| s.peak_kib).collect();
    peaks.sort_unstable();
    Ok(Sample {
        wall: samples[samples.len() / 2].wall,
        peak_kib: peaks[peaks.len() / 2],
    })
}

fn cargo(dir: &Path, args: &[&str], env: &[(&str, String)]) -> Result<(), String> {
    let mut command =
        Command::new(std::env::var("CARGO").unwrap_or_else(|_| String::from("cargo")));
    command.args(args).current_dir(dir).stdout(Stdio::null());
    for (k, v) in env {
        command.env(k, v);
    }
    let out = command.output().map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "cargo {args:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

fn secs(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{:.0} ms", d.as_secs_f64() * 1e3)
    } else {
        format!("{:.2} s", d.as_secs_f64())
    }
}

/// Replaces the text between `<!-- bench:start -->` and `<!-- bench:end -->`.
fn write_table(path: &PathBuf, table: &str) -> Result<(), String> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let (start, end) = ("<!-- bench:start -->", "<!-- bench:end -->");
    let (Some(a), Some(b)) = (text.find(start), text.find(end)) else {
        return Err(format!("{} has no {start} … {end} markers", path.display()));
    };
    let mut out = String::new();
    out.push_str(&text[..a + start.len()]);
    let _ = write!(out, "\n{table}");
    out.push_str(&text[b..]);
    fs::write(path, out).map_err(|e| e.to_string())
}

/// The peak resident memory of this process, from `/proc/self/status` (Linux), in KiB.
pub fn peak_memory_kib() -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// The parse-only baseline: read and parse every `*.json` under the schema root, nothing else.
pub fn parse_only(schemas: &Path) -> u8 {
    fn walk(dir: &Path, count: &mut usize) -> std::io::Result<()> {
        let mut entries: Vec<_> = fs::read_dir(dir)?.collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, count)?;
            } else if path.extension().is_some_and(|e| e == "json") {
                let text = fs::read(&path)?;
                let value: serde_json::Value =
                    serde_json::from_slice(&text).map_err(std::io::Error::other)?;
                std::hint::black_box(value);
                *count += 1;
            }
        }
        Ok(())
    }
    let mut count = 0;
    match walk(schemas, &mut count) {
        Ok(()) => {
            println!("parsed {count} documents");
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
    }
}
