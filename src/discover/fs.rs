//! Outside a git repository: walk the directory, skipping hidden folders and symlinks.

use std::path::Path;
use walkdir::WalkDir;

/// Markdown files under `dir`, and symbolic links named as Markdown files, relative to
/// it with `/` separators (links are never followed; hidden folders are skipped).
pub fn walk(dir: &Path) -> (Vec<String>, Vec<String>) {
    let mut files = Vec::new();
    let mut links = Vec::new();
    let entries = WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !(e.file_type().is_dir()
                    && e.file_name().to_str().is_some_and(|n| n.starts_with('.')))
        })
        .filter_map(Result::ok)
        .filter(|e| super::is_document_file(e.path()));
    for entry in entries {
        // Only regular files: links are not followed, and FIFOs or devices named `*.md`
        // are not plans (git does not list them either).
        let into = if entry.file_type().is_file() {
            &mut files
        } else if entry.file_type().is_symlink() {
            &mut links
        } else {
            continue;
        };
        into.extend(crate::settings::relative_to(entry.path(), dir));
    }
    (files, links)
}
