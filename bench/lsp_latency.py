#!/usr/bin/env python3
"""Editor latency: how long after an edit a language server publishes the diagnostics of
a 400-line plan, for plan-lint server and rumdl server side by side on the same text.

Each server runs over stdio as an editor would start it. The client opens the plan, then
sends ROUNDS full-text edits that alternately add and remove an unfilled placeholder, and
times each edit until the next textDocument/publishDiagnostics for the document. plan-lint
runs with debounceMs 0 (the figure is the time after the debounce) and with its default
debounce (what a writer sees); rumdl with its defaults.

With a CORPUS (a git repository, e.g. the benchmark's generated one), it also times what
a save costs there: the server gathers the repository's part again (the settings, the
profiles, every other plan's ID) before it publishes.

Usage: python3 bench/lsp_latency.py PLAN_LINT RUMDL [ROUNDS [CORPUS]]   (a Markdown table)
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import queue
import time


def plan_text(placeholder: bool) -> str:
    """A filled-in plan of the built-in template, 400 lines long."""
    lines = [
        "# Implementation Plan: Billing Export",
        "",
        "## Plan ID: PLAN-101",
        "## Title: Billing Export",
        "## Version: 1.2",
        "## Date: 2025-03-03",
        "## Author: Jane Roe",
        "## Status: In Review",
        "",
        "## 1. Overview",
        "Export invoices to the finance warehouse every night.",
        "",
    ]
    section = 2
    while len(lines) < 380:
        lines += [f"## {section}. Work package {section}", ""]
        for item in range(8):
            lines.append(f"- [ ] Step {section}.{item}: move the export job to the new queue")
        lines += ["", f"Package {section} ends when the nightly export has run clean for a week.", ""]
        section += 1
    lines[200] = "Owner of this step: [Owner]." if placeholder else "Owner of this step: Ana."
    lines += ["## 12. Sign-off", "", "| Role | Name | Date |", "| --- | --- | --- |"]
    lines += ["| Tech Lead | Ana Diaz | 2025-03-04 |"] * (400 - len(lines) - 1)
    lines.append("")
    assert len(lines) == 400, len(lines)
    return "\n".join(lines)


class Server:
    def __init__(self, command, cwd, init_options):
        self.proc = subprocess.Popen(
            command, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL)
        self.messages = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.next_id = 0
        root = "file://" + cwd
        self.request("initialize", {
            "processId": os.getpid(), "rootUri": root, "capabilities": {},
            "workspaceFolders": [{"uri": root, "name": "bench"}],
            "initializationOptions": init_options})
        self.notify("initialized", {})

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            self.messages.put((time.perf_counter(), json.loads(out.read(length))))

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            _, message = self.messages.get(timeout=30)
            if message.get("id") == self.next_id and "method" not in message:
                return message
            if "method" in message and "id" in message:
                # A request of the server's own (configuration, registration): accept it.
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})

    def published(self, uri, since=0.0, version=None):
        """The time the first diagnostics for `uri` (of `version`, when the server says
        which) arrived after `since`, and how many there were."""
        while True:
            at, message = self.messages.get(timeout=30)
            params = message.get("params") or {}
            if message.get("method") == "textDocument/publishDiagnostics" and \
                    params.get("uri") == uri and at >= since and \
                    params.get("version") in (None, version):
                return at, len(params["diagnostics"])
            if "method" in message and "id" in message:
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})

    def close(self):
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()


def measure(command, init_options, rounds):
    with tempfile.TemporaryDirectory() as cwd:
        cwd = os.path.realpath(cwd)
        path = os.path.join(cwd, "docs", "plans", "billing.md")
        os.makedirs(os.path.dirname(path))
        with open(path, "w") as f:
            f.write(plan_text(False))
        uri = "file://" + path
        server = Server(command, cwd, init_options)
        server.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "markdown", "version": 1, "text": plan_text(False)}})
        server.published(uri, version=1)
        times, counts = [], set()
        for version in range(2, rounds + 2):
            text = plan_text(version % 2 == 0)
            sent = time.perf_counter()
            server.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": text}]})
            at, count = server.published(uri, sent, version)
            times.append((at - sent) * 1000)
            counts.add(count)
            # Let any later publish of this version arrive, then forget it.
            time.sleep(0.2)
            while not server.messages.empty():
                server.messages.get()
        server.close()
        return times, counts


def measure_save(command, corpus, rounds):
    """Open and save of a plan of `corpus`: the times until diagnostics arrive."""
    plans = subprocess.run(["git", "ls-files", "*/docs/plans/*.md"], cwd=corpus,
                           capture_output=True, text=True, check=True).stdout.split()
    path = os.path.join(corpus, plans[0])
    uri = "file://" + path
    text = open(path, encoding="utf-8").read()
    sent = time.perf_counter()
    server = Server(command, corpus, {"debounceMs": 0})
    server.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "markdown", "version": 1, "text": text}})
    at, _ = server.published(uri, version=1)
    opened = (at - sent) * 1000
    saves, edits = [], []
    version = 1
    for _ in range(rounds):
        sent = time.perf_counter()
        server.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
        # An edit right after the save: linted at once, while the save is gathered.
        version += 1
        edited = time.perf_counter()
        server.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": text + ("\n" if version % 2 else "")}]})
        at, _ = server.published(uri, edited, version)
        edits.append((at - edited) * 1000)
        at, _ = server.published(uri, at + 1e-9, version)
        saves.append((at - sent) * 1000)
    server.close()
    return opened, len(plans), statistics.median(saves), max(saves), statistics.median(edits)


def main():
    plan_lint, rumdl = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    cases = [
        ("plan-lint server, debounceMs 0", [plan_lint, "server", "--isolated"], {"debounceMs": 0}),
        ("plan-lint server, default debounce (100 ms)", [plan_lint, "server", "--isolated"], {}),
        ("rumdl server (defaults)", [rumdl, "server"], {}),
    ]
    print(f"400-line plan, {rounds} edits each, one run; times from the edit sent to the "
          "diagnostics received.\n")
    print("| server | median | p95 | max | diagnostics per edit |")
    print("| --- | --- | --- | --- | --- |")
    medians = {}
    for name, command, options in cases:
        times, counts = measure(command, options, rounds)
        times.sort()
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        medians[name] = statistics.median(times)
        print(f"| {name} | {medians[name]:.1f} ms | {p95:.1f} ms | {times[-1]:.1f} ms | "
              f"{', '.join(str(c) for c in sorted(counts))} |")
    ours, peer = medians[cases[0][0]], medians[cases[2][0]]
    print(f"\nplan-lint (after the debounce) / rumdl: {ours / peer:.2f}x; target: within 50 ms "
          f"of the change after the debounce: {'met' if ours <= 50 else 'missed'}")
    if len(sys.argv) > 4:
        corpus = os.path.realpath(sys.argv[4])
        opened, plans, median, worst, edit = measure_save(
            [plan_lint, "server", "--isolated"], corpus, 10)
        print(f"\nIn {corpus} ({plans} plans): server start to the first diagnostics "
              f"{opened:.0f} ms; a save to diagnostics against the repository gathered again "
              f"{median:.0f} ms median, {worst:.0f} ms max (10 saves); an edit made right "
              f"after a save is published in {edit:.1f} ms (median), not after the gather.")


if __name__ == "__main__":
    main()
