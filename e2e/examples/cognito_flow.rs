//! Runs the whole Cognito user-pool conversation against a Cognito-compatible server (moto) and
//! prints each step.
//!
//! ```sh
//! python3 -m moto.server -H 127.0.0.1 -p 5000 &
//! cargo run -p cognito-e2e --example cognito_flow -- http://127.0.0.1:5000
//! # or: MOTO_URL=http://127.0.0.1:5000 cargo run -p cognito-e2e --example cognito_flow
//! ```

use std::process::ExitCode;

use cognito_e2e::{Client, FlowConfig, run_flow};

fn main() -> ExitCode {
    let Some(url) = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("MOTO_URL").ok())
    else {
        eprintln!("usage: cognito_flow URL (or set MOTO_URL), e.g. http://127.0.0.1:5000");
        return ExitCode::from(2);
    };
    let client = Client::new(&url);
    println!("POST {}", client.url());
    let mut step = 0;
    let mut log = |operation: &str, what: &str| {
        step += 1;
        println!("{step:>2}. {operation}: {what}");
    };
    match run_flow(&client, &FlowConfig::default(), &mut log) {
        Ok(_) => {
            println!("done");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
