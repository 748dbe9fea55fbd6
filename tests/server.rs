//! `plan-lint server` driven over stdio by a scripted client: the real binary, raw
//! JSON-RPC frames, and the exact diagnostics it publishes or returns.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

const TODAY: &str = "2025-06-01";
const WAIT: Duration = Duration::from_secs(20);

/// A plan of the built-in template whose Overview (line 11, 0-based 10) is `body`.
fn plan(id: &str, body: &str) -> String {
    format!(
        "# Implementation Plan: X\n\n## Plan ID: {id}\n## Title: X\n## Version: 1\n\
         ## Date: 2025-03-03\n## Author: A\n## Status: In Review\n\n## 1. Overview\n{body}\n"
    )
}

/// A client speaking to one server process.
struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    /// Notifications and server requests received while waiting for something else.
    seen: Vec<Value>,
    next_id: i64,
}

fn frame(message: &Value) -> Vec<u8> {
    let body = message.to_string();
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

impl Client {
    fn spawn(dir: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_plan-lint"))
            .args(["server", "--today", TODAY])
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("server starts");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("Content-Length")];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let message: Value = serde_json::from_slice(&body).expect("the server sends JSON");
                if tx.send(message).is_err() {
                    return;
                }
            }
        });
        Client {
            stdin: child.stdin.take(),
            child,
            incoming,
            seen: Vec::new(),
            next_id: 0,
        }
    }

    /// Starts a server in `dir` and initializes it with `capabilities`, linting each
    /// edit at once.
    fn start(dir: &Path, capabilities: Value) -> (Client, Value) {
        Client::start_with(dir, capabilities, 0)
    }

    /// Starts a server that waits `debounce_ms` after an edit before linting.
    fn start_with(dir: &Path, capabilities: Value, debounce_ms: u64) -> (Client, Value) {
        let mut client = Client::spawn(dir);
        let uri = url::Url::from_directory_path(dir).expect("uri").to_string();
        let result = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri,
                "capabilities": capabilities,
                "initializationOptions": {"debounceMs": debounce_ms},
            }),
        );
        client.notify("initialized", json!({}));
        (client, result["result"].clone())
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("open");
        stdin.write_all(bytes).expect("write");
        stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send_raw(&frame(
            &json!({"jsonrpc": "2.0", "method": method, "params": params}),
        ));
    }

    /// Sends a request and returns the whole response (`result` or `error`).
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send_raw(&frame(
            &json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}),
        ));
        self.wait(|m| m["id"] == id && m.get("method").is_none())
    }

    /// The next message that `wanted` accepts (earlier ones are kept in `seen`).
    fn wait(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(at) = self.seen.iter().position(&wanted) {
            return self.seen.remove(at);
        }
        loop {
            match self.incoming.recv_timeout(WAIT) {
                Ok(message) if wanted(&message) => return message,
                Ok(message) => self.seen.push(message),
                Err(RecvTimeoutError::Timeout) => panic!("nothing came; seen: {:?}", self.seen),
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("the server left; seen: {:?}", self.seen)
                }
            }
        }
    }

    /// The next diagnostics published for `uri`.
    fn published(&mut self, uri: &str) -> Value {
        self.wait(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
            ["params"]
            .clone()
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        );
    }

    /// Shuts down and exits: the exit status and what the server wrote on stderr.
    fn finish(mut self, shutdown: bool) -> (Option<i32>, String) {
        if shutdown {
            let response = self.request("shutdown", Value::Null);
            assert_eq!(response["result"], Value::Null, "{response}");
            self.notify("exit", Value::Null);
        }
        drop(self.stdin.take());
        let status = self.child.wait().expect("exits");
        let mut stderr = String::new();
        if let Some(mut err) = self.child.stderr.take() {
            let _ = err.read_to_string(&mut stderr);
        }
        (status.code(), stderr)
    }
}

fn uri_of(path: &Path) -> String {
    url::Url::from_file_path(path).expect("uri").to_string()
}

