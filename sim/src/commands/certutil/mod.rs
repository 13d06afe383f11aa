//! `certutil`: `-store [STORE] [CertId]`, `-delstore STORE CertId`, `-repairstore STORE
//! CertId`, `-verifystore STORE [CertId]` on the LocalMachine stores (`certs`).
//!
//! Layout (Server 2016+, powershell-and-tools-formats §3, real captures): the store name as
//! typed and its localized name in quotes (`My "Personal"`; a store without one, such as
//! `Remote Desktop`, prints its name alone), then per certificate a
//! `================ Certificate N ================` banner, `Serial Number:`, `Issuer:`,
//! ` NotBefore:`/` NotAfter:` (one leading space, `M/d/yyyy h:mm tt`, host time = UTC),
//! `Subject:`, the self-signed lines, `Cert Hash(sha1):` in lower-case hex without spaces,
//! the key block and its test; one blank line between certificates; the last line
//! `CertUtil: -store command completed successfully.` A failure prints
//! `CertUtil: -VERB command FAILED: 0xHRESULT (...)` and the message; the exit code is the
//! HRESULT's low word (17 for NTE_NOT_FOUND, measured). A missing key file shows `Missing
//! stored keyset`; one the account cannot open, or a damaged one, `Encryption test FAILED`
//! [unconfirmed: both from certutil's strings, not from a capture of these cases].
//!
//! A CertId is an index, a serial number or a thumbprint (spaces allowed), as `certutil -?`
//! describes it.

use crate::certs::{self, Certificate, keys};
use crate::error::WinError;
use crate::host::Host;
use crate::process::{Output, Process};
use rcgen::PublicKeyData;
use x509_parser::prelude::{FromDer, X509Certificate};

/// NTE_NOT_FOUND: "Cannot find object or property."
const NTE_NOT_FOUND: u32 = 0x8009_0011;

/// Runs `certutil` with `args` (program name excluded).
pub fn run(host: &mut Host, process: &mut Process, args: &[String]) -> Output {
    let mut verb = None;
    let mut user = false;
    let mut rest: Vec<&str> = Vec::new();
    for a in args {
        let lower = a.to_ascii_lowercase();
        let opt = lower.strip_prefix('-').or_else(|| lower.strip_prefix('/'));
        match opt {
            Some("user") => user = true,
            Some("f" | "silent" | "q" | "enterprise") => {}
            Some(v @ ("store" | "delstore" | "repairstore" | "verifystore")) if verb.is_none() => {
                verb = Some(v.to_string())
            }
            Some(_) if verb.is_none() => return usage(a),
            _ => rest.push(a),
        }
    }
    let Some(verb) = verb else {
        return usage(args.first().map(String::as_str).unwrap_or(""));
    };
    let store = rest.first().copied().unwrap_or("My");
    let id = rest.get(1).copied();
    let verbose_name = format!("-{verb}");
    if user {
        // Only LocalMachine stores are simulated: the user's stores are empty.
        let mut out = Output::default();
        out.outln(header(store));
        if id.is_some() && verb != "delstore" {
            return failure(out, &verbose_name, NTE_NOT_FOUND);
        }
        out.outln(format!(
            "CertUtil: {verbose_name} command completed successfully."
        ));
        return out;
    }
    match verb.as_str() {
        "store" | "verifystore" => store_cmd(host, process, &verbose_name, store, id),
        "delstore" => delstore(host, process, store, id),
        _ => repairstore(host, process, store, id),
    }
}

fn usage(arg: &str) -> Output {
    let mut out = Output::with_code(87);
    out.outln(format!("CertUtil: Unknown arg: {arg}"));
    out.outln("Usage:");
    out.outln("  CertUtil [Options] -store [CertificateStoreName [CertId [OutputFile]]]");
    out.outln("  CertUtil [Options] -delstore CertificateStoreName CertId");
    out.outln("  CertUtil [Options] -repairstore CertificateStoreName CertIdList");
    out.outln("  CertUtil [Options] -verifystore CertificateStoreName [CertId]");
    out
}

/// The header line: the name as typed and the store's localized name.
fn header(store: &str) -> String {
    let localized = match store.to_ascii_lowercase().as_str() {
        "my" => Some("Personal"),
        "root" => Some("Trusted Root Certification Authorities"),
        "ca" => Some("Intermediate Certification Authorities"),
        "trust" => Some("Enterprise Trust"),
        "trustedpeople" => Some("Trusted People"),
        "trustedpublisher" => Some("Trusted Publishers"),
        "disallowed" => Some("Untrusted Certificates"),
        "authroot" => Some("Third-Party Root Certification Authorities"),
        _ => None,
    };
    match localized {
        Some(l) => format!("{store} \"{l}\""),
        None => store.to_string(),
    }
}

