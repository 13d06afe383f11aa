//! The cmdlets, by name, with their parameters; the aliases of Windows PowerShell 5.1.
//!
//! - `mod.rs`      the table, aliases, shared helpers (paths, errors, text files).
//! - `items.rs`    the provider cmdlets: `Get-ChildItem`, `Get-Item`, `Test-Path`, the
//!   item-property cmdlets, `New-Item`, `Remove-Item`, `Set-Location`, `Join-Path`, content.
//! - `objects.rs`  pipeline and output: `Select-Object`, `Where-Object`, `ForEach-Object`,
//!   `Sort-Object`, `Group-Object`, `Format-*`, `Out-*`, `Write-*`, `Get-Date`, modules, ...
//! - `system.rs`   services, ACLs, events, WMI/CIM, Windows features, restart, and the
//!   commands a locked-down host refuses.

mod items;
mod objects;
mod system;

pub use system::wmi_set_thumbprint;

use super::ast::Span;
use super::bind::{CmdletSpec, ParamSpec, alias, named, pos, switch};
use super::errors::ErrorRecord;
use super::interp::{Call, Flow, Interp, R};
use super::provider::Loc;

/// The aliases of Windows PowerShell 5.1 that scripts use.
pub const ALIASES: &[(&str, &str)] = &[
    ("gci", "Get-ChildItem"),
    ("ls", "Get-ChildItem"),
    ("dir", "Get-ChildItem"),
    ("cd", "Set-Location"),
    ("sl", "Set-Location"),
    ("chdir", "Set-Location"),
    ("pwd", "Get-Location"),
    ("gl", "Get-Location"),
    ("gwmi", "Get-WmiObject"),
    ("fl", "Format-List"),
    ("ft", "Format-Table"),
    ("select", "Select-Object"),
    ("where", "Where-Object"),
    ("?", "Where-Object"),
    ("%", "ForEach-Object"),
    ("foreach", "ForEach-Object"),
    ("sort", "Sort-Object"),
    ("group", "Group-Object"),
    ("rm", "Remove-Item"),
    ("del", "Remove-Item"),
    ("erase", "Remove-Item"),
    ("rd", "Remove-Item"),
    ("rmdir", "Remove-Item"),
    ("ri", "Remove-Item"),
    ("ni", "New-Item"),
    ("gp", "Get-ItemProperty"),
    ("sp", "Set-ItemProperty"),
    ("rp", "Remove-ItemProperty"),
    ("gi", "Get-Item"),
    ("echo", "Write-Output"),
    ("write", "Write-Output"),
    ("cat", "Get-Content"),
    ("type", "Get-Content"),
    ("gc", "Get-Content"),
    ("gsv", "Get-Service"),
    ("sasv", "Start-Service"),
    ("spsv", "Stop-Service"),
    ("iex", "Invoke-Expression"),
    ("iwr", "Invoke-WebRequest"),
    ("curl", "Invoke-WebRequest"),
    ("wget", "Invoke-WebRequest"),
    ("irm", "Invoke-RestMethod"),
    ("saps", "Start-Process"),
    ("start", "Start-Process"),
    ("cls", "Clear-Host"),
    ("clear", "Clear-Host"),
    ("gcm", "Get-Command"),
    ("ipmo", "Import-Module"),
    ("rmo", "Remove-Module"),
    ("gmo", "Get-Module"),
    ("measure", "Measure-Object"),
    ("oh", "Out-Host"),
    ("sleep", "Start-Sleep"),
    ("gdr", "Get-PSDrive"),
    ("copy", "Copy-Item"),
    ("cp", "Copy-Item"),
    ("cpi", "Copy-Item"),
    ("md", "New-Item"),
    ("mkdir", "New-Item"),
    ("set", "Set-Variable"),
    ("sv", "Set-Variable"),
    ("gv", "Get-Variable"),
    ("h", "Get-History"),
];

/// The cmdlet an alias stands for.
pub fn resolve_alias(name: &str) -> Option<&'static str> {
    ALIASES
        .iter()
        .find(|(a, _)| a.eq_ignore_ascii_case(name))
        .map(|(_, c)| *c)
}

