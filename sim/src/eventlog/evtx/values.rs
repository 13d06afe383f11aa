//! The text of BinXML values as the `evtx` crate writes them (its `value_render.rs`, 0.15):
//! decimal integers, `0x` lowercase hex, uppercase hex bytes, lowercase GUIDs in braces, SIDs,
//! FILETIMEs with seven fractional digits. Each function appends to `buf`; those returning
//! `bool` say `false` for a value the crate would write otherwise (the reader then gives up).
//! `Reader::value` reads one substitution value with them.

use super::binxml::{R, Reader, Unsupported, Val};

/// UTF-16LE text (an even number of bytes). `false` for unpaired surrogates and for the
/// characters the crate writes as `_`: controls other than tab, LF and CR, U+FFFE and U+FFFF.
pub(super) fn push_utf16(buf: &mut String, b: &[u8]) -> bool {
    let mut units = b
        .chunks_exact(2)
        .map(|c| u32::from(u16::from_le_bytes([c[0], c[1]])));
    while let Some(u) = units.next() {
        let c = match u {
            0x20..=0x7f | 0x09 | 0x0a | 0x0d => u,
            0..=0x1f | 0xfffe | 0xffff | 0xdc00..=0xdfff => return false,
            0xd800..=0xdbff => match units.next() {
                Some(lo @ 0xdc00..=0xdfff) => 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00),
                _ => return false,
            },
            _ => u,
        };
        match char::from_u32(c) {
            Some(c) => buf.push(c),
            None => return false,
        }
    }
    true
}

/// ANSI text with its NULs dropped; `false` unless it is ASCII without controls (other code
/// page characters depend on the crate's code page setting).
pub(super) fn push_ascii(buf: &mut String, b: &[u8]) -> bool {
    for &c in b {
        match c {
            0 => {}
            0x20..=0x7f | b'\t' | b'\n' | b'\r' => buf.push(c as char),
            _ => return false,
        }
    }
    true
}

/// `v` in decimal.
pub(super) fn push_u64(buf: &mut String, mut v: u64) {
    let mut d = [0u8; 20];
    let mut i = d.len();
    loop {
        i -= 1;
        d[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    d[i..].iter().for_each(|&c| buf.push(c as char));
}

/// `v` in decimal, with its sign.
pub(super) fn push_i64(buf: &mut String, v: i64) {
    if v < 0 {
        buf.push('-');
    }
    push_u64(buf, v.unsigned_abs());
}

const LOWER: &[u8; 16] = b"0123456789abcdef";
const UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// `0x` and `v` in lowercase hex, without leading zeros.
pub(super) fn push_hex(buf: &mut String, v: u64) {
    buf.push_str("0x");
    let digits = (64 - v.leading_zeros()).div_ceil(4).max(1);
    for k in (0..digits).rev() {
        buf.push(LOWER[(v >> (4 * k)) as usize & 15] as char);
    }
}

/// Bytes in uppercase hex.
pub(super) fn push_hex_bytes(buf: &mut String, b: &[u8]) {
    for &x in b {
        buf.push(UPPER[usize::from(x >> 4)] as char);
        buf.push(UPPER[usize::from(x & 15)] as char);
    }
}

/// `{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}`, lowercase; the first three groups little-endian.
pub(super) fn push_guid(buf: &mut String, b: &[u8; 16]) {
    const ORDER: [usize; 16] = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
    buf.push('{');
    for (i, &at) in ORDER.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            buf.push('-');
        }
        buf.push(LOWER[usize::from(b[at] >> 4)] as char);
        buf.push(LOWER[usize::from(b[at] & 15)] as char);
    }
    buf.push('}');
}

/// `S-1-5-21-...`: revision, 48-bit big-endian authority, little-endian sub-authorities.
/// `false` unless the bytes hold exactly the sub-authorities their count says.
pub(super) fn push_sid(buf: &mut String, b: &[u8]) -> bool {
    let &[revision, count, ref auth @ ..] = b else {
        return false;
    };
    if auth.len() < 6 || b.len() != 8 + 4 * usize::from(count) {
        return false;
    }
    let mut a = [0u8; 8];
    a[2..].copy_from_slice(&b[2..8]);
    buf.push_str("S-");
    push_u64(buf, revision.into());
    buf.push('-');
    push_u64(buf, u64::from_be_bytes(a));
    for s in b[8..].chunks_exact(4) {
        buf.push('-');
        push_u64(buf, u32::from_le_bytes([s[0], s[1], s[2], s[3]]).into());
    }
    true
}