/// `CertUtil: -verb command FAILED: 0x... (...)` and the message; exit = the low word.
fn failure(mut out: Output, verb: &str, hresult: u32) -> Output {
    let detail = match hresult {
        0x8007_0005 => "(WIN32: 5 ERROR_ACCESS_DENIED)".to_string(),
        0x8007_0002 => "(WIN32: 2 ERROR_FILE_NOT_FOUND)".to_string(),
        NTE_NOT_FOUND => format!("({} NTE_NOT_FOUND)", hresult as i32),
        0x8009_0016 => format!("({} NTE_BAD_KEYSET)", hresult as i32),
        h => format!("({})", h as i32),
    };
    out.outln(format!(
        "CertUtil: {verb} command FAILED: 0x{hresult:08x} {detail}"
    ));
    if hresult != NTE_NOT_FOUND {
        let message = match hresult {
            0x8007_0005 => "Access is denied.",
            0x8007_0002 => "The system cannot find the file specified.",
            0x8009_0016 => "Keyset does not exist",
            _ => "Unknown error.",
        };
        out.outln(format!("CertUtil: {message}"));
    }
    out.code = hresult & 0xFFFF;
    out
}

/// A Win32 error as an HRESULT (`HRESULT_FROM_WIN32`).
fn hresult(e: WinError) -> u32 {
    if e.is_hresult() {
        e.0
    } else {
        0x8007_0000 | (e.0 & 0xFFFF)
    }
}

