Feature: Reinstalling the Connection Broker with Server Manager's cmdlets
  After the broker's host was renamed, the article reinstalls the Connection Broker role and
  Windows Internal Database. Server Manager's cmdlets print their result table; removing a
  feature asks for a restart.

  Scenario: the broker's database works again after the reinstall
    Given the default host
    And the fault "broker-renamed"
    When I run the PowerShell script:
      """
      Uninstall-WindowsFeature -Name Windows-Internal-Database, RDS-Connection-Broker
      Install-WindowsFeature -Name RDS-Connection-Broker -IncludeManagementTools
      """
    Then stdout contains "WARNING: You must restart this server to finish the removal process."
    And stdout contains:
      """
      Success Restart Needed Exit Code      Feature Result                                                                   
      ------- -------------- ---------      --------------                                                                   
      True    Yes            SuccessRest... {Remote Desktop Connection Broker, Windows Internal Database}                    
      True    No             Success        {Remote Desktop Connection Broker, Windows Internal Database}                    
      """
    And the service "Tssdis" is running
    When I run the PowerShell command `Install-WindowsFeature RDS-Connection-Broker`
    Then stdout contains "True    No             NoChangeNeeded {}"