macro_rules! spec {
    ($name:expr, $run:expr, [$($p:expr),* $(,)?]) => {
        CmdletSpec { name: $name, params: &[$($p),*], remaining: None, run: $run }
    };
    ($name:expr, $run:expr, [$($p:expr),* $(,)?], rest $r:expr) => {
        CmdletSpec { name: $name, params: &[$($p),*], remaining: Some($r), run: $run }
    };
}

const PATH: ParamSpec = alias(pos("Path", 0), &["PSPath", "LiteralPath", "FullName", "LP"]);

/// Every cmdlet.
pub static CMDLETS: &[CmdletSpec] = &[
    spec!(
        "Get-ChildItem",
        items::get_child_item,
        [
            PATH,
            pos("Filter", 1),
            switch("Recurse"),
            switch("Force"),
            named("Include"),
            named("Exclude"),
            switch("Name"),
            switch("Directory"),
            switch("File"),
            named("Depth")
        ]
    ),
    spec!("Get-Item", items::get_item, [PATH, switch("Force")]),
    spec!(
        "Test-Path",
        items::test_path,
        [PATH, named("PathType"), switch("IsValid")]
    ),
    spec!(
        "Get-ItemProperty",
        items::get_item_property,
        [PATH, pos("Name", 1)]
    ),
    spec!(
        "Get-ItemPropertyValue",
        items::get_item_property_value,
        [PATH, pos("Name", 1)]
    ),
    spec!(
        "Set-ItemProperty",
        items::set_item_property,
        [
            PATH,
            pos("Name", 1),
            pos("Value", 2),
            alias(named("Type"), &["PropertyType"]),
            switch("Force"),
            switch("PassThru")
        ]
    ),
    spec!(
        "New-ItemProperty",
        items::new_item_property,
        [
            PATH,
            pos("Name", 1),
            pos("Value", 2),
            alias(named("PropertyType"), &["Type"]),
            switch("Force")
        ]
    ),
    spec!(
        "Remove-ItemProperty",
        items::remove_item_property,
        [PATH, pos("Name", 1), switch("Force")]
    ),
    spec!(
        "New-Item",
        items::new_item,
        [
            PATH,
            named("Name"),
            alias(named("ItemType"), &["Type"]),
            named("Value"),
            switch("Force")
        ]
    ),
    spec!(
        "Remove-Item",
        items::remove_item,
        [
            PATH,
            switch("Recurse"),
            switch("Force"),
            named("Include"),
            named("Exclude"),
            switch("DeleteKey")
        ]
    ),
    spec!(
        "Copy-Item",
        items::copy_item,
        [
            PATH,
            pos("Destination", 1),
            switch("Recurse"),
            switch("Force")
        ]
    ),
    spec!("Set-Location", items::set_location, [PATH]),
    spec!("Get-Location", items::get_location, []),
    spec!("Push-Location", items::push_location, [PATH]),
    spec!("Pop-Location", items::pop_location, []),
    spec!("Join-Path", items::join_path, [PATH, pos("ChildPath", 1)]),
    spec!(
        "Split-Path",
        items::split_path,
        [PATH, switch("Parent"), switch("Leaf")]
    ),
    spec!("Resolve-Path", items::resolve_path, [PATH]),
    spec!(
        "Get-Content",
        items::get_content,
        [
            PATH,
            named("TotalCount"),
            named("Tail"),
            switch("Raw"),
            named("Encoding")
        ]
    ),
    spec!(
        "Set-Content",
        items::set_content,
        [PATH, pos("Value", 1), named("Encoding"), switch("Force")]
    ),
    spec!(
        "Add-Content",
        items::add_content,
        [PATH, pos("Value", 1), named("Encoding"), switch("Force")]
    ),
    spec!(
        "Out-File",
        items::out_file,
        [
            alias(pos("FilePath", 0), &["Path"]),
            named("Encoding"),
            switch("Append"),
            switch("Force"),
            named("Width"),
            named("InputObject"),
            switch("NoNewline")
        ]
    ),
    spec!("Get-PSDrive", items::get_psdrive, [pos("Name", 0)]),
    spec!("Write-Host", objects::write_host, [alias(pos("Object", 0), &["Msg", "Message"]), switch("NoNewline"), named("ForegroundColor"), named("BackgroundColor"), named("Separator")], rest "Object"),
    spec!("Write-Output", objects::write_output, [pos("InputObject", 0), switch("NoEnumerate")], rest "InputObject"),
    spec!(
        "Write-Warning",
        objects::write_warning,
        [alias(pos("Message", 0), &["Msg"])]
    ),
    spec!(
        "Write-Verbose",
        objects::write_quiet,
        [alias(pos("Message", 0), &["Msg"])]
    ),
    spec!(
        "Write-Debug",
        objects::write_quiet,
        [alias(pos("Message", 0), &["Msg"])]
    ),
    spec!(
        "Write-Information",
        objects::write_quiet,
        [alias(pos("MessageData", 0), &["Msg", "Message"])]
    ),
    spec!(
        "Write-Progress",
        objects::write_quiet,
        [
            pos("Activity", 0),
            pos("Status", 1),
            named("PercentComplete"),
            named("Id"),
            switch("Completed")
        ]
    ),
    spec!(
        "Write-Error",
        objects::write_error_cmd,
        [
            alias(pos("Message", 0), &["Msg"]),
            named("Category"),
            named("ErrorId"),
            named("TargetObject")
        ]
    ),
    spec!("Out-Null", objects::out_null, [named("InputObject")]),
    spec!(
        "Out-String",
        objects::out_string_cmd,
        [switch("Stream"), named("Width"), named("InputObject")]
    ),
    spec!(
        "Out-Host",
        objects::out_host,
        [switch("Paging"), named("InputObject")]
    ),
    spec!("Out-Default", objects::out_host, [named("InputObject")]),
    spec!(
        "Select-Object",
        objects::select_object,
        [
            pos("Property", 0),
            named("ExpandProperty"),
            named("First"),
            named("Last"),
            named("Skip"),
            switch("Unique"),
            named("ExcludeProperty"),
            named("InputObject"),
            named("Index")
        ]
    ),
    spec!(
        "Where-Object",
        objects::where_object,
        [
            pos("FilterScript", 0),
            pos("Value", 1),
            switch("EQ"),
            switch("NE"),
            switch("Like"),
            switch("NotLike"),
            switch("Match"),
            switch("NotMatch"),
            switch("GT"),
            switch("LT"),
            switch("GE"),
            switch("LE"),
            switch("Contains"),
            switch("In"),
            switch("CEQ"),
            named("InputObject")
        ]
    ),
    spec!("ForEach-Object", objects::foreach_object, [pos("Process", 0), named("Begin"), named("End"), named("InputObject"), named("MemberName")], rest "Process"),
    spec!(
        "Sort-Object",
        objects::sort_object,
        [
            pos("Property", 0),
            switch("Descending"),
            switch("Unique"),
            named("InputObject")
        ]
    ),
    spec!(
        "Group-Object",
        objects::group_object,
        [
            pos("Property", 0),
            switch("NoElement"),
            named("InputObject")
        ]
    ),
    spec!(
        "Measure-Object",
        objects::measure_object,
        [
            pos("Property", 0),
            switch("Sum"),
            switch("Average"),
            switch("Maximum"),
            switch("Minimum"),
            named("InputObject")
        ]
    ),
    spec!(
        "Format-Table",
        objects::format_table,
        [
            pos("Property", 0),
            switch("AutoSize"),
            switch("Wrap"),
            switch("HideTableHeaders"),
            named("GroupBy"),
            named("InputObject")
        ]
    ),
    spec!(
        "Format-List",
        objects::format_list,
        [pos("Property", 0), named("InputObject")]
    ),
    spec!(
        "Get-Date",
        objects::get_date,
        [pos("Date", 0), named("Format"), named("UFormat")]
    ),
    spec!(
        "Get-Command",
        objects::get_command,
        [pos("Name", 0), named("Module"), named("CommandType")]
    ),
    spec!(
        "Import-Module",
        objects::import_module,
        [pos("Name", 0), switch("Force"), switch("PassThru")]
    ),
    spec!(
        "Remove-Module",
        objects::remove_module,
        [pos("Name", 0), switch("Force")]
    ),
    spec!(
        "Get-Module",
        objects::get_module,
        [pos("Name", 0), switch("ListAvailable")]
    ),
    spec!(
        "Set-ExecutionPolicy",
        objects::nothing,
        [pos("ExecutionPolicy", 0), named("Scope"), switch("Force")]
    ),
    spec!(
        "Get-ExecutionPolicy",
        objects::get_execution_policy,
        [named("Scope"), switch("List")]
    ),
    spec!(
        "Set-StrictMode",
        objects::nothing,
        [named("Version"), switch("Off")]
    ),
    spec!("Clear-Host", objects::nothing, []),
    spec!(
        "Start-Sleep",
        objects::start_sleep,
        [
            alias(pos("Seconds", 0), &["s"]),
            alias(named("Milliseconds"), &["ms"])
        ]
    ),
    spec!(
        "New-Object",
        objects::new_object,
        [
            pos("TypeName", 0),
            alias(pos("ArgumentList", 1), &["Args"]),
            named("Property"),
            named("ComObject")
        ]
    ),
    spec!(
        "Invoke-Expression",
        objects::invoke_expression,
        [pos("Command", 0)]
    ),
    spec!(
        "Read-Host",
        objects::read_host,
        [pos("Prompt", 0), switch("AsSecureString")]
    ),
    spec!(
        "Set-Variable",
        objects::set_variable,
        [
            pos("Name", 0),
            pos("Value", 1),
            named("Scope"),
            named("Option")
        ]
    ),
    spec!(
        "Get-Variable",
        objects::get_variable,
        [pos("Name", 0), switch("ValueOnly")]
    ),
    spec!("Get-History", objects::nothing, []),
    spec!(
        "Get-Service",
        system::get_service,
        [
            pos("Name", 0),
            named("DisplayName"),
            switch("DependentServices"),
            alias(switch("RequiredServices"), &["SDO", "ServicesDependedOn"]),
            named("InputObject"),
            named("ComputerName")
        ]
    ),
    spec!(
        "Start-Service",
        system::start_service,
        [
            pos("Name", 0),
            named("DisplayName"),
            switch("PassThru"),
            named("InputObject")
        ]
    ),
    spec!(
        "Stop-Service",
        system::stop_service,
        [
            pos("Name", 0),
            named("DisplayName"),
            switch("Force"),
            switch("PassThru"),
            switch("NoWait"),
            named("InputObject")
        ]
    ),
    spec!(
        "Restart-Service",
        system::restart_service,
        [
            pos("Name", 0),
            named("DisplayName"),
            switch("Force"),
            switch("PassThru"),
            named("InputObject")
        ]
    ),
    spec!(
        "Set-Service",
        system::set_service,
        [
            pos("Name", 0),
            named("StartupType"),
            named("Status"),
            named("DisplayName"),
            named("InputObject")
        ]
    ),
    spec!("Get-Acl", system::get_acl, [PATH, switch("Audit")]),
    spec!(
        "Set-Acl",
        system::set_acl,
        [PATH, pos("AclObject", 1), switch("Passthru")]
    ),
    spec!(
        "Get-WinEvent",
        system::get_win_event,
        [
            pos("LogName", 0),
            named("FilterXPath"),
            named("FilterHashtable"),
            named("FilterXml"),
            named("MaxEvents"),
            named("ProviderName"),
            switch("Oldest"),
            switch("ListLog")
        ]
    ),
    spec!(
        "Write-EventLog",
        system::write_event_log,
        [
            pos("LogName", 0),
            pos("Source", 1),
            pos("EventId", 3),
            named("EntryType"),
            pos("Message", 4),
            named("Category")
        ]
    ),
    spec!(
        "Get-EventLog",
        system::get_event_log,
        [
            pos("LogName", 0),
            named("Newest"),
            named("Source"),
            named("InstanceId"),
            named("EntryType")
        ]
    ),
    spec!(
        "Get-WmiObject",
        system::get_wmi_object,
        [
            alias(pos("Class", 0), &["ClassName"]),
            named("Namespace"),
            named("Filter"),
            named("ComputerName"),
            named("Query")
        ]
    ),
    spec!(
        "Get-CimInstance",
        system::get_wmi_object,
        [
            alias(pos("ClassName", 0), &["Class"]),
            named("Namespace"),
            named("Filter"),
            named("ComputerName"),
            named("Query")
        ]
    ),
    spec!(
        "Test-ComputerSecureChannel",
        system::test_secure_channel,
        [switch("Repair"), named("Server"), named("Credential")]
    ),
    spec!(
        "Install-WindowsFeature",
        system::install_feature,
        [
            pos("Name", 0),
            switch("IncludeManagementTools"),
            switch("IncludeAllSubFeature"),
            switch("Restart"),
            named("Source")
        ]
    ),
    spec!(
        "Add-WindowsFeature",
        system::install_feature,
        [
            pos("Name", 0),
            switch("IncludeManagementTools"),
            switch("IncludeAllSubFeature"),
            switch("Restart"),
            named("Source")
        ]
    ),
    spec!(
        "Uninstall-WindowsFeature",
        system::uninstall_feature,
        [
            pos("Name", 0),
            switch("IncludeManagementTools"),
            switch("Restart"),
            switch("Remove")
        ]
    ),
    spec!(
        "Remove-WindowsFeature",
        system::uninstall_feature,
        [
            pos("Name", 0),
            switch("IncludeManagementTools"),
            switch("Restart"),
            switch("Remove")
        ]
    ),
    spec!("Get-WindowsFeature", system::get_feature, [pos("Name", 0)]),
    spec!(
        "Restart-Computer",
        system::restart_computer,
        [switch("Force"), named("ComputerName"), switch("Wait")]
    ),
    spec!(
        "Stop-Computer",
        system::restart_computer,
        [switch("Force"), named("ComputerName")]
    ),
    spec!(
        "Start-Process",
        system::start_process,
        [
            alias(pos("FilePath", 0), &["Path"]),
            pos("ArgumentList", 1),
            switch("Wait"),
            switch("NoNewWindow"),
            named("Verb"),
            switch("PassThru"),
            named("WindowStyle"),
            named("WorkingDirectory")
        ]
    ),
    spec!(
        "Invoke-WebRequest",
        system::invoke_web_request,
        [
            pos("Uri", 0),
            named("OutFile"),
            switch("UseBasicParsing"),
            named("Method"),
            named("Body"),
            named("Headers")
        ]
    ),
    spec!(
        "Invoke-RestMethod",
        system::invoke_web_request,
        [
            pos("Uri", 0),
            named("OutFile"),
            switch("UseBasicParsing"),
            named("Method"),
            named("Body"),
            named("Headers")
        ]
    ),
    spec!(
        "Add-Type",
        system::add_type,
        [
            pos("TypeDefinition", 0),
            named("AssemblyName"),
            named("Language"),
            named("Path"),
            named("MemberDefinition"),
            named("Name"),
            named("Namespace")
        ]
    ),
];

