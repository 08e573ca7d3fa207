//! Driving a generated crate's `<crate name>-roundtrip` example in `--batch` mode: one process for many
//! instances.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

/// One answer of `<crate name>-roundtrip --batch`.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// `{"ok": …}`: the rendered value.
    Ok(Value),
    /// `{"error": "…"}`: the message.
    Error(String),
}

/// Sends `[namespace, type, instance]` for each request to `binary --batch` and gives the
/// answers in order. Panics when the process fails, writes a line that is not an answer, or
/// gives fewer or more answers than requests.
pub fn run(binary: &Path, requests: &[(String, String, Value)]) -> Vec<Answer> {
    lines(binary, &[], requests, parse_answer)
}

/// [`run`] with `--batch --debug`: each answer is the whole object (`ok`, `debug` and `tree`, or
/// `error`).
pub fn run_debug(binary: &Path, requests: &[(String, String, Value)]) -> Vec<Value> {
    lines(binary, &["--debug"], requests, |line| {
        serde_json::from_str(line).ok()
    })
}

/// Runs `binary --batch <flags>` on the requests; each answer line parsed by `parse`.
fn lines<T>(
    binary: &Path,
    flags: &[&str],
    requests: &[(String, String, Value)],
    parse: impl Fn(&str) -> Option<T>,
) -> Vec<T> {
    let mut child = Command::new(binary)
        .arg("--batch")
        .args(flags)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{} starts: {e}", binary.display()));
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let lines: Vec<String> = requests
        .iter()
        .map(|(ns, ty, instance)| {
            serde_json::to_string(&Value::Array(vec![
                Value::String(ns.clone()),
                Value::String(ty.clone()),
                instance.clone(),
            ]))
            .expect("a request serializes")
        })
        .collect();
    // Write on another thread while this one reads, so that neither pipe fills up.
    let writer = std::thread::spawn(move || {
        for line in lines {
            if writeln!(stdin, "{line}").is_err() {
                break;
            }
        }
        // Dropping stdin closes it: the batch ends.
    });
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut answers = Vec::with_capacity(requests.len());
    for (n, line) in BufReader::new(stdout).lines().enumerate() {
        let line = line.unwrap_or_else(|e| panic!("answer {n} is readable text: {e}"));
        answers.push(parse(&line).unwrap_or_else(|| {
            let (ns, ty, instance) = requests.get(n).map_or(("?", "?", String::new()), |r| {
                (r.0.as_str(), r.1.as_str(), r.2.to_string())
            });
            panic!("answer {n} (to {ns} {ty} {instance}) is neither {{\"ok\": …}} nor {{\"error\": \"…\"}}: {line}")
        }));
    }
    writer.join().expect("the writer thread finishes");
    let output = child.wait_with_output().expect("the batch process ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{} --batch failed ({}) after {} answers to {} requests; stderr:\n{stderr}",
        binary.display(),
        output.status,
        answers.len(),
        requests.len()
    );
    assert_eq!(
        answers.len(),
        requests.len(),
        "{} --batch gave {} answers to {} requests; stderr:\n{stderr}",
        binary.display(),
        answers.len(),
        requests.len()
    );
    answers
}

/// `{"ok": v}` or `{"error": "message"}`, nothing else (numbers read exactly).
fn parse_answer(line: &str) -> Option<Answer> {
    let Ok(Value::Object(mut members)) = crate::instances::parse_exact(line) else {
        return None;
    };
    if members.len() != 1 {
        return None;
    }
    match (members.remove("ok"), members.remove("error")) {
        (Some(v), None) => Some(Answer::Ok(v)),
        (None, Some(Value::String(e))) => Some(Answer::Error(e)),
        _ => None,
    }
}
