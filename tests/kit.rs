//! The kit for users' suites, run as a user runs it: `examples/script-suite`'s own test code
//! (compiled here, so it cannot rot) over its features and sample script.

#[path = "../examples/script-suite/tests/bdd.rs"]
#[allow(dead_code)] // its `main` is the example's entry point; here `run` is called
mod suite;

use std::path::Path;

#[tokio::main]
async fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = kbsim::kit::target_dir(root);
    let suite = root.join("examples/script-suite");
    if !suite::run(&suite, &target.join("script-suite-junit.xml")).await {
        std::process::exit(1);
    }
}
