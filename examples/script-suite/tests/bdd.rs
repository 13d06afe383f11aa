//! Runs every feature under `features/` with kbsim's steps, on simulated Windows hosts, and
//! writes a JUnit report (`target/script-suite-junit.xml`) for CI dashboards. Script paths in
//! the features are relative to this package's folder.

use cucumber::writer::Stats as _;
use cucumber::{World as _, WriterExt as _, writer};
use kbsim::kit::{Bench, Workbench};
use std::path::Path;

/// One scenario's state: kbsim's workbench (add your own fields next to it).
#[derive(Debug, Default, cucumber::World)]
pub struct ScriptWorld {
    kbsim: Workbench,
}

impl Bench for ScriptWorld {
    fn workbench(&mut self) -> &mut Workbench {
        &mut self.kbsim
    }
}

#[tokio::main]
async fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = kbsim::kit::target_dir(root);
    if !run(root, &target.join("script-suite-junit.xml")).await {
        std::process::exit(1);
    }
}

/// Runs the features under `root/features` from `root`, writing the JUnit report to `junit`;
/// true if every step passed.
pub async fn run(root: &Path, junit: &Path) -> bool {
    std::env::set_current_dir(root).expect("the suite's folder");
    if let Some(dir) = junit.parent() {
        std::fs::create_dir_all(dir).expect("the report's folder");
    }
    let file = std::fs::File::create(junit).expect("the JUnit report");
    let writer = ScriptWorld::cucumber()
        .steps(kbsim::kit::steps(ScriptWorld::collection()))
        .with_writer(
            writer::Basic::raw(std::io::stdout(), writer::Coloring::Auto, 0)
                .summarized()
                .tee::<ScriptWorld, _>(writer::JUnit::for_tee(file, 0))
                .normalized(),
        )
        .fail_on_skipped()
        .run(root.join("features"))
        .await;
    println!("JUnit report: {}", junit.display());
    !writer.execution_has_failed() && writer.passed_steps() > 0
}
