//! Unresolved merge conflicts: a document holding both sides of a conflict is two
//! documents at once, and linting it would report the doubling, not the plan.

use crate::source::Span;

/// The first conflict block of `text` outside fenced code: a line opening with exactly
/// seven `<` (then a space or the line's end), a later `=======` line, then a line of
/// seven `>`. Returns the span of the opening marker line and the 1-based line numbers of
/// the opening and closing markers. Markers shown in a code block are documentation.
pub fn first_conflict(text: &str) -> Option<(Span, usize, usize)> {
    // Nearly every document has no marker at all: one substring search says so.
    if !text.contains("<<<<<<<") {
        return None;
    }
    let is_marker = |line: &str, c: char| {
        let rest = line.strip_prefix(&*c.to_string().repeat(7));
        rest.is_some_and(|r| r.is_empty() || r.starts_with(' '))
    };
    let mut fence: Option<(char, usize)> = None;
    let mut open: Option<(Span, usize)> = None;
    let mut separated = false;
    let mut offset = 0;
    for (number, raw) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim_start_matches(' ');
        // A fence opens with three or more backticks or tildes, indented at most three
        // spaces, and closes with at least as many of the same character.
        if line.len() - trimmed.len() <= 3 {
            let run = |c: char| trimmed.chars().take_while(|&x| x == c).count();
            match fence {
                None => {
                    for c in ['`', '~'] {
                        if run(c) >= 3 && open.is_none() {
                            fence = Some((c, run(c)));
                        }
                    }
                    if fence.is_some() {
                        continue;
                    }
                }
                Some((c, n)) => {
                    if run(c) >= n && trimmed[run(c)..].trim().is_empty() {
                        fence = None;
                    }
                    continue;
                }
            }
        }
        if fence.is_some() {
            continue;
        }
        match open {
            None if is_marker(line, '<') => {
                open = Some((Span::new(start, start + line.len()), number + 1));
                separated = false;
            }
            Some(_) if line == "=======" => separated = true,
            Some((span, first)) if separated && is_marker(line, '>') => {
                return Some((span, first, number + 1));
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_conflict_block_is_found_at_its_opening_marker() {
        let text =
            "# Plan\n<<<<<<< HEAD\n## Status: Draft\n=======\n## Status: Done\n>>>>>>> topic\n";
        let (span, first, last) = first_conflict(text).expect("a conflict");
        assert_eq!(&text[span.start..span.end], "<<<<<<< HEAD");
        assert_eq!((first, last), (2, 6));
    }

    #[test]
    fn markers_in_code_or_alone_are_not_a_conflict() {
        let fenced =
            "How to resolve:\n```text\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> b\n```\n";
        assert_eq!(first_conflict(fenced), None);
        let setext = "Title\n=======\n\nText with <<<<<<<< eight.\n";
        assert_eq!(first_conflict(setext), None);
        let unclosed = "<<<<<<< HEAD\nours\n=======\ntheirs\n";
        assert_eq!(first_conflict(unclosed), None);
    }
}
