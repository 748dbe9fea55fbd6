//! Writing the files plan-lint writes (reports, baselines, the starter configuration,
//! the git hook): through a temporary file beside the destination and a rename, so a
//! run killed mid-write, or a full disk, leaves the old file whole.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// What to do when the destination is a symbolic link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// Write to the file the link points to (the user named it, as with `>`); a link to
    /// nothing is refused rather than creating its target wherever it points.
    Follow,
    /// Replace the link itself with a plain file; its target is never touched.
    Replace,
}

/// Permissions of a file plan-lint creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A data file: read-write as the umask allows, or the old file's permissions.
    Data,
    /// An executable script (the git hook).
    Executable,
}

/// Writes `bytes` to `path` atomically. A destination that is not a regular file (a
/// terminal, `/dev/stdout`, a FIFO) is written directly, since it cannot be renamed over.
pub fn write(path: &Path, bytes: &[u8], links: Links, mode: Mode) -> io::Result<()> {
    let mut target = path.to_path_buf();
    if let Ok(meta) = std::fs::symlink_metadata(path)
        && meta.file_type().is_symlink()
        && links == Links::Follow
    {
        target = std::fs::canonicalize(path).map_err(|_| {
            io::Error::new(
                io::ErrorKind::NotFound,
                "it is a symbolic link to nothing; plan-lint does not create a link's target",
            )
        })?;
    }
    let existing = match links {
        Links::Follow => std::fs::metadata(&target).ok(),
        Links::Replace => std::fs::symlink_metadata(&target)
            .ok()
            .filter(|m| !m.file_type().is_symlink()),
    };
    if let Some(meta) = &existing {
        if meta.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                "it is a folder",
            ));
        }
        if !meta.is_file() {
            return std::fs::OpenOptions::new()
                .write(true)
                .truncate(true)
                .open(&target)?
                .write_all(bytes);
        }
    }
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".plan-lint-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        // tempfile names its own temporary file in the error; the user named `path`.
        .map_err(|e| match e.raw_os_error() {
            Some(code) => io::Error::from_raw_os_error(code),
            None => e,
        })?;
    temp.write_all(bytes)?;
    set_permissions(temp.as_file(), existing.as_ref(), mode)?;
    temp.as_file().sync_all()?;
    temp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(unix)]
fn set_permissions(
    file: &std::fs::File,
    existing: Option<&std::fs::Metadata>,
    mode: Mode,
) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let bits = match (existing, mode) {
        (_, Mode::Executable) => 0o755,
        (Some(meta), Mode::Data) => meta.permissions().mode() & 0o7777,
        // A new file gets what the umask allows, as a shell redirect would: the temporary
        // file was created 0600, so widen it by the bits the umask leaves.
        (None, Mode::Data) => 0o666 & !umask(),
    };
    file.set_permissions(std::fs::Permissions::from_mode(bits))
}

#[cfg(not(unix))]
fn set_permissions(_: &std::fs::File, _: Option<&std::fs::Metadata>, _: Mode) -> io::Result<()> {
    Ok(())
}

/// The process's umask, read from `/proc` where there is one; 022 (the usual default)
/// elsewhere, since reading it portably would mean changing it.
#[cfg(unix)]
fn umask() -> u32 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Umask:"))
                .and_then(|v| u32::from_str_radix(v.trim(), 8).ok())
        })
        .unwrap_or(0o022)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_a_file_whole_and_keeps_its_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("baseline.json");
        std::fs::write(&file, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        write(&file, b"new", Links::Follow, Mode::Data).unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_followed_or_replaced_but_a_dangling_one_never_creates_its_target() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        std::fs::write(&real, "old").unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write(&link, b"followed", Links::Follow, Mode::Data).unwrap();
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "followed");
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );

        write(&link, b"replaced", Links::Replace, Mode::Data).unwrap();
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "followed");
        assert!(
            !std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&link).unwrap(), "replaced");

        let outside = dir.path().join("elsewhere/target.json");
        let dangling = dir.path().join("dangling.json");
        std::os::unix::fs::symlink(&outside, &dangling).unwrap();
        let err = write(&dangling, b"x", Links::Follow, Mode::Data).unwrap_err();
        assert!(
            err.to_string().contains("symbolic link to nothing"),
            "{err}"
        );
        assert!(!outside.exists());
    }

    #[test]
    fn a_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = write(dir.path(), b"x", Links::Follow, Mode::Data).unwrap_err();
        assert!(err.to_string().contains("folder"), "{err}");
    }
}
