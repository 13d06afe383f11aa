Feature: Scenario 1 of the article, the certificate causes: a key that is gone, a certificate RDP-Tcp cannot find
  The same 36870 comes with other evidence when the listener's certificate itself is the
  problem: Event 1057 "...status code was Keyset does not exist" when SessionEnv starts and the
  key file is gone, or an SSLCertificateSHA1Hash that names no certificate in LocalMachine\My.

  Scenario: the key file is gone while the certificate stays: delete the certificate, restart SessionEnv
    Given the default host
    And the fault "rsa-key-missing"
    When I diagnose the host
    Then the diagnosis finds exactly "rsa-key-missing"
    And the finding "rsa-key-missing" rests on event 1057 from "Microsoft-Windows-TerminalServices-RemoteConnectionManager" in "System"
    And the finding "rsa-key-missing" rests on the fact "the listener's key container is not in MachineKeys"
    When I remediate the host
    Then the finding "rsa-key-missing" is fixed
    And step 1 printed "The Remote Desktop Configuration service was started successfully."
    And the remediation changed the certificate "Cert:\LocalMachine\Remote Desktop\"
    And the remediation changed the file "MachineKeys\f686aace"
    And the host is healthy afterwards

  Scenario: RDP-Tcp names a certificate that is not in LocalMachine\My: fall back to the self-signed one
    Given the default host
    And the fault "ssl-thumbprint-mismatch"
    When I diagnose the host
    Then the diagnosis finds exactly "ssl-thumbprint-mismatch"
    And the finding "ssl-thumbprint-mismatch" rests on the fact "LocalMachine\My holds no certificate with that thumbprint"
    When I remediate the host
    Then the finding "ssl-thumbprint-mismatch" is fixed
    And the remediation changed 1 object
    And the remediation changed the registry "RDP-Tcp /v SSLCertificateSHA1Hash"
    And the host is healthy afterwards

  Scenario: two causes at once are both found and both fixed
    Given the default host
    And the fault "machinekeys-deny-ace"
    And the fault "ssl-thumbprint-mismatch"
    When I diagnose the host
    Then the diagnosis finds exactly "machinekeys-deny-ace, ssl-thumbprint-mismatch"
    When I remediate the host
    Then the finding "machinekeys-deny-ace" is fixed
    And the finding "ssl-thumbprint-mismatch" is fixed
    And the host is healthy afterwards

  Scenario: a corrupt key: the article's renewal alone fails on the stale container, the playbook deletes it first
    Given the default host
    And the fault "rsa-key-corrupt"
    When I diagnose the host
    Then the diagnosis finds exactly "rsa-key-corrupt"
    And the finding "rsa-key-corrupt" rests on the fact "the Remote Desktop certificate's private key fails certutil's test"
    When I remediate the host
    Then the finding "rsa-key-corrupt" is fixed
    And step 1 printed "CertUtil: -delstore command completed successfully."
    And the host is healthy afterwards

  Scenario: the renewal without deleting the stale container logs 1057 "Object already exists."
    Given the default host
    And the fault "rsa-key-corrupt:garbage"
    When I run the cmd script:
      """
      @echo off
      certutil -delstore "Remote Desktop" 0
      net stop SessionEnv
      net start SessionEnv
      """
    And a modern client connects
    Then the connection fails with "This computer can't connect to the remote computer."
    And the "System" log holds event 1057 from the last 24 hours
    When I run `wevtutil qe System /c:1 /rd:true /f:text /q:"*[System[EventID=1057]]"`
    Then stdout contains "The relevant status code was Object already exists."
