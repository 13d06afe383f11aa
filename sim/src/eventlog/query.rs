//! Running queries: a selector over one channel, answered through the segment index when the
//! selector names a provider and/or EventIDs, and skipping segments older than its
//! `timediff` window; or a `QueryList` over several channels.

use super::store::{Channel, Segment};
use super::xpath::eval::{CStep, Ctx, Plan, compile_steps};
use super::xpath::{self, parse_query_list};
use super::{EventLog, EventRef};
use crate::clock::FileTime;
use std::collections::HashSet;

/// Why a query could not run (wevtutil's exit code is [`QueryError::code`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// The selector does not parse (ERROR_EVT_INVALID_QUERY).
    #[error("A syntax error occurred at position {position}")]
    Syntax {
        /// 0-based character position.
        position: usize,
        /// What the parser expected.
        message: String,
    },
    /// A malformed `QueryList` (ERROR_EVT_INVALID_QUERY).
    #[error("The specified query is invalid.")]
    Invalid(String),
    /// No channel of that name (ERROR_EVT_CHANNEL_NOT_FOUND).
    #[error("The specified channel could not be found.")]
    ChannelNotFound(String),
}

impl QueryError {
    /// The Win32 error code: 15001 invalid query, 15007 channel not found.
    pub fn code(&self) -> u32 {
        match self {
            QueryError::Syntax { .. } | QueryError::Invalid(_) => 15001,
            QueryError::ChannelNotFound(_) => 15007,
        }
    }
}

/// Direction and count of a query (`/rd:true`, `/c:N`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueryOptions {
    /// Newest first.
    pub reverse: bool,
    /// At most this many events.
    pub limit: Option<usize>,
}

/// Checks a selector's syntax without running it.
pub fn check_syntax(xpath: &str) -> Result<(), QueryError> {
    xpath::parse(xpath)
        .map(|_| ())
        .map_err(|e| QueryError::Syntax {
            position: e.position,
            message: e.message,
        })
}

impl EventLog {
    /// Events of `channel` selected by `xpath`, oldest first; `now` is the clock `timediff` uses.
    pub fn query(
        &self,
        channel: &str,
        xpath: &str,
        now: FileTime,
    ) -> Result<Vec<EventRef<'_>>, QueryError> {
        self.query_with(channel, xpath, now, QueryOptions::default())
    }

    /// Like [`EventLog::query`], with a direction and a limit.
    pub fn query_with(
        &self,
        channel: &str,
        xpath: &str,
        now: FileTime,
        opts: QueryOptions,
    ) -> Result<Vec<EventRef<'_>>, QueryError> {
        let ast = xpath::parser::parse_cached(xpath).map_err(|e| QueryError::Syntax {
            position: e.position,
            message: e.message,
        })?;
        let c = self
            .chans()
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(channel))
            .ok_or_else(|| QueryError::ChannelNotFound(channel.to_string()))?;
        let steps = compile_steps(&ast, self.strings());
        let plan = Plan::of(&steps, now.0);
        let mut out = Vec::new();
        self.run(c, &steps, &plan, now.0, opts, &mut out);
        Ok(out)
    }

    /// Runs a `QueryList` (Select/Suppress over several channels). Results are grouped by
    /// channel in the order the Selects name them, each channel in log order.
    pub fn query_list(
        &self,
        xml: &str,
        now: FileTime,
        opts: QueryOptions,
    ) -> Result<Vec<EventRef<'_>>, QueryError> {
        let list = parse_query_list(xml).map_err(QueryError::Invalid)?;
        let mut out: Vec<EventRef<'_>> = Vec::new();
        let mut seen = HashSet::new();
        for q in &list {
            let mut suppressed = HashSet::new();
            for part in q.parts.iter().filter(|p| p.suppress) {
                for e in self.query(&part.path, &part.xpath, now)? {
                    suppressed.insert(e.raw() as *const _ as usize);
                }
            }
            for part in q.parts.iter().filter(|p| !p.suppress) {
                for e in self.query(&part.path, &part.xpath, now)? {
                    let key = e.raw() as *const _ as usize;
                    if !suppressed.contains(&key) && seen.insert(key) {
                        out.push(e);
                    }
                }
            }
        }
        if opts.reverse {
            out.reverse();
        }
        if let Some(n) = opts.limit {
            out.truncate(n);
        }
        Ok(out)
    }

    fn run<'a>(
        &'a self,
        c: &'a Channel,
        steps: &[CStep],
        plan: &Plan,
        now: u64,
        opts: QueryOptions,
        out: &mut Vec<EventRef<'a>>,
    ) {
        if plan.provider == Some(None) || plan.ids.as_ref().is_some_and(|v| v.is_empty()) {
            return;
        }
        let limit = opts.limit.unwrap_or(usize::MAX);
        let channel = self.strings().get(&c.name).unwrap_or(0);
        let mut visit = |seg: &'a Segment, pos: u32| -> bool {
            let rec = &seg.recs[pos as usize];
            if plan.min_time.is_some_and(|t| rec.time < t) {
                return false;
            }
            let ctx = Ctx {
                strings: self.strings(),
                rec,
                words: seg.payload(rec),
                channel,
                now,
            };
            if ctx.matches(steps) {
                out.push(EventRef::new(self, c, seg, rec));
            }
            out.len() >= limit
        };
        let segs: Vec<&Segment> = c.segments().collect();
        let order: Box<dyn Iterator<Item = &&Segment>> = if opts.reverse {
            Box::new(segs.iter().rev())
        } else {
            Box::new(segs.iter())
        };
        for &seg in order {
            if seg.recs.is_empty() || plan.min_time.is_some_and(|t| seg.max_time < t) {
                continue;
            }
            let done = if plan.provider.is_some() || plan.ids.is_some() {
                let cands = candidates(seg, plan);
                if opts.reverse {
                    cands.iter().rev().any(|&p| visit(seg, p))
                } else {
                    cands.iter().any(|&p| visit(seg, p))
                }
            } else if opts.reverse {
                (0..seg.recs.len() as u32).rev().any(|p| visit(seg, p))
            } else {
                (0..seg.recs.len() as u32).any(|p| visit(seg, p))
            };
            if done {
                break;
            }
        }
    }
}

/// Positions in `seg` whose (provider, EventID) the plan allows, ascending.
fn candidates<'s>(seg: &'s Segment, plan: &Plan) -> std::borrow::Cow<'s, [u32]> {
    let mut lists: Vec<&[u32]> = Vec::new();
    match (plan.provider, &plan.ids) {
        (Some(Some(p)), Some(ids)) => {
            for id in ids {
                if let Some(v) = seg.index.get(&(p, *id)) {
                    lists.push(v);
                }
            }
        }
        (Some(Some(p)), None) => lists.extend(
            seg.index
                .iter()
                .filter(|(k, _)| k.0 == p)
                .map(|(_, v)| v.as_slice()),
        ),
        (None, Some(ids)) => lists.extend(
            seg.index
                .iter()
                .filter(|(k, _)| ids.contains(&k.1))
                .map(|(_, v)| v.as_slice()),
        ),
        _ => {}
    }
    match lists.len() {
        0 => std::borrow::Cow::Borrowed(&[]),
        1 => std::borrow::Cow::Borrowed(lists[0]),
        _ => {
            let mut v: Vec<u32> = lists.concat();
            v.sort_unstable();
            v.dedup();
            std::borrow::Cow::Owned(v)
        }
    }
}
