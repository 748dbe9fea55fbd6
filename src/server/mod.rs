//! `plan-lint server`: the Language Server Protocol over stdio.
//!
//! Each open document is linted as `plan-lint - --stdin-filename PATH` lints it (the
//! configuration nearest to the file, the repository's profiles and discovered
//! templates). What the repository contributes — the settings, the profiles and the
//! other plans' IDs — is gathered when the document is opened and saved; an edit then
//! lints the buffer alone, after a short pause in typing (the debounce).
//!
//! Diagnostics are pulled (`textDocument/diagnostic`) when the client can, pushed
//! (`textDocument/publishDiagnostics`) otherwise, never both.

mod actions;
pub mod text;
pub mod transport;

use crate::diagnostic::{Diagnostic, Severity};
use crate::run::{DocumentContext, document_context, lint_document};
use crate::settings::{Flags, STDIN_PATH, Settings, StdinText};
use crossbeam_channel::{Receiver, Sender};
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::time::{Duration, Instant};
use text::{Encoding, Lines};

/// How long the server waits after an edit before linting, unless the client says
/// otherwise (`initializationOptions.debounceMs`).
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(100);

/// How long the loop sleeps when nothing is due (it wakes for any message anyway).
const IDLE: Duration = Duration::from_secs(3600);

/// How long the server waits at exit for the client to read what is queued.
const EXIT_GRACE: Duration = Duration::from_secs(2);

/// How many messages may wait in each direction.
const CHANNEL_SIZE: usize = 64;

/// What the command line gives the server (the same flags as a lint run).
#[derive(Debug, Clone, Default)]
pub struct ServerOptions {
    /// `--config`
    pub config: Option<PathBuf>,
    /// `--isolated`
    pub isolated: bool,
    /// `--today`
    pub today: Option<String>,
    /// `--no-cache`
    pub no_cache: bool,
}

/// Serves the protocol on standard input and output until the client says `exit` or
/// goes away. Returns whether the client asked to shut down before it left (a clean
/// exit, status 0, as the protocol asks).
pub fn serve_stdio(options: ServerOptions) -> bool {
    // Bounded both ways: a client that sends faster than the server lints waits, rather
    // than the server holding a backlog of edits (or of answers it cannot deliver).
    let (to_client, outgoing) = crossbeam_channel::bounded::<Message>(CHANNEL_SIZE);
    let (incoming, from_client) = crossbeam_channel::bounded::<Message>(CHANNEL_SIZE);
    let (written, all_written) = crossbeam_channel::bounded::<()>(1);
    std::thread::spawn(move || {
        let mut out = std::io::stdout().lock();
        for message in outgoing {
            // The client is gone: nothing more can be said.
            if message.write(&mut out).is_err() {
                break;
            }
        }
        let _ = written.send(());
    });
    // Not joined: it may be blocked reading a client that never closes its end.
    std::thread::spawn(move || {
        transport::read_messages(&mut std::io::stdin().lock(), &incoming);
    });
    let clean = serve(options, &to_client, &from_client);
    drop(to_client);
    // What is queued goes out, unless the client has stopped reading: then the server
    // does not wait on it to exit.
    let _ = all_written.recv_timeout(EXIT_GRACE);
    clean
}

/// Runs the server over a pair of channels: returns whether `shutdown` came before the
/// end.
pub fn serve(
    options: ServerOptions,
    to_client: &Sender<Message>,
    from_client: &Receiver<Message>,
) -> bool {
    let Some(mut server) = Server::initialize(options, to_client, from_client) else {
        return false;
    };
    let (jobs, queued) = crossbeam_channel::unbounded::<GatherJob>();
    let (done, gathered) = crossbeam_channel::unbounded::<Gathered>();
    let gatherer = std::thread::spawn(move || gather_jobs(&queued, &done));
    server.jobs = Some(jobs);
    server.run(from_client, &gathered);
    // Dropping the server's end of the job queue ends the gatherer after its job.
    let clean = server.shut_down;
    drop(server);
    drop(gathered);
    let _ = gatherer.join();
    clean
}

