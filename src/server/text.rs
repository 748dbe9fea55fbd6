//! A document's text as the client addresses it: LSP positions (a 0-based line and a
//! column in the negotiated encoding's code units) to and from byte offsets, and the
//! client's edits applied to the text.

use lsp_types::{Position, Range, TextDocumentContentChangeEvent};

/// The unit of a position's `character`: UTF-16 code units (the protocol's default) or
/// bytes (when the client offers `utf-8`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-16 code units.
    Utf16,
    /// UTF-8 bytes.
    Utf8,
}

impl Encoding {
    /// The code units `c` takes.
    fn units(self, c: char) -> usize {
        match self {
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf8 => c.len_utf8(),
        }
    }
}

/// The byte offset each line of a text starts at.
#[derive(Debug, Clone)]
pub struct Lines {
    starts: Vec<usize>,
    /// Whether each line is ASCII, where every encoding's column is the byte offset (a
    /// long line of many findings then costs nothing to convert).
    ascii: Vec<bool>,
    encoding: Encoding,
}

impl Lines {
    /// The lines of `text`: as the protocol counts them, a line ends after `\n`, `\r\n`
    /// or a `\r` alone.
    pub fn new(text: &str, encoding: Encoding) -> Lines {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        starts.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|&(at, &b)| b == b'\n' || (b == b'\r' && bytes.get(at + 1) != Some(&b'\n')))
                .map(|(at, _)| at + 1),
        );
        let ascii = starts
            .iter()
            .enumerate()
            .map(|(line, &start)| {
                let end = starts.get(line + 1).map_or(text.len(), |&next| next);
                bytes[start..end].is_ascii()
            })
            .collect();
        Lines {
            starts,
            ascii,
            encoding,
        }
    }

    /// The position of byte `offset` of `text` (clamped to the text, and back to the
    /// start of a character it falls inside).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let start = self.starts[line];
        let character = if self.ascii[line] || self.encoding == Encoding::Utf8 {
            offset - start
        } else {
            text[start..offset]
                .chars()
                .map(|c| self.encoding.units(c))
                .sum::<usize>()
        };
        Position::new(to_u32(line), to_u32(character))
    }

    /// The range of bytes `start..end` of `text`.
    pub fn range(&self, text: &str, start: usize, end: usize) -> Range {
        Range::new(self.position(text, start), self.position(text, end))
    }

    /// The byte offset of `position` in `text`: a line past the end is the end of the
    /// text, a column past the end of its line is the line's end (before `\r\n`).
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let line = position.line as usize;
        let Some(&start) = self.starts.get(line) else {
            return text.len();
        };
        let end = self.starts.get(line + 1).map_or(text.len(), |&next| next);
        let whole = &text[start..end];
        let content = whole.strip_suffix('\n').unwrap_or(whole);
        let content = content.strip_suffix('\r').unwrap_or(content);
        let wanted = position.character as usize;
        if self.ascii[line] {
            return start + wanted.min(content.len());
        }
        let mut units = 0;
        for (at, c) in content.char_indices() {
            if units >= wanted {
                return start + at;
            }
            units += self.encoding.units(c);
        }
        start + content.len()
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Applies the client's `changes` to `text`, in order: a change with a range replaces
/// that range, one without replaces the whole text.
pub fn apply_changes(
    text: &mut String,
    changes: Vec<TextDocumentContentChangeEvent>,
    encoding: Encoding,
) {
    for change in changes {
        match change.range {
            None => *text = change.text,
            Some(range) => {
                let lines = Lines::new(text, encoding);
                let start = lines.offset(text, range.start);
                let end = lines.offset(text, range.end).max(start);
                text.replace_range(start..end, &change.text);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_the_negotiated_units() {
        // `é` is one UTF-16 unit and two bytes; `𝄞` two UTF-16 units and four bytes.
        let text = "ab\né𝄞[Name]\r\nlast";
        let at = text.find("[Name]").expect("found");
        let utf16 = Lines::new(text, Encoding::Utf16);
        let utf8 = Lines::new(text, Encoding::Utf8);
        assert_eq!(utf16.position(text, at), Position::new(1, 3));
        assert_eq!(utf8.position(text, at), Position::new(1, 6));
        assert_eq!(utf16.offset(text, Position::new(1, 3)), at);
        assert_eq!(utf8.offset(text, Position::new(1, 6)), at);
        // Past the line's end: before its `\r\n`; past the last line: the end.
        assert_eq!(
            utf16.offset(text, Position::new(1, 99)),
            text.find('\r').expect("cr")
        );
        assert_eq!(utf16.offset(text, Position::new(9, 0)), text.len());
        // Inside a character: its start.
        assert_eq!(utf8.position(text, at - 1), Position::new(1, 2));
    }

    #[test]
    fn a_carriage_return_alone_ends_a_line() {
        let text = "one\rtwo [Name]\r\nthree\nfour";
        let lines = Lines::new(text, Encoding::Utf16);
        let at = text.find("[Name]").expect("found");
        assert_eq!(lines.position(text, at), Position::new(1, 4));
        assert_eq!(lines.offset(text, Position::new(1, 4)), at);
        assert_eq!(lines.offset(text, Position::new(0, 9)), 3);
        assert_eq!(
            lines.offset(text, Position::new(2, 0)),
            text.find("three").expect("found")
        );
        assert_eq!(lines.position(text, text.len()), Position::new(3, 4));
    }

    #[test]
    fn edits_apply_in_order() {
        let mut text = "# Plan\n\nOwner: [Owner]\n".to_string();
        let change = |range: Option<Range>, new: &str| TextDocumentContentChangeEvent {
            range,
            range_length: None,
            text: new.to_string(),
        };
        apply_changes(
            &mut text,
            vec![
                change(
                    Some(Range::new(Position::new(2, 7), Position::new(2, 14))),
                    "Ana",
                ),
                change(
                    Some(Range::new(Position::new(0, 2), Position::new(0, 2))),
                    "My ",
                ),
            ],
            Encoding::Utf16,
        );
        assert_eq!(text, "# My Plan\n\nOwner: Ana\n");
        apply_changes(&mut text, vec![change(None, "new")], Encoding::Utf16);
        assert_eq!(text, "new");
    }
}
