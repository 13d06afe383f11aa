Feature: Get-WinEvent and Write-EventLog on the simulated logs
  Get-WinEvent reads the same logs wevtutil reads, with `-LogName`, `-FilterXPath`,
  `-FilterHashtable` and `-MaxEvents`, newest first, and returns event objects. A script can
  log its own events with Write-EventLog. When nothing matches, Get-WinEvent says so as an
  error, which scripts usually silence.

  Scenario: the Schannel error behind a failed connection, as objects
    Given the default host
    And the fault "machinekeys-acl"
    When a modern client connects
    And I run the PowerShell script:
      """
      $events = Get-WinEvent -FilterHashtable @{ LogName = 'System'; ProviderName = 'Schannel'; Id = 36870 } -MaxEvents 5
      "found some: $(@($events).Count -ge 1)"
      $events[0].LevelDisplayName
      $events[0] | Select-Object -ExpandProperty Message
      """
    Then stdout is:
      """
      found some: True
      Error
      A fatal error occurred when attempting to access the TLS server credential private key. The error code returned from the cryptographic module is 0x8009030D. The internal error state is 10001.
      """

  Scenario: the same query as XPath, and a query that finds nothing
    Given the default host
    And the fault "machinekeys-acl"
    When a modern client connects
    And I run the PowerShell script:
      """
      (Get-WinEvent -LogName System -FilterXPath "*[System[Provider[@Name='Schannel'] and EventID=36870]]" -MaxEvents 1).Id
      Get-WinEvent -LogName System -FilterXPath "*[System[EventID=1]]" -ErrorAction SilentlyContinue
      "after: $?"
      """
    Then stdout is:
      """
      36870
      after: False
      """
    And stderr is empty

  Scenario: a remediation script logs what it did
    Given the default host
    When I run the PowerShell script:
      """
      Write-EventLog -LogName Application -Source Remediation -EventId 1000 -EntryType Information -Message 'RDP certificate renewed'
      Get-WinEvent -FilterHashtable @{ LogName = 'Application'; Id = 1000 } -MaxEvents 1 | Select-Object -ExpandProperty ProviderName
      """
    Then stdout is:
      """
      Remediation
      """