fn range(line: u32, start: u32, end: u32) -> Value {
    json!({"start": {"line": line, "character": start}, "end": {"line": line, "character": end}})
}

/// The diagnostic plan-lint gives an unfilled `[Owner]` at `range`.
fn owner_placeholder(at: Value) -> Value {
    json!({
        "range": at,
        "severity": 1,
        "code": "PL001",
        "codeDescription": {"href": "https://github.com/plan-lint/plan-lint#pl001-placeholder"},
        "source": "plan-lint",
        "message": "unfilled placeholder `[Owner]` (placeholder)\nhelp: replace it with the real value",
        "data": "placeholder",
    })
}

#[test]
fn pushes_diagnostics_on_open_and_change_with_utf16_columns() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("docs/plans/x.md");
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    let uri = uri_of(&path);
    let (mut client, init) = Client::start(dir.path(), json!({}));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert!(
        init["capabilities"].get("diagnosticProvider").is_none(),
        "{init}"
    );

    // `é` is one UTF-16 unit, `𝄞` two: `[Owner]` starts at column 9 (12 in bytes).
    client.open(&uri, &plan("PLAN-1", "Ownér 𝄞 [Owner]."));
    let published = client.published(&uri);
    assert_eq!(published["version"], 1);
    assert_eq!(
        published["diagnostics"],
        json!([owner_placeholder(range(10, 9, 16))])
    );

    // An incremental edit that fills it in: nothing left.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"range": range(10, 9, 16), "text": "Ana"}],
        }),
    );
    let published = client.published(&uri);
    assert_eq!(published["version"], 2);
    assert_eq!(published["diagnostics"], json!([]));
    let (code, stderr) = client.finish(true);
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn utf8_columns_when_the_client_offers_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let uri = uri_of(&dir.path().join("plan.md"));
    let (mut client, init) = Client::start(
        dir.path(),
        json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}),
    );
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    client.open(&uri, &plan("PLAN-1", "Ownér 𝄞 [Owner]."));
    // In bytes: `Ownér ` is 7, `𝄞 ` 5.
    assert_eq!(
        client.published(&uri)["diagnostics"],
        json!([owner_placeholder(range(10, 12, 19))])
    );
    client.finish(true);
}

#[test]
fn pull_diagnostics_when_the_client_supports_them_and_no_push() {
    let dir = tempfile::tempdir().expect("temp dir");
    let uri = uri_of(&dir.path().join("plan.md"));
    let (mut client, init) = Client::start(
        dir.path(),
        json!({"textDocument": {"diagnostic": {"dynamicRegistration": false}}}),
    );
    assert_eq!(
        init["capabilities"]["diagnosticProvider"]["identifier"],
        "plan-lint"
    );
    client.open(&uri, &plan("PLAN-1", "Owner: [Owner]."));
    let pulled = client.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}}),
    );
    let report = &pulled["result"];
    assert_eq!(report["kind"], "full", "{pulled}");
    assert_eq!(
        report["items"],
        json!([owner_placeholder(range(10, 7, 14))])
    );
    // Asked again with the same result id: unchanged.
    let again = client.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}, "previousResultId": report["resultId"]}),
    );
    assert_eq!(again["result"]["kind"], "unchanged", "{again}");
    // After an edit, the next pull is a new full report.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": plan("PLAN-1", "Owner: Ana.")}]}),
    );
    let fresh = client.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}, "previousResultId": report["resultId"]}),
    );
    assert_eq!(fresh["result"]["kind"], "full");
    assert_eq!(fresh["result"]["items"], json!([]));
    // Never pushed: everything received is a response, a log or nothing.
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(hover["result"], Value::Null);
    assert!(
        !client
            .seen
            .iter()
            .any(|m| m["method"] == "textDocument/publishDiagnostics"),
        "{:?}",
        client.seen
    );
    client.finish(true);
}

