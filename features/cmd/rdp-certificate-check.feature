Feature: A batch file checks the RDP listener's certificate as on Windows
  A remediation batch file reads the RDP-Tcp settings with `for /f` over `reg query`, keeps
  counters with delayed expansion (`!COUNT!` changes inside the loop, `%COUNT%` would not),
  tests `if errorlevel 1` after a `reg query` that finds no SSLCertificateSHA1Hash (Windows
  never writes it for its own self-signed certificate), calls a subroutine with `call :label`
  and shows the `Remote Desktop` store with `certutil -store`. `endlocal` forgets what the
  script set.

  Scenario: the check on a healthy host
    Given the default host
    When I run the cmd script:
      """
      @echo off
      setlocal enabledelayedexpansion
      set KEY=HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp
      set COUNT=0
      for /f "tokens=1,3" %%a in ('reg query "%KEY%"') do (
        set /a COUNT+=1
        if /i "%%a"=="PortNumber" set PORT=%%b
        if /i "%%a"=="SecurityLayer" set LAYER=%%b
      )
      echo RDP-Tcp: !COUNT! lines, port !PORT!, security layer !LAYER!
      reg query "%KEY%" /v SSLCertificateSHA1Hash >nul 2>&1
      if errorlevel 1 (
        echo No SSLCertificateSHA1Hash: the listener uses its self-signed certificate.
        call :show_cert "Remote Desktop"
      ) else (
        echo The listener uses the certificate SSLCertificateSHA1Hash names.
      )
      echo certutil exit code: %ERRORLEVEL%
      endlocal
      echo PORT after endlocal: [%PORT%]
      exit /b 0

      :show_cert
      echo Certificates in %~1:
      certutil -store %1 | findstr /b /c:"Subject:" /c:"  Key Container" /c:"CertUtil:"
      exit /b %ERRORLEVEL%
      """
    Then stdout is:
      """
      RDP-Tcp: 83 lines, port 0xd3d, security layer 0x1
      No SSLCertificateSHA1Hash: the listener uses its self-signed certificate.
      Certificates in Remote Desktop:
      Subject: CN=RDS01
        Key Container = TSSecKeySet1
      CertUtil: -store command completed successfully.
      certutil exit code: 0
      PORT after endlocal: []
      """
    And stderr is empty
    And the exit code is 0

  Scenario: the same check once a thumbprint is configured
    Given the default host
    When I run `reg add "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" /v SSLCertificateSHA1Hash /t REG_BINARY /d 00112233445566778899AABBCCDDEEFF00112233 /f`
    And I run the cmd script:
      """
      @echo off
      reg query "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" /v SSLCertificateSHA1Hash >nul 2>&1
      if errorlevel 1 (echo self-signed) else (echo configured)
      for /f "tokens=3" %%h in ('reg query "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" /v SSLCertificateSHA1Hash ^| find "REG_BINARY"') do set HASH=%%h
      echo %HASH%
      certutil -store My %HASH%
      echo exit %ERRORLEVEL%
      """
    Then stdout is:
      """
      configured
      00112233445566778899AABBCCDDEEFF00112233
      CertUtil: -store command FAILED: 0x80090011 (-2146893807 NTE_NOT_FOUND)
      exit 17
      """
