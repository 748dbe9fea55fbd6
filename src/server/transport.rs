//! The client's side of the pipe: JSON-RPC messages in LSP's frames
//! (`Content-Length: N`, a blank line, N bytes of JSON), read so that no input can
//! crash the server or leave it out of step with the client.

use crossbeam_channel::Sender;
use lsp_server::{Message, Notification};
use std::io::{BufRead, Read};

/// The method of the notification the reader sends in place of a message it could not
/// read: its params are `{"why": …, "id": …}`, the id when the text had one (the server
/// answers it with an error; else it logs `why`).
pub const MALFORMED: &str = "$/plan-lint/malformed";

/// The largest message read (a 10 MB buffer sent whole, escaped, fits); a larger one is
/// skipped unread (its bytes are discarded, so the next frame is still found).
pub const MAX_MESSAGE: usize = 64 << 20;

/// The longest header line read; the rest of a longer one is skipped.
const MAX_HEADER_LINE: u64 = 4096;

/// The most of a bad message a report quotes.
const QUOTED: usize = 200;

/// One frame's content, or why there was none.
enum Frame {
    Body(Vec<u8>),
    Bad(String),
    End,
}

/// What a frame's header declared.
enum Length {
    Read(usize),
    Skip(u64),
    Bad(String),
}

/// Reads the next frame. A header line without a length, or a frame without one, is
/// reported and reading goes on at the next `Content-Length` (found even when glued to
/// the end of a broken body), so one bad frame costs only itself.
fn read_frame(input: &mut impl BufRead) -> Frame {
    let mut length: Option<Length> = None;
    let mut line = Vec::new();
    loop {
        line.clear();
        match input
            .by_ref()
            .take(MAX_HEADER_LINE)
            .read_until(b'\n', &mut line)
        {
            Ok(0) | Err(_) => return Frame::End,
            Ok(_) => {}
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            match length.take() {
                Some(Length::Read(n)) => break read_body(input, n),
                Some(Length::Skip(n)) => {
                    return match std::io::copy(&mut input.by_ref().take(n), &mut std::io::sink()) {
                        Ok(skipped) if skipped == n => Frame::Bad(format!(
                            "a message of {n} bytes (the limit is {MAX_MESSAGE})"
                        )),
                        _ => Frame::End,
                    };
                }
                Some(Length::Bad(why)) => return Frame::Bad(why),
                // Blank lines between frames.
                None => continue,
            }
        }
        let lower = text.to_ascii_lowercase();
        if let Some(at) = lower.find("content-length:") {
            let value = text[at + "content-length:".len()..].trim();
            length = Some(match value.parse::<u64>() {
                Ok(n) if n <= MAX_MESSAGE as u64 => Length::Read(n as usize),
                Ok(n) => Length::Skip(n),
                Err(_) => Length::Bad(format!(
                    "a Content-Length that is no number: {}",
                    quote(value)
                )),
            });
        }
    }
}

fn read_body(input: &mut impl BufRead, length: usize) -> Frame {
    let mut body = Vec::with_capacity(length.min(1 << 20));
    match input.by_ref().take(length as u64).read_to_end(&mut body) {
        Ok(n) if n == length => Frame::Body(body),
        _ => Frame::End,
    }
}

/// Reads messages from `input` until it ends or the client says `exit`, sending each to
/// the server, and a [`MALFORMED`] notification for each that is not JSON-RPC.
pub fn read_messages(input: &mut impl BufRead, incoming: &Sender<Message>) {
    loop {
        let message = match read_frame(input) {
            Frame::End => return,
            Frame::Bad(why) => malformed(why, None),
            Frame::Body(body) => match serde_json::from_slice::<serde_json::Value>(&body) {
                Err(e) => malformed(format!("not JSON ({e})"), None),
                Ok(value) => match serde_json::from_value::<Message>(value.clone()) {
                    Ok(message) => message,
                    Err(e) => malformed(
                        format!("not a JSON-RPC message ({e})"),
                        value
                            .get("id")
                            .cloned()
                            .filter(|id| id.is_number() || id.is_string()),
                    ),
                },
            },
        };
        let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
        if incoming.send(message).is_err() || exit {
            return;
        }
    }
}

fn malformed(why: String, id: Option<serde_json::Value>) -> Message {
    Message::Notification(Notification::new(
        MALFORMED.to_string(),
        serde_json::json!({"why": quote(&why), "id": id}),
    ))
}

fn quote(text: &str) -> String {
    match text.char_indices().nth(QUOTED) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    /// What the reader makes of `input`: each message's method or the reason it gave.
    fn read_all(input: &str) -> Vec<String> {
        let (tx, rx) = crossbeam_channel::unbounded();
        read_messages(&mut input.as_bytes(), &tx);
        drop(tx);
        rx.iter()
            .map(|m| match m {
                Message::Notification(n) if n.method == MALFORMED => {
                    format!(
                        "bad: {} {}",
                        n.params["why"].as_str().unwrap_or(""),
                        n.params["id"]
                    )
                }
                Message::Notification(n) => n.method,
                Message::Request(r) => format!("request {}", r.method),
                Message::Response(_) => "response".to_string(),
            })
            .collect()
    }

    #[test]
    fn bad_frames_cost_only_themselves() {
        let good = frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#);
        let too_long = MAX_MESSAGE + 1;
        let input = [
            "Content-Length: abc\r\n\r\n{\"x\":1}".to_string(),
            good.clone(),
            format!("Content-Length: {too_long}\r\n\r\n{}", " ".repeat(too_long)),
            frame("{not json"),
            frame(r#"{"jsonrpc":"2.0","id":77,"method":5}"#),
            good.clone(),
            // Declares more than will ever come: skipped to the end.
            "Content-Length: 18446744073709551615\r\n\r\n".to_string(),
            good.clone(),
        ]
        .concat();
        assert_eq!(
            read_all(&input),
            [
                "bad: a Content-Length that is no number: abc null",
                "initialized",
                "bad: a message of 67108865 bytes (the limit is 67108864) null",
                "bad: not JSON (key must be a string at line 1 column 2) null",
                "bad: not a JSON-RPC message (data did not match any variant of untagged enum Message) 77",
                "initialized",
            ]
        );
    }

    #[test]
    fn a_truncated_body_ends_the_input() {
        assert!(read_all("Content-Length: 50\r\n\r\n{\"jsonrpc\"").is_empty());
    }
}