/// The cmdlet named `name` (case-insensitive).
pub fn find(name: &str) -> Option<&'static CmdletSpec> {
    CMDLETS.iter().find(|c| c.name.eq_ignore_ascii_case(name))
}

/// The path parameter or each pipeline object's path (ByPropertyName `PSPath`, or a string
/// ByValue).
pub fn paths(call: &Call, param: &str) -> Vec<String> {
    if let Some(v) = call.get(param) {
        return v.enumerate().iter().map(path_of).collect();
    }
    call.input
        .as_ref()
        .map(|items| items.iter().map(path_of).collect())
        .unwrap_or_default()
}

/// The path an object stands for (`PSPath`, `FullName`, `Path`), or its text.
pub fn path_of(v: &super::value::Value) -> String {
    if let super::value::Value::Object(o) = v {
        let o = o.borrow();
        for p in ["PSPath", "FullName", "Path"] {
            if let Some(x) = o.get(p) {
                return x.to_str();
            }
        }
    }
    v.to_str()
}

/// Resolves a path as the cmdlet `call` sees it; an unknown drive is PowerShell's error.
pub fn resolve(ip: &Interp<'_>, call: &Call, path: &str) -> Result<Loc, Box<ErrorRecord>> {
    super::provider::resolve(&ip.state.location, path)
        .ok_or_else(|| Box::new(drive_not_found(call, path)))
}

