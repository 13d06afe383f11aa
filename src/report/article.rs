//! The article as the report links it: its scenarios, the events that point to each, and
//! its causes (fault ids of the catalog), with the features that prove them besides
//! `features/faults/<fault>.feature`. The causes are the knowledge base's findings
//! (`kb/rdp-event-ids.toml`; a test keeps the two in step), in words short enough for the page.

/// The article's scenarios, in its order.
pub(super) const ARTICLE: &[ArticleScenario] = &[
    ArticleScenario {
        number: 1,
        title: "The listener's certificate or its private key cannot be used",
        events: "TerminalServices-RemoteConnectionManager 1058 / 1057; Schannel 36870",
        causes: &[
            (
                "machinekeys-acl",
                "NETWORK SERVICE can no longer read the listener's key container",
            ),
            (
                "machinekeys-deny-ace",
                "an explicit Deny on the key container, which the article's grants do not undo",
            ),
            (
                "rsa-key-missing",
                "the certificate is there, its key file is gone",
            ),
            (
                "rsa-key-corrupt",
                "the key file is there but unreadable; its stale container blocks a new one",
            ),
            (
                "certstore-deny",
                "SYSTEM may not write the Remote Desktop certificate store (not in the article)",
            ),
            (
                "ssl-thumbprint-mismatch",
                "RDP-Tcp names a certificate that is not in the store",
            ),
        ],
        features: &[
            "features/kb/scenario-1-machinekeys.feature",
            "features/kb/scenario-1-certificate.feature",
            "features/kb/healthy.feature",
            "features/powershell/machinekeys.feature",
            "features/cmd/certificate-repair.feature",
            "features/faults/matrix.feature",
            "features/eventlog/article-queries.feature",
            "features/acl/machinekeys-listing.feature",
            "features/acl/takeown.feature",
            "features/acl/recursive-grant.feature",
            "features/acl/deny.feature",
            "features/rdp/certificate.feature",
        ],
    },
    ArticleScenario {
        number: 2,
        title: "TLS 1.0 is turned off and RDP speaks nothing newer",
        events: "Schannel 36871 (state 10013)",
        causes: &[(
            "tls10-disabled",
            "SCHANNEL's TLS 1.0 server protocol is disabled",
        )],
        features: &[
            "features/kb/scenario-2-tls.feature",
            "features/faults/matrix.feature",
            "features/rdp/connect.feature",
        ],
    },
    ArticleScenario {
        number: 3,
        title: "The RD Connection Broker was renamed after the farm was built",
        events: "TerminalServices-SessionBroker 2056; SessionBroker-Client 1296",
        causes: &[(
            "broker-renamed",
            "the broker's database still names the old host",
        )],
        features: &[
            "features/kb/scenario-3-broker.feature",
            "features/powershell/broker.feature",
            "features/faults/matrix.feature",
            "features/eventlog/broker.feature",
        ],
    },
];

/// One scenario of the article.
pub(super) struct ArticleScenario {
    pub(super) number: u8,
    pub(super) title: &'static str,
    pub(super) events: &'static str,
    pub(super) causes: &'static [(&'static str, &'static str)],
    pub(super) features: &'static [&'static str],
}
