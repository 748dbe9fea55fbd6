#!/usr/bin/env python3
"""Runs the composite steps of action.yml the way the GitHub runner would, in scratch git
repositories, and checks what a workflow would see: the annotations on standard output,
the job summary, the SARIF file, the step's exit code and the `errors` / `warnings`
outputs.

Each `run:` step is executed with `bash --noprofile --norc -eo pipefail` (what `shell: bash`
means on a runner) with its `env:` and `working-directory:`, after `${{ ... }}` in those
(never in the script: that is checked) is replaced from the inputs, the `github`, `runner`
and `steps` contexts. `uses:` steps (actions/cache) are skipped. GITHUB_OUTPUT, GITHUB_PATH,
GITHUB_ENV and GITHUB_STEP_SUMMARY are files per step, read back as the runner does.

All scenarios share one RUNNER_TEMP, so the first one installs plan-lint with the action's
own `cargo install` step (set CARGO_TARGET_DIR to a target directory that already holds a
release build to make that take seconds) and the others find it installed, as they would
after a cache hit. `--prebuilt BIN` puts BIN at the install path instead, and no scenario
builds.

Usage: action_harness.py [--repo DIR] [--prebuilt BIN] [--keep] [-k NAME]
Prints `ok:` / `FAIL:` per check and exits 1 when any check failed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}", re.S)
SERVER_URL = "https://github.com"
REPOSITORY = "acme/plans"

# ---------------------------------------------------------------------------------------
# Plans used by the scenarios

HEADER = """\
# Implementation Plan: {title}

## Plan ID: {plan_id}
## Title: {title}
## Version: 1.2
## Date: 2025-03-03
## Author: Jane Roe
## Status: {status}

