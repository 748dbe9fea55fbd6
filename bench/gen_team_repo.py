#!/usr/bin/env python3
"""Generates a deterministic, realistic team repository of Markdown planning documents.

    python3 bench/gen_team_repo.py OUTDIR [--seed N] [--force]

Unlike gen_corpus.py (volume for timing), this mimics how one engineering organisation
keeps plans written from templates/implementation-plan-template.md: full plans in a folder
or as flat files, plans split into phase files that repeat the parent's Plan ID, documents
about plans (reviews, analyses, status trackers, completion reports, retrospectives),
ordinary Markdown (README, guides, meeting notes, changelog) and template copies. Prose
talks about TODO / FIXME / TBD markers, headers use team statuses and several date shapes.

About 40 real defects are planted, one per file, in full plans and phase files only; each
is listed in OUTDIR/EXPECTED.tsv (path, 1-based line, kind, description; header row
first). Everything else is meant to be clean.

Dates: no document, sign-off or change-log date is later than ANCHOR (2025-12-15), and
every plan that is not completed has its Next Review Date after it; run plan-lint with
`--today 2025-12-15` (any day up to 2026-01-05 works) to compare against EXPECTED.tsv.

The same seed always produces the same bytes, and the same commit (fixed git dates).
"""

import argparse
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATE_PATH = os.path.join(HERE, "..", "templates", "implementation-plan-template.md")

ANCHOR = dt.date(2025, 12, 15)
EARLIEST = dt.date(2022, 2, 7)
MARK = "\u0000MARK\u0000"
AUX = "\u0000AUX\u0000"  # a second line a defect's description points at ("{aux}")

WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]

FIRST = ["Jane", "Omar", "Lena", "Priya", "Ana", "Jörg", "Chen", "Sam", "Maria", "Tomás",
         "Aisha", "Bjørn", "Carmen", "Dmitri", "Efua", "Farid", "Greta", "Hiro", "Ingrid",
         "Jamal", "Kasia", "Luis", "Mei", "Nikhil", "Olu", "Pia", "Quentin", "Rosa", "Sven",
         "Tariq", "Uma", "Viktor", "Wen", "Yara", "Zoltan", "Noor", "Elif", "Rafael"]
LAST = ["Roe", "Haddad", "Park", "Raman", "Silva", "Müller", "Wei", "Okafor", "García",
        "Novak", "Lindqvist", "Mensah", "Tanaka", "Kowalski", "Duarte", "Petrov", "Adeyemi",
        "Brennan", "Castillo", "Osei", "Varga", "Nakamura", "Iyer", "Hollis", "Ferreira",
        "Abara", "Sokolov", "Quist", "Marsh", "Delacroix", "Yilmaz", "Achebe"]

# (object, system, team, technology, consumers)
OBJECTS = [
    ("nightly ledger export", "ledger", "Payments", "Parquet on object storage", "the finance team"),
    ("ledger reconciliation job", "ledger", "Payments", "PostgreSQL 15", "the finance team"),
    ("invoice renderer", "billing", "Payments", "a Rust rendering service", "customer success"),
    ("proration engine", "billing", "Payments", "the pricing rules library", "self-serve customers"),
    ("payment retry scheduler", "billing", "Payments", "the shared job queue", "the collections team"),
    ("dispatch assignment service", "dispatch", "Dispatch", "gRPC", "the driver app"),
    ("route optimiser", "routing", "Dispatch", "the OR-Tools solver", "dispatch planners"),
    ("ETA prediction pipeline", "routing", "Dispatch", "the feature store", "the tracking page"),
    ("shipment tracking page", "tracking", "Dispatch", "server-side rendering", "end customers"),
    ("carrier webhook gateway", "partner-api", "Platform", "an Envoy edge", "partner carriers"),
    ("partner API keys", "partner-api", "Platform", "the secrets manager", "partner carriers"),
    ("single sign-on for the admin console", "identity", "Identity", "OIDC", "internal staff"),
    ("session token rotation", "sessions", "Identity", "short-lived JWTs", "mobile clients"),
    ("password reset flow", "identity", "Identity", "the email service", "end customers"),
    ("role-based access model", "identity", "Identity", "a policy engine", "internal tools"),
    ("notification fan-out", "notifications", "Platform", "Kafka", "mobile clients"),
    ("SMS provider integration", "notifications", "Platform", "a second SMS vendor", "drivers"),
    ("email template service", "notifications", "Platform", "MJML templates", "marketing"),
    ("shipment search index", "search", "Search", "OpenSearch 2", "the operations console"),
    ("address autocomplete", "search", "Search", "an in-memory trie", "the booking form"),
    ("product catalog importer", "catalog", "Search", "a streaming CSV reader", "merchants"),
    ("barcode scanner API", "warehouse", "Warehouse", "a REST facade", "warehouse operators"),
    ("pick-list generator", "warehouse", "Warehouse", "a batch planner", "warehouse operators"),
    ("inventory snapshot service", "inventory", "Warehouse", "CDC from the orders database", "the planning team"),
    ("stock reservation locks", "inventory", "Warehouse", "advisory locks", "checkout"),
    ("metrics pipeline", "telemetry", "SRE", "OpenTelemetry collectors", "every service team"),
    ("log retention policy", "telemetry", "SRE", "tiered object storage", "the security team"),
    ("paging rules", "alerting", "SRE", "Alertmanager", "on-call engineers"),
    ("synthetic probes", "alerting", "SRE", "a probe runner in three regions", "on-call engineers"),
    ("orders data warehouse", "warehouse-dw", "Data", "dbt and a columnar store", "analysts"),
    ("event schema registry", "event-bus", "Platform", "Avro schemas", "every producer team"),
    ("dead-letter queue handling", "event-bus", "Platform", "the shared job queue", "service owners"),
    ("offline mode for the driver app", "mobile", "Mobile", "SQLite with a sync journal", "drivers"),
    ("push notification opt-in", "mobile", "Mobile", "the platform push APIs", "end customers"),
    ("feature flag service", "flags", "Platform", "a flag evaluation SDK", "every service team"),
    ("audit log", "audit", "Identity", "an append-only table", "compliance"),
    ("database connection pooling", "platform-db", "SRE", "PgBouncer", "every service team"),
    ("backup and restore drills", "platform-db", "SRE", "point-in-time recovery", "the security team"),
    ("customs document generator", "tracking", "Dispatch", "a PDF toolkit", "international shippers"),
    ("rate card importer", "billing", "Payments", "a validated spreadsheet schema", "sales operations"),
]

ACTIONS = [
    "Migrate the {o} to {t}", "Rewrite the {o}", "Harden the {o} against partial failures",
    "Introduce the {o} v2", "Retire the legacy {o}", "Split the {o} out of the monolith",
    "Multi-region support for the {o}", "Backfill and reconcile the {o}",
    "Observability for the {o}", "Cut the running cost of the {o}",
    "Rate limiting for the {o}", "Self-service onboarding for the {o}",
]

LEGACY = ["a cron job on a single VM", "a Python 2 script that nobody owns",
          "part of the monolith's request path", "a set of stored procedures",
          "a sidecar with hand-tuned retries", "a vendor appliance that leaves support next year"]
PAIN = ["fails silently roughly once a week", "takes over four hours at month end",
        "cannot be deployed without a maintenance window",
        "pages the on-call engineer for transient errors",
        "has no tests beyond a smoke check", "costs more than the rest of the stack combined",
        "loses events when a node restarts"]
LEGACY_SHORT = ["cron job", "Python 2 script", "monolith handler", "stored procedure",
                "sidecar", "vendor appliance"]

PHASE_NAMES = [
    ["Foundation", "Discovery", "Groundwork", "Schema & Contracts"],
    ["Core Development", "Dual Write", "Client Migration", "Backfill", "Hardening"],
    ["Integration & Testing", "Shadow Traffic", "Pilot", "Load Testing"],
    ["Deployment & Launch", "Cutover", "Rollout & Cleanup", "Decommission"],
]

DELIVERABLES = [
    "Schema for the {sys} tables merged and migrated in staging",
    "Feature flag `{flag}` wired through the {sys} service",
    "Load test report at twice the current peak",
    "Runbook for the {sys} on-call rotation",
    "Dashboard for {sys} latency and error budget",
    "Client library release with the new contract",
    "Backfill job for historical {sys} records",
    "Contract tests against the sandbox used by {consumers}",
    "Shadow-traffic comparison report",
    "Cutover checklist reviewed by the {team} team",
    "Legacy {legacy} disabled in production",
    "Alert rules for {sys} saturation and error rate",
    "Migration guide for {consumers}",
    "Retention policy applied to the {sys} tables",
    "Architecture decision recorded for the storage choice",
    "Capacity estimate for the next twelve months",
]

TASKS = [
    "Write the migration for the {sys} outbox table", "Add idempotency keys to the {sys} writer",
    "Port the {legacy} retry logic", "Set up the CI job for contract tests",
    "Document the rollback steps", "Tune connection pool sizes",
    "Add tracing spans around the {sys} handlers", "Review the data model with {team}",
    "Build the reconciliation report", "Remove the dual-write path",
    "Run a game day for the failover", "Update the partner-facing changelog",
    "Backfill records from 2021 onwards", "Add a kill switch to the admin console",
    "Write property tests for the parser", "Measure p99 latency before and after",
    "Pin dependency versions and audit licences", "Wire the new metrics into the SLO report",
    "Delete the unused feature flags", "Draft the customer announcement",
]
HOURS = ["4h", "8h", "12h", "16h", "24h", "32h", "2d", "3d", "5d"]

RISKS = [
    ("Backfill overloads the primary database", "Throttle to 500 rows/s and run outside peak hours"),
    ("Consumers rely on undocumented fields", "Ship a compatibility shim for one release"),
    ("Key engineer unavailable during cutover", "Second engineer shadows the dry run"),
    ("Vendor API rate limits", "Request a quota increase and cache responses for 5 minutes"),
    ("Schema drift between regions", "Run the diff job nightly and alert on any mismatch"),
    ("Clock skew breaks ordering", "Order by sequence number, never by timestamp"),
    ("Scope creep from adjacent teams", "Route requests through the change log and weekly triage"),
    ("Feature flag left on in staging hides failures", "Assert flag state in the smoke test"),
    ("Replica fails to rejoin the cluster after failover", "Automated rejoin with a manual runbook fallback"),
    ("Cost of the new storage tier exceeds budget", "Review the bill weekly during the pilot"),
    ("Mobile clients stay on old versions for months", "Keep the old endpoint until usage drops below 1%"),
    ("Data loss during the cutover window", "Dual write plus a reconciliation report before switching reads"),
]

GATES = [
    "Design approved by the architecture group", "Contract tests green for five consecutive runs",
    "Error rate under 0.1% during shadow traffic", "Rollback rehearsed in staging",
    "Security review findings closed", "p99 latency within the agreed budget for a week",
]

KEPT_BRACKETS = [
    "[Failure mode refers to a replica of the {sys} database failing to rejoin the cluster after a restart]",
    "[Scope note: the {legacy} path stays untouched until the last phase]",
    "[Assumption: traffic from {consumers} stays below 400 requests per second during the pilot]",
    "[Decision taken at the architecture sync: reads switch only after the reconciliation report is clean]",
    "[Clarification: \"tenant\" means the billing account, not the login]",
]


def iso(d):
    return d.isoformat()


def long_date(d):
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def git_date(rng, d):
    return (f"{WEEKDAYS[d.weekday()]} {MONTHS[d.month - 1][:3]} {d.day} "
            f"{rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d} {d.year}")


def dotted_us(d):
    return f"{d.month:02d}.{d.day:02d}.{d.year}"


def rand_date(rng, lo, hi):
    if hi < lo:
        hi = lo
    return lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))


def monday(d):
    return d - dt.timedelta(days=d.weekday())


def days(n):
    return dt.timedelta(days=n)


def slugify(text, words=5):
    keep = []
    for w in text.lower().replace("&", " ").replace("-", " ").split():
        w = "".join(c for c in w if c.isalnum())
        if w and w not in ("the", "a", "of", "for", "to", "and", "out", "against"):
            keep.append(w)
    return "-".join(keep[:words])


