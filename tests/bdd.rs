//! Runs every `.feature` under `features/`, and writes a JUnit report to
//! `target/cucumber-junit.xml` for CI dashboards and an HTML report to
//! `target/kbsim-report.html` for readers (`kbsim::report`).

use cucumber::event::ScenarioFinished;
use cucumber::gherkin::{Feature, Rule, Scenario};
use cucumber::writer::Stats as _;
use cucumber::{World as _, WriterExt as _, writer};
use kbsim::report::{Facts, HtmlReport};
use kbsim::steps::KbWorld;
use std::fs;
use std::future::Future;
use std::path::Path;
use std::pin::Pin;

#[tokio::main]
async fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = kbsim::kit::target_dir(root);
    fs::create_dir_all(&target).expect("target directory");
    let junit_path = target.join("cucumber-junit.xml");
    let junit = fs::File::create(&junit_path).expect("JUnit report file");
    let facts = Facts::default();
    let html = HtmlReport::new(
        target.join("kbsim-report.html"),
        root,
        facts.clone(),
        // An invalid KBSIM_SEED fails every step that builds a host, saying why.
        kbsim::seed::from_env().ok(),
    );
    let writer = KbWorld::cucumber()
        .steps(kbsim::kit::judge_steps(KbWorld::collection()))
        .after(
            move |feature: &Feature,
                  _: Option<&Rule>,
                  scenario: &Scenario,
                  _: &ScenarioFinished,
                  world: Option<&mut KbWorld>|
                  -> Pin<Box<dyn Future<Output = ()>>> {
                facts.collect(feature, scenario, world);
                Box::pin(std::future::ready(()))
            },
        )
        .with_writer(
            writer::Basic::raw(std::io::stdout(), writer::Coloring::Auto, 0)
                .summarized()
                .tee::<KbWorld, _>(writer::JUnit::for_tee(junit, 0))
                .tee::<KbWorld, _>(html.discard_stats_writes().discard_arbitrary_writes())
                .normalized(),
        )
        .fail_on_skipped()
        .run(root.join("features"))
        .await;
    println!("JUnit report: {}", junit_path.display());
    if writer.execution_has_failed() {
        // Every scenario's host was built from this seed: the same seed replays the run.
        eprintln!("{}", kbsim::seed::replay_hint(kbsim::steps::seed()));
        std::process::exit(1);
    }
}
