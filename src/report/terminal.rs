//! Text for a terminal: document text and file names are shown, never obeyed. A control
//! character in a plan (an escape sequence that clears the screen, sets a hyperlink or
//! rewrites the title, a bell, a lone carriage return that hides what came before, a
//! bidirectional override that reorders what is read) is printed as a visible stand-in.

use std::borrow::Cow;

/// The visible stand-in for `c`, or `None` when a terminal shows `c` as itself. Tabs and
/// line feeds are layout, and a CR is kept only before an LF (CRLF files).
fn stand_in(c: char, next: Option<char>) -> Option<String> {
    match c {
        '\t' | '\n' => None,
        '\r' if next == Some('\n') => None,
        // C0 controls have pictures of their own: ␛ for ESC, ␇ for BEL.
        '\0'..='\u{1f}' => char::from_u32(0x2400 + c as u32).map(String::from),
        '\u{7f}' => Some('\u{2421}'.to_string()),
        '\u{80}'..='\u{9f}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}' => Some(format!("<U+{:04X}>", c as u32)),
        _ => None,
    }
}

/// `text` with every control character a terminal would act on made visible.
pub fn safe(text: &str) -> Cow<'_, str> {
    let (safe, _) = safe_with_offsets(text);
    safe
}

/// `text` made [`safe`], and an [`OffsetMap`] from byte offsets in `text` to byte offsets
/// in the result.
pub fn safe_with_offsets(text: &str) -> (Cow<'_, str>, OffsetMap) {
    let needs = |c: char| c.is_control() || matches!(c, '\u{200e}'..='\u{2069}');
    if !text.chars().any(needs) {
        return (Cow::Borrowed(text), OffsetMap::default());
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut map = OffsetMap::default();
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        match stand_in(c, next) {
            Some(shown) => {
                out.push_str(&shown);
                let grown = shown.len() - c.len_utf8();
                let total = map.shifts.last().map_or(0, |&(_, t)| t) + grown;
                map.shifts.push((at, total));
            }
            None => out.push(c),
        }
    }
    (Cow::Owned(out), map)
}

/// Where a byte offset of the original text lands once control characters are replaced.
#[derive(Debug, Default)]
pub struct OffsetMap {
    /// For each replaced character: its offset in the original, and how many bytes the
    /// text has grown by once it and every one before it are replaced.
    shifts: Vec<(usize, usize)>,
}

impl OffsetMap {
    /// The offset in the safe text of the character at `offset` in the original.
    pub fn map(&self, offset: usize) -> usize {
        let before = self.shifts.partition_point(|&(at, _)| at < offset);
        offset + before.checked_sub(1).map_or(0, |i| self.shifts[i].1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_become_visible() {
        assert_eq!(safe("a\u{1b}[2Jb\u{7}"), "a\u{241b}[2Jb\u{2407}");
        assert_eq!(safe("x\u{9b}y\u{202e}z"), "x<U+009B>y<U+202E>z");
        assert_eq!(
            safe("lone\rcr\r\nkept\ttab\n"),
            "lone\u{240d}cr\r\nkept\ttab\n"
        );
        assert!(matches!(safe("plain é"), Cow::Borrowed(_)));
    }

    #[test]
    fn offsets_follow_the_replacements() {
        let text = "a\u{1b}b\u{9b}c";
        let (shown, map) = safe_with_offsets(text);
        for (at, c) in text.char_indices().filter(|(_, c)| c.is_alphabetic()) {
            assert_eq!(shown[map.map(at)..].chars().next(), Some(c), "{at}");
        }
        assert_eq!(map.map(text.len()), shown.len());
    }
}