/// A request to gather a document's setup (see [`gather`]).
struct GatherJob {
    key: String,
    generation: u64,
    flags: Flags,
    cwd: PathBuf,
}

/// A gathered setup, for the document and generation it was asked for.
struct Gathered {
    key: String,
    generation: u64,
    setup: Setup,
}

/// A document's settings and the repository's part, or why they could not be had.
type Setup = Result<(Settings, DocumentContext), String>;

/// Gathers setups one after another, away from the message loop: a large repository
/// takes a second or more, and edits go on being linted meanwhile. Of the jobs waiting
/// for one document, only the latest is done.
fn gather_jobs(queued: &Receiver<GatherJob>, done: &Sender<Gathered>) {
    while let Ok(first) = queued.recv() {
        let mut latest: Vec<GatherJob> = vec![first];
        latest.extend(queued.try_iter());
        let mut seen = std::collections::HashSet::new();
        latest.reverse();
        latest.retain(|job| seen.insert(job.key.clone()));
        latest.reverse();
        for job in latest {
            let setup = gather(&job.flags, &job.cwd);
            let answer = Gathered {
                key: job.key,
                generation: job.generation,
                setup,
            };
            if done.send(answer).is_err() {
                return;
            }
        }
    }
}

/// Gathers a document's settings and the repository's part, as a lint run of the file
/// would (see [`document_context`]).
fn gather(flags: &Flags, cwd: &std::path::Path) -> Setup {
    let settings = Settings::from_flags(flags, cwd).map_err(|e| describe(&e))?;
    let context = document_context(&settings).map_err(|e| describe(&e))?;
    Ok((settings, context))
}

/// One open document.
struct Document {
    uri: lsp::Uri,
    /// The file it is, when its URI names one.
    path: Option<PathBuf>,
    text: String,
    /// The client's version of `text` (published with the diagnostics).
    version: i32,
    /// The server's own stamp of `text`, new for every open and edit across the server
    /// (a client may repeat a version; a reopened document starts again).
    stamp: u64,
    /// The settings and the repository's part, or why they could not be had; `None`
    /// until they are first gathered.
    setup: Option<Setup>,
    /// The stamp of the gather request `setup` answers: pulled reports name it.
    generation: u64,
    /// The stamp of the gather request last made: older answers are stale.
    requested: u64,
    /// The findings of the text of stamp `linted`.
    findings: Vec<Diagnostic>,
    linted: Option<u64>,
}

impl Document {
    /// The id of the report of the current text and setup.
    fn result_id(&self) -> String {
        format!("{}.{}", self.stamp, self.generation)
    }
}

/// The server's state between messages.
struct Server<'a> {
    options: ServerOptions,
    to_client: &'a Sender<Message>,
    encoding: Encoding,
    /// Whether the client pulls diagnostics (else they are pushed).
    pull: bool,
    /// Whether the client takes `workspace/diagnostic/refresh`.
    refresh: bool,
    debounce: Duration,
    /// The client's workspace folders: paths are shown relative to the one a file is in.
    roots: Vec<PathBuf>,
    documents: HashMap<String, Document>,
    /// Documents waiting for the debounce to pass, by URI.
    due: BTreeMap<String, Instant>,
    /// Set by `shutdown`; `exit` then ends the server cleanly.
    shut_down: bool,
    /// The last setup error shown, so that each is shown once.
    shown_error: Option<String>,
    next_request: i32,
    /// Where gather jobs go (set once the gatherer runs).
    jobs: Option<Sender<GatherJob>>,
    /// The last stamp given (see [`Document::stamp`]).
    stamps: u64,
}

