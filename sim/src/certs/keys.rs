//! Private keys: the pool of pre-generated RSA-2048 keys (shipped as data, never generated on a
//! hot path) and key container files in `C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys`.

/// The MachineKeys folder.
pub const MACHINE_KEYS: &str = "C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys";

/// The RDP listener's container name.
pub const RDP_CONTAINER: &str = "TSSecKeySet1";

/// The hash part of the RDP listener's key file name (MD5 of the container name, constant).
pub const RDP_CONTAINER_HASH: &str = "f686aace6942fb7f7ceb231212eef4a4";

/// One pre-generated RSA-2048 key.
#[derive(Debug)]
pub struct PoolKey {
    /// PKCS#8 DER of the private key.
    pub pkcs8_der: &'static [u8],
}

/// The `index`-th key of the pool (wrapping).
pub fn pool_key(_index: usize) -> &'static PoolKey {
    todo!("certs helper")
}

/// The key file name of a container: `<md5 of name>_<MachineGuid>`.
pub fn container_file_name(_container: &str, _machine_guid: &str) -> String {
    todo!("certs helper")
}

/// The bytes of a key container file holding `key` for `container`.
pub fn key_file_bytes(_container: &str, _key: &PoolKey) -> Vec<u8> {
    todo!("certs helper")
}

/// Checks a key container file: `Ok(container name)` if it holds a usable key, else
/// NTE_BAD_KEYSET (corrupt or truncated).
pub fn check_key_file(_bytes: &[u8]) -> Result<String, crate::error::WinError> {
    todo!("certs helper")
}
