//! A moto server for the end-to-end tests: the one at `MOTO_URL`, or one started here on a free
//! loopback port whenever `python3 -m moto.server` can be imported, and stopped when the test
//! ends (the guard's `Drop`, so a failing test stops it too).
//!
//! Without either, a test is skipped with a line on the terminal's stderr (written past the test
//! harness's capture, so `cargo test` shows it), except under `CI=true`, where it fails.

use std::io::Write as _;
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running moto server.
pub struct Moto {
    /// Its URL (`http://127.0.0.1:PORT`).
    pub url: String,
    /// The server this guard started, if it did.
    child: Option<Child>,
}

impl Moto {
    /// The server at `MOTO_URL`, else a new one; `None` (skipped, said on stderr) when there is
    /// neither a URL nor moto to start. Panics under `CI=true` rather than skip.
    pub fn start_or_skip() -> Option<Moto> {
        if let Ok(url) = std::env::var("MOTO_URL")
            && !url.trim().is_empty()
        {
            return Some(Moto { url, child: None });
        }
        let python = std::env::var("PYTHON").unwrap_or_else(|_| String::from("python3"));
        let importable = Command::new(&python)
            .args(["-c", "import moto.server, flask"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !importable {
            let why = format!(
                "the end-to-end test needs a moto server: set MOTO_URL, or install moto \
                 (`{python} -m pip install 'moto[server]'`) so that the test starts one"
            );
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("{why}");
            }
            // Past the harness's capture: visible in `cargo test` output.
            let _ = writeln!(std::io::stderr(), "SKIPPED: {why}");
            return None;
        }
        let port = free_port();
        let child = Command::new(&python)
            .args([
                "-m",
                "moto.server",
                "-H",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start `{python} -m moto.server`: {e}"));
        let mut moto = Moto {
            url: format!("http://127.0.0.1:{port}"),
            child: Some(child),
        };
        moto.wait_until_listening(port);
        Some(moto)
    }

    fn wait_until_listening(&mut self, port: u16) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(60) {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return;
            }
            if let Some(child) = &mut self.child
                && let Ok(Some(status)) = child.try_wait()
            {
                panic!("the moto server exited before it listened ({status})");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("the moto server did not listen on port {port} within 60 s");
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A loopback port nothing listens on now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}