impl<'a> Server<'a> {
    /// Answers `initialize` (requests before it get "server not initialized"): the
    /// position encoding and the diagnostics mode are settled here. `None` when the
    /// client left first.
    fn initialize(
        options: ServerOptions,
        to_client: &'a Sender<Message>,
        from_client: &Receiver<Message>,
    ) -> Option<Server<'a>> {
        loop {
            match from_client.recv().ok()? {
                Message::Request(request) if request.method == "initialize" => {
                    let params: lsp::InitializeParams =
                        match serde_json::from_value(request.params.clone()) {
                            Ok(params) => params,
                            Err(e) => {
                                let _ = to_client.send(Message::Response(error(
                                    request.id,
                                    ErrorCode::InvalidParams,
                                    format!("initialize: {e}"),
                                )));
                                continue;
                            }
                        };
                    let server = Server::new(options, to_client, &params);
                    let result = lsp::InitializeResult {
                        capabilities: server.capabilities(),
                        server_info: Some(lsp::ServerInfo {
                            name: "plan-lint".to_string(),
                            version: Some(env!("CARGO_PKG_VERSION").to_string()),
                        }),
                    };
                    server.send(Message::Response(Response::new_ok(request.id, result)));
                    return Some(server);
                }
                Message::Request(request) => {
                    let _ = to_client.send(Message::Response(error(
                        request.id,
                        ErrorCode::ServerNotInitialized,
                        "the server is not initialized yet".to_string(),
                    )));
                }
                Message::Notification(n) if n.method == "exit" => return None,
                _ => {}
            }
        }
    }

    fn new(
        mut options: ServerOptions,
        to_client: &'a Sender<Message>,
        params: &lsp::InitializeParams,
    ) -> Server<'a> {
        // A relative --config names a file from where the server was started, not from
        // each document's folder.
        if let Some(config) = options.config.take() {
            options.config =
                Some(std::env::current_dir().map_or_else(|_| config.clone(), |d| d.join(&config)));
        }
        let capabilities = &params.capabilities;
        let utf8 = capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|offered| offered.contains(&lsp::PositionEncodingKind::UTF8));
        let debounce = params
            .initialization_options
            .as_ref()
            .and_then(|o| o.get("debounceMs"))
            .and_then(serde_json::Value::as_u64)
            .map_or(DEFAULT_DEBOUNCE, Duration::from_millis);
        #[allow(deprecated)] // root_uri: older clients send only it.
        let mut roots: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .map(|f| &f.uri)
            .chain(params.root_uri.as_ref())
            .filter_map(file_path)
            .collect();
        // The deepest first: a file is shown relative to the nearest root.
        roots.sort_by_key(|r| std::cmp::Reverse(r.components().count()));
        Server {
            options,
            to_client,
            encoding: if utf8 {
                Encoding::Utf8
            } else {
                Encoding::Utf16
            },
            pull: capabilities
                .text_document
                .as_ref()
                .is_some_and(|t| t.diagnostic.is_some()),
            refresh: capabilities
                .workspace
                .as_ref()
                .and_then(|w| w.diagnostic.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            debounce,
            roots,
            documents: HashMap::new(),
            due: BTreeMap::new(),
            shut_down: false,
            shown_error: None,
            next_request: 0,
            jobs: None,
            stamps: 0,
        }
    }

    fn capabilities(&self) -> lsp::ServerCapabilities {
        lsp::ServerCapabilities {
            position_encoding: Some(match self.encoding {
                Encoding::Utf8 => lsp::PositionEncodingKind::UTF8,
                Encoding::Utf16 => lsp::PositionEncodingKind::UTF16,
            }),
            text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
                lsp::TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                    save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
                    ..Default::default()
                },
            )),
            hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
            code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
                lsp::CodeActionOptions {
                    code_action_kinds: Some(vec![lsp::CodeActionKind::QUICKFIX]),
                    ..Default::default()
                },
            )),
            diagnostic_provider: self.pull.then(|| {
                lsp::DiagnosticServerCapabilities::Options(lsp::DiagnosticOptions {
                    identifier: Some("plan-lint".to_string()),
                    inter_file_dependencies: true,
                    workspace_diagnostics: false,
                    work_done_progress_options: Default::default(),
                })
            }),
            ..Default::default()
        }
    }

    /// Handles messages until `exit` or the end of input, linting each document whose
    /// debounce has passed.
    fn run(&mut self, from_client: &Receiver<Message>, gathered: &Receiver<Gathered>) {
        loop {
            let wait = self
                .due
                .values()
                .min()
                .map_or(IDLE, |&at| at.saturating_duration_since(Instant::now()));
            crossbeam_channel::select! {
                recv(from_client) -> message => match message {
                    Ok(Message::Notification(n)) if n.method == "exit" => return,
                    Ok(message) => self.handle(message, gathered),
                    Err(_) => return,
                },
                recv(gathered) -> answer => {
                    if let Ok(answer) = answer {
                        self.apply(answer);
                    }
                },
                default(wait) => {},
            }
            // Edits already waiting make any lint of the text now stale.
            if !from_client.is_empty() {
                continue;
            }
            let now = Instant::now();
            let ready: Vec<String> = self
                .due
                .iter()
                .filter(|(_, at)| **at <= now)
                .map(|(uri, _)| uri.clone())
                .collect();
            for uri in ready {
                self.due.remove(&uri);
                self.lint_and_push(&uri);
            }
        }
    }

    /// Takes a gathered setup: the document is linted again with it (pushed, or the
    /// client told to pull again).
    fn apply(&mut self, answer: Gathered) {
        let Some(document) = self.documents.get_mut(&answer.key) else {
            return;
        };
        if answer.generation != document.requested {
            return;
        }
        document.setup = Some(answer.setup);
        document.generation = answer.generation;
        document.linted = None;
        match document.setup.as_ref() {
            Some(Err(why)) if self.shown_error.as_deref() != Some(why) => {
                let why = why.clone();
                self.notify::<lsp::notification::ShowMessage>(lsp::ShowMessageParams {
                    typ: lsp::MessageType::ERROR,
                    message: format!("plan-lint: {why}"),
                });
                self.shown_error = Some(why);
            }
            Some(Ok((_, context))) => {
                let notes = context.notes.clone();
                for note in notes {
                    self.log(lsp::MessageType::WARNING, format!("plan-lint: {note}"));
                }
            }
            _ => {}
        }
        if self.pull {
            if self.refresh {
                self.next_request += 1;
                self.send(Message::Request(Request::new(
                    RequestId::from(self.next_request),
                    "workspace/diagnostic/refresh".to_string(),
                    serde_json::Value::Null,
                )));
            }
        } else {
            self.due.remove(&answer.key);
            self.lint_and_push(&answer.key);
        }
    }

    /// Waits for a document's first setup (a request that needs findings before the
    /// gatherer has answered), taking every answer that comes meanwhile.
    fn wait_for_setup(&mut self, key: &str, gathered: &Receiver<Gathered>) {
        while self.documents.get(key).is_some_and(|d| d.setup.is_none()) {
            match gathered.recv() {
                Ok(answer) => self.apply(answer),
                Err(_) => return,
            }
        }
    }

    fn next_stamp(&mut self) -> u64 {
        self.stamps += 1;
        self.stamps
    }

    fn send(&self, message: Message) {
        // A client that is gone is noticed by the reader: the loop then ends.
        let _ = self.to_client.send(message);
    }

    fn notify<N: lsp::notification::Notification>(&self, params: N::Params) {
        self.send(Message::Notification(Notification::new(
            N::METHOD.to_string(),
            params,
        )));
    }

    fn log(&self, kind: lsp::MessageType, message: String) {
        self.notify::<lsp::notification::LogMessage>(lsp::LogMessageParams { typ: kind, message });
    }

    fn handle(&mut self, message: Message, gathered: &Receiver<Gathered>) {
        match message {
            Message::Request(request) => {
                let id = request.id.clone();
                // A request about a document waits for its first setup.
                if let Some(uri) = request
                    .params
                    .get("textDocument")
                    .and_then(|d| d.get("uri"))
                    .and_then(serde_json::Value::as_str)
                {
                    let uri = uri.to_string();
                    self.wait_for_setup(&uri, gathered);
                }
                let response = if self.shut_down {
                    error(
                        id,
                        ErrorCode::InvalidRequest,
                        "the server is shutting down".to_string(),
                    )
                } else {
                    self.answer(request)
                };
                self.send(Message::Response(response));
            }
            // After `shutdown` only `exit` (handled by the loop) means anything.
            Message::Notification(_) if self.shut_down => {}
            Message::Notification(n) => self.on_notification(n),
            // Answers to the server's own requests (a diagnostics refresh) need nothing.
            Message::Response(_) => {}
        }
    }

    fn answer(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        let method = request.method.clone();
        let result = match method.as_str() {
            "initialize" => {
                return error(
                    id,
                    ErrorCode::InvalidRequest,
                    "already initialized".to_string(),
                );
            }
            "shutdown" => {
                self.shut_down = true;
                Ok(serde_json::Value::Null)
            }
            "textDocument/diagnostic" => params(request).map(|p| self.pull_report(p)),
            "textDocument/hover" => params(request).map(|p| self.hover(p)),
            "textDocument/codeAction" => params(request).map(|p| self.code_actions(p)),
            _ => {
                return error(
                    id,
                    ErrorCode::MethodNotFound,
                    format!("unknown method {method}"),
                );
            }
        };
        match result {
            Ok(value) => Response::new_ok(id, value),
            Err(why) => error(id, ErrorCode::InvalidParams, format!("{method}: {why}")),
        }
    }

    fn on_notification(&mut self, n: Notification) {
        let method = n.method.clone();
        let outcome = match method.as_str() {
            "textDocument/didOpen" => params(n).map(|p| self.open(p)),
            "textDocument/didChange" => params(n).map(|p| self.change(p)),
            "textDocument/didSave" => {
                params(n).map(|p: lsp::DidSaveTextDocumentParams| self.save(&p.text_document.uri))
            }
            "textDocument/didClose" => params(n).map(|p| self.close(p)),
            transport::MALFORMED => {
                let why = n.params["why"].as_str().unwrap_or_default().to_string();
                // A request the server cannot read still gets its answer.
                if let Ok(id) = serde_json::from_value::<RequestId>(n.params["id"].clone()) {
                    self.send(Message::Response(error(
                        id,
                        ErrorCode::InvalidRequest,
                        format!("not a request plan-lint can read: {why}"),
                    )));
                }
                self.log(
                    lsp::MessageType::ERROR,
                    format!("plan-lint: skipped a message that is not JSON-RPC: {why}"),
                );
                Ok(())
            }
            // Anything else (initialized, $/cancelRequest, $/setTrace…) needs nothing.
            _ => Ok(()),
        };
        if let Err(why) = outcome {
            self.log(
                lsp::MessageType::ERROR,
                format!("plan-lint: {method}: {why}"),
            );
        }
    }

    fn open(&mut self, params: lsp::DidOpenTextDocumentParams) {
        let item = params.text_document;
        let key = item.uri.as_str().to_string();
        let mut document = Document {
            path: file_path(&item.uri),
            uri: item.uri,
            text: item.text,
            version: item.version,
            stamp: self.next_stamp(),
            setup: None,
            generation: 0,
            requested: 0,
            findings: Vec::new(),
            linted: None,
        };
        self.request_gather(&mut document);
        self.documents.insert(key, document);
    }

    fn change(&mut self, params: lsp::DidChangeTextDocumentParams) {
        let key = params.text_document.uri.as_str().to_string();
        let Some(document) = self.documents.get_mut(&key) else {
            return;
        };
        text::apply_changes(&mut document.text, params.content_changes, self.encoding);
        document.version = params.text_document.version;
        self.stamps += 1;
        document.stamp = self.stamps;
        if !self.pull {
            self.due.insert(key, Instant::now() + self.debounce);
        }
    }

    /// A save may change what other documents are compared with (a Plan ID, a
    /// template, the configuration): every open document gathers its setup again.
    fn save(&mut self, _saved: &lsp::Uri) {
        let keys: Vec<String> = self.documents.keys().cloned().collect();
        for key in &keys {
            if let Some(mut document) = self.documents.remove(key) {
                self.request_gather(&mut document);
                self.documents.insert(key.clone(), document);
            }
        }
    }

    fn close(&mut self, params: lsp::DidCloseTextDocumentParams) {
        let key = params.text_document.uri.as_str().to_string();
        self.due.remove(&key);
        if self.documents.remove(&key).is_some() && !self.pull {
            self.notify::<lsp::notification::PublishDiagnostics>(lsp::PublishDiagnosticsParams {
                uri: params.text_document.uri,
                diagnostics: Vec::new(),
                version: None,
            });
        }
    }

    /// Asks the gatherer for a document's settings and the repository's part (see
    /// [`gather`]); until the answer comes, edits are linted with the setup it has.
    fn request_gather(&mut self, document: &mut Document) {
        let folder = document
            .path
            .as_deref()
            .and_then(|p| p.ancestors().skip(1).find(|d| d.is_dir()));
        let root = document
            .path
            .as_deref()
            .and_then(|path| self.roots.iter().find(|r| path.starts_with(r)));
        let cwd = match (root, folder) {
            (Some(root), _) => root.clone(),
            (None, Some(folder)) => folder.to_path_buf(),
            (None, None) => std::env::current_dir().unwrap_or_default(),
        };
        let flags = Flags {
            paths: vec![PathBuf::from(STDIN_PATH)],
            stdin: Some(StdinText {
                path: document.path.clone(),
                bytes: std::sync::Arc::from(document.text.as_bytes()),
            }),
            config: self.options.config.clone(),
            isolated: self.options.isolated,
            today: self.options.today.clone(),
            no_cache: self.options.no_cache,
            ..Flags::default()
        };
        document.requested = self.next_stamp();
        let job = GatherJob {
            key: document.uri.as_str().to_string(),
            generation: document.requested,
            flags,
            cwd,
        };
        if let Some(jobs) = &self.jobs {
            let _ = jobs.send(job);
        }
    }

    /// Lints a document's current text unless its findings are of it already.
    fn lint(&mut self, key: &str) -> Option<&Document> {
        let document = self.documents.get_mut(key)?;
        if document.linted != Some(document.stamp) {
            document.findings = match &document.setup {
                Some(Ok((settings, context))) => {
                    lint_document(settings, context, document.text.as_bytes()).diagnostics
                }
                Some(Err(_)) | None => Vec::new(),
            };
            document.linted = Some(document.stamp);
        }
        Some(document)
    }

    fn lint_and_push(&mut self, key: &str) {
        if self.pull {
            return;
        }
        let encoding = self.encoding;
        // Before its first setup a document has nothing to say: the answer pushes.
        if self.documents.get(key).is_some_and(|d| d.setup.is_none()) {
            return;
        }
        let Some(document) = self.lint(key) else {
            return;
        };
        let params = lsp::PublishDiagnosticsParams {
            uri: document.uri.clone(),
            diagnostics: to_lsp(document, encoding),
            version: Some(document.version),
        };
        self.notify::<lsp::notification::PublishDiagnostics>(params);
    }

    fn pull_report(&mut self, params: lsp::DocumentDiagnosticParams) -> serde_json::Value {
        let encoding = self.encoding;
        let key = params.text_document.uri.as_str();
        let report = match self.lint(key) {
            Some(document)
                if params.previous_result_id.as_deref() == Some(&document.result_id()) =>
            {
                lsp::DocumentDiagnosticReport::Unchanged(
                    lsp::RelatedUnchangedDocumentDiagnosticReport {
                        related_documents: None,
                        unchanged_document_diagnostic_report:
                            lsp::UnchangedDocumentDiagnosticReport {
                                result_id: document.result_id(),
                            },
                    },
                )
            }
            found => {
                lsp::DocumentDiagnosticReport::Full(lsp::RelatedFullDocumentDiagnosticReport {
                    related_documents: None,
                    full_document_diagnostic_report: lsp::FullDocumentDiagnosticReport {
                        result_id: found.map(Document::result_id),
                        items: found.map(|d| to_lsp(d, encoding)).unwrap_or_default(),
                    },
                })
            }
        };
        serde_json::to_value(lsp::DocumentDiagnosticReportResult::Report(report))
            .unwrap_or_default()
    }

    fn hover(&mut self, params: lsp::HoverParams) -> serde_json::Value {
        let encoding = self.encoding;
        let at = params.text_document_position_params;
        let Some(document) = self.lint(at.text_document.uri.as_str()) else {
            return serde_json::Value::Null;
        };
        serde_json::to_value(actions::hover(document, at.position, encoding)).unwrap_or_default()
    }

    fn code_actions(&mut self, params: lsp::CodeActionParams) -> serde_json::Value {
        let encoding = self.encoding;
        let Some(document) = self.lint(params.text_document.uri.as_str()) else {
            return serde_json::Value::Array(Vec::new());
        };
        serde_json::to_value(actions::code_actions(document, params.range, encoding))
            .unwrap_or_default()
    }
}