## 1. Overview
"""


def plan(title: str, plan_id: str, body: str, status: str = "In Review") -> str:
    return HEADER.format(title=title, plan_id=plan_id, status=status) + body + "\n"


# Line 11 holds `[Name]` at column 33 (an error: the plan is In Review).
BAD_BILLING = plan("Billing Export", "PLAN-101", "Export invoices nightly. Owner: [Name].")
GOOD_BILLING = plan("Billing Export", "PLAN-101", "Export invoices nightly. Owner: Jane Roe.")
GOOD_SEARCH = plan("Search Index", "PLAN-102", "Rebuild the search index weekly.")
# A Draft: the placeholder is a warning.
DRAFT = plan("Audit Log", "PLAN-103", "Keep the audit log for [X weeks].", status="Draft")
OLD_BAD = plan("Legacy Import", "PLAN-090", "Owner: TBD.")
NEW_BAD = plan("Report Builder", "PLAN-104", "Owner: [Name].")


# ---------------------------------------------------------------------------------------
# Git helpers

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Harness",
    "GIT_AUTHOR_EMAIL": "harness@example.invalid",
    "GIT_COMMITTER_NAME": "Harness",
    "GIT_COMMITTER_EMAIL": "harness@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(cwd: Path, *args: str) -> str:
    env = dict(os.environ, **GIT_ENV)
    env["GIT_CONFIG_GLOBAL"] = os.devnull
    done = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed in {cwd}:\n{done.stderr}")
    return done.stdout.strip()


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def make_repo(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True)
    git(root, "init", "-q")
    write(root, files)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "plans")
    return root


# ---------------------------------------------------------------------------------------
# The runner


class Unsupported(Exception):
    pass


def lookup(expression: str, contexts: dict) -> str:
    """Evaluates the expressions action.yml uses: context property paths only."""
    if not re.fullmatch(r"[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*", expression):
        raise Unsupported(f"expression not supported by the harness: {expression}")
    value: object = contexts
    for part in expression.split("."):
        if not isinstance(value, dict) or part not in value:
            if expression.startswith("steps."):
                # a step that did not run or did not set this output: null, i.e. ''
                return ""
            raise Unsupported(f"unknown context value: {expression}")
        value = value[part]
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def substitute(text: object, contexts: dict) -> str:
    return EXPRESSION.sub(lambda m: lookup(m.group(1), contexts), str(text))


def read_file_commands(path: Path) -> dict[str, str]:
    """Parses GITHUB_OUTPUT / GITHUB_ENV: `name=value` and `name<<DELIM` … `DELIM`."""
    values: dict[str, str] = {}
    if not path.exists():
        return values
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            body = []
            while i < len(lines) and lines[i] != delimiter:
                body.append(lines[i])
                i += 1
            i += 1
            values[name] = "\n".join(body)
        elif "=" in line:
            name, value = line.split("=", 1)
            values[name] = value
        else:
            raise ValueError(f"malformed line in {path}: {line!r}")
    return values


class StepResult:
    def __init__(self, step_id: str, name: str):
        self.id = step_id
        self.name = name
        self.skipped = False
        self.returncode = 0
        self.stdout = ""
        self.stderr = ""
        self.outputs: dict[str, str] = {}
        self.output_file_text = ""


class ActionRun:
    def __init__(self):
        self.steps: list[StepResult] = []
        self.outputs: dict[str, str] = {}
        self.summary = ""
        self.failed_step: StepResult | None = None

    def step(self, step_id: str) -> StepResult:
        for s in self.steps:
            if s.id == step_id:
                return s
        raise KeyError(step_id)

    @property
    def stdout(self) -> str:
        return "".join(s.stdout for s in self.steps)

    @property
    def stderr(self) -> str:
        return "".join(s.stderr for s in self.steps)

    @property
    def returncode(self) -> int:
        return self.failed_step.returncode if self.failed_step else 0


def run_action(
    action_dir: Path,
    workspace: Path,
    runner_temp: Path,
    inputs: dict[str, str],
    base_ref: str = "",
    prebuilt: Path | None = None,
    action_ref: str = "",
    env: dict[str, str] | None = None,
) -> ActionRun:
    action = yaml.safe_load((action_dir / "action.yml").read_text(encoding="utf-8"))
    declared = action.get("inputs", {})
    unknown = set(inputs) - set(declared)
    if unknown:
        raise Unsupported(f"inputs not declared in action.yml: {sorted(unknown)}")
    values = {name: str(spec.get("default", "")) for name, spec in declared.items()}
    values.update(inputs)

    sha = git(workspace, "rev-parse", "HEAD")
    contexts: dict = {
        "inputs": values,
        "github": {
            "action_path": str(action_dir),
            "workspace": str(workspace),
            "base_ref": base_ref,
            "event_name": "pull_request" if base_ref else "push",
            "server_url": SERVER_URL,
            "repository": REPOSITORY,
            "sha": sha,
            "action_ref": action_ref,
            "action_repository": "plan-lint/plan-lint" if action_ref else "",
        },
        "runner": {"temp": str(runner_temp), "os": "Linux", "arch": "X64"},
        "steps": {},
    }
    base_env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GITHUB_", "RUNNER_", "INPUT_")) and k not in ("PRE_COMMIT", "CI")
    }
    base_env.update(
        CI="true",
        GITHUB_ACTIONS="true",
        GITHUB_WORKSPACE=str(workspace),
        GITHUB_ACTION_PATH=str(action_dir),
        GITHUB_BASE_REF=base_ref,
        GITHUB_EVENT_NAME=contexts["github"]["event_name"],
        GITHUB_SERVER_URL=SERVER_URL,
        GITHUB_REPOSITORY=REPOSITORY,
        GITHUB_SHA=sha,
        RUNNER_TEMP=str(runner_temp),
        RUNNER_OS="Linux",
        RUNNER_ARCH="X64",
        NO_COLOR="1",
    )
    base_env.update(env or {})
    extra_path: list[str] = []
    extra_env: dict[str, str] = {}
    files = Path(tempfile.mkdtemp(prefix="files-", dir=runner_temp))

    result = ActionRun()
    for index, step in enumerate(action["runs"]["steps"]):
        step_id = step.get("id", f"__{index}")
        record = StepResult(step_id, step.get("name", step_id))
        result.steps.append(record)
        if "if" in step:
            raise Unsupported(f"step {record.name!r}: `if:` is not supported by the harness")
        if "uses" in step:
            # Still check that its `with:` only uses expressions the contexts can answer.
            for value in (step.get("with") or {}).values():
                substitute(value, contexts)
            record.skipped = True
            contexts["steps"][step_id] = {"outputs": {}, "outcome": "skipped"}
            continue
        script = step["run"]
        if "${{" in script:
            raise Unsupported(f"step {record.name!r}: `${{{{` inside a run script")
        if step.get("shell") != "bash":
            raise Unsupported(f"step {record.name!r}: shell must be bash")
        env = dict(base_env)
        env.update(extra_env)
        env["PATH"] = os.pathsep.join([*reversed(extra_path), base_env["PATH"]])
        for name, value in (step.get("env") or {}).items():
            env[name] = substitute(value, contexts)
        output_file = files / f"output-{index}"
        summary_file = files / f"summary-{index}"
        path_file = files / f"path-{index}"
        env_file = files / f"env-{index}"
        for f in (output_file, summary_file, path_file, env_file):
            f.write_text("")
        env.update(
            GITHUB_OUTPUT=str(output_file),
            GITHUB_STEP_SUMMARY=str(summary_file),
            GITHUB_PATH=str(path_file),
            GITHUB_ENV=str(env_file),
        )
        cwd = workspace / substitute(step.get("working-directory", "."), contexts)
        script_file = files / f"step-{index}.sh"
        script_file.write_text(script)
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script_file)],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
        )
        record.returncode = done.returncode
        record.stdout = done.stdout
        record.stderr = done.stderr
        record.output_file_text = output_file.read_text(encoding="utf-8")
        record.outputs = read_file_commands(output_file)
        result.summary += summary_file.read_text(encoding="utf-8")
        extra_path += [p for p in path_file.read_text().splitlines() if p]
        extra_env.update(read_file_commands(env_file))
        contexts["steps"][step_id] = {
            "outputs": record.outputs,
            "outcome": "success" if done.returncode == 0 else "failure",
        }
        if step_id == "key" and prebuilt is not None:
            root = Path(record.outputs["root"])
            (root / "bin").mkdir(parents=True, exist_ok=True)
            shutil.copy2(prebuilt, root / "bin" / "plan-lint")
        if done.returncode != 0:
            result.failed_step = record
            break
    # The runner evaluates the action's outputs even when a step failed.
    for name, spec in (action.get("outputs") or {}).items():
        result.outputs[name] = substitute(spec["value"], contexts)
    return result


# ---------------------------------------------------------------------------------------
# Checks


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.scenario = ""
        self.run: ActionRun | None = None

    def check(self, condition: bool, what: str) -> bool:
        if condition:
            self.passed += 1
            print(f"  ok: {self.scenario}: {what}")
        else:
            self.failed += 1
            print(f"  FAIL: {self.scenario}: {what}")
        return condition

    def dump(self) -> None:
        """Shows what the action printed, after a failed check."""
        if self.run is None:
            return
        for s in self.run.steps:
            if s.skipped:
                continue
            print(f"    --- step {s.name!r} exit {s.returncode}")
            for stream, text in (("stdout", s.stdout), ("stderr", s.stderr)):
                for line in text.splitlines()[-40:]:
                    print(f"    {stream}| {line}")
            for line in s.output_file_text.splitlines():
                print(f"    GITHUB_OUTPUT| {line}")
        for line in self.run.summary.splitlines()[:40]:
            print(f"    summary| {line}")


def annotations(stdout: str, kind: str) -> list[dict[str, str]]:
    """The `::error file=…,line=…::message` commands on stdout, properties decoded."""
    found = []
    for line in stdout.splitlines():
        m = re.match(rf"::{kind} (.*?)::(.*)$", line)
        if not m:
            continue
        props = {}
        for item in m.group(1).split(","):
            key, _, value = item.partition("=")
            props[key] = (
                value.replace("%2C", ",").replace("%3A", ":").replace("%0A", "\n")
                .replace("%0D", "\r").replace("%25", "%")
            )
        props["message"] = m.group(2)
        found.append(props)
    return found


def scenario_annotations(c: Checks, ctx: dict) -> None:
    """A repository with one bad plan: annotations, summary, outputs, SARIF, exit 1."""
    ws = make_repo(
        ctx["tmp"] / "annotations",
        {
            "docs/plans/billing.md": BAD_BILLING,
            "docs/plans/search.md": GOOD_SEARCH,
            "README.md": "# Not a plan\n\nSee [Name] in the docs.\n",
        },
    )
    install_existed = ctx["installed_before"]
    run = c.run = run_action(
        ctx["action"], ws, ctx["runner_temp"], {"sarif": "reports/plan-lint.sarif"},
        prebuilt=ctx["prebuilt"],
    )
    install = run.steps[2]
    if not install_existed and ctx["prebuilt"] is None:
        c.check(
            install.returncode == 0 and "Installing" in install.stderr + install.stdout,
            "the install step built plan-lint with cargo install",
        )
    c.check(run.failed_step is not None and run.failed_step.id == "lint",
            "the lint step is the one that fails")
    c.check(run.returncode == 1, f"plan-lint exits 1 (got {run.returncode})")
    errors = annotations(run.stdout, "error")
    billing = [a for a in errors if a.get("file") == "docs/plans/billing.md"]
    c.check(len(billing) == 1, f"one ::error for docs/plans/billing.md (got {len(billing)})")
    if billing:
        a = billing[0]
        c.check(a.get("line") == "11" and a.get("endLine") == "11",
                f"it is on line 11 (line={a.get('line')}, endLine={a.get('endLine')})")
        c.check(a.get("col") == "33" and a.get("endColumn") == "39",
                f"columns 33-39 (col={a.get('col')}, endColumn={a.get('endColumn')})")
        c.check("[Name]" in a["message"], f"the message quotes [Name]: {a['message']!r}")
        c.check("PL001" in a.get("title", "") or "placeholder" in a.get("title", ""),
                f"the title names the rule: {a.get('title')!r}")
    c.check(all(a.get("file") == "docs/plans/billing.md" for a in errors),
            "no other file is annotated")
    c.check(not annotations(run.stdout, "warning"), "no ::warning")
    lint = run.step("lint")
    c.check(lint.outputs.get("errors") == "1" and lint.outputs.get("warnings") == "0",
            f"GITHUB_OUTPUT has errors=1, warnings=0 ({lint.output_file_text.strip()!r})")
    c.check(run.outputs == {"errors": "1", "warnings": "0"},
            f"the action's outputs are errors=1, warnings=0 ({run.outputs})")
    summary = run.summary
    c.check(bool(summary.strip()), f"a job summary was written ({len(summary)} bytes)")
    c.check("docs/plans/billing.md" in summary, "the summary names docs/plans/billing.md")
    c.check("placeholder" in summary or "PL001" in summary, "the summary names the rule")
    link = f"{SERVER_URL}/{REPOSITORY}/blob/{git(ws, 'rev-parse', 'HEAD')}/docs/plans/billing.md"
    c.check(link in summary, "the summary links the finding at GITHUB_SHA")
    sarif_path = ws / "reports" / "plan-lint.sarif"
    if c.check(sarif_path.is_file(), "the SARIF file was written"):
        try:
            sarif = json.loads(sarif_path.read_text(encoding="utf-8"))
            results = sarif["runs"][0]["results"]
            uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results]
            c.check(sarif.get("version") == "2.1.0" and uris == ["docs/plans/billing.md"],
                    f"SARIF 2.1.0 with the one finding in docs/plans/billing.md ({uris})")
        except (ValueError, KeyError, IndexError) as e:
            c.check(False, f"the SARIF file is readable SARIF ({e!r})")
    ctx["annotations_ws"] = ws


def scenario_clean(c: Checks, ctx: dict) -> None:
    """The same repository once the plan is fixed: exit 0, outputs 0/0, installed already."""
    ws = ctx["tmp"] / "clean"
    make_repo(ws, {"docs/plans/billing.md": GOOD_BILLING, "docs/plans/search.md": GOOD_SEARCH})
    run = c.run = run_action(ctx["action"], ws, ctx["runner_temp"], {}, prebuilt=ctx["prebuilt"])
    c.check(run.failed_step is None, "every step succeeds")
    c.check("already installed" in run.steps[2].stdout,
            "the install step finds plan-lint installed and builds nothing")
    c.check(not annotations(run.stdout, "error") and not annotations(run.stdout, "warning"),
            "no annotations")
    c.check(run.outputs == {"errors": "0", "warnings": "0"}, f"outputs 0/0 ({run.outputs})")


def scenario_strict(c: Checks, ctx: dict) -> None:
    """Warnings only: the step passes, and fails with strict: true."""
    ws = make_repo(ctx["tmp"] / "strict", {"plans/audit.md": DRAFT})
    run = c.run = run_action(ctx["action"], ws, ctx["runner_temp"], {}, prebuilt=ctx["prebuilt"])
    warnings = annotations(run.stdout, "warning")
    c.check(run.returncode == 0, f"a warning alone passes (exit {run.returncode})")
    c.check(len(warnings) == 1 and warnings[0].get("file") == "plans/audit.md",
            "one ::warning for plans/audit.md")
    c.check(run.outputs == {"errors": "0", "warnings": "1"}, f"outputs 0/1 ({run.outputs})")
    run = c.run = run_action(ctx["action"], ws, ctx["runner_temp"], {"strict": "true"},
                             prebuilt=ctx["prebuilt"])
    c.check(run.returncode == 1, f"with strict: true it fails (exit {run.returncode})")
    c.check(run.outputs == {"errors": "0", "warnings": "1"},
            f"and still sets the outputs ({run.outputs})")
    run = c.run = run_action(ctx["action"], ws, ctx["runner_temp"], {"strict": "yes"},
                             prebuilt=ctx["prebuilt"])
    c.check(run.returncode == 2 and "must be true or false" in run.stdout,
            f"strict: yes is refused with a clear error (exit {run.returncode})")


def scenario_args_and_paths(c: Checks, ctx: dict) -> None:
    """args are split like a shell would split them; paths may be quoted and several."""
    ws = make_repo(
        ctx["tmp"] / "args",
        {
            "a/billing.md": BAD_BILLING,
            "my plans/report.md": NEW_BAD,
            "c/legacy.md": OLD_BAD,
        },
    )
    run = c.run = run_action(ctx["action"], ws, ctx["runner_temp"],
                             {"args": "--ignore 'placeholder'"}, prebuilt=ctx["prebuilt"])
    c.check(run.returncode == 0 and run.outputs.get("errors") == "0",
            f"args: --ignore 'placeholder' silences the rule (exit {run.returncode}, {run.outputs})")
    run = c.run = run_action(ctx["action"], ws, ctx["runner_temp"],
                             {"paths": 'a\n"my plans"'}, prebuilt=ctx["prebuilt"])
    files = sorted(a.get("file", "") for a in annotations(run.stdout, "error"))
    c.check(files == ["a/billing.md", "my plans/report.md"],
            f"paths split on newlines, with a quoted path holding a space ({files})")
    run = c.run = run_action(ctx["action"], ws, ctx["runner_temp"],
                             {"paths": "legacy.md", "working-directory": "c"},
                             prebuilt=ctx["prebuilt"])
    files = [a.get("file", "") for a in annotations(run.stdout, "error")]
    c.check(run.returncode == 1 and len(files) == 1,
            f"working-directory: c lints from there (exit {run.returncode}, {files})")
    c.check(files == ["c/legacy.md"],
            f"annotation paths are relative to the repository root, not to the working "
            f"directory ({files})")


def scenario_injection(c: Checks, ctx: dict) -> None:
    """Inputs are data: nothing in them is expanded or run."""
    ws = make_repo(ctx["tmp"] / "injection", {"plans/billing.md": GOOD_BILLING})
    marker = ctx["tmp"] / "PWNED"
    run = c.run = run_action(
        ctx["action"], ws, ctx["runner_temp"],
        {
            "paths": f'plans $(touch {marker}) `touch {marker}`',
            "args": f"--today 2025-06-01 ; touch {marker}",
            "sarif": f"$(touch {marker}).sarif",
        },
        prebuilt=ctx["prebuilt"],
    )
    c.check(not marker.exists(), "no command in the inputs was run")
    # Paths that do not exist are a usage error (exit 2) naming each word as written.
    c.check(run.returncode == 2 and "`$(touch` does not exist" in run.stderr,
            f"the words reach plan-lint as literal paths, named as paths that do not exist "
            f"(exit {run.returncode})")


def make_pr_repos(root: Path, shallow: bool) -> Path:
    """origin (bare) has main with an old bad plan, and a feature branch that adds a bad
    plan and edits a good one. The workspace is a clone checked out at the feature branch,
    as actions/checkout leaves it (shallow: depth 1, no other branch)."""
    seed = make_repo(root / "seed", {"docs/old.md": OLD_BAD, "docs/search.md": GOOD_SEARCH})
    git(seed, "checkout", "-q", "-b", "feature")
    write(seed, {"docs/new.md": NEW_BAD,
                 "docs/search.md": GOOD_SEARCH + "Reviewed again.\n"})
    git(seed, "add", "-A")
    git(seed, "commit", "-q", "-m", "feature plan")
    git(seed, "checkout", "-q", "main")
    # main moves on after the branch point: its new commits are not the PR's changes
    write(seed, {"docs/later.md": plan("Later", "PLAN-200", "Owner: TBD.")})
    git(seed, "add", "-A")
    git(seed, "commit", "-q", "-m", "later work on main")
    bare = root / "origin.git"
    git(root, "clone", "-q", "--bare", str(seed), str(bare))
    ws = root / "workspace"
    if shallow:
        git(root, "clone", "-q", "--depth", "1", "--no-tags", "--single-branch",
            "--branch", "feature", f"file://{bare}", str(ws))
    else:
        git(root, "clone", "-q", "--branch", "feature", str(bare), str(ws))
        git(ws, "update-ref", "-d", "refs/remotes/origin/main")
    return ws


def scenario_changed_only(c: Checks, ctx: dict) -> None:
    """changed-only in a pull request lints only the plans the PR changed."""
    for shallow in (False, True):
        label = "shallow checkout" if shallow else "full checkout"
        ws = make_pr_repos(ctx["tmp"] / f"pr-{'shallow' if shallow else 'full'}", shallow)
        run = c.run = run_action(ctx["action"], ws, ctx["runner_temp"], {"changed-only": "true"},
                                 base_ref="main", prebuilt=ctx["prebuilt"])
        files = sorted(a.get("file", "") for a in annotations(run.stdout, "error"))
        c.check(files == ["docs/new.md"],
                f"{label}: only the plan the PR added is reported ({files})")
        c.check(run.returncode == 1 and run.outputs.get("errors") == "1",
                f"{label}: exit 1, errors=1 (exit {run.returncode}, {run.outputs})")
        if not shallow:
            run = c.run = run_action(ctx["action"], ws, ctx["runner_temp"],
                                     {"changed-only": "true"}, base_ref="no-such-branch",
                                     prebuilt=ctx["prebuilt"])
            c.check(run.returncode == 2 and "cannot fetch the base branch" in run.stdout,
                    f"a base branch that cannot be fetched is a clear error (exit {run.returncode})")
            # Outside a pull request, changed-only does nothing special.
            run = c.run = run_action(ctx["action"], ws, ctx["runner_temp"],
                                     {"changed-only": "true"}, base_ref="",
                                     prebuilt=ctx["prebuilt"])
            files = sorted(a.get("file", "") for a in annotations(run.stdout, "error"))
            c.check(files == ["docs/new.md", "docs/old.md"],
                    f"not a pull request: every plan is linted ({files})")


class ReleaseServer:
    """A fake GitHub release host on 127.0.0.1: `/vVERSION/ASSET` from a folder."""

    def __init__(self, root: Path):
        import functools
        import http.server
        import threading

        handler = functools.partial(QuietHandler, directory=str(root))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _quiet_handler():
    import http.server

    class Handler(http.server.SimpleHTTPRequestHandler):
        requests: list[str] = []

        def log_message(self, *args) -> None:  # keep the harness output readable
            Handler.requests.append(self.path)

    return Handler


QuietHandler = _quiet_handler()


def publish_release(root: Path, version: str, binary: Path, corrupt: bool = False) -> str:
    """Writes a release like the release workflow's: plan-lint-TARGET.tar.gz with the
    binary at its root, and plan-lint-TARGET.sha256 in sha256sum's format. Returns the
    archive's SHA-256."""
    import hashlib
    import tarfile

    target = "x86_64-unknown-linux-musl"
    folder = root / f"v{version}"
    folder.mkdir(parents=True)
    archive = folder / f"plan-lint-{target}.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(binary, arcname="plan-lint")
        readme = root / "README.md"
        readme.write_text("plan-lint release\n")
        tar.add(readme, arcname="README.md")
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    listed = ("0" * 64) if corrupt else digest
    (folder / f"plan-lint-{target}.sha256").write_text(f"{listed}  {archive.name}\n")
    return digest


