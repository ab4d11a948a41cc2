#!/usr/bin/env bash
# Builds cmd/jaia-ip as a static binary and prints the median wall time of
# one call (goal: <= 5 ms; the Python jaia-ip.py takes about 89 ms).
#
# Usage: scripts/bench-jaia-ip.sh [CALLS]   (default 200)
# Uses hyperfine if it is installed (set NO_HYPERFINE=1 to skip it), else a
# bash loop timed with $EPOCHREALTIME (no fork per sample).
set -euo pipefail

calls=${1:-200}
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

CGO_ENABLED=0 go build -trimpath -o "$tmp/jaia-ip" ./cmd/jaia-ip
bin=$tmp/jaia-ip
args=(b5sf4)
want=172.23.4.105
got=$("$bin" "${args[@]}")
if [[ $got != "$want" ]]; then
	echo "bench-jaia-ip: jaia-ip ${args[*]} printed '$got', want '$want'" >&2
	exit 1
fi
echo "binary: $(du -k "$bin" | cut -f1) KiB, $(file -b "$bin" 2>/dev/null | grep -o "statically linked" || echo "linkage unknown")"

if [[ -z ${NO_HYPERFINE:-} ]] && command -v hyperfine >/dev/null 2>&1; then
	hyperfine --shell=none --warmup 20 --runs "$calls" --style basic \
		--export-json "$tmp/times.json" "$bin ${args[*]}" >&2
	# hyperfine reports seconds; print milliseconds.
	median=$(grep -o '"median": *[0-9.e-]*' "$tmp/times.json" | head -1 | sed 's/.*: *//')
	awk -v s="$median" -v n="$calls" 'BEGIN { printf "jaia-ip median: %.2f ms per call (hyperfine, %d calls)\n", s * 1000, n }'
else
	for ((i = 0; i < 20; i++)); do "$bin" "${args[@]}" >/dev/null; done # warm up
	: >"$tmp/times"
	for ((i = 0; i < calls; i++)); do
		t0=$EPOCHREALTIME
		"$bin" "${args[@]}" >/dev/null
		t1=$EPOCHREALTIME
		echo "$t0 $t1" >>"$tmp/times"
	done
	awk '{ printf "%.6f\n", ($2 - $1) * 1000 }' "$tmp/times" | sort -n |
		awk -v n="$calls" '{ v[NR] = $1 } END {
			m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "jaia-ip median: %.2f ms per call (bash loop, %d calls)\n", m, n }'
fi
