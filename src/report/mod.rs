//! The Gherkin run as one self-contained HTML page (no network, no external assets): what a
//! reader opens to learn what Windows does under each fault.
//!
//! On top, a summary with the failures first, each with the command that replays it; then the
//! article's scenarios (1, 2, 3) and their causes, each linked to the features that prove it;
//! then every feature (failing ones first) with its description and its scenarios: the OS, the
//! faults and the seed of each, its steps with pass or fail, and what each command printed, in
//! a console-styled block.
//!
//! Two pieces feed it: [`HtmlReport`], a cucumber writer that keeps each step's outcome, and
//! [`Facts::collect`], an `after` hook that keeps what the world saw (host, faults, consoles).

mod article;
mod html;

use crate::steps::{Console, KbWorld};
use cucumber::event::{self, Cucumber, Feature, Rule, Scenario, Step};
use cucumber::gherkin;
use cucumber::{Event, cli, parser};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A scenario: its feature file and its line.
type Key = (PathBuf, usize);

/// What a scenario's world saw, kept when the scenario ends.
#[derive(Debug, Clone, Default)]
struct ScenarioFacts {
    os: Option<String>,
    seed: Option<u64>,
    faults: Vec<String>,
    consoles: Vec<Console>,
}

/// What each scenario's world saw, shared between the `after` hook and the writer.
#[derive(Debug, Clone, Default)]
pub struct Facts(Arc<Mutex<HashMap<Key, ScenarioFacts>>>);

impl Facts {
    /// Keeps what `world` saw in `scenario` (call it from the runner's `after` hook).
    pub fn collect(
        &self,
        feature: &gherkin::Feature,
        scenario: &gherkin::Scenario,
        world: Option<&mut KbWorld>,
    ) {
        let Some(world) = world else { return };
        let facts = ScenarioFacts {
            os: world
                .bench
                .host
                .as_ref()
                .map(|h| h.os().display_name().to_string()),
            seed: world.bench.host.as_ref().map(|h| h.seed()),
            faults: std::mem::take(&mut world.faults),
            consoles: std::mem::take(&mut world.consoles),
        };
        let key = (
            feature.path.clone().unwrap_or_default(),
            scenario.position.line,
        );
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, facts);
    }

    fn take(&self, key: &Key) -> ScenarioFacts {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(key)
            .unwrap_or_default()
    }
}

/// How a step ended.
#[derive(Debug, Clone)]
enum Outcome {
    Passed,
    Failed(String),
    /// No step definition matches its text.
    Undefined,
}

#[derive(Debug)]
struct StepRun {
    step: Arc<gherkin::Step>,
    background: bool,
    outcome: Outcome,
}

#[derive(Debug)]
struct ScenarioRun {
    scenario: Arc<gherkin::Scenario>,
    rule: Option<String>,
    steps: Vec<StepRun>,
    /// A hook failed (before or after the steps).
    hook_error: Option<String>,
    facts: ScenarioFacts,
}

impl ScenarioRun {
    fn failed(&self) -> bool {
        self.hook_error.is_some()
            || self
                .steps
                .iter()
                .any(|s| !matches!(s.outcome, Outcome::Passed))
    }
}

#[derive(Debug)]
struct FeatureRun {
    feature: Arc<gherkin::Feature>,
    /// The path shown and linked: relative to the crate's root.
    path: String,
    scenarios: Vec<ScenarioRun>,
}

impl FeatureRun {
    fn failed(&self) -> bool {
        self.scenarios.iter().any(ScenarioRun::failed)
    }
}

/// The cucumber writer that writes the report when the run finishes.
#[derive(Debug)]
pub struct HtmlReport {
    out: PathBuf,
    root: PathBuf,
    facts: Facts,
    features: Vec<FeatureRun>,
    parse_errors: Vec<String>,
    seed: Option<u64>,
}

impl HtmlReport {
    /// A report written to `out` of a run with `seed` (`None`: `KBSIM_SEED` is not a seed);
    /// feature paths are shown relative to `root`.
    pub fn new(out: PathBuf, root: &Path, facts: Facts, seed: Option<u64>) -> HtmlReport {
        HtmlReport {
            out,
            root: root.to_path_buf(),
            facts,
            features: Vec::new(),
            parse_errors: Vec::new(),
            seed,
        }
    }

