#!/usr/bin/env bash
# Usage: snapshot.sh SRC DEST
# Copies SRC's working tree as it is now (tracked files plus untracked files that are not
# ignored, with uncommitted changes) into a new git repository at DEST and commits it, so
# tools that read a repository's HEAD (pre-commit try-repo, actions/checkout) see the
# current tree, committed or not.
set -euo pipefail
src=$(cd "$1" && pwd)
dest=$2
mkdir -p "$dest"
(cd "$src" && git ls-files -z --cached --others --exclude-standard) |
  while IFS= read -r -d '' f; do
    # a file deleted from the work tree but still in the index
    [ -e "$src/$f" ] || [ -L "$src/$f" ] || continue
    mkdir -p "$dest/$(dirname "$f")"
    cp -P "$src/$f" "$dest/$f"
  done
cd "$dest"
git init -q -b main .
git add -A
git -c user.name=snapshot -c user.email=snapshot@example.invalid \
  -c commit.gpgsign=false commit -q -m "snapshot of $src"