def action_at_version(ctx: dict, version: str) -> Path:
    """A copy of the action whose Cargo.toml (and Cargo.lock) say `version`: the action as
    a release tag of that version would check it out."""
    action = ctx["tmp"] / f"action-{version}"
    shutil.copytree(ctx["action"], action, ignore=shutil.ignore_patterns("target", ".git"))
    cargo_toml = action / "Cargo.toml"
    cargo_toml.write_text(re.sub(r'(?m)^version = ".*"$', f'version = "{version}"',
                                 cargo_toml.read_text(encoding="utf-8"), count=1),
                          encoding="utf-8")
    lock = action / "Cargo.lock"
    lock.write_text(re.sub(r'(name = "plan-lint"\nversion = )".*"', rf'\1"{version}"',
                           lock.read_text(encoding="utf-8")), encoding="utf-8")
    return action


def scenario_release_download(c: Checks, ctx: dict) -> None:
    """A tagged action downloads its release binary and checks its SHA-256; a bad
    checksum is a hard error; a missing release falls back to a source build, unless the
    version was pinned."""
    binary = ctx["release_binary"]
    if binary is None or not binary.is_file():
        c.check(False, "a release build of plan-lint is available to publish")
        return
    site = ctx["tmp"] / "releases"
    site.mkdir()
    good = publish_release(site, "9.9.9", binary)
    publish_release(site, "9.9.8", binary, corrupt=True)
    server = ReleaseServer(site)
    env = {"PLAN_LINT_RELEASE_URL": server.url}
    ws = make_repo(ctx["tmp"] / "release", {"docs/plans/billing.md": BAD_BILLING})
    try:
        # The action's own version: a tag ref, with Cargo.toml's version replaced by 9.9.9
        # in a copy of the action.
        action = action_at_version(ctx, "9.9.9")
        QuietHandler.requests.clear()
        run = c.run = run_action(action, ws, ctx["runner_temp"], {}, action_ref="v9.9.9", env=env)
        install = run.steps[2]
        root = ctx["runner_temp"] / "plan-lint" / "release-9.9.9-x86_64-unknown-linux-musl"
        c.check(install.returncode == 0 and "SHA-256 verified" in install.stdout
                and good in install.stdout,
                f"the tagged action downloads release v9.9.9 and verifies its SHA-256 "
                f"(exit {install.returncode})")
        c.check("Installing" not in install.stdout + install.stderr,
                "nothing is built from source")
        c.check(QuietHandler.requests == [
            "/v9.9.9/plan-lint-x86_64-unknown-linux-musl.tar.gz",
            "/v9.9.9/plan-lint-x86_64-unknown-linux-musl.sha256",
        ], f"it fetched the archive and its checksum file ({QuietHandler.requests})")
        installed = root / "bin" / "plan-lint"
        c.check(installed.is_file() and installed.read_bytes() == binary.read_bytes(),
                f"the archive's binary is installed at {installed}")
        c.check(run.returncode == 1 and len(annotations(run.stdout, "error")) == 1,
                f"the downloaded plan-lint lints the workspace (exit {run.returncode})")

        # A pinned version whose checksum does not match: a hard error, nothing installed.
        run = c.run = run_action(ctx["action"], ws, ctx["runner_temp"], {"version": "9.9.8"},
                                 env=env)
        install = run.steps[2]
        bad_root = ctx["runner_temp"] / "plan-lint" / "release-9.9.8-x86_64-unknown-linux-musl"
        c.check(run.failed_step is install and install.returncode == 2
                and "checksum mismatch" in install.stdout,
                f"a bad checksum stops the action (exit {install.returncode})")
        c.check(not (bad_root / "bin" / "plan-lint").exists(),
                "and the unverified binary is not installed")

        # A pinned version with no release: a hard error.
        run = c.run = run_action(ctx["action"], ws, ctx["runner_temp"], {"version": "v9.9.7"},
                                 env=env)
        c.check(run.steps[2].returncode == 2
                and "no plan-lint release v9.9.7" in run.steps[2].stdout,
                f"a pinned version that has no release is an error (exit {run.returncode})")

        run = c.run = run_action(ctx["action"], ws, ctx["runner_temp"], {"version": "latest"},
                                 env=env)
        c.check(run.steps[0].returncode == 2 and "must be a release version" in run.stdout,
                f"a version input that is not a version is refused (exit {run.returncode})")

        # The action at a tag whose release is not there (yet): built from source.
        action = action_at_version(ctx, "9.9.6")
        run = c.run = run_action(action, ws, ctx["runner_temp"], {}, action_ref="v9.9.6", env=env)
        install = run.steps[2]
        c.check(install.returncode == 0 and "building plan-lint from source" in install.stdout,
                f"a missing release falls back to a source build (exit {install.returncode})")
        c.check(run.returncode == 1 and len(annotations(run.stdout, "error")) == 1,
                f"and the built plan-lint lints the workspace (exit {run.returncode})")
    finally:
        server.close()