#[test]
fn hover_shows_the_rule_and_code_actions_suppress_or_remove() {
    let dir = tempfile::tempdir().expect("temp dir");
    let uri = uri_of(&dir.path().join("plan.md"));
    let (mut client, _) = Client::start(dir.path(), json!({}));
    let text = plan(
        "PLAN-1",
        "  Owner: [Owner].\n\n<!-- plan-lint-disable-next-line date-order -- old -->\nFine.",
    );
    client.open(&uri, &text);
    let published = client.published(&uri)["diagnostics"].clone();
    let codes: Vec<&str> = published
        .as_array()
        .expect("list")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(codes, ["PL001", "PL010"], "{published}");

    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 10, "character": 12}}),
    );
    let contents = &hover["result"]["contents"];
    assert_eq!(contents["kind"], "markdown");
    assert!(
        contents["value"]
            .as_str()
            .unwrap_or("")
            .starts_with("# placeholder (PL001)"),
        "{hover}"
    );
    assert_eq!(hover["result"]["range"], range(10, 9, 16));

    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range(10, 10, 10), "context": {"diagnostics": []}}),
    );
    let action = &actions["result"][0];
    assert_eq!(
        actions["result"].as_array().map(Vec::len),
        Some(1),
        "{actions}"
    );
    assert_eq!(action["title"], "Suppress `placeholder` on this line");
    assert_eq!(action["kind"], "quickfix");
    assert_eq!(
        action["edit"]["changes"][&uri],
        json!([{"range": range(10, 0, 0), "newText": "  <!-- plan-lint-disable-next-line placeholder -- reason -->\n"}])
    );

    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range(12, 5, 5), "context": {"diagnostics": []}}),
    );
    let action = &actions["result"][0];
    assert_eq!(action["title"], "Remove this suppression");
    assert_eq!(
        action["edit"]["changes"][&uri],
        json!([{"range": {"start": {"line": 12, "character": 0}, "end": {"line": 13, "character": 0}}, "newText": ""}])
    );

    // Both edits applied (the later one first): the document is clean.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 12, "character": 0}, "end": {"line": 13, "character": 0}}, "text": ""},
            {"range": range(10, 0, 0), "text": "  <!-- plan-lint-disable-next-line placeholder -- reason -->\n"},
        ]}),
    );
    assert_eq!(client.published(&uri)["diagnostics"], json!([]));
    client.finish(true);
}

#[test]
fn duplicate_ids_come_from_the_repository_and_refresh_on_save() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plans = dir.path().join("docs/plans");
    std::fs::create_dir_all(&plans).expect("mkdir");
    std::fs::write(plans.join("a.md"), plan("PLAN-1", "Fine.")).expect("write");
    for args in [
        &["init", "-q"][..],
        &["add", "."],
        &[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "commit",
            "-qm",
            "init",
        ],
    ] {
        let status = Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .status()
            .expect("git");
        assert!(status.success(), "git {args:?}");
    }
    let uri = uri_of(&plans.join("b.md"));
    let (mut client, _) = Client::start(dir.path(), json!({}));
    client.open(&uri, &plan("PLAN-1", "Fine."));
    let published = client.published(&uri)["diagnostics"].clone();
    assert_eq!(published[0]["code"], "PL008", "{published}");
    assert_eq!(
        published[0]["message"],
        "Plan ID `PLAN-1` is also used by `docs/plans/a.md` (duplicate-id)\nhelp: give each plan its own ID"
    );
    assert_eq!(published[0]["range"], range(2, 12, 18));
    // a.md gets another ID on disk (not committed); on the next save the duplicate is
    // gone.
    std::fs::write(plans.join("a.md"), plan("PLAN-2", "Fine.")).expect("write");
    client.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(client.published(&uri)["diagnostics"], json!([]));
    client.finish(true);
}

