//! Outside a git repository: walk the directory, skipping hidden folders and symlinks.

use std::path::Path;
use walkdir::WalkDir;

/// Markdown files under `dir`, relative to it with `/` separators (symlinks are never
/// followed; hidden folders are skipped).
pub fn walk(dir: &Path) -> Vec<String> {
    WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !(e.file_type().is_dir()
                    && e.file_name().to_str().is_some_and(|n| n.starts_with('.')))
        })
        .filter_map(Result::ok)
        // Only regular files: symlinks are not followed, and FIFOs or devices named
        // `*.md` are not plans (git does not list them either).
        .filter(|e| e.file_type().is_file())
        .filter(|e| super::is_document_file(e.path()))
        .filter_map(|e| crate::settings::relative_to(e.path(), dir))
        .collect()
}
