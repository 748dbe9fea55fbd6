//! Which files to look at: git's view of the work tree inside a repository (tracked plus
//! untracked-not-ignored), walkdir outside one.

mod fs;
mod git;

use crate::error::Error;
use crate::settings::Settings;
use std::path::{Component, Path, PathBuf};

/// A file that may be a plan.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    /// Path shown to the user: relative to the current directory, `/`-separated.
    pub display: String,
    /// Where to read it.
    pub fs_path: PathBuf,
    /// Named on the command line (linted even outside the default locations).
    pub explicit: bool,
}

/// Markdown file extensions plan-lint looks at in directories.
pub fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// Files named like a template hold placeholders on purpose.
pub fn is_template_name(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.to_lowercase().contains("template"))
}

/// Finds the candidate files for the paths in `settings`, sorted and without duplicates.
pub fn discover(settings: &Settings) -> Result<Vec<Candidate>, Error> {
    let mut out = Vec::new();
    for arg in &settings.paths {
        let absolute = normalize(&settings.cwd.join(arg));
        // Shown relative to the current directory when it lies inside it.
        let display_base = match absolute.strip_prefix(normalize(&settings.cwd)) {
            Ok(rel) => display_of(rel),
            Err(_) => display_of(&normalize(arg)),
        };
        match std::fs::metadata(&absolute) {
            Ok(meta) if meta.is_dir() => {
                let found = match git::list(&absolute)? {
                    Some(files) => files,
                    None => fs::walk(&absolute),
                };
                for rel in found {
                    let file = absolute.join(&rel);
                    if !keep(settings, &file, false) {
                        continue;
                    }
                    out.push(Candidate {
                        display: join_display(&display_base, &rel),
                        fs_path: file,
                        explicit: false,
                    });
                }
            }
            // A file named on the command line, or one that cannot be read (reported
            // as `unreadable` when it is read).
            _ => {
                if keep(settings, &absolute, true) {
                    out.push(Candidate {
                        display: display_base,
                        fs_path: absolute,
                        explicit: true,
                    });
                }
            }
        }
    }
    out.sort();
    out.dedup_by(|a, b| a.fs_path == b.fs_path);
    Ok(out)
}

fn keep(settings: &Settings, file: &Path, explicit: bool) -> bool {
    if !explicit && !is_markdown(file) {
        return false;
    }
    // Templates hold placeholders on purpose: skipped like an exclude, so a file named
    // on the command line is still linted unless `--force-exclude`.
    if is_template_name(file) && (!explicit || settings.force_exclude) {
        return false;
    }
    if (!explicit || settings.force_exclude) && settings.excluded(file) {
        return false;
    }
    explicit || settings.included(file)
}

/// Removes `.` and resolves `..` lexically (symlinks are not resolved on purpose).
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

fn display_of(arg: &Path) -> String {
    let text = arg
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    let text = text.replace("//", "/");
    if arg.is_absolute() && !text.starts_with('/') {
        format!("/{text}")
    } else {
        text
    }
}

fn join_display(base: &str, rel: &str) -> String {
    match (base.is_empty(), rel.is_empty()) {
        (true, _) => rel.to_string(),
        (false, true) => base.to_string(),
        (false, false) => format!("{}/{rel}", base.trim_end_matches('/')),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths() {
        assert_eq!(display_of(Path::new(".")), "");
        assert_eq!(display_of(Path::new("./docs")), "docs");
        assert_eq!(join_display("", "a/b.md"), "a/b.md");
        assert_eq!(join_display("docs", "b.md"), "docs/b.md");
        assert_eq!(normalize(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
    }

    #[test]
    fn template_names_and_extensions() {
        assert!(is_template_name(Path::new("docs/Plan-TEMPLATE.md")));
        assert!(!is_template_name(Path::new("docs/plan.md")));
        assert!(is_markdown(Path::new("a.MD")));
        assert!(is_markdown(Path::new("a.markdown")));
        assert!(!is_markdown(Path::new("a.txt")));
    }
}
