//! File names that are not UTF-8. Discovery keeps repository paths as `String`s; a byte
//! of a name that is not part of valid UTF-8 is kept as the private-use character
//! U+10FF00 + byte, so the name converts back to the exact bytes to open the file, and
//! is shown as git shows it (`caf\351.md`).

use std::borrow::Cow;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// The first of the 256 private-use characters that stand for raw bytes.
const BYTE_BASE: u32 = 0x10_FF00;

/// A name's bytes as a `String`, raw bytes kept reversibly (see the module doc).
pub fn encode_bytes(bytes: &[u8]) -> Cow<'_, str> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for &byte in chunk.invalid() {
            out.push(char::from_u32(BYTE_BASE + u32::from(byte)).expect("a valid character"));
        }
    }
    Cow::Owned(out)
}

/// A name from the file system as a `String`, raw bytes kept reversibly.
pub fn encode(name: &OsStr) -> Cow<'_, str> {
    if let Some(text) = name.to_str() {
        return Cow::Borrowed(text);
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        Cow::Owned(encode_bytes(name.as_bytes()).into_owned())
    }
    #[cfg(not(unix))]
    {
        name.to_string_lossy()
    }
}

fn raw_byte(c: char) -> Option<u8> {
    u32::from(c)
        .checked_sub(BYTE_BASE)
        .and_then(|b| u8::try_from(b).ok())
}

/// The bytes a name encoded by [`encode`] stands for.
pub fn decode(name: &str) -> Cow<'_, OsStr> {
    if !name.chars().any(|c| raw_byte(c).is_some()) {
        return Cow::Borrowed(OsStr::new(name));
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut bytes = Vec::with_capacity(name.len());
        for c in name.chars() {
            match raw_byte(c) {
                Some(b) => bytes.push(b),
                None => bytes.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
            }
        }
        Cow::Owned(OsStr::from_bytes(&bytes).to_os_string())
    }
    #[cfg(not(unix))]
    {
        Cow::Borrowed(OsStr::new(name))
    }
}

/// `base` joined with the repository path `rel` (encoded as [`encode`] does).
pub fn join(base: &Path, rel: &str) -> PathBuf {
    base.join(decode(rel))
}

/// An encoded name as git shows it: each raw byte as a backslash and three octal digits.
pub fn show(name: &str) -> Cow<'_, str> {
    if !name.chars().any(|c| raw_byte(c).is_some()) {
        return Cow::Borrowed(name);
    }
    let mut out = String::with_capacity(name.len() + 8);
    for c in name.chars() {
        match raw_byte(c) {
            Some(b) => out.push_str(&format!("\\{b:03o}")),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_names_are_unchanged() {
        assert!(matches!(
            encode_bytes("docs/café.md".as_bytes()),
            Cow::Borrowed(_)
        ));
        assert_eq!(show("docs/café.md"), "docs/café.md");
    }

    #[cfg(unix)]
    #[test]
    fn raw_bytes_round_trip_and_show_as_git_does() {
        use std::os::unix::ffi::OsStrExt;
        let bytes = b"docs/caf\xe9 \xff\xfe.md";
        let encoded = encode_bytes(bytes);
        assert_eq!(decode(&encoded).as_bytes(), bytes);
        assert_eq!(encode(OsStr::from_bytes(bytes)), encoded);
        assert_eq!(show(&encoded), "docs/caf\\351 \\377\\376.md");
        assert!(encoded.ends_with(".md"), "the extension stays readable");
    }
}
