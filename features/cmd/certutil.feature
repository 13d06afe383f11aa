Feature: certutil shows and deletes the certificates of the LocalMachine stores
  `certutil -store "Remote Desktop"` lists the listener's self-signed certificate: the store's
  name alone (it has no localized name), one banner per certificate, the key container
  `TSSecKeySet1` whose file starts with f686aace, and the last line
  `CertUtil: -store command completed successfully.`. `-delstore` deletes a certificate by
  thumbprint, serial number or index; when nothing matches it still succeeds. A certificate
  id that names nothing makes `-store` fail with NTE_NOT_FOUND and exit code 17.

  Scenario: the RDP certificate and its key, as an administrator on Server 2016
    Given a Windows Server 2016 host
    When I run `certutil -store "Remote Desktop"`
    Then the exit code is 0
    And stdout contains:
      """
      Issuer: CN=RDS01
      """
    And stdout contains:
      """
      Subject: CN=RDS01
      Signature matches Public Key
      Root Certificate: Subject matches Issuer
      """
    And stdout contains "  Key Container = TSSecKeySet1"
    And stdout contains "  Unique container name: f686aace6942fb7f7ceb231212eef4a4_"
    And stdout contains "  Provider = Microsoft Enhanced Cryptographic Provider v1.0"
    And stdout contains:
      """
      Private key is NOT exportable
      Encryption test passed
      CertUtil: -store command completed successfully.
      """

  Scenario: a missing key file shows in the listing
    Given the default host
    And the fault "rsa-key-missing"
    When I run `certutil -store "Remote Desktop"`
    Then stdout contains "Missing stored keyset"
    And stdout does not contain "Encryption test passed"

  Scenario: the article's renewal done with certutil
    Given the default host
    When I run `certutil -delstore "Remote Desktop" 0`
    Then the exit code is 0
    And stdout contains "Deleting Certificate 0: CN=RDS01:"
    And stdout contains "CertUtil: -delstore command completed successfully."
    When I run `certutil -store "Remote Desktop"`
    Then stdout is:
      """
      Remote Desktop
      CertUtil: -store command completed successfully.
      """
    When I run `net stop SessionEnv`
    And I run `net start SessionEnv`
    And I run `certutil -store "Remote Desktop"`
    Then stdout contains "================ Certificate 0 ================"

  Scenario: a certificate id that names nothing
    Given the default host
    When I run `certutil -store My 00112233445566778899aabbccddeeff00112233`
    Then stdout is:
      """
      CertUtil: -store command FAILED: 0x80090011 (-2146893807 NTE_NOT_FOUND)
      """
    And the exit code is 17
    When I run `certutil -delstore My 00112233445566778899aabbccddeeff00112233`
    Then stdout is:
      """
      My "Personal"
      CertUtil: -delstore command completed successfully.
      """
    And the exit code is 0
