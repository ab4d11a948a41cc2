#!/usr/bin/env bash
# Builds the tools of the end-to-end tests (issue #7) into .tools/ (git-ignored):
#   .tools/bin/pulumi               the Pulumi CLI v3.276.0, built from github.com/pulumi/pulumi/pkg/v3 (the e2e module
#                                   is the wrapper module: its `tool` directive and clipboard replace make the build work)
#   .tools/plugin/pulumi-resource-aws  the simulated AWS provider plugin (e2e/cmd/pulumi-resource-aws, reports
#                                   v6.83.4); kept out of bin/ because the CLI would also find it on $PATH
#   .tools/bin/simctl               inspects/resets a simulated account (e2e/cmd/simctl)
#   .tools/bin/pulumi-language-go   a stub Go language host (e2e/cmd/pulumi-language-go): programs run inline via the
#                                   Automation API, but `pulumi import` asks the project's language host for plugins;
#                                   the CLI only looks for the go host next to its own binary
#   .tools/pulumi-home              a private PULUMI_HOME with the simulated plugin installed as resource aws v6.83.4
# Cached: the CLI is rebuilt only when missing or reporting another version (or with --force); the plugin is
# rebuilt every run (Go's build cache makes that a few seconds) and reinstalled only when its bytes changed.
# Needs only Go and the Go module proxy. Uses GOMAXPROCS=2 / -p 2 unless set otherwise (the CLI's cold build takes
# minutes and ~2 GB of RAM).
#
# Usage: scripts/e2e-tools.sh [--force] [--check]
#   --force  rebuild the CLI even if it is present
#   --check  only report whether the tools are in place (exit 1 if not)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS=${JAIA_E2E_TOOLS:-$ROOT/.tools}
PULUMI_VERSION=v3.276.0
AWS_PLUGIN_VERSION=6.83.4
PKG=github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
export GOMAXPROCS=${GOMAXPROCS:-2}
BUILD_P=${E2E_BUILD_P:-2}
export GOFLAGS="${GOFLAGS:-} -buildvcs=false"
export PULUMI_HOME=$TOOLS/pulumi-home PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true

FORCE=0 CHECK=0
for a in "$@"; do
  case $a in
    --force) FORCE=1 ;;
    --check) CHECK=1 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown argument: $a" >&2; exit 2 ;;
  esac
done

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }
log() { printf '[e2e-tools] %s\n' "$*"; }
sha() { sha256sum "$1" | cut -d' ' -f1; }

command -v go >/dev/null || { echo "e2e-tools: Go is required" >&2; exit 1; }
mkdir -p "$TOOLS/bin" "$TOOLS/plugin" "$PULUMI_HOME"
rm -f "$TOOLS/bin/pulumi-resource-aws" # older layout: the CLI would find it on $PATH
PLUGIN_DIR=$PULUMI_HOME/plugins/resource-aws-v$AWS_PLUGIN_VERSION

cli_ok() { [[ -x $TOOLS/bin/pulumi ]] && [[ "$("$TOOLS/bin/pulumi" version 2>/dev/null)" == "$PULUMI_VERSION" ]]; }

if [[ $CHECK == 1 ]]; then
  ok=1
  cli_ok && log "CLI $PULUMI_VERSION: ok" || { log "CLI $PULUMI_VERSION: missing"; ok=0; }
  [[ -x $TOOLS/bin/pulumi-language-go ]] && log "stub language host: ok" || { log "stub language host: missing"; ok=0; }
  if [[ -x $PLUGIN_DIR/pulumi-resource-aws && -x $TOOLS/plugin/pulumi-resource-aws ]] &&
     [[ "$(sha "$PLUGIN_DIR/pulumi-resource-aws")" == "$(sha "$TOOLS/plugin/pulumi-resource-aws")" ]]; then
    log "simulated aws plugin v$AWS_PLUGIN_VERSION: installed"
  else
    log "simulated aws plugin v$AWS_PLUGIN_VERSION: missing or stale"; ok=0
  fi
  [[ $ok == 1 ]]; exit