fn drive_not_found(call: &Call, path: &str) -> ErrorRecord {
    let drive = path.split(':').next().unwrap_or(path);
    let _ = call;
    ErrorRecord::new(
        format!("Cannot find drive. A drive with the name '{drive}' does not exist."),
        "DriveNotFound",
    )
    .category("ObjectNotFound", drive, "String")
    .exception("System.Management.Automation.DriveNotFoundException")
}

/// `Cannot find path '...' because it does not exist.`
pub fn path_not_found(shown: &str) -> ErrorRecord {
    ErrorRecord::new(
        format!("Cannot find path '{shown}' because it does not exist."),
        "PathNotFound",
    )
    .category("ObjectNotFound", shown, "String")
    .exception("System.Management.Automation.ItemNotFoundException")
}

/// `Requested registry access is not allowed.` for the key at `native`.
pub fn registry_denied(native: &str) -> ErrorRecord {
    ErrorRecord::new(
        "Requested registry access is not allowed.",
        "System.Security.SecurityException",
    )
    .category("PermissionDenied", native, "String")
    .exception("System.Security.SecurityException")
}

/// `Access to the path '...' is denied.`
pub fn file_denied(path: &str) -> ErrorRecord {
    ErrorRecord::new(
        format!("Access to the path '{path}' is denied."),
        "System.UnauthorizedAccessException",
    )
    .category("PermissionDenied", path, "String")
    .exception("System.UnauthorizedAccessException")
}

