#!/usr/bin/env bash
# A real `pulumi preview` of a stack against the simulated AWS, offline.
# Builds the tools on first use (about 4 minutes, then cached).
# Usage: scripts/preview.sh [stack, default prod] [--up]
set -euo pipefail
cd "$(dirname "$0")/.."
stack="${1:-prod}"
shift || true
./scripts/e2e-tools.sh >&2
cd e2e && exec go run ./cmd/jaia-preview --stack "$stack" "$@"