/// A request's or notification's parameters, or why they are not of the method's type.
fn params<P: serde::de::DeserializeOwned>(message: impl Into<Carrier>) -> Result<P, String> {
    serde_json::from_value(message.into().0).map_err(|e| e.to_string())
}

/// What carries parameters (a request or a notification).
struct Carrier(serde_json::Value);

impl From<Request> for Carrier {
    fn from(r: Request) -> Carrier {
        Carrier(r.params)
    }
}

impl From<Notification> for Carrier {
    fn from(n: Notification) -> Carrier {
        Carrier(n.params)
    }
}

fn error(id: RequestId, code: ErrorCode, message: String) -> Response {
    Response::new_err(id, code as i32, message)
}

/// The file a `file:` URI names.
fn file_path(uri: &lsp::Uri) -> Option<PathBuf> {
    url::Url::parse(uri.as_str()).ok()?.to_file_path().ok()
}

/// An error as one message: its text, then its help.
fn describe(e: &crate::Error) -> String {
    use miette::Diagnostic as _;
    match e.help() {
        Some(help) => format!("{e} ({help})"),
        None => e.to_string(),
    }
}

/// The rule documentation's address (its section of the README).
pub fn rule_url(rule: crate::rules::RuleId) -> String {
    format!(
        "{}#{}-{}",
        crate::report::sarif::INFORMATION_URI,
        rule.code().to_lowercase(),
        rule.name()
    )
}

