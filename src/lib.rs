//! plan-lint: a git-native linter for Markdown implementation plans.
//!
//! Data flows one way: [`discover`] finds candidate files, each plan is read and
//! [`parse`]d once into a [`model::PlanDocument`], the [`rules`] report findings on it,
//! [`run`] applies severity, precedence and suppressions to make
//! [`diagnostic::Diagnostic`]s, and a [`report`]er formats them. The library never
//! prints; reporters write to the writer they are given.

#![warn(missing_docs, clippy::print_stdout, clippy::print_stderr)]

pub mod baseline;
pub mod bounded_read;
pub mod cache;
pub mod diagnostic;
pub mod discover;
pub mod error;
pub mod hook;
pub mod model;
pub mod parse;
pub mod profile;
pub mod report;
pub mod rules;
pub mod run;
pub mod safe_write;
pub mod server;
pub mod settings;
pub mod sink;
pub mod source;
pub mod suppress;

pub use error::Error;
pub use run::{LintRun, lint};
pub use settings::Settings;