#[test]
fn bad_messages_get_an_error_or_a_log_and_the_server_goes_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let uri = uri_of(&dir.path().join("plan.md"));
    let (mut client, _) = Client::start(dir.path(), json!({}));
    // Not JSON, then JSON that is no JSON-RPC message.
    client.send_raw(b"Content-Length: 9\r\n\r\n{not json");
    client.send_raw(&frame(&json!({"hello": "world"})));
    let log = client.wait(|m| m["method"] == "window/logMessage");
    assert_eq!(log["params"]["type"], 1, "{log}");
    assert!(
        log["params"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("not JSON-RPC"),
        "{log}"
    );
    let unknown = client.request("plan-lint/nonsense", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    let bad_params = client.request("textDocument/hover", json!({"textDocument": 7}));
    assert_eq!(bad_params["error"]["code"], -32602, "{bad_params}");
    // A change to a document never opened, an unknown notification: nothing breaks.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": "x"}]}),
    );
    client.notify("plan-lint/whatever", json!({}));
    client.open(&uri, &plan("PLAN-1", "Owner: [Owner]."));
    assert_eq!(
        client.published(&uri)["diagnostics"],
        json!([owner_placeholder(range(10, 7, 14))])
    );
    // A 10 MB buffer is linted too, to its end.
    let big = plan(
        "PLAN-1",
        &format!("{}[Owner].", "Owner: Ana. ".repeat(900_000)),
    );
    assert!(big.len() > 10_000_000);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": big}]}),
    );
    let published = client.published(&uri);
    assert_eq!(published["version"], 3);
    assert_eq!(
        published["diagnostics"],
        json!([owner_placeholder(range(10, 10_800_000, 10_800_007))])
    );
    let (code, stderr) = client.finish(true);
    assert_eq!(code, Some(0));
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_client_that_leaves_without_shutdown_ends_the_server_with_status_1() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut client, _) = Client::start(dir.path(), json!({}));
    client.open(
        &uri_of(&dir.path().join("plan.md")),
        &plan("PLAN-1", "Fine."),
    );
    let (code, stderr) = client.finish(false);
    assert_eq!(code, Some(1));
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn requests_before_initialize_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut client = Client::spawn(dir.path());
    let early = client.request("textDocument/hover", json!({}));
    assert_eq!(early["error"]["code"], -32002, "{early}");
    client.notify("exit", Value::Null);
    let (code, _) = client.finish(false);
    assert_eq!(code, Some(1));
}

/// An edit that types `x` at the start of the Overview's line (`version` is the new one).
fn typed(uri: &str, version: i32, text: &str) -> Value {
    json!({
        "textDocument": {"uri": uri, "version": version},
        "contentChanges": [{"range": range(10, 0, 0), "text": text}],
    })
}

#[test]
fn edits_within_the_debounce_are_linted_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let uri = uri_of(&dir.path().join("plan.md"));
    // Long enough that three writes to a pipe always fall within it.
    let (mut client, _) = Client::start_with(dir.path(), json!({}), 1500);
    client.open(&uri, &plan("PLAN-1", "Owner: [Owner]."));
    assert_eq!(client.published(&uri)["version"], 1);
    for version in 2..=4 {
        client.notify("textDocument/didChange", typed(&uri, version, "x"));
    }
    let published = client.published(&uri);
    assert_eq!(published["version"], 4, "one lint, of the last version");
    assert_eq!(
        published["diagnostics"],
        json!([owner_placeholder(range(10, 10, 17))])
    );
    client.finish(true);
}

/// The server's resident memory in KiB (Linux).
#[cfg(target_os = "linux")]
fn resident_kib(client: &Client) -> u64 {
    let status =
        std::fs::read_to_string(format!("/proc/{}/status", client.child.id())).expect("status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS")
}

