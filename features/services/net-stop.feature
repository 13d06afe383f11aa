Feature: net stop and net start on the Remote Desktop services
  The article restarts the Remote Desktop services with `net stop` / `net start` (and
  `Restart-Service TermService -Force`). TermService has a running dependent,
  UmRdpService ("Remote Desktop Services UserMode Port Redirector"), so `net stop
  TermService` first lists it and asks before stopping anything. A script that runs
  unattended gets no answer: net takes nothing for an answer, stops nothing and fails.

  Scenario: net stop TermService with a running dependent asks, and unattended stops nothing
    Given the default host
    When I run `net stop TermService`
    Then stdout is:
      """
      The following services are dependent on the Remote Desktop Services service.
      Stopping the Remote Desktop Services service will also stop these services.

         Remote Desktop Services UserMode Port Redirector

      Do you want to continue this operation? (Y/N) [N]: 
      """
    And stderr is:
      """
      No valid response was provided.
      """
    And the exit code is 2
    And the service "TermService" is running
    And the service "UmRdpService" is running

  Scenario: net stop /y stops the dependent first
    Given the default host
    When I run `net stop TermService /y`
    Then stdout is:
      """
      The following services are dependent on the Remote Desktop Services service.
      Stopping the Remote Desktop Services service will also stop these services.

         Remote Desktop Services UserMode Port Redirector

      The Remote Desktop Services UserMode Port Redirector service is stopping.
      The Remote Desktop Services UserMode Port Redirector service was stopped successfully.

      The Remote Desktop Services service is stopping.
      The Remote Desktop Services service was stopped successfully.

      """
    And the exit code is 0
    And the service "UmRdpService" is stopped
    And the service "TermService" is stopped

  Scenario: answering Y at the prompt stops both services
    Given the default host
    When I run `net stop TermService` answering "Y"
    Then stdout contains:
      """
      Do you want to continue this operation? (Y/N) [N]: Y
      The Remote Desktop Services UserMode Port Redirector service is stopping.
      """
    And the exit code is 0
    And the service "TermService" is stopped

  Scenario: the article's SessionEnv restart with net
    Given the default host
    When I run `net stop SessionEnv`
    Then stdout is:
      """
      The Remote Desktop Configuration service is stopping.
      The Remote Desktop Configuration service was stopped successfully.

      """
    When I run `net start SessionEnv`
    Then stdout is:
      """
      The Remote Desktop Configuration service is starting.
      The Remote Desktop Configuration service was started successfully.

      """
    And the exit code is 0
    And the service "SessionEnv" is running

  Scenario: net start on a running service, net stop on a stopped one
    Given the default host
    When I run `net start SessionEnv`
    Then stderr is:
      """
      The requested service has already been started.

      More help is available by typing NET HELPMSG 2182.

      """
    And the exit code is 2
    When I run `net stop SessionEnv`
    And I run `net stop "Remote Desktop Configuration"`
    Then stderr is:
      """
      The Remote Desktop Configuration service is not started.

      More help is available by typing NET HELPMSG 3521.

      """
    And the exit code is 2

  Scenario: an unknown service name
    Given the default host
    When I run `net start NoSuchService`
    Then stderr is:
      """
      The service name is invalid.

      More help is available by typing NET HELPMSG 2185.

      """
    And the exit code is 2
