package plan

import (
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// prodRequest is the request for the committed prod stack plus n synthetic
// fleets (n = 0: prod itself).
func prodRequest(tb testing.TB, n int) Request {
	tb.Helper()
	raw, secrets, err := LoadStack("..", "prod")
	require.NoError(tb, err)
	if n > 0 {
		raw, err = WithSyntheticFleets(raw, n)
		require.NoError(tb, err)
	}
	return Request{Stack: "prod", Config: raw, SecretKeys: secrets}
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the CPU time per operation since start: on a shared
// machine it varies less than the wall time.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
}

func benchPlan(b *testing.B, n int) {
	req := prodRequest(b, n)
	var resources int
	b.ResetTimer()
	start := cpuTime()
	defer func() { reportCPU(b, start) }()
	for i := 0; i < b.N; i++ {
		p, err := Run(req)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := p.Encode(); err != nil {
			b.Fatal(err)
		}
		resources = len(p.Resources)
	}
	b.ReportMetric(float64(resources), "resources")
}

func benchFloor(b *testing.B, n int) {
	req := prodRequest(b, n)
	p, err := Run(req)
	require.NoError(b, err)
	floor := Request{Stack: "prod", Program: FloorProgram(p)}
	b.ResetTimer()
	start := cpuTime()
	defer func() { reportCPU(b, start) }()
	for i := 0; i < b.N; i++ {
		fp, err := RunWithoutAWS(floor)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := fp.Encode(); err != nil {
			b.Fatal(err)
		}
		if len(fp.Resources) != len(p.Resources) {
			b.Fatalf("floor registered %d resources, the plan %d", len(fp.Resources), len(p.Resources))
		}
	}
	b.ReportMetric(float64(len(p.Resources)), "resources")
}

// BenchmarkPlanProd plans the committed prod stack.
func BenchmarkPlanProd(b *testing.B) { benchPlan(b, 0) }

// BenchmarkPlan250Fleets plans prod plus 250 synthetic fleets.
func BenchmarkPlan250Fleets(b *testing.B) { benchPlan(b, 250) }

// BenchmarkFloor250Fleets registers as many bare resources of the same types
// as BenchmarkPlan250Fleets plans, under the same mocks (simulation off).
func BenchmarkFloor250Fleets(b *testing.B) { benchFloor(b, 250) }

// BenchmarkPlanFleets measures the growth with the number of fleets (the
// 250-fleet point is BenchmarkPlan250Fleets).
func BenchmarkPlanFleets(b *testing.B) {
	for _, n := range []int{1, 10, 50} {
		b.Run(fmt.Sprintf("fleets=%d", n), func(b *testing.B) { benchPlan(b, n) })
	}
}

// BenchmarkProgram250Fleets runs the real program for prod plus 250 fleets
// under the plan's mocks with the simulated AWS off: what the program and
// the SDK cost with real inputs, between the floor and the plan.
func BenchmarkProgram250Fleets(b *testing.B) {
	req := prodRequest(b, 250)
	b.ResetTimer()
	start := cpuTime()
	defer func() { reportCPU(b, start) }()
	for i := 0; i < b.N; i++ {
		if _, err := RunWithoutAWS(req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncode250Fleets encodes the plan of prod plus 250 fleets.
func BenchmarkEncode250Fleets(b *testing.B) {
	p, err := Run(prodRequest(b, 250))
	require.NoError(b, err)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out, err := p.Encode()
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(out)))
	}
}
