@echo off
rem Schannel 36870 (0x8009030D, state 10001): TermService, running as NETWORK SERVICE, cannot
rem read the RDP listener's private key. Grant NETWORK SERVICE read on that key container
rem alone (never the whole MachineKeys folder), then restart Remote Desktop Services and the
rem port redirector that depends on it.
set KEY=C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\f686aace*
icacls %KEY% /grant "NT AUTHORITY\NETWORK SERVICE:(R)"
if not errorlevel 1 goto granted
rem Administrators may not change the container's permissions: take ownership of it first.
takeown /f %KEY% /a
icacls %KEY% /grant "NT AUTHORITY\NETWORK SERVICE:(R)"
if errorlevel 1 exit /b 1
:granted
net stop TermService /y
net start TermService
net start UmRdpService
