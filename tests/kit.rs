//! The kit for users' suites, run as a user runs it: the features of `examples/script-suite`
//! with `kbsim::kit::steps` over a World of the kit's own, from that folder.

use cucumber::World as _;
use cucumber::writer::Stats as _;
use kbsim::kit::{Bench, Workbench};
use std::path::Path;

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
    let suite = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/script-suite");
    std::env::set_current_dir(&suite).expect("examples/script-suite");
    let writer = ScriptWorld::cucumber()
        .steps(kbsim::kit::steps(ScriptWorld::collection()))
        .fail_on_skipped()
        .run(suite.join("features"))
        .await;
    if writer.execution_has_failed() || writer.passed_steps() == 0 {
        std::process::exit(1);
    }
}