/// A document's findings as LSP diagnostics.
fn to_lsp(document: &Document, encoding: Encoding) -> Vec<lsp::Diagnostic> {
    let text = &document.text;
    let lines = Lines::new(text, encoding);
    document
        .findings
        .iter()
        .map(|d| {
            let related = d
                .secondary
                .iter()
                .map(|label| lsp::DiagnosticRelatedInformation {
                    location: lsp::Location {
                        uri: document.uri.clone(),
                        range: lines.range(text, label.span.start, label.span.end),
                    },
                    message: label.message.clone(),
                })
                .collect::<Vec<_>>();
            lsp::Diagnostic {
                range: lines.range(text, d.span.start, d.span.end),
                severity: Some(match d.severity {
                    Severity::Error => lsp::DiagnosticSeverity::ERROR,
                    Severity::Warning => lsp::DiagnosticSeverity::WARNING,
                }),
                code: Some(lsp::NumberOrString::String(d.rule.code().to_string())),
                code_description: rule_url(d.rule)
                    .parse()
                    .ok()
                    .map(|href| lsp::CodeDescription { href }),
                source: Some("plan-lint".to_string()),
                message: match &d.help {
                    Some(help) => format!("{} ({})\nhelp: {help}", d.message, d.rule.name()),
                    None => format!("{} ({})", d.message, d.rule.name()),
                },
                related_information: (!related.is_empty()).then_some(related),
                tags: None,
                data: Some(serde_json::Value::String(d.rule.name().to_string())),
            }
        })
        .collect()
}
