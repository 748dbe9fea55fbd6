#!/usr/bin/env python3
"""Generates a deterministic monorepo-shaped git repository for plan-lint benchmarks.

N plan documents of 150-400 lines written from the template with a realistic sprinkling
of defects, M other tracked files (sources, READMEs, generic Markdown) in nested folders,
and ignored folders (target/, node_modules/) full of files. The same arguments always
produce the same bytes.

    python3 bench/gen_corpus.py OUT --plans 5000 --others 50000 --ignored 20000
"""

import argparse
import os
import random
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATE = open(os.path.join(HERE, "..", "templates", "implementation-plan-template.md"),
                encoding="utf-8").read()

WORDS = ("billing export ledger invoice search index cache queue worker pipeline schema "
         "migration rollout feature flag metrics dashboard alert latency budget review "
         "approval contract vendor storage replica shard backup restore audit policy token "
         "session gateway client mobile web partner report nightly weekly").split()
PEOPLE = ["Jane Roe", "Omar Haddad", "Lena Park", "Priya Raman", "Ana Silva", "Jörg Müller",
          "Chen Wei", "Sam Okafor", "Maria García", "Tomás Novak"]
ROLES = ["Technical Lead", "Product Owner", "Project Manager"]


def sentence(rng, lo=6, hi=16):
    words = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    return " ".join(words).capitalize() + "."


def iso(day):
    """Day number (0 = 2024-01-01) to ISO date; plain arithmetic keeps this dependency-free."""
    import datetime
    return (datetime.date(2024, 1, 1) + datetime.timedelta(days=day)).isoformat()


def plan(rng, number):
    start = rng.randint(0, 300)
    weeks = 8
    defects = set()
    # About a third of the plans carry one or two defects a reviewer would catch.
    for kind in ("placeholder", "signoff", "dates", "status", "duration"):
        if rng.random() < 0.08:
            defects.add(kind)
    status = rng.choice(["Draft", "In Review", "Approved", "In Progress", "Completed"])
    text = TEMPLATE
    header = {
        "# Implementation Plan Template": f"# Implementation Plan: {rng.choice(WORDS).title()} {number}",
        "## Plan ID: [PLAN-XXX]": f"## Plan ID: PLAN-{number:05d}",
        "## Specification: [SPEC-XXX]": f"## Specification: SPEC-{number % 700:04d}",
        "## Title: [Implementation Plan Title]": f"## Title: {sentence(rng, 3, 6)[:-1]}",
        "## Date: [YYYY-MM-DD]": f"## Date: {iso(start - 3)}",
        "## Author: [Agent Name]": f"## Author: {rng.choice(PEOPLE)}",
        "## Status: [Draft/Review/Approved/In Progress/Completed]": f"## Status: {status}",
    }
    for old, new in header.items():
        text = text.replace(old, new)

    def fill(match):
        inner = match.group(1)
        if inner in (" ", "x") or inner.startswith("Weeks"):
            return match.group(0)
        if "placeholder" in defects and rng.random() < 0.02:
            return match.group(0)
        if inner in ("Name", "Reviewer", "Approver", "Assigned To", "Owner"):
            if "signoff" in defects and rng.random() < 0.3:
                return match.group(0)
            return rng.choice(PEOPLE)
        if inner in ("Date", "YYYY-MM-DD"):
            return iso(start + rng.randint(0, weeks * 7))
        if inner == "X weeks":
            return f"{weeks + (3 if 'duration' in defects else 0)} weeks"
        if inner == "High/Medium/Low":
            return rng.choice(["High", "Medium", "Low"])
        if inner == "Estimated Hours":
            return f"{rng.randint(2, 40)} hours"
        return sentence(rng, 3, 10)[:-1]

    text = re.sub(r"\[([^\[\]\n]*)\]", fill, text)
    # Timeline, milestones and sign-offs in order (or, for a date defect, not).
    text = re.sub(r"- \*\*Start Date\*\*: .*", f"- **Start Date**: {iso(start)}", text)
    text = re.sub(r"- \*\*End Date\*\*: .*", f"- **End Date**: {iso(start + weeks * 7)}", text)
    for m in range(1, 5):
        day = start + m * 14 - (30 if "dates" in defects and m == 3 else 0)
        text = re.sub(rf"(\*\*Milestone {m}\*\*: [^\n]*) - [^\n]*$",
                      rf"\1 - {iso(day)}", text, flags=re.M)
    if status == "Completed" and "status" not in defects:
        text = text.replace("- [ ]", "- [x]")
    box = {"Draft": 0, "In Review": 1, "Approved": 2, "In Progress": 3, "Completed": 4}[status]
    labels = ["Draft", "In Review", "Approved", "In Progress", "Completed"]
    line = " ".join(f"[{'x' if i == box else ' '}] {label}" for i, label in enumerate(labels))
    text = re.sub(r"\*\*Plan Status\*\*: .*", f"**Plan Status**: {line}", text)
    text = re.sub(r"\*\*Next Review Date\*\*: .*", f"**Next Review Date**: {iso(start + 400)}", text)
    for role in ROLES:
        text = re.sub(rf"- \*\*{role}\*\*: .*", f"- **{role}**: {rng.choice(PEOPLE)} - {iso(start)}", text)
    text = re.sub(r"\*\*Approved By\*\*: .*", f"**Approved By**: {rng.choice(PEOPLE)} {iso(start)}", text)
    # 150-400 lines: the filled template is about 250; pad or trim the appendix notes.
    lines = text.split("\n")
    target = rng.randint(150, 400)
    if len(lines) < target:
        notes = ["", "### 13.4 Notes"] + [f"- {sentence(rng)}" for _ in range(target - len(lines) - 2)]
        cut = lines.index("---") if "---" in lines else len(lines)
        lines = lines[:cut] + notes + [""] + lines[cut:]
    else:
        # Drop whole top-level sections, keeping header, phases, timeline and sign-off.
        for number in ("11", "10", "5", "8", "9", "3", "2"):
            if len(lines) <= target:
                break
            starts = [i for i, l in enumerate(lines) if l.startswith(f"## {number}. ")]
            if not starts:
                continue
            i = starts[0]
            j = i + 1
            while j < len(lines) and not lines[j].startswith("## "):
                j += 1
            del lines[i:j]
    return "\n".join(lines)


