#!/usr/bin/env bash
# Runs every fuzz target of the main module for a short time each.
# Usage: scripts/fuzz.sh [duration, default 5s]
set -euo pipefail
cd "$(dirname "$0")/.."
time="${1:-5s}"
for pkg in $(go list ./...); do
  for target in $(go test -list '^Fuzz' "$pkg" 2>/dev/null | grep '^Fuzz' || true); do
    echo "fuzz $pkg $target ($time)"
    go test -run='^$' -fuzz="^${target}\$" -fuzztime="$time" "$pkg" >/tmp/jaia-fuzz.log 2>&1 || { cat /tmp/jaia-fuzz.log; exit 1; }
  done
done