class Repo:
    def __init__(self, root, rng):
        self.root = root
        self.rng = rng
        self.files = {}
        self.shape = {}
        self.features = {}
        self.expected = []

    def write(self, path, lines, shape, defect=None):
        """lines may hold one MARK; its (1-based) line is recorded for the defect."""
        assert path not in self.files, path
        text = "\n".join(lines).rstrip("\n") + "\n"
        marked = [i for i, l in enumerate(text.split("\n")) if MARK in l]
        aux = [i for i, l in enumerate(text.split("\n")) if AUX in l]
        if defect:
            assert len(marked) == 1, (path, defect, len(marked))
            kind, desc = defect
            if "{aux}" in desc:
                assert len(aux) == 1, (path, defect, len(aux))
                desc = desc.replace("{aux}", str(aux[0] + 1))
            self.expected.append((path, marked[0] + 1, kind, desc))
        else:
            assert not marked, path
        text = text.replace(MARK, "").replace(AUX, "")
        self.files[path] = text
        self.shape[path] = shape

    def feature(self, name, path):
        self.features.setdefault(name, set()).add(path)

    def flush(self):
        for path in sorted(self.files):
            full = os.path.join(self.root, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w", encoding="utf-8", newline="\n") as f:
                f.write(self.files[path])


# --------------------------------------------------------------------------- plans ---

class Plan:
    """Everything about one plan that its own file, its phase files and the documents
    about it need to agree on."""


def status_display(rng, cls):
    if cls == "draft":
        return "Draft"
    if cls == "review":
        return rng.choice(["In Review", "In Review", "Review"])
    if cls == "approved":
        return "Approved"
    if cls == "active":
        return rng.choice(["In Progress", "In Progress", "In Progress", "🔄 IN PROGRESS"])
    if cls == "blocked":
        return rng.choice(["Blocked", "On hold"])
    return rng.choice(["Completed", "Completed", "Completed", "✅ COMPLETE", "Complete"])


BOX_OF = {"draft": "Draft", "review": "In Review", "approved": "Approved", "active": "In Progress",
          "blocked": None, "completed": "Completed"}
BOXES = ["Draft", "In Review", "Approved", "In Progress", "Completed"]


def status_line(ticked):
    return "**Plan Status**: " + " ".join(
        f"[{'x' if b == ticked else ' '}] {b}" for b in BOXES)


def make_schedule(rng, p):
    """Dates for plan p, consistent with its lifecycle class and ANCHOR."""
    weeks = p.weeks
    cls = p.cls
    if p.defect and p.defect[0] == "stale-status" and cls in ("approved", "draft"):
        # Everything ticked: the work is finished, the status never moved on.
        start = monday(rand_date(rng, dt.date(2023, 3, 1), ANCHOR - days(weeks * 7 + 30)))
    elif cls == "completed":
        lo = dt.date(2022, 3, 1) if p.year_hint is None else dt.date(p.year_hint, 2, 1)
        hi = ANCHOR - days(weeks * 7 + 12)
        if p.year_hint is not None:
            hi = min(hi, dt.date(p.year_hint, 12, 31) - days(weeks * 7))
        start = monday(rand_date(rng, lo, hi))
    elif cls in ("active", "blocked"):
        start = monday(rand_date(rng, ANCHOR - days(weeks * 7 - 10), ANCHOR - days(12)))
    elif cls == "approved":
        start = monday(rand_date(rng, ANCHOR + days(3), ANCHOR + days(40)))
    elif cls == "review":
        start = monday(rand_date(rng, ANCHOR + days(14), ANCHOR + days(60)))
    else:  # draft
        d0 = rand_date(rng, dt.date(2022, 3, 1), ANCHOR - days(5))
        start = monday(d0 + days(rng.randint(14, 40)))
    end = start + days(weeks * 7 - 3)
    if cls == "approved" and not (p.defect and p.defect[0] == "stale-status"):
        approval = rand_date(rng, ANCHOR - days(30), ANCHOR - days(2))
        date = approval - days(rng.randint(6, 21))
    elif cls == "review":
        date = rand_date(rng, ANCHOR - days(30), ANCHOR - days(8))
        approval = None
    elif cls == "draft" and not (p.defect and p.defect[0] == "stale-status"):
        date = d0
        approval = None
    else:
        approval = start - days(rng.randint(1, 9))
        date = approval - days(rng.randint(6, 24))
    p.start, p.end, p.date, p.approval = start, end, date, approval
    # Reviews between Date and approval (or ANCHOR for plans under review).
    limit = approval if approval else min(ANCHOR - days(1), date + days(20))
    span = max(1, (limit - date).days)
    offs = sorted(rng.randint(1, span) for _ in range(3))
    p.review_dates = [date + days(o) for o in offs] + [approval or limit]
    # Phases, as week ranges and dates.
    p.phase_ranges = []
    w = 1
    for length in p.phase_lengths:
        a, b = w, w + length - 1
        p.phase_ranges.append((a, b, start + days((a - 1) * 7), start + days(b * 7 - 3)))
        w = b + 1
    # Progress per phase: done / current / future.
    if cls in ("completed",) or (p.defect and p.defect[0] == "stale-status"):
        p.progress = ["done"] * len(p.phase_ranges)
    elif cls in ("active", "blocked"):
        elapsed = (ANCHOR - start).days // 7 + 1
        prog = []
        for a, b, _, _ in p.phase_ranges:
            prog.append("done" if b < elapsed else ("current" if a <= elapsed else "future"))
        if "current" not in prog:
            prog[-1] = "current"
        p.progress = prog
    else:
        p.progress = ["future"] * len(p.phase_ranges)
    # Change log.
    log = [("0.1", date, p.author, "Initial draft")]
    if cls != "draft" or rng.random() < 0.5:
        mid = p.review_dates[0]
        if mid > date:
            log.append(("0.2", mid, p.author, rng.choice(
                ["Addressed review comments on the rollout section",
                 "Split the work into phases after the design review",
                 "Added the risk table and owners"])))
    if approval:
        log.append(("1.0", approval, p.author, "Approved" if cls != "draft" else "Reviewed"))
    if cls in ("active", "blocked"):
        done_ends = [r[3] for r, s in zip(p.phase_ranges, p.progress) if s == "done" and r[3] < ANCHOR]
        n = 1
        for e in done_ends[:3]:
            d = e + days(rng.randint(0, 3))
            if d <= ANCHOR - days(2) and d > log[-1][1]:
                log.append((f"1.{n}", d, p.author, "Phase review: dates confirmed, checklist updated"))
                n += 1
        if cls == "blocked":
            d = min(ANCHOR, max(log[-1][1] + days(1), ANCHOR - days(rng.randint(3, 20))))
            log.append((f"1.{n}", d, p.author, "Work paused; see the blocker note under Critical Path"))
    if cls == "completed" or (p.defect and p.defect[0] == "stale-status"):
        d = end + days(rng.randint(1, 6))
        if d > ANCHOR:
            d = ANCHOR
        if d > log[-1][1]:
            label = "Marked completed" if cls == "completed" else "All checklist items ticked"
            log.append(("1.1" if log[-1][0] == "1.0" else f"{log[-1][0]}.1", d, p.author, label))
    if cls == "review":
        d = min(ANCHOR - days(1), max(log[-1][1] + days(1), date + days(5)))
        log.append(("0.9", d, p.author, "Submitted for review"))
    p.change_log = log
    p.version = log[-1][0] if log[-1][0] != "0.1" or cls != "draft" else "0.1"
    p.last_updated = log[-1][1]
    future = rand_date(rng, ANCHOR + days(21), ANCHOR + days(120))
    p.next_review = future if cls != "completed" else end + days(rng.randint(30, 120))


def ctx_of(p):
    return dict(sys=p.sys, team=p.team, consumers=p.consumers, legacy=p.legacy_short,
                flag=p.flag, o=p.obj, t=p.tech)


def fill(text, p):
    return text.format(**ctx_of(p))


def checkbox(done):
    return "- [x]" if done else "- [ ]"


def fmt_header_date(p, d, rng):
    style = p.date_style
    if style == "long":
        return long_date(d)
    if style == "dotted" and d.day > 12:
        return dotted_us(d)
    return iso(d)


class Features:
    """Collects feature marks for one attempt at a document; replayed into the repo once
    the final version is chosen."""

    def __init__(self):
        self.marks = []

    def feature(self, name, path):
        self.marks.append((name, path))


def plan_lines(rng, repo, p, path):
    """A full plan written from the template. Returns (lines, flip) where lines carry MARK
    on the defect line when p.defect is set; `repo` only collects feature marks."""
    kind = p.defect[0] if p.defect else None
    sub = p.defect[1] if p.defect else None
    P = p.people
    people = lambda: rng.choice(P)  # noqa: E731
    keep_ph = p.cls == "draft" and p.keep_placeholders
    L = []

    # ---- header -------------------------------------------------------------------
    date_text = fmt_header_date(p, p.date, rng)
    if kind == "invalid-date" and sub == "header":
        # The intended date is the last day of a short month; one past it does not exist.
        date_text = p.invalid_text + MARK
    if kind == "unpadded-date" and sub == "header":
        date_text = f"{p.date.year}-{p.date.month:02d}-{p.date.day}" + MARK
    if p.date_style == "long":
        repo.feature("7 long-form date", path)
    if p.date_style == "dotted" and p.date.day > 12:
        repo.feature("7 dotted US date", path)
    pid = p.pid
    if kind == "placeholder" and sub == "plan-id":
        pid = "PLAN-XXX"
    status = p.status
    fields = [("Plan ID", pid + (MARK if kind in ("duplicate-id",) or sub == "plan-id" else ""))]
    if p.spec:
        fields.append(("Specification", p.spec))
    fields += [("Title", p.title), ("Version", p.version), ("Date", date_text),
               ("Owner" if p.owner_word else "Author", p.author),
               ("Status", status + (MARK if kind in ("status-mismatch", "stale-status") else ""))]
    if p.last_updated_field:
        lu = p.last_updated
        text = iso(lu)
        if p.git_last_updated:
            text = git_date(rng, lu)
            repo.feature("7 git-format date", path)
        if kind == "last-updated-early":
            early = p.lu_early
            text = iso(early) + MARK
        fields.append(("Last Updated", text))
        repo.feature("6 Last Updated / Generated heading field", path)
    if p.generated_field:
        fields.append(("Generated", iso(p.last_updated)))
        repo.feature("6 Last Updated / Generated heading field", path)
    style = p.header_style
    if style == "heading":
        L += [f"# Implementation Plan: {p.title}", ""]
        L += [f"## {k}: {v}" for k, v in fields]
    elif style == "bold":
        L += [f"# {p.title} — Implementation Plan", ""]
        L += [f"**{k}**: {v}  " for k, v in fields]
        L[-1] = L[-1].rstrip()
    elif style == "bold-colon-inside":
        L += [f"# Implementation Plan — {p.title}", ""]
        L += [f"**{k}:** {v}  " for k, v in fields]
        L[-1] = L[-1].rstrip()
    elif style == "list":
        L += [f"# {p.title}", "", "Implementation plan for the " + p.team + " team.", ""]
        L += [f"- **{k}**: {v}" for k, v in fields]
    else:  # table
        L += [f"# Implementation Plan: {p.title}", "", "| Field | Value |", "|-------|-------|"]
        L += [f"| {k} | {v} |" for k, v in fields]
    if status in ("Blocked", "On hold", "🔄 IN PROGRESS", "✅ COMPLETE"):
        repo.feature(f"5 status {status}", path)
    L.append("")

    sections = []  # (title, [lines]) at level 2, with sub-sections as lines

    # ---- 1. Overview ------------------------------------------------------------------
    legacy = rng.choice(LEGACY)
    summary = [
        f"This plan describes how the {p.team} team will deliver \"{p.title.lower()}\" over "
        f"{p.weeks} weeks.",
        f"Today the {p.obj} runs as {legacy}; it {rng.choice(PAIN)}.",
    ]
    if rng.random() < 0.6:
        summary.append(f"The work is split into {len(p.phase_ranges)} phases so that each one "
                       f"can ship behind the `{p.flag}` flag.")
    if rng.random() < 0.5:
        summary.append(f"Nothing changes for {p.consumers} until the final phase.")
    body = ["### 1.1 Plan Summary", " ".join(summary), ""]
    if keep_ph and rng.random() < 0.4:
        body = ["### 1.1 Plan Summary", "[Brief summary of the implementation plan]", ""]
    objectives = rng.sample([
        f"Bring the {p.sys} error rate under 0.1% of requests",
        f"Remove the dependency on the {p.legacy_short}",
        f"Cut the median processing time by at least {rng.choice([30, 40, 50, 60])}%",
        f"Give {p.consumers} a documented, versioned contract",
        "Make deploys possible during business hours",
        f"Keep the monthly running cost under {rng.choice([2, 3, 5, 8])}k EUR",
        "Page a human only for problems a human has to fix",
    ], rng.randint(2, 4))
    if not (p.compact and rng.random() < 0.5):
        body += ["### 1.2 Objectives"] + [f"- {o}" for o in objectives] + [""]
    crit = [
        f"All {p.sys} traffic is served by the new path for 14 consecutive days",
        "The reconciliation report shows zero unexplained differences",
        f"The on-call rotation for {p.sys} received no pages caused by this work in the last two weeks",
        "Rollback has been rehearsed in staging and takes under ten minutes",
        "Dashboards and alerts are linked from the runbook",
    ]
    crit = rng.sample(crit, rng.randint(2, 4))
    if p.marker_prose:
        repo.feature("4 marker prose (TODO/FIXME/TBD as subjects)", path)
        crit += rng.sample([
            f"No TODO comments remain in the {p.sys} module",
            f"Remove all FIXME markers from the {p.legacy_short} port before cutover",
            "Every TBD in the risk register has been resolved or moved to the backlog",
            "Checked before the final merge: rg -n \"TODO|FIXME\" src/ prints nothing for the touched crates",
        ], 2)
    body += ["### 1.3 Success Criteria"] + [f"{i}. {c}" for i, c in enumerate(crit, 1)] + [""]
    if p.marker_prose and rng.random() < 0.5:
        body += [f"The legacy parser sets TODO at position 2 of the status tuple; the new reader "
                 "maps it to `pending` and rejects unknown states.", ""]
    sections.append((1, "Overview", body))

    # ---- 2. Implementation Strategy ---------------------------------------------------
    if p.opt["strategy"]:
        body = ["### 2.1 Approach"]
        body.append(f"We build the new {p.sys} path next to the old one, compare their outputs, "
                    "and switch reads only when the comparison is clean.")
        if p.kept_bracket or rng.random() < 0.3:
            body += ["", "Options considered:", "",
                     f"- [Option A] Patch the {p.legacy_short} in place and add retries",
                     f"- [Option B] Rebuild on {p.tech} behind a feature flag (chosen)",
                     "- [Option C] Buy a managed service and accept the lock-in"]
            repo.feature("9 kept bracket labels", path)
        body += ["", "### 2.2 Methodology", rng.choice([
            "Two-week iterations, trunk-based development, every change behind a flag.",
            "Kanban with a work-in-progress limit of three; design questions go to the weekly sync.",
            "Small pull requests (under 400 changed lines), each with a test and a changelog line.",
        ]), ""]
        if rng.random() < 0.6:
            body += ["### 2.3 Quality Assurance", rng.choice([
                "Every pull request needs one approval from a second team and a green CI run.",
                "QA pairs with the developers during the last week of each phase; no separate test phase.",
                "Contract tests run on every merge; the nightly job replays a day of production traffic.",
            ]), ""]
        sections.append((2, "Implementation Strategy", body))

    # ---- 3. Technical Implementation ---------------------------------------------------
    if p.opt["technical"]:
        body = ["### 3.1 Architecture",
                f"The {p.sys} service owns its tables and publishes changes through an outbox. "
                f"Readers consume the change stream; nothing reads the {p.legacy_short}'s tables "
                "directly after phase 2."]
        if p.kept_bracket:
            body += ["", fill(rng.choice(KEPT_BRACKETS), p)]
            repo.feature("9 kept bracket labels", path)
        if p.marker_prose and rng.random() < 0.5:
            body += ["", "Status values follow the legacy enum: the parser sets TODO at position 2 "
                     "and DONE at position 3, so the migration keeps that order."]
        body += ["", "### 3.2 Technology Stack",
                 f"- **Storage**: {p.tech}",
                 f"- **Service**: {rng.choice(['Rust', 'Go', 'Kotlin', 'TypeScript'])} on the shared platform",
                 "- **Messaging**: the shared event bus", ""]
        if rng.random() < 0.7:
            body += ["### 3.3 Dependencies"]
            if p.dep_link:
                body.append(f"- {p.dep_link}")
                repo.feature("8 links (relative / reference / in-page)", path)
            body += [f"- The {rng.choice(['identity', 'platform-db', 'event-bus'])} team for a "
                     "schema review", ""]
        if rng.random() < 0.5:
            body += ["### 3.4 Integration Points",
                     f"The {p.sys} API is called by {p.consumers}; the new version keeps the "
                     "old routes until usage drops below 1%.", ""]
        sections.append((3, "Technical Implementation", body))

    # ---- 4. Implementation Phases ------------------------------------------------------
    body = []
    flip_done = None  # (phase index, task) for the Completed-with-unchecked defect
    n_del = 2 if p.compact else 3
    n_task = 3 if p.compact else 4
    del_pool = rng.sample(DELIVERABLES, len(DELIVERABLES))
    task_pool = rng.sample(TASKS, len(TASKS))
    objectives_by_pos = [
        ["Agree the contract and land the schema without changing behaviour",
         "Measure the baseline and fix the worst offenders first"],
        ["Make the new path produce the same output as the {legacy}",
         "Write to both paths and keep them in step"],
        ["Run both paths side by side and close every difference",
         "Prove the new path at twice the current peak"],
        ["Move all readers to the new path and delete the old one",
         "Switch traffic over in steps and keep the rollback one flag away"],
    ]
    for i, ((a, b, ps, pe), prog, name) in enumerate(zip(p.phase_ranges, p.progress, p.phase_names)):
        wk = f"[Weeks {a}-{b}]" if b > a else f"[Week {a}]"
        if p.week_paren:
            wk = wk.replace("[", "(").replace("]", ")")
        body.append(f"### Phase {i + 1}: {name} {wk}")
        if p.phase_files:
            body.append(f"**Detail**: [{p.phase_files[i]}]({p.phase_files[i]})")
            repo.feature("8 links (relative / reference / in-page)", path)
        n = len(p.phase_ranges)
        pos = 0 if i == 0 else (3 if i == n - 1 else (2 if i == n - 2 else 1))
        body.append(f"**Objectives**: " + fill(rng.choice(objectives_by_pos[pos]), p))
        dels = [fill(del_pool.pop(), p) for _ in range(rng.randint(2, n_del))]
        tasks = [fill(task_pool.pop(), p) for _ in range(rng.randint(2, n_task))]
        items = dels + tasks
        if prog == "done":
            ticks = [True] * len(items)
        elif prog == "current":
            k = rng.randint(0, len(items) - 1)
            ticks = [j < k for j in range(len(items))]
        else:
            ticks = [False] * len(items)
        if kind == "status-mismatch" and sub == "completed-unchecked" and i == len(p.phase_ranges) - 1:
            ticks[-1] = False
            flip_done = (i, tasks[-1])
        body.append("**Deliverables**:")
        for j, d in enumerate(dels):
            body.append(f"{checkbox(ticks[j])} {d}")
        body.append("")
        body.append("**Tasks**:")
        for j, t in enumerate(tasks):
            who = people()
            assigned = who
            if kind == "placeholder" and sub == "task-assignee" and i == 0 and j == 0:
                assigned = "[Assigned To]" + MARK
            if keep_ph and i == 0 and j == 0:
                assigned = "[Assigned To]"
            aux = AUX if flip_done and flip_done[0] == i and j == len(tasks) - 1 else ""
            body.append(f"{checkbox(ticks[len(dels) + j])} {t} - {rng.choice(HOURS)} - {assigned}{aux}")
        body.append("")
        if p.compact and rng.random() < 0.6:
            continue
        body.append(f"**Dependencies**: " + rng.choice([
            "None beyond the previous phase", f"Schema review by the {p.team} data owners",
            "The staging cluster upgrade", "Phase 1 sign-off", "Quota increase from the vendor"]))
        body.append(f"**Risks**: " + rng.choice([
            "Low; the phase changes no production behaviour",
            "Differences between the two paths may take longer to explain than to fix",
            "Clients that pin old versions; tracked in the risk table",
            "Backfill duration; measured on a copy first"]))
        body.append("")
    sections.append((4, "Implementation Phases", body))

    # ---- 5. Resource Requirements -----------------------------------------------------
    if p.opt["resources"]:
        body = ["### 5.1 Human Resources",
                f"- **Backend Developer**: 2 engineers, {p.weeks} weeks - {p.tech}, service ownership",
                f"- **QA Engineer**: 1 engineer, half time - contract and load testing",
                f"- **DevOps Engineer**: {rng.choice(['1 engineer, 2 weeks', 'on request, about 20 hours'])} - deploy pipeline, alerts",
                ""]
        if rng.random() < 0.6 or (kind == "placeholder" and sub == "infra"):
            test_env = "Shared staging namespace with a copy of last week's data"
            if kind == "placeholder" and sub == "infra":
                test_env = "TBD" + MARK
            if keep_ph:
                test_env = "[Requirements]"
            body += ["### 5.2 Infrastructure Resources",
                     "- **Development Environment**: Local containers plus the shared dev cluster",
                     f"- **Testing Environment**: {test_env}",
                     f"- **Production Environment**: Existing {p.sys} cluster, two extra nodes during backfill",
                     ""]
        if rng.random() < 0.4 or (kind == "placeholder" and sub == "services"):
            mon = "Existing Grafana and Alertmanager stack, no added cost"
            if kind == "placeholder" and sub == "services":
                mon = "[Services and costs]" + MARK
            body += ["### 5.3 Third-Party Services",
                     "- **AI Providers**: Not used by this plan",
                     f"- **Monitoring Services**: {mon}",
                     ""]
        sections.append((5, "Resource Requirements", body))

    # ---- 6. Timeline & Milestones -----------------------------------------------------
    start_text, end_text = iso(p.start), iso(p.end)
    if kind == "date-order" and sub == "start-after-end":
        start_text = iso(p.bad_start) + AUX
        end_text = iso(p.end) + MARK
    if kind == "unpadded-date" and sub == "start":
        start_text = f"{p.start.year}-{p.start.month:02d}-{p.start.day}" + MARK
    body = ["### 6.1 Overall Timeline", f"- **Start Date**: {start_text}", f"- **End Date**: {end_text}"]
    show_duration = not (kind == "date-order" and sub == "start-after-end")
    if show_duration:
        body.append(f"- **Total Duration**: {p.weeks} weeks")
    body.append("")
    if not (kind == "date-order" and sub == "start-after-end"):
        body.append("### 6.2 Key Milestones")
        for i, ((a, b, ps, pe), prog) in enumerate(zip(p.phase_ranges, p.progress)):
            d = pe
            text = iso(d)
            mark = ""
            if kind == "date-order" and sub == "milestone" and i == p.bad_milestone:
                text = iso(p.phase_ranges[i - 1][3] - days(p.bad_milestone_back))
                mark = MARK
            if kind == "invalid-date" and sub == "milestone" and i == p.bad_milestone:
                text = p.invalid_text
                mark = MARK
            if kind == "unpadded-date" and sub == "milestone" and i == p.bad_milestone:
                text = f"{d.year}-{d.month:02d}-{d.day}"
                mark = MARK
            done = prog == "done"
            desc = fill(rng.choice([
                "{sys} schema live in staging", "Dual write enabled in production",
                "Shadow comparison clean for a week", "Readers switched to the new path",
                "Legacy {legacy} switched off", "Pilot with {consumers} finished",
                "Load test passed at twice the peak", "Runbook reviewed by on-call"]), p)
            body.append(f"{checkbox(done)} **Milestone {i + 1}**: {desc} - {text}{mark}")
        body.append("")
    if p.cls == "blocked" or (not p.compact and rng.random() < 0.5):
        body += ["### 6.3 Critical Path"]
        if p.cls == "blocked":
            body.append(rng.choice([
                f"Blocked on the vendor contract renewal; nothing in phase "
                f"{p.progress.index('current') + 1} can start until legal signs it.",
                "On hold while the team covers the peak-season freeze; work resumes after the freeze.",
            ]))
        else:
            body.append("Schema review, then the backfill, then the read switch; everything else "
                        "runs in parallel with them.")
        body.append("")
    sections.append((6, "Timeline & Milestones", body))

    # ---- 7. Risk Management --------------------------------------------------------------
    body = ["### 7.1 Risk Assessment",
            "| Risk | Probability | Impact | Mitigation Strategy | Owner |",
            "|------|-------------|--------|-------------------|-------|"]
    for j, (risk, mit) in enumerate(rng.sample(RISKS, rng.randint(3, 5))):
        owner = people()
        cell_mark = ""
        if kind == "placeholder" and sub == "risk-owner" and j == 1:
            owner, cell_mark = "TBD", MARK
        if keep_ph and j == 0:
            owner = "[Owner]"
        body.append(f"| {risk} | {rng.choice(['High', 'Medium', 'Low'])} | "
                    f"{rng.choice(['High', 'Medium', 'Low'])} | {mit} | {owner} |{cell_mark}")
    body.append("")
    if not p.compact and rng.random() < 0.6:
        body += ["### 7.2 Contingency Plans"]
        if keep_ph and rng.random() < 0.5:
            body.append("[Contingency plans for high-risk items]")
        else:
            body.append(f"If the backfill cannot finish inside the window, we keep dual write on "
                        f"and move the read switch by one week. Owner decides at the daily standup.")
        body.append("")
    sections.append((7, "Risk Management", body))

    # ---- 8. Quality Assurance -------------------------------------------------------------
    if p.opt["qa"]:
        body = ["### 8.1 Testing Strategy",
                "- **Unit Testing**: New code at 80% line coverage; property tests for the parser",
                "- **Integration Testing**: Contract tests against staging on every merge",
                "- **Performance Testing**: One load test per phase at twice the current peak",
                ""]
        if rng.random() < 0.6:
            body += ["### 8.2 Quality Gates"]
            for j, g in enumerate(rng.sample(GATES, 3)):
                if p.cls == "completed" or (kind == "stale-status"):
                    done = True
                elif p.cls in ("active", "blocked"):
                    done = j == 0 and p.progress[0] == "done"
                else:
                    done = False
                body.append(f"{checkbox(done)} **Gate {j + 1}**: {g}")
            body.append("")
        sections.append((8, "Quality Assurance", body))

    # ---- 9. Deployment Strategy -------------------------------------------------------------
    if p.opt["deploy"]:
        body = ["### 9.1 Deployment Approach",
                f"Canary to 5% of {p.sys} traffic for a day, then 25%, 50% and 100% on consecutive days."]
        if p.broken_ref:
            body.append("The exact steps and owners are in [the rollout doc][rollout].")
            repo.feature("8 broken reference-style link", path)
        body += ["", "### 9.2 Rollback Plan",
                 f"Turn off `{p.flag}`; reads fall back to the old path within a minute."]
        if p.inpage_link:
            body.append("Triggers and owners are listed with the risks "
                        "([see Risks](#Risk Assessment)).")
            repo.feature("8 in-page link with spaces", path)
        body += ["", "### 9.3 Monitoring & Alerting",
                 f"Error rate and p99 latency on the [{p.sys} dashboard][dash]; alerts page the "
                 f"{p.team} on-call.", "",
                 f"[dash]: https://grafana.corvid.internal/d/{p.sys}-overview", ""]
        repo.feature("8 links (relative / reference / in-page)", path)
        sections.append((9, "Deployment Strategy", body))

    # ---- 10 / 11 (optional) -----------------------------------------------------------------
    if p.opt["metrics"]:
        body = ["### 10.1 Technical Metrics",
                f"- **Performance**: p99 under {rng.choice([150, 200, 250, 400])} ms",
                "- **Reliability**: 99.9% monthly availability",
                "", "### 10.2 Business Metrics",
                f"- **User Adoption**: {rng.choice([60, 75, 90])}% of {p.consumers} on the new path within a month",
                ""]
        sections.append((10, "Success Metrics", body))
    if p.opt["comms"]:
        body = ["### 11.1 Stakeholder Communication",
                f"- **Weekly Reports**: {p.author} posts progress in #{p.sys}-updates every Friday",
                "- **Milestone Reviews**: 30 minutes with the stakeholders at the end of each phase",
                "", "### 11.2 Team Communication",
                "- **Standup Meetings**: Daily, 15 minutes, async on Fridays", ""]
        sections.append((11, "Communication Plan", body))

    # ---- 12. Review & Approval --------------------------------------------------------------
    body = ["### 12.1 Review Process"]
    short_review = p.compact and p.cls != "review" and not (kind == "signoff-missing" and sub == "review-no-name") \
        and not (kind == "invalid-date" and sub == "ambiguous-review") and rng.random() < 0.6
    roles = ["Technical Review", "Business Review", "Security Review", "Final Approval"]
    reviewers = rng.sample(P, 4)
    for j, role in enumerate(roles):
        d = p.review_dates[j]
        if p.cls in ("approved", "active", "blocked", "completed"):
            done = True
        elif p.cls == "review":
            done = j < p.reviews_done
        else:
            done = kind == "stale-status"
        mark = ""
        entry = f"{reviewers[j]} - {iso(d)}"
        if keep_ph:
            entry = "[Reviewer] - [Date]"
        if p.cls == "review" and role == "Final Approval":
            continue
        if short_review and role in ("Business Review", "Security Review"):
            continue
        if kind == "signoff-missing" and sub == "review-no-name" and j == 0:
            entry = None
            mark = MARK
            done = False
        if kind == "invalid-date" and sub == "ambiguous-review" and j == 1:
            entry = f"{reviewers[j]} - {p.ambiguous_text}"
            mark = MARK
        if entry is None:
            body.append(f"{checkbox(done)} **{role}**: Architecture and implementation approach{mark}")
        else:
            body.append(f"{checkbox(done)} **{role}**: {entry}{mark}")
    body.append("")
    body.append("### 12.2 Sign-off")
    signers = rng.sample(P, 3)
    sroles = ["Technical Lead", "Product Owner", "Project Manager"]
    if p.cls == "draft" and not keep_ph and kind != "stale-status":
        body.append(rng.choice([
            "Sign-off is collected once the plan leaves Draft.",
            "Not yet: the technical lead, product owner and project manager sign after the review."]))
    elif p.cls == "review":
        body.append(f"- **Technical Lead**: {signers[0]} - {iso(p.review_dates[0])}")
        body += ["", "Product and project sign-off are recorded here after the review meeting."]
    elif p.signoff_table:
        body += ["| Role | Name | Date |", "|------|------|------|"]
        for j, role in enumerate(sroles):
            name, d, mark = signers[j], iso(p.approval or p.review_dates[-1]), ""
            if keep_ph:
                name, d = "[Name]", "[Date]"
            if kind == "signoff-missing" and sub == "table-empty" and j == 1:
                name, d, mark = "", "", MARK
            body.append(f"| {role} | {name} | {d} |{mark}")
    else:
        for j, role in enumerate(sroles):
            d = p.approval or p.review_dates[-1]
            entry = f"{signers[j]} - {iso(d)}"
            mark = ""
            if keep_ph:
                entry = "[Name] - [Date]"
            if kind == "signoff-missing" and sub == "placeholders" and j == 1:
                entry, mark = "[Name] - [Date]", MARK
            if kind == "signoff-missing" and sub == "no-date" and j == 2:
                entry, mark = signers[j], MARK
            if kind == "unpadded-date" and sub == "signoff" and j == 0:
                entry, mark = f"{signers[j]} - {d.year}-{d.month:02d}-{d.day}", MARK
            body.append(f"- **{role}**: {entry}{mark}")
    body.append("")
    sections.append((12, "Review & Approval", body))

    # ---- 13. Appendices ----------------------------------------------------------------------
    body = []
    refs = [f"- Runbook: [{p.sys} on-call]({os.path.relpath('docs/guides/oncall.md', p.rel_dir)})",
            f"- Design notes from the kickoff: {p.title} design doc (shared drive)"]
    if p.review_path:
        refs.append(f"- Review: [{os.path.basename(p.review_path)}]({os.path.relpath(p.review_path, p.rel_dir)})")
    if not (p.compact and rng.random() < 0.6):
        body += ["### 13.1 References"] + refs + [""]
        repo.feature("8 links (relative / reference / in-page)", path)
    if p.glossary:
        body += ["### 13.2 Glossary",
                 f"- **Outbox**: a table the {p.sys} service writes in the same transaction as its data",
                 "- **Shadow traffic**: production requests replayed against the new path, responses discarded"]
        if p.marker_prose:
            body.append("- **TBD** — to be decided at the steering meeting; never left in a field once the plan is approved")
        if p.kept_bracket and rng.random() < 0.5:
            body.append(f"- **Failure mode**: {fill(KEPT_BRACKETS[0], p)}")
        body.append("")
    body.append("### 13.3 Change Log" if p.glossary else "### 13.2 Change Log")
    log = list(p.change_log)
    log_rows = []
    for j, (ver, d, who, what) in enumerate(log):
        text, mark = iso(d), ""
        if kind == "invalid-date" and sub == "ambiguous-log" and j == len(log) - 1:
            text, mark = p.ambiguous_text, MARK
        if kind == "last-updated-early" and j == len(log) - 1:
            mark = AUX
        log_rows.append((ver, text, who, what, mark))
    if p.log_desc:
        log_rows = log_rows[::-1]
    if p.log_table:
        body += ["| Version | Date | Author | Changes |", "|---------|------|--------|---------|"]
        body += [f"| {v} | {t} | {w} | {c} |{m}" for v, t, w, c, m in log_rows]
    else:
        body += [f"- **{t}** (v{v}): {c} — {w}{m}" for v, t, w, c, m in log_rows]
    body.append("")
    sections.append((13, "Appendices", body))

    # ---- assemble with numbering ------------------------------------------------------------
    for n, (tnum, title, body) in enumerate(sections, 1):
        if not p.renumber:
            n = tnum
        L.append(f"## {n}. {title}")
        L.append("")
        for line in body:
            if line.startswith("### ") and line[4:5].isdigit() and "." in line[4:8]:
                rest = line[4:].split(" ", 1)[1]
                sub_no = line[4:].split(" ", 1)[0].split(".", 1)[1]
                line = f"### {n}.{sub_no} {rest}"
            L.append(line)
        if L[-1] != "":
            L.append("")

    # ---- footer ------------------------------------------------------------------------------
    if p.footer:
        L += ["---", ""]
        if BOX_OF[p.cls] is not None:
            ticked = BOX_OF[p.cls]
            aux = ""
            if kind == "status-mismatch" and sub == "approved-vs-line":
                ticked, aux = "In Progress", AUX
            L.append(status_line(ticked) + aux)
        nr = iso(p.next_review)
        if keep_ph:
            nr = "[YYYY-MM-DD]"
        if kind == "placeholder" and sub == "next-review":
            nr = "[YYYY-MM-DD]" + MARK
        if kind == "invalid-date" and sub == "ambiguous-next":
            nr = p.ambiguous_text + MARK
        L.append(f"**Next Review Date**: {nr}")
        if p.cls in ("approved", "active", "blocked", "completed") or kind == "stale-status" and p.approval:
            L.append(f"**Approved By**: {reviewers[3]} {iso(p.approval)}")
        elif keep_ph:
            L.append("**Approved By**: [Name] [Date]")
    return L, flip_done


def choose_phase_lengths(rng, n):
    lengths = [rng.choice([1, 2, 2, 2, 3, 3, 4]) for _ in range(n)]
    return lengths


def new_plan(rng, repo, number, year, title, obj, people, cls, defect=None):
    p = Plan()
    o, sys_, team, tech, consumers = obj
    p.obj, p.sys, p.team, p.tech, p.consumers = o, sys_, team, tech, consumers
    p.title = title
    p.legacy_short = rng.choice(LEGACY_SHORT)
    p.flag = f"{sys_.replace('-', '_')}_{rng.choice(['v2', 'new_path', 'rollout', 'read_switch'])}"
    p.number = number
    p.pid = f"PLAN-{year}-{number:03d}"
    p.short = f"PLAN-{number:03d}"
    p.year_hint = None
    p.cls = cls
    p.defect = defect
    p.people = people
    p.author = rng.choice(people)
    n_phases = rng.choice([2, 3, 3, 4, 4, 4, 5])
    p.compact = rng.random() < 0.22
    if p.compact:
        n_phases = rng.choice([2, 2, 3])
    p.phase_lengths = choose_phase_lengths(rng, n_phases)
    p.weeks = sum(p.phase_lengths)
    if cls in ("active", "blocked") and p.weeks < 4:
        p.phase_lengths[-1] += 4 - p.weeks
        p.weeks = sum(p.phase_lengths)
    names = []
    for i in range(n_phases):
        pos = 0 if i == 0 else (3 if i == n_phases - 1 else (2 if i == n_phases - 2 else 1))
        cand = [x for x in PHASE_NAMES[pos] if x not in names]
        names.append(rng.choice(cand))
    p.phase_names = names
    p.status = status_display(rng, cls)
    p.spec = f"SPEC-{rng.randint(100, 420)}" if rng.random() < 0.75 else None
    p.header_style = rng.choices(["heading", "bold", "bold-colon-inside", "list", "table"],
                                 [50, 25, 8, 7, 10])[0]
    p.date_style = rng.choices(["iso", "long", "dotted"], [84, 10, 6])[0]
    p.owner_word = rng.random() < 0.12
    p.last_updated_field = rng.random() < 0.35
    p.git_last_updated = p.last_updated_field and rng.random() < 0.25
    p.generated_field = rng.random() < 0.05
    p.keep_placeholders = rng.random() < 0.65
    p.marker_prose = rng.random() < 0.3
    p.kept_bracket = rng.random() < 0.2
    p.broken_ref = rng.random() < 0.12
    p.inpage_link = rng.random() < 0.12
    p.glossary = rng.random() < 0.45 or p.marker_prose
    p.log_table = rng.random() < 0.4
    p.log_desc = rng.random() < 0.2
    p.signoff_table = rng.random() < 0.15
    p.week_paren = rng.random() < 0.1
    p.footer = rng.random() < 0.9
    p.renumber = rng.random() < 0.5
    p.reviews_done = rng.randint(1, 2)
    p.dep_link = None
    p.review_path = None
    p.phase_files = None
    p.opt = dict(strategy=rng.random() < 0.8, technical=rng.random() < 0.8,
                 resources=rng.random() < 0.55, qa=rng.random() < 0.6,
                 deploy=rng.random() < 0.6 or p.broken_ref or p.inpage_link,
                 metrics=rng.random() < 0.35, comms=rng.random() < 0.3)
    if p.compact:
        # A short plan: the team deleted most optional sections of the template.
        for key in ("strategy", "resources", "qa", "metrics", "comms"):
            p.opt[key] = False
        p.opt["technical"] = rng.random() < 0.4
        p.opt["deploy"] = p.broken_ref or p.inpage_link
        p.glossary = p.marker_prose

    return p


def prepare_defect(rng, p):
    """Adjust p so that its one planted defect exists and nothing else goes wrong."""
    if not p.defect:
        return
    kind, sub = p.defect
    if kind in ("signoff-missing",) and sub in ("placeholders", "no-date"):
        p.signoff_table = False
    if kind == "signoff-missing" and sub == "table-empty":
        p.signoff_table = True
    if kind == "unpadded-date" and sub == "signoff":
        p.signoff_table = False
    if kind in ("placeholder",) and sub in ("infra", "services"):
        p.opt["resources"] = True
    if kind == "placeholder" and sub == "next-review":
        p.footer = True
    if kind == "invalid-date" and sub == "ambiguous-next":
        p.footer = True
    if kind == "status-mismatch" and sub == "approved-vs-line":
        p.footer = True
    if kind == "last-updated-early":
        p.last_updated_field = True
        p.git_last_updated = False
    if kind == "invalid-date" and sub == "header":
        p.date_style = "iso"
    if kind == "stale-status":
        p.keep_placeholders = False
    if kind == "unpadded-date" and sub == "header":
        p.date_style = "iso"


def finish_defect(rng, p):
    """After the schedule exists: values that depend on dates."""
    if not p.defect:
        return None
    kind, sub = p.defect
    desc = None
    if kind == "date-order" and sub == "start-after-end":
        p.bad_start = p.end + days(rng.choice([7, 14, 28, 35]))
        desc = (f"Start Date {iso(p.bad_start)} (line {{aux}}) is after End Date {iso(p.end)} "
                "(start typed weeks too late)")
    elif kind == "date-order" and sub == "milestone":
        p.bad_milestone = rng.randint(2, len(p.phase_ranges) - 1) if len(p.phase_ranges) > 2 else 1
        prev = p.phase_ranges[p.bad_milestone - 1][3]
        prevprev = p.phase_ranges[p.bad_milestone - 2][3] if p.bad_milestone >= 2 else p.start
        gap = (prev - prevprev).days
        p.bad_milestone_back = max(1, min(gap - 1, rng.randint(2, 5))) if gap > 1 else 1
        bad = prev - days(p.bad_milestone_back)
        if bad < p.start:
            p.bad_milestone_back = (prev - p.start).days
            bad = p.start
        desc = (f"Milestone {p.bad_milestone + 1} dated {iso(bad)}, earlier than milestone "
                f"{p.bad_milestone} ({iso(prev)})")
    elif kind == "invalid-date" and sub == "header":
        d = p.date
        desc = None  # filled by caller (needs invalid_text)
    elif kind == "invalid-date" and sub == "milestone":
        # Use a milestone that falls in a month with fewer than 31 days.
        cands = [i for i, r in enumerate(p.phase_ranges) if r[3].month in (2, 4, 6, 9, 11)]
        if not cands:
            return "retry"
        i = cands[0]
        d = p.phase_ranges[i][3]
        bad_day = 30 if d.month == 2 else 31
        p.bad_milestone = i
        p.invalid_text = f"{d.year}-{d.month:02d}-{bad_day}"
        desc = f"Milestone {i + 1} dated {p.invalid_text}, a day that does not exist"
    elif kind == "unpadded-date":
        if sub == "milestone":
            cands = [i for i, r in enumerate(p.phase_ranges) if r[3].day < 10]
            if not cands:
                return "retry"
            p.bad_milestone = cands[0]
            d = p.phase_ranges[cands[0]][3]
            desc = f"Milestone {cands[0] + 1} date written {d.year}-{d.month:02d}-{d.day}, not zero-padded"
        elif sub == "start":
            if p.start.day >= 10:
                return "retry"
            desc = f"Start Date written {p.start.year}-{p.start.month:02d}-{p.start.day}, not zero-padded"
        elif sub == "signoff":
            d = p.approval
            if d is None or d.day >= 10:
                return "retry"
            desc = f"Technical Lead sign-off dated {d.year}-{d.month:02d}-{d.day}, not zero-padded"
        elif sub == "header":
            if p.date.day >= 10:
                return "retry"
            desc = f"Date written {p.date.year}-{p.date.month:02d}-{p.date.day}, not zero-padded"
    elif kind == "last-updated-early":
        last = p.change_log[-1][1]
        if len(p.change_log) < 2 or (last - p.date).days < 10:
            return "retry"
        early = p.change_log[-2][1]
        p.lu_early = early if early < last else p.date
        desc = (f"Last Updated {iso(p.lu_early)} is before the change-log entry dated "
                f"{iso(last)} (v{p.change_log[-1][0]}, line {{aux}})")
    return desc


# ------------------------------------------------------------------------- phase files ---

def phase_file_lines(rng, repo, p, i, path, defect):
    a, b, ps, pe = p.phase_ranges[i]
    prog = p.progress[i]
    kind = defect[0] if defect else None
    P = p.people
    owner = rng.choice(P)
    n = len(p.phase_ranges)
    if prog == "done":
        st = rng.choice(["✅ COMPLETE", "✅ COMPLETE", "✅ COMPLETE", "Completed"])
    elif prog == "current":
        st = "Blocked" if p.cls == "blocked" else "🔄 IN PROGRESS"
    else:
        st = "Approved" if p.cls in ("approved", "active", "blocked") else "Draft"
    if kind == "phase-complete-unchecked":
        st = "✅ COMPLETE"
    repo.feature(f"5 status {st}", path)
    L = [f"# Phase {i + 1}: {p.phase_names[i]}", ""]
    parent = "plan.md" if rng.random() < 0.6 else "[plan.md](plan.md)"
    start_t, end_t = iso(ps), iso(pe)
    if kind == "invalid-date":
        bad_day = 30 if pe.month == 2 else 31
        end_t = f"{pe.year}-{pe.month:02d}-{bad_day}" + MARK
    if kind == "date-order":
        end_t = iso(ps - days(rng.choice([7, 14]))) + MARK
    owner_t = owner
    if kind == "placeholder":
        owner_t = "TBD" + MARK
    hdr = [("Plan ID", p.pid), ("Parent Plan", parent), ("Phase", f"{i + 1} of {n}"),
           ("Status", st + (MARK if kind == "phase-complete-unchecked" else "")),
           ("Owner", owner_t), ("Start Date", start_t), ("End Date", end_t)]
    if rng.random() < 0.3:
        hdr.append(("Weeks", f"{a}-{b}" if b > a else f"{a}"))
    L += [f"**{k}**: {v}  " for k, v in hdr]
    L[-1] = L[-1].rstrip()
    pos = 0 if i == 0 else (3 if i == n - 1 else (2 if i == n - 2 else 1))
    L += ["", "## Objectives", fill([
        "Land the groundwork the later phases depend on without changing behaviour in production.",
        "Get the new {sys} path producing the same results as the {legacy}, measured, not assumed.",
        "Close the differences found in shadow traffic and prove the new path under load.",
        "Move every reader over and keep the rollback one flag away.",
    ][pos], p), ""]
    L += ["## Scope", "", "### In scope"]
    L += [f"- {fill(x, p)}" for x in rng.sample([
        "Schema changes and migrations for the {sys} tables", "The `{flag}` flag and its kill switch",
        "Dashboards and alerts for the new path", "Client changes for {consumers}",
        "Backfill of historical records", "Runbook updates"], 3)]
    L += ["", "### Out of scope"]
    L += [f"- {fill(x, p)}" for x in rng.sample([
        "Changes to the pricing rules", "Anything in the mobile release train",
        "Decommissioning the {legacy} hardware (phase {last})".replace("{last}", str(n)),
        "Performance work beyond the agreed budget"], 2)]
    L.append("")
    done_all = prog == "done"
    dels = [fill(d, p) for d in rng.sample(DELIVERABLES, rng.randint(3, 5))]
    tasks = [fill(t, p) for t in rng.sample(TASKS, rng.randint(5, 9))]
    if prog == "done":
        dticks = [True] * len(dels)
        tticks = [True] * len(tasks)
    elif prog == "current":
        k = rng.randint(1, len(tasks) - 1)
        tticks = [j < k for j in range(len(tasks))]
        dticks = [j < len(dels) // 2 for j in range(len(dels))]
    else:
        dticks = [False] * len(dels)
        tticks = [False] * len(tasks)
    unchecked_line_note = None
    if kind == "phase-complete-unchecked":
        dticks = [True] * len(dels)
        tticks = [True] * len(tasks)
        which = rng.randint(1, len(tasks) - 1)
        tticks[which] = False
        unchecked_line_note = tasks[which]
    L += ["## Deliverables"] + [f"{checkbox(t)} {d}" for d, t in zip(dels, dticks)] + [""]
    L += ["## Tasks", ""]
    half = len(tasks) // 2
    groups = [("Build", tasks[:half], tticks[:half]), ("Verify", tasks[half:], tticks[half:])]
    for gname, ts, tk in groups:
        L.append(f"### {gname}")
        for t, tick in zip(ts, tk):
            aux = AUX if kind == "phase-complete-unchecked" and not tick else ""
            L.append(f"{checkbox(tick)} {t} - {rng.choice(HOURS)} - {rng.choice(P)}{aux}")
        L.append("")
    L += ["## Exit Criteria"]
    ex = rng.sample([
        "All deliverables above are ticked and linked from the tracker",
        "Error rate on the new path under 0.1% for seven days",
        "The rollback was rehearsed and timed", "The phase owner and one reviewer signed off below",
        "Dashboards reviewed with the on-call engineer"], 3)
    marker = rng.random() < 0.3
    if marker:
        ex.append(rng.choice([f"No TODO comments remain in the {p.sys} module",
                              "Remove all FIXME markers added during the spike"]))
        repo.feature("4 marker prose (TODO/FIXME/TBD as subjects)", path)
    L += [f"{j}. {e}" for j, e in enumerate(ex, 1)] + [""]
    L += ["## Test Plan",
          "- **Unit**: new modules at 80% line coverage",
          "- **Integration**: contract tests against staging on every merge",
          f"- **Load**: one run at twice the current {p.sys} peak before the exit review", ""]
    if marker and rng.random() < 0.5:
        L += ["Before the exit review, run rg -n \"TODO|FIXME\" src/ and link the (empty) output "
              "in the tracker.", ""]
    L += ["## Risks",
          "| Risk | Likelihood | Mitigation |", "|------|------------|------------|"]
    for risk, mit in rng.sample(RISKS, 3):
        L.append(f"| {risk} | {rng.choice(['High', 'Medium', 'Low'])} | {mit} |")
    L.append("")
    L += ["## Notes"]
    notes = rng.sample([
        "The staging copy of production data is refreshed every Monday; plan load tests for Tuesday.",
        f"Questions about the {p.sys} schema go to the #{p.sys}-dev channel, not direct messages.",
        "Keep pull requests small; the reviewers rotate weekly.",
        f"The `{p.flag}` flag defaults to off in every environment until the exit review.",
        "Hours in the task list are estimates from the planning session, not commitments.",
    ], rng.randint(2, 4))
    L += [f"- {x}" for x in notes] + [""]
    # Sign-off for started phases and approved future ones.
    if st not in ("Draft",) and not (prog == "future" and p.approval is None):
        L += ["## Sign-off"]
        kick = min(ps, ANCHOR) if prog != "future" else p.approval
        L.append(f"- **Kickoff approved**: {rng.choice(P)} - {iso(max(kick, p.approval or kick))}")
        if prog == "done" or kind == "phase-complete-unchecked":
            exit_d = min(pe + days(rng.randint(0, 2)), ANCHOR)
            L.append(f"- **Exit review**: {rng.choice(P)} - {iso(exit_d)}")
        L.append("")
    desc = None
    if kind == "phase-complete-unchecked":
        desc = f"Status ✅ COMPLETE but task \"{unchecked_line_note}\" (line {{aux}}) is unchecked"
    elif kind == "invalid-date":
        desc = f"End Date {end_t.replace(MARK, '')} does not exist"
    elif kind == "date-order":
        desc = f"End Date {end_t.replace(MARK, '')} is before the Start Date {start_t}"
    elif kind == "placeholder":
        desc = "Owner is TBD in a phase that has started"
    return L, desc


# ------------------------------------------------------------------ documents about plans ---

def review_lines(rng, p, variant):
    P = p.people
    reviewer = rng.choice([x for x in P if x != p.author])
    rd = min(ANCHOR, p.review_dates[0] if variant == "design" else
             (p.phase_ranges[0][3] + days(2) if p.progress[0] == "done" else p.review_dates[1]))
    verdict = rng.choice(["PASS", "PASS", "PASS WITH COMMENTS", "Changes Requested", "PASS"])
    titles = {
        "design": rng.choice([f"# Review: {p.title}", f"# Design Review — {p.short}",
                              f"# Plan Review: {p.title}"]),
        "code": rng.choice([f"# Code Review of {p.short}", f"# Review: {p.title} (implementation)"]),
    }
    L = [titles[variant], ""]
    if rng.random() < 0.5:
        L += [f"**Plan ID**: {p.pid}", f"**Reviewer**: {reviewer}", f"**Review Date**: {iso(rd)}",
              f"**Status**: {verdict}"]
    else:
        L += [f"**Plan ID**: {p.pid}  ", f"**Reviewed by**: {reviewer}  ", f"**Date**: {iso(rd)}", "",
              f"Verdict: {verdict}"]
    L += ["", "## Summary",
          f"Reviewed {p.short} ({p.title.lower()}) at version {p.change_log[0][0] if variant == 'design' else p.version}. "
          + rng.choice(["The phasing is sound and the rollback is credible.",
                        "The plan is clear; most comments are about the backfill.",
                        "Good plan. The risk table needs owners for two rows, see below."]), ""]
    L += ["## Findings"]
    fnd = rng.sample([
        ("Major", "The backfill has no throttle; section 4 should say how fast it runs."),
        ("Minor", "Milestone 2 and the phase 2 end date disagree by a day in the first draft."),
        ("Minor", "Section 5.3 still read `[Services and costs]` in the draft I received; fixed in v0.2."),
        ("Info", "TODO markers in the spike branch are fine as long as the exit criteria keep \"No TODO comments remain\"."),
        ("Major", "The rollback depends on the flag service, which is itself in scope. Add a manual path."),
        ("Minor", "The glossary defines TBD but two table cells used it; both now have owners."),
        ("Info", "Consider linking the dashboard from the runbook, not only from the plan."),
    ], rng.randint(3, 5))
    for j, (sev, text) in enumerate(fnd, 1):
        L.append(f"{j}. **{sev}** — {text}")
    L.append("")
    L += ["## Risks"]
    L += [f"- {r} — {m.lower()}" for r, m in rng.sample(RISKS, rng.randint(2, 4))]
    if rng.random() < 0.4:
        L.append("- Owner for the cost risk: TBD at the next steering meeting (not blocking)")
    L.append("")
    L += ["## Recommendations"]
    L += [f"- {x}" for x in rng.sample([
        "Add a throttle and a resume point to the backfill job.",
        "Rehearse the rollback in staging before phase 3, not during it.",
        "Name a second owner for the cutover night.",
        "Keep the old endpoint for one extra release for clients that pin versions.",
        "Run rg -n \"TODO|FIXME\" over the touched crates as part of the exit review.",
    ], rng.randint(2, 4))]
    L.append("")
    if rng.random() < 0.5:
        L += ["## Checklist"]
        L += [f"- [{'x' if rng.random() < 0.8 else ' '}] {x}" for x in [
            "Rollback described and owned", "Risks have owners", "Milestones match the phases",
            "Sign-off section filled in"]]
        L.append("")
    if verdict == "Changes Requested":
        decision = "Re-review after the next revision."
    elif any(sev == "Major" for sev, _ in fnd):
        decision = "The plan can move on once the major findings are addressed; no second review needed."
    else:
        decision = rng.choice(["No further review needed for this version.",
                               "Approved from the reviewer's side."])
    L += ["## Decision", f"{verdict}. {decision}", ""]
    L += ["---", f"Reviewed against {p.short} version "
          f"{p.change_log[0][0] if variant == 'design' else p.version}."]
    return L


def analysis_lines(rng, p):
    L = [rng.choice([f"# Analysis: {p.title}", f"# Options Analysis for {p.short}",
                     f"# Analysis: {p.obj} capacity"]), "",
         f"**Plan ID**: {p.pid}", f"**Prepared by**: {rng.choice(p.people)}",
         f"**Date**: {iso(min(ANCHOR, p.date + days(2)))}"]
    if rng.random() < 0.4:
        L.append(f"**Status**: {rng.choice(['Accepted', 'Final', 'Accepted'])}")
    L += ["", "## Context",
          f"The {p.obj} handles about {rng.randint(2, 90)}k records a day today and grows "
          f"{rng.randint(5, 40)}% a year. This note compares the options the plan considered.", "",
          "## Options", "",
          f"[Option A] Keep the {p.legacy_short} and add retries. Cheapest now; does not fix the root cause.", "",
          f"[Option B] Rebuild on {p.tech}. Two more weeks of work; removes the single point of failure.", "",
          "[Option C] Buy a managed service. Fast to start; the exit cost is high.", "",
          "## Data", "",
          "| Option | Effort (weeks) | Monthly cost | Risk |", "|--------|----------------|--------------|------|"]
    for opt, eff in (("A", rng.randint(1, 3)), ("B", rng.randint(4, 9)), ("C", rng.randint(2, 4))):
        L.append(f"| {opt} | {eff} | {rng.randint(1, 12)}k EUR | {rng.choice(['High', 'Medium', 'Low'])} |")
    L += ["", "## Open Questions"]
    L += [f"- {x}" for x in rng.sample([
        "Who owns the data once the legacy path is gone? TBD with the data team.",
        "Is the growth estimate still right after the new partner contracts?",
        "Does the vendor support our retention period?"], 2)]
    L += ["", "## Conclusion",
          f"Option B, as the plan proposes. The main risk is the backfill, covered in {p.short} section 7.", ""]
    if rng.random() < 0.3:
        L += ["## Appendix: glossary",
              "- **TBD** — to be decided; used in this note only for questions we have not answered yet",
              "- **Backfill** — copying historical records into the new store", ""]
    return L


def tracker_lines(rng, repo, p, path):
    gen = rand_date(rng, max(p.last_updated, p.start if p.start < ANCHOR else p.date), ANCHOR)
    L = [rng.choice(["# Implementation Status Tracker", f"# {p.short} Status",
                     f"# Status Tracker: {p.title}"]), ""]
    if rng.random() < 0.5:
        L += [f"## Generated: {iso(gen)}"]
        repo.feature("6 Last Updated / Generated heading field", path)
    else:
        L += [f"**Last Updated**: {iso(gen)}"]
    cur = ("✅ COMPLETE" if p.cls == "completed" else
           "Blocked" if p.cls == "blocked" and p.status == "Blocked" else
           "On hold" if p.cls == "blocked" else
           "🔄 IN PROGRESS" if p.cls == "active" else p.status)
    repo.feature(f"5 status {cur}", path)
    L += [f"**Plan ID**: {p.pid}", f"**Status**: {cur}", "", "## Phases", "",
          "| Phase | Weeks | Status | Owner |", "|-------|-------|--------|-------|"]
    for i, ((a, b, ps, pe), prog) in enumerate(zip(p.phase_ranges, p.progress)):
        s = {"done": "✅ COMPLETE", "current": "🔄 IN PROGRESS", "future": "⏳ Not started"}[prog]
        L.append(f"| {i + 1}. {p.phase_names[i]} | {a}-{b} if b > a else a | {s} | {rng.choice(p.people)} |"
                 .replace(f"{a}-{b} if b > a else a", f"{a}-{b}" if b > a else f"{a}"))
    L += ["", "## This Week" if p.cls != "approved" else "## Before Kickoff"]
    if p.cls == "approved":
        L += ["- [x] Plan approved and linked from the index", "- [ ] Kickoff meeting booked",
              "- [ ] Staging namespace requested"]
    else:
        L += [f"- [{'x' if rng.random() < 0.5 else ' '}] {fill(t, p)}" for t in rng.sample(TASKS, 4)]
    L += ["", "## Blockers"]
    if p.cls == "blocked":
        L.append("- Waiting on the vendor contract; escalated to the steering group.")
    else:
        L.append(rng.choice(["None.", "- Staging cluster upgrade slipped two days; no impact on milestones."]))
    L += ["", "## Metrics", "",
          f"- Error rate on the new path: {rng.choice(['0.04', '0.08', '0.02', '0.11'])}%",
          f"- Share of traffic on the new path: "
          f"{0 if p.cls == 'approved' else 100 if p.cls == 'completed' else rng.choice([0, 5, 25, 50])}%", "",
          "Counting open markers the usual way: rg -n \"TODO|FIXME\" src/ | wc -l"
          if rng.random() < 0.4 else "Numbers are from the Monday snapshot.", ""]
    return L


def completion_lines(rng, p):
    L = [rng.choice(["# Completion Report", f"# Completion Report: {p.title}",
                     f"# {p.short} — Completion Notes"]), "",
         f"**Plan ID**: {p.pid}", "**Status**: ✅ COMPLETE",
         f"**Completed**: {iso(min(ANCHOR, p.end + days(1)))}", "",
         "## Summary",
         f"All {len(p.phase_ranges)} phases shipped. The {p.obj} now runs on {p.tech}; the "
         f"{p.legacy_short} is switched off.", "",
         "## Delivered"]
    L += [f"- {p.phase_names[i]}: done {iso(r[3])}" for i, r in enumerate(p.phase_ranges)]
    L += ["", "## Deviations from the Plan"]
    L += [f"- {x}" for x in rng.sample([
        "Phase 2 took three days longer than planned; the backfill was throttled harder than expected.",
        "The load test found a connection-pool limit; fixed before cutover.",
        "Two TODO comments were left in the test helpers on purpose and moved to tickets.",
        "No deviations in scope."], 2)]
    L += ["", "## Follow-ups"]
    L += [f"- [ ] {x}" for x in rng.sample([
        f"Delete the `{p.flag}` flag after one quiet week",
        "Archive the legacy dashboards", "Write the blog post for the engineering newsletter",
        "Remove all FIXME markers left in the migration scripts"], 2)]
    L += ["", "## Final Metrics",
          f"- Error rate: {rng.choice(['0.02', '0.03', '0.05'])}%",
          f"- p99 latency: {rng.randint(80, 240)} ms", ""]
    return L


def retro_lines(rng, p):
    d = min(ANCHOR, p.end + days(rng.randint(3, 12)))
    L = [rng.choice([f"# Retrospective: {p.title}", f"# Retro — {p.short}"]), "",
         f"**Plan ID**: {p.pid}", f"**Facilitator**: {rng.choice(p.people)}",
         f"**Held on**: {long_date(d)}", "",
         "## What Went Well"]
    L += [f"- {x}" for x in rng.sample([
        "Shadow traffic caught two bugs before any customer saw them.",
        "Small pull requests kept reviews under a day.",
        "The rollback rehearsal paid off during the canary.",
        "The tracker was up to date, so standups were short."], 2)]
    L += ["", "## What Did Not Go Well"]
    L += [f"- {x}" for x in rng.sample([
        "The backfill estimate was off by a factor of two.",
        "We left TBD in the risk owners for too long.",
        "Staging data was stale for the first load test.",
        "Too many people on the cutover call."], 2)]
    L += ["", "## Actions"]
    L += [f"- [ ] {x} ({rng.choice(p.people)})" for x in rng.sample([
        "Add a throttle setting to the backfill template",
        "Make the risk-owner column mandatory in the plan review checklist",
        "Refresh staging data before every load test",
        "Cap the cutover call at five people"], 2)]
    L.append("")
    return L


# ------------------------------------------------------------------------ other Markdown ---

def other_docs(rng, repo, plans):
    P = plans[0].people
    W = repo.write
    W("README.md", [
        "# Corvid Freight — Engineering", "",
        "Monorepo for the services behind Corvid Freight's booking, dispatch and billing products.", "",
        "## Layout", "",
        "- `services/` — one folder per service, each with its own README and docs",
        "- `docs/plans/` — implementation plans, written from `docs/templates/plan-template.md`",
        "- `docs/guides/` — how we work: on-call, releases, writing plans",
        "- `docs/meetings/` — notes from planning and steering meetings", "",
        "## Getting Started", "",
        "See [the local development guide](docs/guides/local-dev.md).", "",
        "## Plans", "",
        "Every piece of work longer than two weeks gets a plan. The index is in "
        "[docs/plans/README.md](docs/plans/README.md).", ""], "10 other")
    W("CONTRIBUTING.md", [
        "# Contributing", "",
        "## Pull Requests", "",
        "1. Keep changes small and focused; one concern per pull request.",
        "2. Link the plan (for example PLAN-2025-031) in the description when the change belongs to one.",
        "3. No TODO comments without a ticket number next to them.",
        "4. CI must be green; reviewers do not review red builds.", "",
        "## Commit Messages", "",
        "Imperative mood, under 72 characters in the first line. Reference tickets at the end.", "",
        "## Markers", "",
        "We allow `TODO(TICKET-123)` in code. Plain TODO or FIXME without a ticket fails the lint job; "
        "find them with rg -n \"TODO|FIXME\" before pushing.", ""], "10 other")
    repo.feature("4 marker prose (TODO/FIXME/TBD as subjects)", "CONTRIBUTING.md")
    ch = ["# Changelog", "", "All notable changes to the shared libraries.", ""]
    d = dt.date(2025, 12, 1)
    for v in range(24, 12, -1):
        ch += [f"## 3.{v}.0 — {iso(d)}", ""]
        ch += [f"- {x}" for x in rng.sample([
            "Client retries now honour Retry-After", "Dropped support for the v1 auth header",
            "New metrics for queue depth", "Fixed a leak in the connection pool",
            "The flag SDK caches evaluations for 30 seconds", "Faster JSON decoding for large payloads",
            "Removed all FIXME markers from the public headers"], 2)]
        ch.append("")
        d -= days(rng.randint(20, 40))
    W("CHANGELOG.md", ch, "10 other")
    W("SECURITY.md", ["# Security", "", "Report vulnerabilities to security@corvid.example, not in issues.", "",
                      "We answer within two working days and publish fixes in CHANGELOG.md.", ""], "10 other")

    # Plan index: a table of IDs and statuses, not a plan.
    idx = ["# Plans", "", "Index of implementation plans. Regenerated by `make plans-index`.", "",
           "| Plan ID | Title | Status | Folder |", "|---------|-------|--------|--------|"]
    for p in sorted(plans, key=lambda x: x.pid):
        if p.path.startswith("docs/plans/"):
            idx.append(f"| {p.pid} | {p.title} | {p.status} | `{os.path.dirname(p.path)}` |")
    idx += ["", "Statuses follow the template: Draft, In Review, Approved, In Progress, Completed. "
            "Teams also use Blocked and On hold.", ""]
    W("docs/plans/README.md", idx, "10 other")

    guides = {
        "writing-plans.md": ["# Writing a Plan", "",
            "Copy `docs/templates/plan-template.md` into `docs/plans/<slug>/plan.md` and fill it in.", "",
            "## Fields", "",
            "- **Plan ID** — the next free number from the index, like PLAN-2025-031.",
            "- **Status** — Draft while you write, In Review when you ask for review.",
            "- **Date** — the day you started the draft, in ISO format.", "",
            "## Placeholders", "",
            "The template marks every value you need to fill with brackets, like [Name] or "
            "[YYYY-MM-DD]. A draft may keep them; a plan in review may not. TBD is not a value: "
            "if you do not know an owner yet, say who decides and when.", "",
            "## Phases", "",
            "Long plans split into `phase-N-<name>.md` files next to `plan.md`. Each repeats the "
            "Plan ID and points back with `Parent Plan`.", "",
            "## Reviews", "",
            "Reviews live next to the plan as `review.md`. They quote the Plan ID but are not plans.", ""],
        "code-hygiene.md": ["# Code Hygiene", "",
            "## Markers", "",
            "TODO and FIXME are for work in progress. Before a phase exit review:", "",
            "1. No TODO comments remain in modules the phase touched.",
            "2. Remove all FIXME markers or turn them into tickets.",
            "3. Run rg -n \"TODO|FIXME\" src/ and paste the output into the tracker.", "",
            "The old task importer sets TODO at position 2 of its status tuple; that TODO is data, "
            "not a marker, and the lint job knows to skip `importer/fixtures`.", "",
            "## Dead Code", "", "Delete it. Git remembers.", ""],
        "glossary.md": ["# Glossary", "",
            "- **TBD** — to be decided at the steering meeting. Allowed in meeting notes, never in an approved plan.",
            "- **Cutover** — the moment reads switch from the old path to the new one.",
            "- **Shadow traffic** — production requests replayed against a new path, responses discarded.",
            "- **Outbox** — a table written in the same transaction as the data, drained by a relay.",
            "- **Phase exit review** — a 30-minute check that a phase's deliverables are done.", ""],
        "oncall.md": ["# On-call", "", "## Rotation", "",
            "Weekly, Monday 10:00 to Monday 10:00. Swaps go in the on-call calendar.", "",
            "## Paging", "", "- Acknowledge within 5 minutes.", "- Escalate after 20 minutes without progress.", "",
            "## Runbooks", "", "Every service links its runbook from its README.", ""],
        "release-process.md": ["# Release Process", "",
            "1. Cut a release branch on Tuesday.", "2. Staging soak until Wednesday noon.",
            "3. Canary 5% → 25% → 100% on Thursday.", "4. No releases on Fridays or during the peak-season freeze.", ""],
        "local-dev.md": ["# Local Development", "", "## Requirements", "",
            "- Docker 24 or newer", "- `just` for the task runner", "", "## First Run", "",
            "Run `just bootstrap`, then `just up`. The console is on http://localhost:8080.", ""],
        "style-guide.md": ["# Documentation Style Guide", "",
            "- Dates are ISO 8601: 2025-03-01, not 03/01/2025.",
            "- One sentence per line is fine; reviewers see smaller diffs.",
            "- Link to sections with their slug: [Risk Assessment](#71-risk-assessment).", ""],
        "incident-response.md": ["# Incident Response", "", "## Severity", "",
            "| Level | Meaning | Response |", "|-------|---------|----------|",
            "| SEV1 | Customers cannot book or track | All hands, status page within 15 minutes |",
            "| SEV2 | Degraded for some customers | On-call plus owning team |",
            "| SEV3 | Internal impact only | Next working day |", "",
            "## After an Incident", "", "Write the postmortem within five working days.", ""],
        "plan-reviews.md": ["# Reviewing a Plan", "",
            "Reviewers check, in order:", "",
            "- [ ] Every field in the header is filled in",
            "- [ ] Start Date is before End Date and milestones are in order",
            "- [ ] Risks have owners (no TBD)",
            "- [ ] Sign-off names and dates are present once the plan is approved", "",
            "Write the review as `review.md` beside the plan with a verdict: PASS, PASS WITH COMMENTS "
            "or Changes Requested.", ""],
    }
    for name, lines in guides.items():
        W(f"docs/guides/{name}", lines, "10 other")
    for name in ("writing-plans.md", "code-hygiene.md", "glossary.md"):
        repo.feature("4 marker prose (TODO/FIXME/TBD as subjects)", f"docs/guides/{name}")

    # Meeting notes.
    d = dt.date(2025, 1, 14)
    n = 0
    while n < 12:
        kind = rng.choice(["planning", "steering", "architecture-sync"])
        ref = rng.choice(plans)
        lines = [f"# {kind.replace('-', ' ').title()} — {iso(d)}", "",
                 f"**Attendees**: {', '.join(rng.sample(P, 4))}", "",
                 "## Notes", "",
                 f"- {ref.pid} ({ref.title}) is {ref.status.lower()}; {rng.choice(['no blockers', 'backfill estimate under review', 'waiting on the schema review'])}.",
                 f"- Owner for the cost risk in {rng.choice(plans).short}: TBD, to be decided at the next steering meeting.",
                 "- Agreed: plans in review must not contain TBD in the risk table.", "",
                 "## Action Items", ""]
        lines += [f"- [{'x' if rng.random() < 0.5 else ' '}] {rng.choice(P)}: {x}" for x in rng.sample([
            "fill in the missing risk owners", "book the security review",
            "update the milestone dates after the slip", "share the load-test results",
            "move the retro to next week"], 3)]
        lines.append("")
        W(f"docs/meetings/{iso(d)}-{kind}.md", lines, "10 other")
        d += days(rng.randint(18, 30))
        n += 1

    # Proposals: not plans (no Plan ID), with team statuses.
    for j, (title, st) in enumerate([("Move nightly jobs to the shared scheduler", "Proposal"),
                                     ("One queue library for all services", "Accepted"),
                                     ("Quarterly dependency upgrade week", "Proposal")]):
        path = f"docs/proposals/{j + 1:03d}-{slugify(title)}.md"
        W(path, [f"# Proposal: {title}", "", f"**Status**: {st}", f"**Author**: {rng.choice(P)}",
                 f"**Date**: {iso(dt.date(2025, 2 + j * 3, 10 + j))}", "",
                 "## Problem", "", "Each team runs its own variant, and each variant breaks differently.", "",
                 "## Proposal", "", "Standardise on one, migrate over two quarters, delete the rest.", "",
                 "## Open Questions", "", "- Who owns the shared version? TBD at the steering meeting.", ""],
          "10 other")
        repo.feature(f"5 status {st}", path)

    # Service READMEs.
    for svc in ("billing", "dispatch", "identity", "warehouse"):
        W(f"services/{svc}/README.md", [f"# {svc.title()} Service", "",
          f"Owned by the {svc.title()} team. Plans for this service live in `docs/plans/` below this folder.", "",
          "## Running", "", "`just run` from this folder.", "",
          "## Runbook", "", "See [on-call](../../docs/guides/oncall.md).", ""], "10 other")


def templates(rng, repo):
    base = open(TEMPLATE_PATH, encoding="utf-8").read().rstrip("\n").split("\n")
    variant = []
    for line in base:
        variant.append(line)
        if line.startswith("## Status:"):
            variant.append("## Last Updated: [YYYY-MM-DD]")
    variant = [l.replace("## Author: [Agent Name]", "## Author: [Name]") for l in variant]
    i = variant.index("### 13.3 Change Log")
    variant[i + 1] = "| Version | Date | Author | Changes |\n|---------|------|--------|---------|\n| [0.1] | [YYYY-MM-DD] | [Name] | [What changed] |"
    repo.write("docs/templates/plan-template.md", variant, "11 template")
    repo.write("services/billing/docs/plan-template.md", base, "11 template")
    repo.write("docs/templates/phase-template.md", [
        "# Phase [N]: [Phase Name]", "",
        "**Plan ID**: [PLAN-XXX]  ", "**Parent Plan**: plan.md  ", "**Phase**: [N] of [M]  ",
        "**Status**: [Draft/🔄 IN PROGRESS/✅ COMPLETE]  ", "**Owner**: [Name]  ",
        "**Start Date**: [YYYY-MM-DD]  ", "**End Date**: [YYYY-MM-DD]", "",
        "## Objectives", "[What this phase achieves]", "",
        "## Deliverables", "- [ ] [Deliverable 1]", "- [ ] [Deliverable 2]", "",
        "## Tasks", "- [ ] [Task 1] - [Estimated Hours] - [Assigned To]", "",
        "## Exit Criteria", "1. [Criterion]", "",
        "## Sign-off", "- **Kickoff approved**: [Name] - [Date]", "- **Exit review**: [Name] - [Date]", ""],
        "11 template")


# ---------------------------------------------------------------------------- main ---

DEFECT_PLAN = [
    ("placeholder", "plan-id"), ("placeholder", "risk-owner"), ("placeholder", "infra"),
    ("placeholder", "task-assignee"), ("placeholder", "next-review"),
    ("signoff-missing", "placeholders"), ("signoff-missing", "review-no-name"),
    ("signoff-missing", "no-date"), ("signoff-missing", "table-empty"),
    ("signoff-missing", "placeholders"),
    ("date-order", "start-after-end"), ("date-order", "milestone"),
    ("date-order", "start-after-end"), ("date-order", "milestone"),
    ("invalid-date", "header"), ("invalid-date", "milestone"), ("invalid-date", "ambiguous-log"),
    ("status-mismatch", "approved-vs-line"), ("status-mismatch", "approved-vs-line"),
    ("status-mismatch", "completed-unchecked"), ("status-mismatch", "completed-unchecked"),
    ("stale-status", "approved"), ("stale-status", "approved"), ("stale-status", "draft"),
    ("unpadded-date", "start"), ("unpadded-date", "milestone"), ("unpadded-date", "signoff"),
    ("last-updated-early", None), ("last-updated-early", None), ("last-updated-early", None),
]
DEFECT_PHASE = [("phase-complete-unchecked", None)] * 4 + [
    ("placeholder", None), ("invalid-date", None), ("date-order", None)]


def class_for_defect(rng, kind, sub):
    if kind == "stale-status":
        return sub
    if kind == "status-mismatch":
        return "approved" if sub == "approved-vs-line" else "completed"
    if kind == "signoff-missing" and sub == "review-no-name":
        return rng.choice(["approved", "active"])
    if kind == "signoff-missing":
        return rng.choice(["approved", "active", "completed"])
    if kind == "unpadded-date" and sub == "signoff":
        return rng.choice(["active", "completed"])
    if kind == "last-updated-early":
        return rng.choice(["active", "completed"])
    return rng.choice(["approved", "active", "active", "completed", "completed"])


def describe(p):
    kind, sub = p.defect
    if kind == "placeholder":
        return {"plan-id": "Plan ID is still PLAN-XXX",
                "risk-owner": "risk table Owner cell is TBD",
                "infra": "Testing Environment is TBD",
                "task-assignee": "first task still assigned to [Assigned To]",
                "next-review": "Next Review Date is still [YYYY-MM-DD]"}[sub] + f" (Status {p.status})"
    if kind == "signoff-missing":
        return {"placeholders": "Product Owner sign-off is [Name] - [Date]",
                "review-no-name": "Technical Review entry has a role but no reviewer or date",
                "no-date": "Project Manager sign-off has a name but no date",
                "table-empty": "Product Owner row in the sign-off table has no name or date"}[sub] + \
            f" (Status {p.status})"
    if kind == "status-mismatch":
        if sub == "approved-vs-line":
            return "Status Approved but the Plan Status line (line {aux}) ticks In Progress"
        return "Status Completed but a task in the last phase is unchecked"
    if kind == "stale-status":
        return f"Status {p.status} while every checklist item is ticked"
    return None


def generate(root, seed):
    rng = random.Random(seed)
    repo = Repo(root, rng)
    firsts, lasts = list(FIRST), list(LAST)
    rng.shuffle(firsts)
    rng.shuffle(lasts)
    people = [f"{f} {l}" for f, l in zip(firsts, lasts)]
    # Titles: unique (action, object) pairs.
    pairs = [(a, o) for a in range(len(ACTIONS)) for o in range(len(OBJECTS))]
    rng.shuffle(pairs)
    n_plans = 84
    chosen, seen_obj = [], {}
    for a, o in pairs:
        if seen_obj.get(o, 0) >= 3:
            continue
        seen_obj[o] = seen_obj.get(o, 0) + 1
        chosen.append((a, o))
        if len(chosen) == n_plans:
            break
    # Lifecycle classes for clean plans, realistic proportions.
    class_pool = (["completed"] * 28 + ["active"] * 20 + ["approved"] * 10 + ["review"] * 8 +
                  ["draft"] * 16 + ["blocked"] * 4)
    # Which plans carry a defect: spread over the list.
    defect_slots = list(range(n_plans))
    rng.shuffle(defect_slots)
    plan_defects = {}
    for slot, d in zip(defect_slots, DEFECT_PLAN):
        plan_defects[slot] = d
    dup_slots = defect_slots[len(DEFECT_PLAN):len(DEFECT_PLAN) + 4]

    plans = []
    numbers = rng.sample(range(1, 160), n_plans)
    numbers.sort()
    for idx, (a, o) in enumerate(chosen):
        obj = OBJECTS[o]
        title = ACTIONS[a].format(o=obj[0], t=obj[3])
        title = title[0].upper() + title[1:]
        defect = plan_defects.get(idx)
        for attempt in range(400):
            cls = class_for_defect(rng, *defect) if defect else class_pool[rng.randrange(len(class_pool))]
            p = new_plan(rng, repo, numbers[idx], 0, title, obj, people, cls, defect)
            p.idx = idx
            prepare_defect(rng, p)
            make_schedule(rng, p)
            year = p.date.year
            p.pid = f"PLAN-{year}-{p.number:03d}"
            desc = finish_defect(rng, p)
            if desc == "retry":
                continue
            if defect and defect[0] == "invalid-date" and defect[1] == "header":
                if p.date.month not in (2, 4, 6, 9, 11) or p.date.day < 27:
                    continue
                bad_day = 29 if p.date.month == 2 and p.date.year % 4 else (30 if p.date.month == 2 else 31)
                if p.date.month != 2:
                    bad_day = 31
                p.invalid_text = f"{p.date.year}-{p.date.month:02d}-{bad_day}"
                desc = f"Date {p.invalid_text} does not exist"
            if defect and defect[0] == "invalid-date" and defect[1] == "ambiguous-log":
                d = p.change_log[-1][1]
                if not (d.day <= 12 and d.day != d.month):
                    continue
                p.ambiguous_text = f"{d.month:02d}/{d.day:02d}/{d.year}"
                desc = f"change-log date {p.ambiguous_text} is ambiguous (month/day or day/month?)"
            if cls in ("active", "blocked") and defect and defect[0] == "last-updated-early":
                if len(p.change_log) < 3:
                    continue
            break
        else:
            raise SystemExit(f"could not place defect {defect}")
        p.defect_desc = desc or (describe(p) if defect else None)
        plans.append(p)

    # Paused plans: alternate the two spellings teams use.
    for j, p in enumerate([x for x in plans if x.cls == "blocked"]):
        p.status = ["Blocked", "On hold"][j % 2]

    # Numbers follow the order in which plans were started, with the odd gap (withdrawn
    # numbers), restarting the visible year but not the counter.
    n = 0
    for p in sorted(plans, key=lambda x: (x.date, x.idx)):
        n += 1 if rng.random() < 0.85 else 2
        p.number = n
        p.pid = f"PLAN-{p.date.year}-{n:03d}"
        p.short = f"PLAN-{n:03d}"

    # Duplicate-ID pairs: the second plan of each pair copies the first one's ID.
    for j in range(2):
        a_, b_ = plans[dup_slots[2 * j]], plans[dup_slots[2 * j + 1]]
        b_.pid = a_.pid
        a_.defect = ("duplicate-id", None)
        b_.defect = ("duplicate-id", None)
        a_.dup_of, b_.dup_of = b_, a_

    # Where each plan lives.
    flat_numbered = []
    used_slugs = set()
    for p in plans:
        slug = slugify(p.title)
        while slug in used_slugs:
            slug += "-2"
        used_slugs.add(slug)
        p.slug = slug
        r = rng.random()
        base = "docs/plans"
        if p.team in ("Payments",) and r < 0.35:
            base = "services/billing/docs/plans"
        elif p.team in ("Dispatch",) and r < 0.35:
            base = "services/dispatch/docs/plans"
        elif p.team in ("Identity",) and r < 0.3:
            base = "services/identity/docs/plans"
        elif p.team == "Warehouse" and r < 0.3:
            base = "services/warehouse/docs/plans"
        if p.cls == "completed" and p.end.year <= 2023 and rng.random() < 0.6 and base == "docs/plans":
            base = f"docs/plans/archive/{p.end.year}"
        p.folder = rng.random() < 0.65
        if p.folder:
            p.rel_dir = f"{base}/{slug}"
            p.path = f"{p.rel_dir}/plan.md"
        else:
            p.rel_dir = base
            p.path = f"{base}/{p.short}-{slug}.md"
    # The copy of each duplicate pair lives in another team's tree: unrelated plans.
    for j in range(2):
        a_, b_ = plans[dup_slots[2 * j]], plans[dup_slots[2 * j + 1]]
        tree = lambda x: x.rel_dir.split("/docs/")[0] if x.rel_dir.startswith("services/") else "docs"  # noqa: E731
        if tree(a_) == tree(b_):
            svc = "warehouse" if tree(a_) != "services/warehouse" else "identity"
            b_.rel_dir = f"services/{svc}/docs/plans/{b_.slug}"
            b_.path = b_.rel_dir + "/plan.md"
            b_.folder = True

    # Phase files for folder plans with enough phases (not drafts / reviews, mostly).
    phase_candidates = [p for p in plans if p.folder and len(p.phase_ranges) >= 3 and
                        p.cls in ("active", "completed", "approved", "blocked") and
                        not (p.defect and p.defect[0] in ("status-mismatch", "stale-status"))]
    rng.shuffle(phase_candidates)
    for p in phase_candidates[:20]:
        p.phase_files = [f"phase-{i + 1}-{slugify(n, 3)}.md" for i, n in enumerate(p.phase_names)]
    # Dependency links between plans (relative paths).
    for p in plans:
        if rng.random() < 0.3:
            other = rng.choice(plans)
            if other is not p:
                p.dep_link = (f"[{other.pid}]({os.path.relpath(other.path, p.rel_dir)}) — "
                              f"{other.title.lower()} must reach its second milestone first")
    # Documents about plans.
    about = []
    for p in plans:
        if p.cls == "draft":
            continue
        r = rng.random()
        if r < 0.34:
            if p.folder:
                path = f"{p.rel_dir}/review.md"
            else:
                path = rng.choice([f"{p.rel_dir}/{p.short}-review.md", f"docs/reviews/{p.short}-review.md"])
            p.review_path = path
            about.append(("review", p, path, "design"))
            if p.folder and p.cls in ("active", "completed") and p.progress[0] == "done" and rng.random() < 0.35:
                about.append(("review", p, f"{p.rel_dir}/code-review.md", "code"))
        if p.folder and rng.random() < 0.18:
            about.append(("analysis", p, f"{p.rel_dir}/analysis.md", None))
        if p.cls in ("active", "blocked", "approved") and p.folder and rng.random() < 0.45:
            about.append(("tracker", p, f"{p.rel_dir}/{rng.choice(['STATUS.md', 'tracker.md'])}", None))
        if p.cls == "completed" and p.folder and rng.random() < 0.45:
            about.append(("completion", p, f"{p.rel_dir}/COMPLETION.md", None))
        if p.cls == "completed" and rng.random() < 0.2:
            rp = (f"{p.rel_dir}/retro.md" if p.folder else
                  f"docs/retros/{iso(p.end)[:7]}-{p.short.lower()}-retro.md")
            about.append(("retro", p, rp, None))

    # Phase-file defects go to completed phases (or any phase for the other kinds).
    phase_slots = []
    for p in plans:
        if p.phase_files:
            for i in range(len(p.phase_files)):
                phase_slots.append((p, i))
    rng.shuffle(phase_slots)
    phase_defects = {}
    used_plans = set()
    for d in DEFECT_PHASE:
        for p, i in phase_slots:
            if (id(p), i) in phase_defects or id(p) in used_plans:
                continue
            prog = p.progress[i]
            if d[0] == "phase-complete-unchecked" and prog != "done":
                continue
            if d[0] == "placeholder" and prog == "future":
                continue
            if d[0] == "invalid-date" and p.phase_ranges[i][3].month not in (2, 4, 6, 9, 11):
                continue
            phase_defects[(id(p), i)] = d
            used_plans.add(id(p))
            break

    # ---- write everything --------------------------------------------------------------
    for p in plans:
        feat = Features()
        lines, flip = plan_lines(rng, feat, p, p.path)
        # Keep each plan 60-250 lines: drop optional sections if too long.
        tries = 0
        while len(lines) > 250 and tries < 8:
            for key in ("comms", "metrics", "resources", "qa", "strategy"):
                if p.opt[key] and not (p.defect and key == "resources" and p.defect[1] in ("infra", "services")):
                    p.opt[key] = False
                    break
            feat = Features()
            lines, flip = plan_lines(rng, feat, p, p.path)
            tries += 1
        if len(lines) < 60:
            for key in ("qa", "deploy", "metrics", "comms", "resources"):
                if not p.opt[key]:
                    p.opt[key] = True
                    feat = Features()
                    lines, flip = plan_lines(rng, feat, p, p.path)
                    if len(lines) >= 60:
                        break
        defect = None
        if p.defect:
            kind = p.defect[0]
            if kind == "duplicate-id":
                desc = f"Plan ID {p.pid} is also claimed by the unrelated plan {p.dup_of.path}"
            elif kind == "status-mismatch" and p.defect[1] == "completed-unchecked":
                desc = (f"Status {p.status} but the task \"{flip[1]}\" in phase {flip[0] + 1} "
                    "(line {aux}) is unchecked")
            else:
                desc = p.defect_desc
            defect = (kind, desc)
        repo.write(p.path, lines, "1 full plan", defect)
        for name, fpath in feat.marks:
            repo.feature(name, fpath)
        if p.status in ("Draft", "In Review", "Review", "Approved", "In Progress", "Completed", "Complete"):
            repo.feature(f"5 status {p.status}", p.path)
        if p.cls == "draft" and p.keep_placeholders:
            repo.feature("1a draft keeping template placeholders", p.path)
        if p.phase_files:
            for i, name in enumerate(p.phase_files):
                path = f"{p.rel_dir}/{name}"
                d = phase_defects.get((id(p), i))
                pl, desc = phase_file_lines(rng, repo, p, i, path, d)
                repo.write(path, pl, "2 phase file", (d[0], desc) if d else None)
    for kind, p, path, variant in about:
        if path in repo.files:
            continue
        if kind == "review":
            lines = review_lines(rng, p, variant)
            v = [l for l in lines if l.startswith("**Status**") or l.startswith("Verdict")]
            for l in v:
                if "PASS" in l:
                    repo.feature("5 status PASS", path)
        elif kind == "analysis":
            lines = analysis_lines(rng, p)
            if "**Status**: Accepted" in lines:
                repo.feature("5 status Accepted", path)
        elif kind == "tracker":
            lines = tracker_lines(rng, repo, p, path)
        elif kind == "completion":
            lines = completion_lines(rng, p)
            repo.feature("5 status ✅ COMPLETE", path)
        else:
            lines = retro_lines(rng, p)
        repo.write(path, lines, f"3 about a plan: {kind}")
    other_docs(rng, repo, plans)
    templates(rng, repo)
    return repo, plans


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--force", action="store_true",
                    help="replace OUTDIR if it holds an earlier output (has EXPECTED.tsv)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    out = os.path.abspath(args.outdir)
    if os.path.exists(out) and os.listdir(out):
        if args.force and os.path.exists(os.path.join(out, "EXPECTED.tsv")):
            shutil.rmtree(out)
        else:
            sys.exit(f"{out} exists and is not empty (use --force to replace an earlier output)")
    os.makedirs(out, exist_ok=True)
    repo, plans = generate(out, args.seed)
    repo.flush()
    with open(os.path.join(out, "EXPECTED.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("path\tline\tkind\tdescription\n")
        for path, line, kind, desc in sorted(repo.expected):
            f.write(f"{path}\t{line}\t{kind}\t{desc}\n")
    env = dict(os.environ, GIT_AUTHOR_DATE="2025-12-15T12:00:00+0000",
               GIT_COMMITTER_DATE="2025-12-15T12:00:00+0000")
    try:
        subprocess.run(["git", "init", "-q"], cwd=out, check=True, env=env)
        subprocess.run(["git", "add", "-A"], cwd=out, check=True, env=env)
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "init"],
                       cwd=out, check=True, env=env)
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"warning: git failed: {e}", file=sys.stderr)

    # ---- summary -------------------------------------------------------------------------
    shapes = {}
    for path, s in repo.shape.items():
        shapes[s] = shapes.get(s, 0) + 1
    print(f"{'shape':<52} count")
    print("-" * 58)
    for s in sorted(shapes, key=lambda x: (int(x.split()[0]), x)):
        print(f"{s:<52} {shapes[s]:>5}")
    print("-" * 58)
    print(f"{'Markdown files':<52} {len(repo.files):>5}")
    print()
    print(f"{'feature (files containing it)':<52} count")
    print("-" * 58)
    for name in sorted(repo.features, key=lambda x: (int(x.split()[0][0]), x)):
        print(f"{name:<52} {len(repo.features[name]):>5}")
    print()
    kinds = {}
    for _, _, k, _ in repo.expected:
        kinds[k] = kinds.get(k, 0) + 1
    print(f"{'planted defect kind':<52} count")
    print("-" * 58)
    for k in sorted(kinds):
        print(f"{k:<52} {kinds[k]:>5}")
    print(f"{'total (rows in EXPECTED.tsv after its header)':<52} {len(repo.expected):>5}")
    lens = [len(repo.files[p].split(chr(10))) - 1 for p in repo.files if repo.shape[p] == "1 full plan"]
    print(f"\nfull plan lengths: {min(lens)}-{max(lens)} lines; "
          f"generated in {time.perf_counter() - t0:.2f} s")


if __name__ == "__main__":
    main()