def other_file(rng, kind):
    if kind == "rs":
        return "\n".join(f"fn f{i}() -> u32 {{ {i} }} // {rng.choice(WORDS)}" for i in range(rng.randint(10, 80))) + "\n"
    if kind == "py":
        return "\n".join(f"def f{i}():\n    return '{rng.choice(WORDS)}'" for i in range(rng.randint(10, 60))) + "\n"
    if kind == "ts":
        return "\n".join(f"export const c{i} = '{rng.choice(WORDS)}';" for i in range(rng.randint(10, 60))) + "\n"
    # Generic Markdown: headings, prose, lists, tables, code — and brackets that are values.
    parts = [f"# {sentence(rng, 2, 5)[:-1]}", ""]
    for _ in range(rng.randint(3, 12)):
        parts += [f"## {sentence(rng, 1, 4)[:-1]}", "", sentence(rng), f"- [x] {sentence(rng, 2, 6)}",
                  f"- see [docs](https://example.com/{rng.choice(WORDS)}) [1]", "",
                  "```", f"let v = [{rng.randint(1, 9)}, {rng.randint(1, 9)}];", "```", ""]
    return "\n".join(parts)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--plans", type=int, default=5000)
    parser.add_argument("--others", type=int, default=50000)
    parser.add_argument("--ignored", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--no-git", action="store_true", help="write the files, skip git init/commit")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    out = args.out
    if os.path.exists(out) and os.listdir(out):
        sys.exit(f"{out} exists and is not empty")
    teams = [f"team-{i:02d}" for i in range(40)]
    for n in range(args.plans):
        team = teams[n % len(teams)]
        write(os.path.join(out, "services", team, "docs", "plans", f"plan-{n:05d}.md"), plan(rng, n))
    kinds = ["rs", "py", "ts", "md", "md", "rs", "py", "ts", "README"]
    for n in range(args.others):
        kind = kinds[n % len(kinds)]
        team = teams[n % len(teams)]
        depth = "/".join(f"m{rng.randint(0, 9)}" for _ in range(rng.randint(1, 4)))
        if kind == "README":
            name = os.path.join(out, "services", team, depth, f"c{n}", "README.md")
            kind = "md"
        else:
            name = os.path.join(out, "services", team, depth, f"f{n}.{kind}")
        write(name, other_file(rng, kind))
    for n in range(args.ignored):
        root = "target" if n % 2 else "node_modules"
        kind = "md" if n % 3 == 0 else "js"
        name = os.path.join(out, root, f"pkg{n % 500}", f"f{n}.{kind}")
        write(name, plan(rng, 90000 + n) if kind == "md" else f"module.exports = {n};\n")
    write(os.path.join(out, ".gitignore"), "target/\nnode_modules/\n")
    if not args.no_git:
        env = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.com",
                   GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.com",
                   GIT_AUTHOR_DATE="2025-01-01T00:00:00Z", GIT_COMMITTER_DATE="2025-01-01T00:00:00Z")
        subprocess.run(["git", "init", "-q", "-b", "main", out], check=True)
        subprocess.run(["git", "-C", out, "add", "-A"], check=True, env=env)
        subprocess.run(["git", "-C", out, "commit", "-qm", "corpus"], check=True, env=env)


if __name__ == "__main__":
    main()
