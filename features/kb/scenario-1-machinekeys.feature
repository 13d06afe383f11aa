Feature: Scenario 1 of the article, the MachineKeys causes: the listener's key cannot be read
  Schannel logs 36870 (0x8009030D, internal error state 10001) at each connection when
  TermService, running as NETWORK SERVICE, cannot open the listener's private key in
  MachineKeys\f686aace*. Several causes share that one event; the knowledge base tells them
  apart by reading the container's ACL as SYSTEM (on Windows Server 2019 an administrator is
  not even allowed to read it), and fixes only that container.

  Scenario: the container no longer grants NETWORK SERVICE read
    Given the default host
    And the fault "machinekeys-acl"
    When I diagnose the host
    Then the diagnosis finds exactly "machinekeys-acl"
    And the finding "machinekeys-acl" rests on event 36870 from "Schannel" in "System"
    And the finding "machinekeys-acl" rests on the fact "the listener's key container grants NETWORK SERVICE nothing"
    And the playbook of "machinekeys-acl" runs first:
      """
      @echo off
      icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\f686aace* /grant "NT AUTHORITY\NETWORK SERVICE:(R)" "NT SERVICE\SessionEnv:(F)"
      """
    When I remediate the host
    Then the finding "machinekeys-acl" is fixed
    And the remediation took 1 step
    And the remediation changed 1 object
    And the remediation changed the acl "MachineKeys\f686aace"
    And the host is healthy afterwards

  Scenario: only the container was hardened; the article's recursive grant is not needed
    Given the default host
    And the fault "machinekeys-acl:container-only"
    When I remediate the host
    Then the finding "machinekeys-acl" is fixed
    And the remediation changed 1 object
    And the host is healthy afterwards

  Scenario: on Windows Server 2016 the container gets back what 2016 grants: Administrators read
    Given a Windows Server 2016 host
    And the fault "machinekeys-acl"
    When I diagnose the host
    Then the playbook of "machinekeys-acl" runs first:
      """
      @echo off
      icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\f686aace* /grant "NT AUTHORITY\NETWORK SERVICE:(R)" "BUILTIN\Administrators:(R)"
      """
    When I remediate the host
    Then the host is healthy afterwards

  Scenario: a Deny ACE survives the article's grant, so the playbook removes it first
    The article's script only grants; a Deny for NETWORK SERVICE wins over any grant.
    Given the default host
    And the fault "machinekeys-deny-ace"
    When I diagnose the host
    Then the diagnosis finds exactly "machinekeys-deny-ace"
    And the finding "machinekeys-deny-ace" rests on the fact "the listener's key container denies NETWORK SERVICE"
    When I run `icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\f686aace* /grant "NT AUTHORITY\NETWORK SERVICE:(R)"` as "SYSTEM"
    And a modern client connects
    Then the connection fails with "This computer can't connect to the remote computer."
    When I remediate the host
    Then the finding "machinekeys-deny-ace" is fixed
    And step 1 printed "Successfully processed 1 files; Failed processing 0 files"
    And the host is healthy afterwards

  Scenario: a second remediation finds nothing to do and changes nothing
    Given the default host
    And the fault "machinekeys-deny-ace:deny-full-control"
    When I remediate the host
    Then the host is healthy afterwards
    When I remediate the host again
    Then the second remediation changed nothing

  Scenario: one fault hides another: once the Deny is gone, the missing grant shows, and gets its playbook
    Both faults sit on the listener's container. While the Deny is there, the container's ACL
    reads as a Deny case; after it is removed, the diagnosis that follows finds the missing
    grant, as an engineer who re-reads the logs after a fix would.
    Given the default host
    And the fault "machinekeys-acl"
    And the fault "machinekeys-deny-ace"
    When I diagnose the host
    Then the diagnosis finds exactly "machinekeys-deny-ace"
    When I remediate the host
    Then the finding "machinekeys-deny-ace" is fixed
    And the finding "machinekeys-acl" is fixed
    And the host is healthy afterwards

  Scenario: a captured host (acl.txt from icacls /save, a reg export) with a Deny on the key file
    Given the fixture "fixtures/machinekeys-deny"
    When I diagnose the host
    Then the diagnosis finds exactly "machinekeys-deny-ace"
    When I remediate the host
    Then the finding "machinekeys-deny-ace" is fixed
    And the host is healthy afterwards
