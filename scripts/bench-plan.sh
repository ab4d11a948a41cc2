#!/usr/bin/env bash
# Benchmarks of the offline plan (package plan, what `jaiacloud plan` runs):
#   - prod;
#   - prod plus 250 synthetic fleets (ids 1..250, customers c<N>, alternating
#     us-east-1 / us-west-2), and its SDK floor: the same number of bare
#     resources of the same types under the same mocks, simulated AWS off;
#   - the real program for 250 fleets with the simulated AWS off (where the
#     time between floor and plan goes);
#   - the growth with 1, 10, 50 and 250 fleets.
# Prints ms/op, the ratio plan/floor and the growth. Goals on the 2-core dev
# machine (warm build cache): prod + 250 fleets under 3 s, at most 1.3x the
# floor. BENCHTIME (default 3x) sets the iterations; the run takes about a
# minute with a warm build cache. Timings are wall clock: a busy machine
# (see the load average printed first) inflates them.
set -euo pipefail
cd "$(dirname "$0")/.."
benchtime=${BENCHTIME:-3x}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)  cores: $(getconf _NPROCESSORS_ONLN)  benchtime: $benchtime"
out=$(go test -run '^$' -count 1 -benchtime "$benchtime" \
  -bench '^(BenchmarkPlanProd|BenchmarkPlan250Fleets|BenchmarkFloor250Fleets|BenchmarkProgram250Fleets|BenchmarkPlanFleets)$' \
  ./plan/)
echo "$out" | grep '^Benchmark' || { echo "$out"; exit 1; }
echo

echo "$out" | awk '
  /^Benchmark/ {
    name = $1; sub(/-[0-9]+$/, "", name)
    for (i = 2; i < NF; i++) {
      if ($(i+1) == "ns/op") ms[name] = $i / 1e6
      if ($(i+1) == "cpu-ms/op") cpu[name] = $i
      if ($(i+1) == "resources") res[name] = $i
    }
  }
  END {
    printf "%-42s %9s %12s %10s\n", "benchmark", "ms/op", "cpu-ms/op", "resources"
    row("plan prod", "BenchmarkPlanProd")
    row("plan prod + 250 fleets", "BenchmarkPlan250Fleets")
    row("floor: bare resources, same types/count", "BenchmarkFloor250Fleets")
    row("program without the simulated AWS", "BenchmarkProgram250Fleets")
    p = "BenchmarkPlan250Fleets"; f = "BenchmarkFloor250Fleets"; g = "BenchmarkProgram250Fleets"
    if (ms[f] > 0) {
      printf "\nratio plan/floor (250 fleets): %.2fx wall, %.2fx CPU (goal <= 1.3x)\n", ms[p] / ms[f], cpu[p] / cpu[f]
      printf "plan of prod + 250 fleets under 3 s: %s (%.0f ms)\n", (ms[p] < 3000 ? "yes" : "NO"), ms[p]
      printf "breakdown: program/floor %.2fx, plan/program %.2fx (wall)\n", ms[g] / ms[f], ms[p] / ms[g]
    }
    printf "\ngrowth (plan of prod + N fleets):\n%8s %10s %10s %12s\n", "fleets", "ms/op", "resources", "ms/resource"
    split("1 10 50", ns, " ")
    for (j = 1; j <= 3; j++) grow(ns[j], "BenchmarkPlanFleets/fleets=" ns[j])
    grow(250, p)
  }
  function row(label, key) { printf "%-42s %9.1f %12.1f %10s\n", label, ms[key], cpu[key], res[key] }
  function grow(n, key) { if (res[key] > 0) printf "%8d %10.1f %10d %12.3f\n", n, ms[key], res[key], ms[key] / res[key] }
'
