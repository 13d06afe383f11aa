//! The structured-query XPath subset and `QueryList`: any text is a query or a syntax error
//! with its position, never a panic; `check_syntax` and a query agree on what is valid.
//! Queries run against a log holding events (a host whose RDP client failed to connect).
#![no_main]

use kbsim_fuzz::text;
use libfuzzer_sys::fuzz_target;
use winsim::clock::FileTime;
use winsim::eventlog::{EventLog, QueryError, QueryOptions, check_syntax};
use winsim::{Client, Fault, FaultId, Host};

fn with_log<T>(f: impl FnOnce(&EventLog, FileTime) -> T) -> T {
    thread_local! {
        static LOG: (EventLog, FileTime) = {
            let mut host = Host::builder().seed(7).build();
            winsim::faults::inject(&mut host, &Fault::new(FaultId::MachineKeysAcl));
            let _ = host.rdp_connect(Client::Modern);
            (host.eventlog().clone(), host.now())
        };
    }
    LOG.with(|(log, now)| f(log, *now))
}

fuzz_target!(|data: &[u8]| {
    let Some(text) = text(data) else {
        return;
    };
    with_log(|log, now| {
        if text.trim_start().starts_with('<') {
            let opts = QueryOptions {
                reverse: true,
                limit: Some(5),
            };
            match log.query_list(text, now, opts) {
                Ok(events) => assert!(events.len() <= 5),
                Err(e) => assert_ne!(e.code(), 0),
            }
            return;
        }
        let checked = check_syntax(text);
        match log.query("System", text, now) {
            Ok(_) => assert_eq!(checked, Ok(())),
            Err(QueryError::Syntax { position, message }) => {
                assert!(position <= text.chars().count(), "position past the end");
                assert!(!message.is_empty());
                assert!(
                    checked.is_err(),
                    "check_syntax accepts what the query refuses"
                );
            }
            Err(e) => panic!("System exists, yet: {e:?}"),
        }
    });
});