fi

TOTAL=$(now)
cd "$ROOT/e2e"

# The e2e module pins the CLI's version: refuse to build anything else silently.
want=$(go list -m -f '{{.Version}}' github.com/pulumi/pulumi/pkg/v3)
[[ $want == "$PULUMI_VERSION" ]] || { echo "e2e-tools: e2e/go.mod has pulumi/pkg/v3 $want, expected $PULUMI_VERSION" >&2; exit 1; }

t=$(now)
log "downloading modules (go mod download) ..."
go mod download
log "modules ready in $(elapsed "$t")"

if [[ $FORCE == 0 ]] && cli_ok; then
  log "CLI $PULUMI_VERSION present: $TOOLS/bin/pulumi (skip; --force rebuilds)"
else
  t=$(now)
  log "building the Pulumi CLI $PULUMI_VERSION from $PKG (cold: several minutes) ..."
  go build -p "$BUILD_P" -trimpath \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION" \
    -o "$TOOLS/bin/pulumi.new" "$PKG"
  mv "$TOOLS/bin/pulumi.new" "$TOOLS/bin/pulumi"
  cli_ok || { echo "e2e-tools: built CLI reports '$("$TOOLS/bin/pulumi" version)'" >&2; exit 1; }
  log "CLI built in $(elapsed "$t")"
fi

t=$(now)
log "building the simulated pulumi-resource-aws, simctl and the stub language host ..."
go build -p "$BUILD_P" -trimpath -ldflags "-s -w" -o "$TOOLS/plugin/pulumi-resource-aws.new" ./cmd/pulumi-resource-aws
go build -p "$BUILD_P" -trimpath -ldflags "-s -w" -o "$TOOLS/bin/simctl" ./cmd/simctl
go build -p "$BUILD_P" -trimpath -ldflags "-s -w" -o "$TOOLS/bin/pulumi-language-go" ./cmd/pulumi-language-go
if [[ -f $TOOLS/plugin/pulumi-resource-aws ]] && cmp -s "$TOOLS/plugin/pulumi-resource-aws.new" "$TOOLS/plugin/pulumi-resource-aws"; then
  rm "$TOOLS/plugin/pulumi-resource-aws.new"
  log "simulator unchanged ($(elapsed "$t"))"
else
  mv "$TOOLS/plugin/pulumi-resource-aws.new" "$TOOLS/plugin/pulumi-resource-aws"
  log "simulator built in $(elapsed "$t")"
fi

if [[ -x $PLUGIN_DIR/pulumi-resource-aws ]] && [[ "$(sha "$PLUGIN_DIR/pulumi-resource-aws")" == "$(sha "$TOOLS/plugin/pulumi-resource-aws")" ]]; then
  log "plugin resource aws v$AWS_PLUGIN_VERSION already installed in $PULUMI_HOME"
else
  t=$(now)
  # Run outside the checkout: the CLI would otherwise load (and validate) the repository's Pulumi.yaml.
  scratch=$(mktemp -d)
  (cd "$scratch" && "$TOOLS/bin/pulumi" plugin install resource aws "v$AWS_PLUGIN_VERSION" \
    --file "$TOOLS/plugin/pulumi-resource-aws" --reinstall >/dev/null)
  rmdir "$scratch"
  [[ "$(sha "$PLUGIN_DIR/pulumi-resource-aws")" == "$(sha "$TOOLS/plugin/pulumi-resource-aws")" ]] ||
    { echo "e2e-tools: the installed plugin differs from the built one" >&2; exit 1; }
  log "plugin installed in $(elapsed "$t")"
fi

log "done in $(elapsed "$TOTAL"). Run the e2e tests with:"
log "  (cd e2e && JAIA_E2E=1 GOMAXPROCS=2 go test -p 2 ./...)"
log "CLI by hand: PULUMI_HOME=$PULUMI_HOME JAIA_SIM_STATE=/tmp/account.json $TOOLS/bin/pulumi ..."