    fn scenario_event(
        &mut self,
        feature: &Arc<gherkin::Feature>,
        rule: Option<&gherkin::Rule>,
        scenario: &Arc<gherkin::Scenario>,
        ev: Scenario<KbWorld>,
    ) {
        let Some(f) = self
            .features
            .iter_mut()
            .rev()
            .find(|f| Arc::ptr_eq(&f.feature, feature))
        else {
            return;
        };
        if matches!(ev, Scenario::Started) {
            f.scenarios.push(ScenarioRun {
                scenario: scenario.clone(),
                rule: rule.map(|r| r.name.clone()),
                steps: Vec::new(),
                hook_error: None,
                facts: ScenarioFacts::default(),
            });
            return;
        }
        let Some(s) = f
            .scenarios
            .iter_mut()
            .rev()
            .find(|s| Arc::ptr_eq(&s.scenario, scenario))
        else {
            return;
        };
        let (step, background, ev) = match ev {
            Scenario::Step(step, ev) => (step, false, ev),
            Scenario::Background(step, ev) => (step, true, ev),
            Scenario::Hook(ty, event::Hook::Failed(_, info)) => {
                s.hook_error = Some(format!("{ty:?} hook failed: {}", panic_text(&info)));
                return;
            }
            Scenario::Finished => {
                let key = (
                    feature.path.clone().unwrap_or_default(),
                    scenario.position.line,
                );
                s.facts = self.facts.take(&key);
                return;
            }
            _ => return,
        };
        let outcome = match ev {
            Step::Passed(..) => Outcome::Passed,
            Step::Failed(_, _, _, err) => Outcome::Failed(err.to_string()),
            Step::Skipped => Outcome::Undefined,
            Step::Started => return,
        };
        s.steps.push(StepRun {
            step: step.into(),
            background,
            outcome,
        });
    }

    /// Writes the page next to its place, then renames it there.
    fn write(&self) -> std::io::Result<()> {
        let html = html::render(&self.features, &self.parse_errors, self.seed);
        if let Some(dir) = self.out.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = self
            .out
            .with_extension(format!("html.tmp{}", std::process::id()));
        std::fs::write(&tmp, html)?;
        std::fs::rename(&tmp, &self.out)
    }
}

fn panic_text(info: &cucumber::event::Info) -> String {
    info.downcast_ref::<String>()
        .cloned()
        .or_else(|| info.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "a panic".to_string())
}

impl cucumber::Writer<KbWorld> for HtmlReport {
    type Cli = cli::Empty;

    async fn handle_event(
        &mut self,
        ev: parser::Result<Event<Cucumber<KbWorld>>>,
        _cli: &Self::Cli,
    ) {
        let ev = match ev {
            Ok(ev) => ev.value,
            Err(e) => {
                self.parse_errors.push(e.to_string());
                return;
            }
        };
        match ev {
            Cucumber::Feature(feature, Feature::Started) => {
                let path = feature
                    .path
                    .as_deref()
                    .map(|p| {
                        p.strip_prefix(&self.root)
                            .unwrap_or(p)
                            .to_string_lossy()
                            .replace('\\', "/")
                    })
                    .unwrap_or_default();
                self.features.push(FeatureRun {
                    feature: feature.into(),
                    path,
                    scenarios: Vec::new(),
                });
            }
            Cucumber::Feature(feature, Feature::Scenario(sc, ev)) => {
                self.scenario_event(&feature.into(), None, &sc.into(), ev.event);
            }
            Cucumber::Feature(feature, Feature::Rule(rule, Rule::Scenario(sc, ev))) => {
                self.scenario_event(&feature.into(), Some(&rule), &sc.into(), ev.event);
            }
            Cucumber::Finished => {
                if let Err(e) = self.write() {
                    eprintln!(
                        "the HTML report could not be written to {}: {e}",
                        self.out.display()
                    );
                } else {
                    println!("HTML report: {}", self.out.display());
                }
            }
            _ => {}
        }
    }
}

impl cucumber::writer::NonTransforming for HtmlReport {}