/// The serial number as certutil prints it: the DER integer's bytes in lower-case hex.
fn serial_hex(cert: &Certificate) -> String {
    X509Certificate::from_der(&cert.der)
        .map(|(_, x)| hex(x.tbs_certificate.raw_serial()))
        .unwrap_or_default()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// True if `id` names `cert` at `index`: the index, the serial or the thumbprint.
fn matches(cert: &Certificate, index: usize, id: &str) -> bool {
    let compact: String = id.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.chars().all(|c| c.is_ascii_digit()) && compact.len() < 6 {
        return compact.parse::<usize>().ok() == Some(index);
    }
    compact.eq_ignore_ascii_case(&cert.thumbprint_hex())
        || compact.eq_ignore_ascii_case(&serial_hex(cert))
}

/// `M/d/yyyy h:mm tt` in the host's time zone (UTC on Azure images).
fn local_time(t: crate::clock::FileTime) -> String {
    let dt = t.to_datetime();
    let (h, ampm) = match dt.hour() {
        0 => (12, "AM"),
        h @ 1..=11 => (h, "AM"),
        12 => (12, "PM"),
        h => (h - 12, "PM"),
    };
    format!(
        "{}/{}/{} {h}:{:02} {ampm}",
        dt.month() as u8,
        dt.day(),
        dt.year(),
        dt.minute()
    )
}

/// Why the certificate's private key cannot be used, if it cannot (as `token` opens it).
fn key_problem(host: &Host, process: &Process, container: &str) -> Option<WinError> {
    let Some(guid) = host.machine_guid() else {
        return Some(WinError::NTE_BAD_KEYSET);
    };
    let path = format!(
        "{}\\{}",
        keys::MACHINE_KEYS,
        keys::container_file_name(container, &guid)
    );
    match host.fs().read_file(&path, &process.token) {
        Ok(bytes) => keys::check_key_file(&bytes).err(),
        Err(e) => Some(e),
    }
}

/// One certificate's block, from the banner to the key test.
fn render(out: &mut Output, host: &Host, process: &Process, index: usize, cert: &Certificate) {
    out.outln(format!(
        "================ Certificate {index} ================"
    ));
    out.outln(format!("Serial Number: {}", serial_hex(cert)));
    out.outln(format!("Issuer: {}", cert.issuer));
    out.outln(format!(" NotBefore: {}", local_time(cert.not_before)));
    out.outln(format!(" NotAfter: {}", local_time(cert.not_after)));
    out.outln(format!("Subject: {}", cert.subject));
    if cert.subject == cert.issuer {
        out.outln("Signature matches Public Key");
        out.outln("Root Certificate: Subject matches Issuer");
    } else {
        out.outln("Non-root Certificate");
    }
    out.outln(format!(
        "Cert Hash(sha1): {}",
        cert.thumbprint_hex().to_ascii_lowercase()
    ));
    match &cert.key {
        None => {
            out.outln("No key provider information");
            out.outln("Cannot find the certificate and private key for decryption.");
        }
        Some(key) => {
            out.outln(format!("  Key Container = {}", key.container));
            if let Some(guid) = host.machine_guid() {
                out.outln(format!(
                    "  Unique container name: {}",
                    keys::container_file_name(&key.container, &guid)
                ));
            }
            out.outln(format!("  Provider = {}", key.provider));
            match key_problem(host, process, &key.container) {
                None => {
                    out.outln("Private key is NOT exportable");
                    out.outln("Encryption test passed");
                }
                Some(WinError::FILE_NOT_FOUND | WinError::PATH_NOT_FOUND) => {
                    out.outln("Missing stored keyset")
                }
                // The container is there but this account cannot open it (on Server 2019 an
                // administrator has no access to the listener's key) or it is damaged.
                Some(_) => out.outln("Encryption test FAILED"),
            }
        }
    }
}

fn store_cmd(
    host: &mut Host,
    process: &mut Process,
    verb: &str,
    store: &str,
    id: Option<&str>,
) -> Output {
    let mut out = Output::default();
    let certs = match certs::list(host.registry(), store, &process.token) {
        Ok(c) => c,
        Err(e) => return failure(out, verb, hresult(e)),
    };
    out.outln(header(store));
    let chosen: Vec<(usize, &Certificate)> = certs
        .iter()
        .enumerate()
        .filter(|(i, c)| id.is_none_or(|id| matches(c, *i, id)))
        .collect();
    if id.is_some() && chosen.is_empty() {
        // Measured: only the FAILED line (the header is not printed either).
        return failure(Output::default(), verb, NTE_NOT_FOUND);
    }
    let now = host.now();
    for (n, (i, cert)) in chosen.iter().enumerate() {
        if n > 0 {
            out.outln("");
        }
        render(&mut out, host, process, *i, cert);
        if verb == "-verifystore" {
            // [unconfirmed wording] the chain verdict for a self-signed certificate.
            if cert.is_valid_at(now) {
                out.outln("Certificate is valid");
            } else {
                out.outln("ERROR: Certificate has expired");
            }
        }
    }
    out.outln(format!("CertUtil: {verb} command completed successfully."));
    out
}

fn delstore(host: &mut Host, process: &mut Process, store: &str, id: Option<&str>) -> Output {
    let mut out = Output::default();
    let Some(id) = id else {
        return usage("-delstore");
    };
    let certs = match certs::list(host.registry(), store, &process.token) {
        Ok(c) => c,
        Err(e) => return failure(out, "-delstore", hresult(e)),
    };
    out.outln(header(store));
    for (i, cert) in certs.iter().enumerate() {
        if !matches(cert, i, id) {
            continue;
        }
        out.outln(format!(
            "Deleting Certificate {i}: {}:{}",
            cert.subject,
            cert.thumbprint_hex().to_ascii_lowercase()
        ));
        let tp = cert.thumbprint_hex();
        if let Err(e) = certs::remove(host.registry_mut(), store, &tp, &process.token) {
            return failure(out, "-delstore", hresult(e));
        }
    }
    out.outln("CertUtil: -delstore command completed successfully.");
    out
}

/// The MachineKeys container whose key is the certificate's, as `process` can read them.
fn find_container(host: &Host, process: &Process, cert: &Certificate) -> Option<String> {
    let public = cert.public_key_der()?;
    host.fs()
        .children(keys::MACHINE_KEYS)
        .iter()
        .filter_map(|p| host.fs().read_file(p, &process.token).ok())
        .filter_map(|b| keys::read_key_file(&b).ok())
        .find(|k| {
            keys::pool_index(&k.pkcs8_der).is_some_and(|i| {
                PublicKeyData::subject_public_key_info(&*keys::pool_key(i).key_pair()) == public
            })
        })
        .map(|k| k.container)
}

/// `-repairstore STORE CertId`: links each chosen certificate to the MachineKeys container
/// that holds its private key.
fn repairstore(host: &mut Host, process: &mut Process, store: &str, id: Option<&str>) -> Output {
    let mut out = Output::default();
    let Some(id) = id else {
        return usage("-repairstore");
    };
    let certs = match certs::list(host.registry(), store, &process.token) {
        Ok(c) => c,
        Err(e) => return failure(out, "-repairstore", hresult(e)),
    };
    out.outln(header(store));
    let mut found = false;
    let mut missing = false;
    for (i, cert) in certs.iter().enumerate() {
        if !(id == "*" || matches(cert, i, id)) {
            continue;
        }
        if found {
            out.outln("");
        }
        found = true;
        let mut cert = cert.clone();
        match find_container(host, process, &cert) {
            Some(container) => {
                cert = cert.with_key(&container, certs::ENHANCED_PROVIDER);
                if let Err(e) = certs::add(host.registry_mut(), store, &cert, &process.token) {
                    return failure(out, "-repairstore", hresult(e));
                }
            }
            None => missing = true,
        }
        render(&mut out, host, process, i, &cert);
    }
    if !found {
        return failure(Output::default(), "-repairstore", NTE_NOT_FOUND);
    }
    if missing {
        return failure(out, "-repairstore", WinError::NTE_BAD_KEYSET.0);
    }
    out.outln("CertUtil: -repairstore command completed successfully.");
    out
}

#[cfg(test)]
mod tests;