/// A FILETIME as `2022-10-16T20:27:36.2228549Z`; `false` past the year 9999 (which the crate
/// writes otherwise).
pub(super) fn push_filetime(buf: &mut String, ft: u64) -> bool {
    const TICKS_PER_DAY: u64 = 86_400 * 10_000_000;
    let (days, ticks) = (ft / TICKS_PER_DAY, ft % TICKS_PER_DAY);
    // Days since 1601-01-01 to a civil date: count from 0000-03-01 (584,694 days earlier) in
    // 400-year eras of 146,097 days, each starting on a March 1st.
    let z = days + 584_694;
    let (era, doe) = (z / 146_097, z % 146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = era * 400 + yoe + u64::from(month <= 2);
    if year > 9999 {
        return false;
    }
    let secs = ticks / 10_000_000;
    let mut out = *b"0000-00-00T00:00:00.0000000Z";
    for (range, mut v) in [
        (0..4, year),
        (5..7, month),
        (8..10, day),
        (11..13, secs / 3600),
        (14..16, secs / 60 % 60),
        (17..19, secs % 60),
        (20..27, ticks % 10_000_000),
    ] {
        for c in out[range].iter_mut().rev() {
            *c = b'0' + (v % 10) as u8;
            v /= 10;
        }
    }
    out.iter().for_each(|&c| buf.push(c as char));
    true
}

impl Reader<'_> {
    /// One substitution value of type `ty`, `size` bytes at `at`, as the crate writes it.
    pub(super) fn value(&mut self, ty: u8, at: usize, size: usize) -> R<Val> {
        let b = self.bytes(at, size)?;
        let start = self.buf.len();
        let buf = &mut self.buf;
        let le = |n: usize| -> R<u64> {
            if size != n {
                return Err(Unsupported);
            }
            let mut w = [0u8; 8];
            w[..n].copy_from_slice(b);
            Ok(u64::from_le_bytes(w))
        };
        let ok = match ty {
            0x00 => return Ok(Val::Null),
            0x01 => {
                // UTF-16 text, up to its first NUL.
                let units = b
                    .chunks_exact(2)
                    .position(|c| c == [0, 0])
                    .unwrap_or(size / 2);
                size.is_multiple_of(2) && push_utf16(buf, &b[..2 * units])
            }
            0x02 => push_ascii(buf, b),
            0x03 => {
                push_i64(buf, le(1)? as u8 as i8 as i64);
                true
            }
            0x05 => {
                push_i64(buf, le(2)? as u16 as i16 as i64);
                true
            }
            0x07 => {
                push_i64(buf, le(4)? as u32 as i32 as i64);
                true
            }
            0x09 => {
                push_i64(buf, le(8)? as i64);
                true
            }
            0x04 | 0x06 | 0x08 | 0x0a => {
                push_u64(buf, le(1 << ((ty - 4) / 2))?);
                true
            }
            0x0d => {
                match le(4)? {
                    0 => buf.push_str("false"),
                    1 => buf.push_str("true"),
                    _ => return Err(Unsupported),
                }
                true
            }
            0x0e => {
                push_hex_bytes(buf, b);
                true
            }
            0x0f => {
                let g: &[u8; 16] = b.try_into().map_err(|_| Unsupported)?;
                push_guid(buf, g);
                true
            }
            0x11 => push_filetime(buf, le(8)?),
            0x13 => push_sid(buf, b),
            0x14 => {
                push_hex(buf, le(4)?);
                true
            }
            0x15 => {
                push_hex(buf, le(8)?);
                true
            }
            0x81 => {
                // UTF-16 strings, each with its NUL, back to back.
                let first = self.items.len();
                let mut rest = b;
                while !rest.is_empty() {
                    let units = rest
                        .chunks_exact(2)
                        .position(|c| c == [0, 0])
                        .ok_or(Unsupported)?;
                    let start = self.buf.len();
                    if !push_utf16(&mut self.buf, &rest[..2 * units]) {
                        return Err(Unsupported);
                    }
                    self.items.push((start, self.buf.len()));
                    rest = &rest[2 * units + 2..];
                }
                let count = self.items.len() - first;
                return Ok(Val::Array { first, count });
            }
            0x21 if size == 0 => return Ok(Val::Null),
            0x21 => return Ok(Val::Frag(at, at + size)),
            _ => return Err(Unsupported),
        };
        if !ok {
            return Err(Unsupported);
        }
        Ok(Val::Text(start, self.buf.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(f: impl FnOnce(&mut String) -> bool) -> Option<String> {
        let mut s = String::new();
        f(&mut s).then_some(s)
    }

    #[test]
    fn values_are_written_as_the_crate_writes_them() {
        let u16le = |s: &[u16]| s.iter().flat_map(|u| u.to_le_bytes()).collect::<Vec<u8>>();
        let text = u16le(&[0x41, 0xe9, 0xd83d, 0xde00, 0x0a]);
        assert_eq!(with(|b| push_utf16(b, &text)).as_deref(), Some("Aé😀\n"));
        assert_eq!(with(|b| push_utf16(b, &u16le(&[0x41, 0x01]))), None);
        assert_eq!(with(|b| push_utf16(b, &u16le(&[0xd83d, 0x41]))), None);
        assert_eq!(with(|b| push_ascii(b, b"ab\0c")).as_deref(), Some("abc"));
        assert_eq!(with(|b| push_ascii(b, b"\xe9")), None);
        let mut s = String::new();
        push_i64(&mut s, -128);
        s.push(' ');
        push_u64(&mut s, 18_446_744_073_709_551_615);
        s.push(' ');
        push_hex(&mut s, 0);
        s.push(' ');
        push_hex(&mut s, 0x8080_0000_0000_0000);
        s.push(' ');
        push_hex_bytes(&mut s, &[0x0a, 0xff]);
        assert_eq!(s, "-128 18446744073709551615 0x0 0x8080000000000000 0AFF");
        let mut g = String::new();
        push_guid(
            &mut g,
            &[
                0x78, 0x56, 0x34, 0x12, 0x34, 0x12, 0x78, 0x56, 0x9a, 0xbc, 1, 2, 3, 4, 5, 6,
            ],
        );
        assert_eq!(g, "{12345678-1234-5678-9abc-010203040506}");
        let sid = [1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x20, 2, 0, 0];
        assert_eq!(with(|b| push_sid(b, &sid)).as_deref(), Some("S-1-5-32-544"));
        assert_eq!(with(|b| push_sid(b, &sid[..12])), None);
        // 2022-10-16T20:27:36.2228549Z, and the first and last instants written.
        assert_eq!(
            with(|b| push_filetime(b, 133_104_256_562_228_549)).as_deref(),
            Some("2022-10-16T20:27:36.2228549Z")
        );
        assert_eq!(
            with(|b| push_filetime(b, 0)).as_deref(),
            Some("1601-01-01T00:00:00.0000000Z")
        );
        assert_eq!(with(|b| push_filetime(b, u64::MAX)), None);
    }
}