/// Writes text to a simulated file as `Out-File`/`>` do: UTF-16 LE with a BOM, CRLF lines.
/// Errors are Out-File's, shown with `invocation` (`out-file` for a redirection).
pub fn write_text_file(
    ip: &mut Interp<'_>,
    path: &str,
    text: &str,
    append: bool,
    span: Span,
    invocation: &str,
) -> R<()> {
    let fail = |ip: &Interp<'_>, rec: ErrorRecord| {
        let mut rec = rec;
        rec.activity = "Out-File".into();
        rec.prefix = Some(invocation.to_string());
        rec.position = Some(ip.position(span));
        Flow::Error(Box::new(rec))
    };
    let loc = super::provider::resolve(&ip.state.location, path);
    let Some(Loc::Fs(full)) = loc else {
        return Err(fail(ip, path_not_found(path)));
    };
    let crlf = text.replace("\r\n", "\n").replace('\n', "\r\n");
    let exists = ip.host.fs().exists(&full);
    let bytes = crate::text::encode_utf16le(&crlf, !(append && exists));
    let token = ip.proc.token.clone();
    let r = if append && exists {
        ip.host.fs_mut().append_file(&full, &bytes, &token)
    } else {
        ip.host.fs_mut().write_file(&full, &bytes, &token)
    };
    match r {
        Ok(()) => Ok(()),
        Err(e) if e == crate::error::WinError::ACCESS_DENIED => Err(fail(
            ip,
            ErrorRecord::new(
                format!("Access to the path '{full}' is denied."),
                "FileOpenFailure,Microsoft.PowerShell.Commands.OutFileCommand",
            )
            .category("OpenError", "", "")
            .exception("System.UnauthorizedAccessException"),
        )),
        Err(_) => Err(fail(
            ip,
            ErrorRecord::new(
                format!("Could not find a part of the path '{full}'."),
                "FileOpenFailure,Microsoft.PowerShell.Commands.OutFileCommand",
            )
            .category("OpenError", "", "")
            .exception("System.IO.DirectoryNotFoundException"),
        )),
    }
}

/// A terminating error for the command.
pub fn stop(ip: &Interp<'_>, call: &Call, rec: ErrorRecord) -> Flow {
    ip.throw(call, rec)
}
