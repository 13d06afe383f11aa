Feature: Every fault, in every form, on every OS the catalog covers
  Each fault of the article's causal model breaks the host the same way on Windows Server
  2008 R2 to 2022, and the host logs what Windows logs: a client that tries to connect is
  refused with the article's message, and the event that proves the fault is in the log
  within the 24 hours the article's queries look at. Only `tls10-disabled` depends on the
  OS: on 2008 R2 (the article's case) the RDP stack speaks only TLS 1.0, so every client
  fails with Schannel 36871; from 2012 on, only a client limited to TLS 1.0 fails, with
  36888 (fatal alert 70), and current clients still connect.
  The table lists every fault and every variant of it (`kbsim faults`; `F:variant`).

  Scenario Outline: <fault> on Windows Server <os>
    Given a Windows Server <os> host
    And the fault "<fault>"
    When a <client> client connects
    Then the connection fails with "This computer can't connect to the remote computer."
    And the "<channel>" log holds event <event> from the last 24 hours

    Examples:
      | os      | fault                                          | client | channel                                                      | event |
      | 2008 R2 | machinekeys-acl                                | modern | System                                                       | 36870 |
      | 2012 R2 | machinekeys-acl                                | modern | System                                                       | 36870 |
      | 2016    | machinekeys-acl                                | modern | System                                                       | 36870 |
      | 2019    | machinekeys-acl                                | modern | System                                                       | 36870 |
      | 2022    | machinekeys-acl                                | modern | System                                                       | 36870 |
      | 2008 R2 | machinekeys-acl:container-only                 | modern | System                                                       | 36870 |
      | 2012 R2 | machinekeys-acl:container-only                 | modern | System                                                       | 36870 |
      | 2016    | machinekeys-acl:container-only                 | modern | System                                                       | 36870 |
      | 2019    | machinekeys-acl:container-only                 | modern | System                                                       | 36870 |
      | 2022    | machinekeys-acl:container-only                 | modern | System                                                       | 36870 |
      | 2008 R2 | certstore-deny                                 | modern | System                                                       | 1058  |
      | 2012 R2 | certstore-deny                                 | modern | System                                                       | 1058  |
      | 2016    | certstore-deny                                 | modern | System                                                       | 1058  |
      | 2019    | certstore-deny                                 | modern | System                                                       | 1058  |
      | 2022    | certstore-deny                                 | modern | System                                                       | 1058  |
      | 2008 R2 | certstore-deny:certificates-subkey             | modern | System                                                       | 1058  |
      | 2012 R2 | certstore-deny:certificates-subkey             | modern | System                                                       | 1058  |
      | 2016    | certstore-deny:certificates-subkey             | modern | System                                                       | 1058  |
      | 2019    | certstore-deny:certificates-subkey             | modern | System                                                       | 1058  |
      | 2022    | certstore-deny:certificates-subkey             | modern | System                                                       | 1058  |
      | 2008 R2 | machinekeys-deny-ace                           | modern | System                                                       | 36870 |
      | 2012 R2 | machinekeys-deny-ace                           | modern | System                                                       | 36870 |
      | 2016    | machinekeys-deny-ace                           | modern | System                                                       | 36870 |
      | 2019    | machinekeys-deny-ace                           | modern | System                                                       | 36870 |
      | 2022    | machinekeys-deny-ace                           | modern | System                                                       | 36870 |
      | 2008 R2 | machinekeys-deny-ace:deny-full-control         | modern | System                                                       | 36870 |
      | 2012 R2 | machinekeys-deny-ace:deny-full-control         | modern | System                                                       | 36870 |
      | 2016    | machinekeys-deny-ace:deny-full-control         | modern | System                                                       | 36870 |
      | 2019    | machinekeys-deny-ace:deny-full-control         | modern | System                                                       | 36870 |
      | 2022    | machinekeys-deny-ace:deny-full-control         | modern | System                                                       | 36870 |
      | 2008 R2 | rsa-key-missing                                | modern | System                                                       | 1057  |
      | 2012 R2 | rsa-key-missing                                | modern | System                                                       | 1057  |
      | 2016    | rsa-key-missing                                | modern | System                                                       | 1057  |
      | 2019    | rsa-key-missing                                | modern | System                                                       | 1057  |
      | 2022    | rsa-key-missing                                | modern | System                                                       | 1057  |
      | 2008 R2 | rsa-key-corrupt                                | modern | System                                                       | 36870 |
      | 2012 R2 | rsa-key-corrupt                                | modern | System                                                       | 36870 |
      | 2016    | rsa-key-corrupt                                | modern | System                                                       | 36870 |
      | 2019    | rsa-key-corrupt                                | modern | System                                                       | 36870 |
      | 2022    | rsa-key-corrupt                                | modern | System                                                       | 36870 |
      | 2008 R2 | rsa-key-corrupt:garbage                        | modern | System                                                       | 36870 |
      | 2012 R2 | rsa-key-corrupt:garbage                        | modern | System                                                       | 36870 |
      | 2016    | rsa-key-corrupt:garbage                        | modern | System                                                       | 36870 |
      | 2019    | rsa-key-corrupt:garbage                        | modern | System                                                       | 36870 |
      | 2022    | rsa-key-corrupt:garbage                        | modern | System                                                       | 36870 |
      | 2008 R2 | ssl-thumbprint-mismatch                        | modern | System                                                       | 36870 |
      | 2012 R2 | ssl-thumbprint-mismatch                        | modern | System                                                       | 36870 |
      | 2016    | ssl-thumbprint-mismatch                        | modern | System                                                       | 36870 |
      | 2019    | ssl-thumbprint-mismatch                        | modern | System                                                       | 36870 |
      | 2022    | ssl-thumbprint-mismatch                        | modern | System                                                       | 36870 |
      | 2008 R2 | ssl-thumbprint-mismatch:self-signed-thumbprint | modern | System                                                       | 36870 |
      | 2012 R2 | ssl-thumbprint-mismatch:self-signed-thumbprint | modern | System                                                       | 36870 |
      | 2016    | ssl-thumbprint-mismatch:self-signed-thumbprint | modern | System                                                       | 36870 |
      | 2019    | ssl-thumbprint-mismatch:self-signed-thumbprint | modern | System                                                       | 36870 |
      | 2022    | ssl-thumbprint-mismatch:self-signed-thumbprint | modern | System                                                       | 36870 |
      | 2008 R2 | tls10-disabled                                 | modern | System                                                       | 36871 |
      | 2012 R2 | tls10-disabled                                 | legacy | System                                                       | 36888 |
      | 2016    | tls10-disabled                                 | legacy | System                                                       | 36888 |
      | 2019    | tls10-disabled                                 | legacy | System                                                       | 36888 |
      | 2022    | tls10-disabled                                 | legacy | System                                                       | 36888 |
      | 2008 R2 | tls10-disabled:enabled-only                    | modern | System                                                       | 36871 |
      | 2012 R2 | tls10-disabled:enabled-only                    | legacy | System                                                       | 36888 |
      | 2016    | tls10-disabled:enabled-only                    | legacy | System                                                       | 36888 |
      | 2019    | tls10-disabled:enabled-only                    | legacy | System                                                       | 36888 |
      | 2022    | tls10-disabled:enabled-only                    | legacy | System                                                       | 36888 |
      | 2008 R2 | broker-renamed                                 | modern | Microsoft-Windows-TerminalServices-SessionBroker/Operational | 2056  |
      | 2012 R2 | broker-renamed                                 | modern | Microsoft-Windows-TerminalServices-SessionBroker/Operational | 2056  |
      | 2016    | broker-renamed                                 | modern | Microsoft-Windows-TerminalServices-SessionBroker/Operational | 2056  |
      | 2019    | broker-renamed                                 | modern | Microsoft-Windows-TerminalServices-SessionBroker/Operational | 2056  |
      | 2022    | broker-renamed                                 | modern | Microsoft-Windows-TerminalServices-SessionBroker/Operational | 2056  |
