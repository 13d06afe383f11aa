//! Runs every feature under `features/` with kbsim's steps, on simulated Windows hosts, and
//! writes a JUnit report (`target/script-suite-junit.xml`) for CI dashboards. Script paths in
//! the features are relative to this package's folder.

use cucumber::writer::Stats as _;
use cucumber::{World as _, WriterExt as _, writer};
use kbsim::kit::{Bench, Workbench};
use std::path::Path;

/// One scenario's state: kbsim's workbench (add your own fields next to it).
#[derive(Debug, Default, cucumber::World)]
struct ScriptWorld {
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
    std::env::set_current_dir(root).expect("the package folder");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    std::fs::create_dir_all(&target).expect("the target folder");
    let junit_path = target.join("script-suite-junit.xml");
    let junit = std::fs::File::create(&junit_path).expect("the JUnit report");
    let writer = ScriptWorld::cucumber()
        .steps(kbsim::kit::steps(ScriptWorld::collection()))
        .with_writer(
            writer::Basic::raw(std::io::stdout(), writer::Coloring::Auto, 0)
                .summarized()
                .tee::<ScriptWorld, _>(writer::JUnit::for_tee(junit, 0))
                .normalized(),
        )
        .fail_on_skipped()
        .run(root.join("features"))
        .await;
    println!("JUnit report: {}", junit_path.display());
    if writer.execution_has_failed() {
        std::process::exit(1);
    }
}
