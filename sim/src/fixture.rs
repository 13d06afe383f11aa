//! Hosts on disk: `host.toml`, `registry.reg`, `acl.txt`, `events.xml`, `*.evtx`, `certs/`.