#[cfg(target_os = "linux")]
#[test]
fn memory_stays_flat_over_ten_thousand_edits() {
    let dir = tempfile::tempdir().expect("temp dir");
    let uri = uri_of(&dir.path().join("plan.md"));
    let (mut client, _) = Client::start(dir.path(), json!({}));
    client.open(&uri, &plan("PLAN-1", "Owner: [Owner]."));
    client.published(&uri);
    let mut version = 1;
    let mut edit = |client: &mut Client, edits: i32| {
        for _ in 0..edits {
            version += 1;
            // Type a character, then take it back: the text stays the same size.
            let change = if version % 2 == 0 {
                typed(&uri, version, "x")
            } else {
                json!({
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [{"range": range(10, 0, 1), "text": ""}],
                })
            };
            client.notify("textDocument/didChange", change);
        }
        let last = version;
        client.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == last
        });
        client.seen.clear();
    };
    edit(&mut client, 1_000);
    let warm = resident_kib(&client);
    edit(&mut client, 9_000);
    let after = resident_kib(&client);
    // Allocator noise, not growth with the number of edits.
    assert!(
        after <= warm + 4 * 1024,
        "{warm} KiB after 1,000 edits, {after} KiB after 10,000"
    );
    let (code, _) = client.finish(true);
    assert_eq!(code, Some(0));
}

#[test]
fn a_code_action_ticks_the_plan_status_box_the_status_field_names() {
    let dir = tempfile::tempdir().expect("temp dir");
    let uri = uri_of(&dir.path().join("plan.md"));
    let (mut client, _) = Client::start(dir.path(), json!({}));
    let line =
        "**Plan Status**: [ ] Draft [ ] In Review [ ] Approved [x] In Progress [ ] Completed";
    client.open(&uri, &format!("{}\n{line}\n", plan("PLAN-1", "Fine.")));
    let published = client.published(&uri)["diagnostics"].clone();
    assert_eq!(published[0]["code"], "PL005", "{published}");
    assert_eq!(published[0]["range"], range(12, 54, 69), "{published}");

    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range(12, 60, 60), "context": {"diagnostics": []}}),
    );
    let titles: Vec<&str> = actions["result"]
        .as_array()
        .expect("actions")
        .iter()
        .map(|a| a["title"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        titles,
        [
            "Tick `In Review` on the Plan Status line",
            "Suppress `status-mismatch` on this line"
        ]
    );
    let edits = actions["result"][0]["edit"]["changes"][&uri].clone();
    assert_eq!(
        edits,
        json!([
            {"range": range(12, 28, 29), "newText": "x"},
            {"range": range(12, 55, 56), "newText": " "},
        ])
    );
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": range(12, 55, 56), "text": " "},
            {"range": range(12, 28, 29), "text": "x"},
        ]}),
    );
    assert_eq!(client.published(&uri)["diagnostics"], json!([]));
    client.finish(true);
}

