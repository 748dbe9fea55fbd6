//! Source text, byte spans and the one place where bytes become lines and columns.

use std::ops::Range;
use std::path::PathBuf;

/// The UTF-8 byte-order mark.
pub const BOM: &str = "\u{feff}";

/// A half-open byte range into a [`SourceFile`]'s text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (swapped if given backwards).
    pub fn new(start: usize, end: usize) -> Self {
        if start <= end {
            Span { start, end }
        } else {
            Span {
                start: end,
                end: start,
            }
        }
    }

    /// An empty span at `at`.
    pub fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Whether `other` lies entirely inside `self`.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the two spans share at least one byte (or are the same empty point).
    pub fn overlaps(&self, other: Span) -> bool {
        if self.is_empty() || other.is_empty() {
            return self.start >= other.start && self.start <= other.end
                || other.start >= self.start && other.start <= self.end;
        }
        self.start < other.end && other.start < self.end
    }

    /// The span shifted right by `by` bytes (for offsets found inside a slice).
    pub fn offset(&self, by: usize) -> Span {
        Span {
            start: self.start + by,
            end: self.end + by,
        }
    }

    /// The byte range, for slicing.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

/// A file as read: its path relative to the current directory (`/`-separated) and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Display path, relative to the current directory, with `/` separators.
    pub path: String,
    /// Where it was read from (absolute or relative to the current directory).
    pub fs_path: PathBuf,
    /// The whole text as read, BOM included.
    pub text: String,
}

impl SourceFile {
    /// Builds a source from a display path and its text.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        let path = path.into();
        SourceFile {
            fs_path: PathBuf::from(&path),
            path,
            text: text.into(),
        }
    }

    /// The text under `span`; empty when the span is out of bounds or splits a character.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }
}

/// A 1-based line and column; columns count Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct LineCol {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
}

/// Maps byte offsets to lines and character columns.
///
/// Columns on ASCII lines are byte differences; long non-ASCII lines keep a character
/// count every [`CHECKPOINT`] bytes. Either way a lookup never re-counts a whole line, so
/// many findings on one long line stay linear.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    ascii: Vec<bool>,
    /// `(byte offset, characters from its line's start)`, sorted by offset.
    checkpoints: Vec<(usize, usize)>,
}

/// Distance in bytes between character-count checkpoints on long non-ASCII lines.
const CHECKPOINT: usize = 1024;

impl LineIndex {
    /// Indexes the line starts of `text` (a line ends at `\n`; `\r\n` counts as one break).
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at + 1));
        let mut checkpoints = Vec::new();
        // Most plans are ASCII throughout: one pass over the text, no per-line test.
        if text.is_ascii() {
            return LineIndex {
                ascii: vec![true; line_starts.len()],
                line_starts,
                checkpoints,
            };
        }
        let mut ascii = Vec::with_capacity(line_starts.len());
        for (i, &start) in line_starts.iter().enumerate() {
            let end = line_starts.get(i + 1).copied().unwrap_or(text.len());
            let line = &text[start..end];
            let is_ascii = line.is_ascii();
            ascii.push(is_ascii);
            if !is_ascii && line.len() > CHECKPOINT {
                let mut next = CHECKPOINT;
                for (chars, (at, _)) in line.char_indices().enumerate() {
                    if at >= next {
                        checkpoints.push((start + at, chars));
                        next = at + CHECKPOINT;
                    }
                }
            }
        }
        LineIndex {
            line_starts,
            ascii,
            checkpoints,
        }
    }

    /// Number of lines.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0)
    }

    /// 1-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// Line and character column of byte `offset` in `text`. Offsets inside a character
    /// or past the end are clamped, so this never panics.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let mut start = self.line_start(line);
        // A byte-order mark is invisible in every editor: it takes no column.
        if start == 0 && text.starts_with(BOM) && offset >= BOM.len() {
            start = BOM.len();
        }
        if self.ascii.get(line - 1).copied().unwrap_or(false) {
            return LineCol {
                line,
                column: offset - start + 1,
            };
        }
        let mut from = (start, 0);
        let i = self.checkpoints.partition_point(|(at, _)| *at <= offset);
        if let Some(&(at, chars)) = i.checked_sub(1).and_then(|i| self.checkpoints.get(i))
            && at > start
        {
            // Checkpoints count from the true line start, which a BOM does not move.
            from = (
                at,
                chars - usize::from(start == BOM.len() && text.starts_with(BOM)),
            );
        }
        let column = from.1 + text[from.0..offset].chars().count() + 1;
        LineCol { line, column }
    }
}

/// The largest character boundary at or before `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "ab\nJörg [Name]\n";
        let index = LineIndex::new(text);
        let at = text.find("[Name]").unwrap();
        assert_eq!(index.line_col(text, at), LineCol { line: 2, column: 6 });
    }

    #[test]
    fn crlf_lines_and_end_of_text() {
        let text = "a\r\nb\r\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 3), LineCol { line: 2, column: 1 });
        assert_eq!(index.line_col(text, 99), LineCol { line: 3, column: 1 });
    }

    #[test]
    fn a_bom_takes_no_column() {
        let text = "\u{feff}# T\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 3), LineCol { line: 1, column: 1 });
        assert_eq!(index.line_col(text, 5), LineCol { line: 1, column: 3 });
    }

    #[test]
    fn long_non_ascii_lines_use_checkpoints() {
        let text = format!("x\n{}é[Name]", "ü".repeat(3000));
        let index = LineIndex::new(&text);
        let at = text.find('[').unwrap();
        assert_eq!(
            index.line_col(&text, at),
            LineCol {
                line: 2,
                column: 3002
            }
        );
        let bom = format!("\u{feff}{}[N]", "ü".repeat(2000));
        let index = LineIndex::new(&bom);
        let at = bom.find('[').unwrap();
        assert_eq!(
            index.line_col(&bom, at),
            LineCol {
                line: 1,
                column: 2001
            }
        );
    }

    #[test]
    fn offsets_inside_a_character_are_clamped() {
        let text = "é";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 1), LineCol { line: 1, column: 1 });
    }
}
