Feature: A batch file repairs a damaged RDP key with del, certutil and net
  On the rsa-key-corrupt fault the listener's key file is damaged: deleting the certificate
  alone is not enough, the stale `f686aace*` container must go too (an administrator may
  delete it: Administrators hold full control of the MachineKeys folder itself). The batch
  file below does what an engineer would type, and Windows makes a new certificate and key
  when SessionEnv starts again.

  Scenario: the repair brings RDP back
    Given the default host
    And the fault "rsa-key-corrupt"
    When I run the cmd script:
      """
      @echo off
      set KEYS=C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys
      certutil -delstore "Remote Desktop" 0 >nul
      if errorlevel 1 echo certutil failed & exit /b 1
      del /q "%KEYS%\f686aace*"
      if exist "%KEYS%\f686aace*" (echo the stale key is still there) else (echo the stale key is gone)
      net stop SessionEnv >nul
      net start SessionEnv >nul
      for /f "tokens=2 delims=:" %%s in ('certutil -store "Remote Desktop" ^| find "Subject:"') do echo new certificate for%%s
      """
    Then stdout is:
      """
      the stale key is gone
      new certificate for CN=RDS01
      """
    When a modern client connects
    Then the connection succeeds
