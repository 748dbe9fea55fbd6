//! Reading the small files plan-lint's own settings live in (configuration, baseline,
//! template): a regular file of bounded size, so a FIFO, a device such as `/dev/zero`
//! or a runaway file gives an error instead of a hang or exhausted memory.

use std::io::{self, Read};
use std::path::Path;

/// The largest configuration or baseline file read (a baseline of a large repository
/// holds a few hundred bytes per finding).
pub const MAX_SETTINGS_BYTES: u64 = 64 * 1024 * 1024;

/// Reads `path` (links followed) when it is a regular file of at most `max` bytes.
pub fn read_file(path: &Path, max: u64) -> io::Result<Vec<u8>> {
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Err(io::Error::from(io::ErrorKind::IsADirectory));
    }
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file (a pipe, socket or device)",
        ));
    }
    if meta.len() > max {
        return Err(too_large(max));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The file may grow between the check and the read.
    std::fs::File::open(path)?
        .take(max + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(too_large(max));
    }
    Ok(bytes)
}

/// Reads `path` as UTF-8 text, bounded as [`read_file`].
pub fn read_text(path: &Path, max: u64) -> io::Result<String> {
    String::from_utf8(read_file(path, max)?)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "not UTF-8 text"))
}

/// Reads one of plan-lint's own settings files (configuration, baseline) as text, at
/// most [`MAX_SETTINGS_BYTES`]; the error names what was being read.
pub fn read_settings(path: &Path, action: &'static str) -> Result<String, crate::Error> {
    read_text(path, MAX_SETTINGS_BYTES).map_err(|error| crate::Error::Io {
        action,
        path: path.to_path_buf(),
        error,
    })
}

fn too_large(max: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        format!("larger than {} MiB", max / (1024 * 1024)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_a_device_and_a_large_file_are_refused_without_reading_them() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.toml");
        std::fs::write(&big, vec![b'#'; 2 * 1024 * 1024]).unwrap();
        let error = read_file(&big, 1024 * 1024).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::FileTooLarge);
        assert_eq!(error.to_string(), "larger than 1 MiB");
        if Path::new("/dev/zero").exists() {
            let error = read_file(Path::new("/dev/zero"), 1024).unwrap_err();
            assert_eq!(error.kind(), io::ErrorKind::InvalidInput);
        }
        let fifo = dir.path().join("fifo.toml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let error = read_file(&fifo, 1024).unwrap_err();
            assert_eq!(error.kind(), io::ErrorKind::InvalidInput);
        }
        let small = dir.path().join("small.toml");
        std::fs::write(&small, "today = 2025-01-01\n").unwrap();
        assert_eq!(read_text(&small, 1024).unwrap(), "today = 2025-01-01\n");
    }
}