SCENARIOS = [
    scenario_annotations,
    scenario_clean,
    scenario_strict,
    scenario_args_and_paths,
    scenario_injection,
    scenario_changed_only,
    scenario_release_download,
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = Path(__file__).resolve().parent
    parser.add_argument("--repo", type=Path, default=here.parent.parent,
                        help="the action's repository (default: this one)")
    parser.add_argument("--prebuilt", type=Path, help="plan-lint binary to put at the install path")
    parser.add_argument("--release-binary", type=Path,
                        help="plan-lint binary to publish as a fake release (default: "
                             "$CARGO_TARGET_DIR/release/plan-lint)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    parser.add_argument("-k", dest="only", help="run only scenarios whose name contains this")
    opts = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="plan-lint-action-"))
    runner_temp = tmp / "runner-temp"
    runner_temp.mkdir()
    ctx = {
        "action": opts.repo.resolve(),
        "tmp": tmp,
        "runner_temp": runner_temp,
        "prebuilt": opts.prebuilt.resolve() if opts.prebuilt else None,
        "installed_before": False,
        "release_binary": (opts.release_binary or Path(os.environ.get("CARGO_TARGET_DIR", "target"))
                           / "release" / "plan-lint").resolve(),
    }
    c = Checks()
    try:
        for scenario in SCENARIOS:
            if opts.only and opts.only not in scenario.__name__:
                continue
            c.scenario = scenario.__name__.removeprefix("scenario_")
            c.run = None
            failed_before = c.failed
            try:
                scenario(c, ctx)
            except Exception as e:  # a harness or setup error is a failed check
                c.check(False, f"raised {type(e).__name__}: {e}")
            if c.failed > failed_before:
                c.dump()
            ctx["installed_before"] = True
    finally:
        if opts.keep:
            print(f"scratch directory kept: {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"action harness: {c.passed} checks ok, {c.failed} failed")
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main())
