//! The configuration's JSON Schema: generated from the parser's own types, shipped as
//! `plan-lint.schema.json`, accepting every configuration the README shows and the
//! starter file, rejecting an unknown key and a value of the wrong type.

use serde_json::{Value, json};

const SHIPPED: &str = "plan-lint.schema.json";

fn schema() -> Value {
    plan_lint::settings::config_schema()
}

fn manifest(rel: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// TOML as the JSON a schema validator sees (a TOML date is a string, as editors show it).
fn to_json(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(s) => json!(s),
        toml::Value::Integer(i) => json!(i),
        toml::Value::Float(f) => json!(f),
        toml::Value::Boolean(b) => json!(b),
        toml::Value::Datetime(d) => json!(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.iter().map(to_json).collect()),
        toml::Value::Table(table) => {
            Value::Object(table.iter().map(|(k, v)| (k.clone(), to_json(v))).collect())
        }
    }
}

fn errors_of(config: &Value) -> Vec<String> {
    let validator = jsonschema::validator_for(&schema()).expect("the schema is a valid schema");
    validator
        .iter_errors(config)
        .map(|e| e.to_string())
        .collect()
}

#[test]
fn the_shipped_schema_is_the_generated_one() {
    let generated = serde_json::to_string_pretty(&schema()).expect("serialises") + "\n";
    if std::env::var_os("PLAN_LINT_UPDATE_SCHEMA").is_some() {
        std::fs::write(manifest(SHIPPED), &generated).expect("write the schema");
    }
    let shipped = std::fs::read_to_string(manifest(SHIPPED)).unwrap_or_default();
    assert!(
        shipped == generated,
        "{SHIPPED} is out of date: run `PLAN_LINT_UPDATE_SCHEMA=1 cargo test --test schema`"
    );
}

#[test]
fn every_configuration_the_readme_shows_is_accepted() {
    let readme = std::fs::read_to_string(manifest("README.md")).expect("README");
    let mut blocks: Vec<String> = Vec::new();
    let mut current: Option<String> = None;
    for line in readme.lines() {
        match (&mut current, line.trim_end()) {
            (None, "```toml") => current = Some(String::new()),
            (Some(block), "```") => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            (Some(block), text) => {
                block.push_str(text);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    assert!(
        blocks.len() >= 3,
        "the README's TOML examples were found: {}",
        blocks.len()
    );
    blocks.extend(table_examples(&readme));
    blocks.push(std::fs::read_to_string(manifest("templates/plan-lint.toml")).expect("starter"));
    let mut checked = 0;
    for block in &blocks {
        let table: toml::Table = block.parse().unwrap_or_else(|e| panic!("{e}\n{block}"));
        // A pyproject example is checked at its `[tool.plan-lint]` table.
        let config = match table.get("tool").and_then(|t| t.get("plan-lint")) {
            Some(inner) => to_json(inner),
            None if table.contains_key("tool") || table.contains_key("project") => continue,
            None => to_json(&toml::Value::Table(table.clone())),
        };
        assert_eq!(errors_of(&config), Vec::<String>::new(), "{block}");
        checked += 1;
    }
    assert!(checked >= 15, "{checked} examples checked");
}

/// The examples of the README's table of keys (`| `key` | meaning | `example` |`), each
/// as the TOML it stands for: `include = [...]`, or `[dates]` then `formats = [...]`.
fn table_examples(readme: &str) -> Vec<String> {
    let mut out = Vec::new();
    let rows = readme
        .lines()
        .skip_while(|l| !l.starts_with("| key | meaning | example |"))
        .take_while(|l| l.starts_with('|'));
    for line in rows.filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
        let [key, _, example] = cells.as_slice() else {
            continue;
        };
        let (Some(key), Some(example)) = (unquote(key), unquote(example)) else {
            continue;
        };
        if key.starts_with("[[")
            || !(key
                .chars()
                .next()
                .is_some_and(|c| c == '[' || c.is_ascii_lowercase()))
        {
            continue;
        }
        out.push(match key.split_once("] ") {
            Some((table, inner)) => format!("{table}]\n{inner} = {example}\n"),
            None if key.starts_with('[') => format!("{key}\n{example}\n"),
            None => format!("{key} = {example}\n"),
        });
    }
    out
}

fn unquote(cell: &str) -> Option<&str> {
    cell.strip_prefix('`')?.strip_suffix('`')
}

#[test]
fn unknown_keys_and_wrong_types_are_rejected() {
    for (config, why) in [
        (json!({ "inclde": ["docs/**"] }), "inclde"),
        (
            json!({ "profile": [{ "name": "adr", "extend": "nygard" }] }),
            "extend",
        ),
        (json!({ "dates": { "format": ["iso"] } }), "format"),
        (
            json!({ "include": "docs/**" }),
            "\"docs/**\" is not of type \"array\"",
        ),
        (json!({ "rules": { "placeholder": "loud" } }), "loud"),
        (json!({ "dates": { "formats": ["roman"] } }), "roman"),
    ] {
        let errors = errors_of(&config);
        assert!(
            errors.iter().any(|e| e.contains(why)),
            "{config}: {errors:?}"
        );
    }
    // The accepted forms of `today`: a TOML date (a string of format date to an editor).
    assert!(errors_of(&json!({ "today": "2025-01-01" })).is_empty());
    assert!(!errors_of(&json!({ "today": 5 })).is_empty());
}
