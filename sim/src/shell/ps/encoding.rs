//! Base64 and UTF-16 LE, for `powershell -EncodedCommand` and `[Convert]`.

pub use crate::text::{base64_decode, base64_encode};

/// The command text of `-EncodedCommand` (base64 of UTF-16 LE).
pub fn decode_command(text: &str) -> Option<String> {
    let bytes = base64_decode(text)?;
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let units: Vec<u16> = bytes
        .chunks(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    String::from_utf16(&units).ok()
}

/// `-EncodedCommand` text for a command (what `[Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($c))` gives).
pub fn encode_command(command: &str) -> String {
    let bytes: Vec<u8> = command
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    base64_encode(&bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_encoded_command_round_trips() {
        let c = "Get-Service TermService | Select-Object -ExpandProperty Status";
        assert_eq!(decode_command(&encode_command(c)).as_deref(), Some(c));
        assert_eq!(encode_command("dir"), "ZABpAHIA");
        assert!(base64_decode("abc").is_none());
    }
}