/// The titles of the code actions offered at `line`, column `column`.
fn titles_at(client: &mut Client, uri: &str, line: u32, column: u32) -> Vec<String> {
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range(line, column, column), "context": {"diagnostics": []}}),
    );
    actions["result"]
        .as_array()
        .unwrap_or_else(|| panic!("{actions}"))
        .iter()
        .map(|a| a["title"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn suppressions_join_the_comment_above_and_never_break_a_table_or_name_a_typo_away() {
    let dir = tempfile::tempdir().expect("temp dir");
    let uri = uri_of(&dir.path().join("plan.md"));
    let (mut client, _) = Client::start(dir.path(), json!({}));
    let text = plan(
        "PLAN-1",
        "<!-- plan-lint-disable-next-line date-order -- old -->\nOwner: [Owner].\n\n\
         | Role | Name |\n| --- | --- |\n| Lead | [Name] |\n\n\
         <!-- plan-lint-disable-next-line placeholder, placehodler -- typo -->\nFine.",
    );
    client.open(&uri, &text);
    let published = client.published(&uri)["diagnostics"].clone();
    let lines: Vec<(u64, &str)> = published
        .as_array()
        .expect("list")
        .iter()
        .map(|d| {
            (
                d["range"]["start"]["line"].as_u64().unwrap_or(0),
                d["code"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [(10, "PL010"), (11, "PL001"), (15, "PL001"), (17, "PL010")],
        "{published}"
    );
    // Under an unused comment: the rule joins it (a second comment would take its line).
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range(11, 8, 8), "context": {"diagnostics": []}}),
    );
    assert_eq!(
        actions["result"][0]["title"],
        "Suppress `placeholder` on this line"
    );
    assert_eq!(
        actions["result"][0]["edit"]["changes"][&uri],
        json!([{"range": range(10, 43, 43), "newText": ", placeholder"}])
    );
    // Applied, it hides the placeholder and is used: both findings go.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"range": range(10, 43, 43), "text": ", placeholder"}]}),
    );
    let after: Vec<u64> = client.published(&uri)["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .map(|d| d["range"]["start"]["line"].as_u64().unwrap_or(0))
        .collect();
    assert_eq!(after, [15, 17]);
    // A table row: a comment line would end the table, so nothing is offered.
    assert!(titles_at(&mut client, &uri, 15, 10).is_empty());
    // A comment that names an unknown rule still hides `placeholder`: not removed.
    assert!(titles_at(&mut client, &uri, 17, 10).is_empty());
    client.finish(true);
}

#[test]
fn a_repeated_version_or_a_lone_carriage_return_keeps_the_text_in_step() {
    let dir = tempfile::tempdir().expect("temp dir");
    let uri = uri_of(&dir.path().join("plan.md"));
    let (mut client, _) = Client::start(dir.path(), json!({}));
    client.open(&uri, &plan("PLAN-1", "Owner: [Owner]."));
    client.published(&uri);
    // The same version again, with other text: linted anew, nothing stale.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 1}, "contentChanges": [{"text": format!("a{}", "é".repeat(1000))}]}),
    );
    assert_eq!(client.published(&uri)["diagnostics"], json!([]));
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range(0, 0, 2000), "context": {"diagnostics": []}}),
    );
    assert_eq!(actions["result"], json!([]), "{actions}");
    // `\r` alone ends a line for the client: positions agree with its count.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": plan("PLAN-1", "Owner: Ana.\rOwner: [Owner].")}]}),
    );
    assert_eq!(
        client.published(&uri)["diagnostics"],
        json!([owner_placeholder(range(11, 7, 14))])
    );
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"range": range(11, 7, 14), "text": "Ana"}]}),
    );
    assert_eq!(client.published(&uri)["diagnostics"], json!([]));
    // A request that is no JSON-RPC request, and a second initialize: answered errors.
    client.send_raw(&frame(&json!({"jsonrpc": "2.0", "id": 77, "method": 5})));
    let answer = client.wait(|m| m["id"] == 77);
    assert_eq!(answer["error"]["code"], -32600, "{answer}");
    let again = client.request("initialize", json!({"capabilities": {}}));
    assert_eq!(again["error"]["code"], -32600, "{again}");
    client.finish(true);
}

#[test]
fn a_client_that_stops_reading_does_not_hold_the_server_at_exit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_plan-lint"))
        .args(["server", "--today", TODAY])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        // Never read: once the pipe is full the server cannot write.
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("server starts");
    let uri = uri_of(&dir.path().join("plan.md"));
    // Thousands of placeholders: each publish is far larger than a pipe holds.
    let text = plan("PLAN-1", &"[Owner] ".repeat(5_000));
    let mut input = child.stdin.take().expect("stdin");
    for message in [
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}, "initializationOptions": {"debounceMs": 0}}}),
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}}),
        json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": text}]}}),
        // Answered only once the document is set up and its diagnostics published.
        json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {"textDocument": {"uri": uri}, "position": {"line": 10, "character": 1}}}),
        json!({"jsonrpc": "2.0", "id": 3, "method": "shutdown"}),
        json!({"jsonrpc": "2.0", "method": "exit"}),
    ] {
        input.write_all(&frame(&message)).expect("write");
    }
    drop(input);
    let deadline = std::time::Instant::now() + WAIT;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the server did not exit"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0));
}
