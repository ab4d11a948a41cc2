package plan

import (
	"os"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// junkEnv is what a developer's or CI's environment might hold; none of it
// may change a plan.
var junkEnv = map[string]string{
	"PULUMI_PROJECT":            "other-project",
	"PULUMI_STACK":              "other-stack",
	"PULUMI_ORGANIZATION":       "acme",
	"PULUMI_CONFIG":             `{"jaia-cloud:protect":"false","aws:region":"eu-west-1"}`,
	"PULUMI_CONFIG_SECRET_KEYS": `["jaia-cloud:servers"]`,
	"PULUMI_DRY_RUN":            "true",
	"PULUMI_PARALLEL":           "1",
	"PULUMI_MONITOR":            "127.0.0.1:1",
	"PULUMI_ENGINE":             "127.0.0.1:2",
	"PULUMI_PLUGINS":            "true",
	"PULUMI_ROOT_DIRECTORY":     "/nonexistent",
	"PULUMI_ACCESS_TOKEN":       "pul-0000000000000000000000000000000000000000",
	"AWS_REGION":                "ap-southeast-2",
	"AWS_DEFAULT_REGION":        "ap-southeast-2",
	"AWS_PROFILE":               "nonexistent",
	"AWS_ACCESS_KEY_ID":         "AKIAIOSFODNN7EXAMPLE",
	"TZ":                        "Pacific/Chatham",
	"LANG":                      "tr_TR.UTF-8",
	"LC_ALL":                    "tr_TR.UTF-8",
	"HOME":                      os.TempDir(),
}

// TestPlanDeterministic plans prod ten times, with junk in the environment
// and a different number of OS threads each time (so registrations arrive
// in different orders), and expects the same bytes every time — the same as
// the committed golden plan.
func TestPlanDeterministic(t *testing.T) {
	for k, v := range junkEnv {
		t.Setenv(k, v)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	golden, err := os.ReadFile(GoldenPath("..", "prod"))
	require.NoError(t, err)
	var first []byte
	for i := 0; i < 10; i++ {
		runtime.GOMAXPROCS(1 + i%4)
		p, err := RunStack("..", "prod")
		require.NoError(t, err, "run %d", i)
		b, err := p.Encode()
		require.NoError(t, err)
		if first == nil {
			first = b
			assert.Equal(t, string(golden), string(b), "the plan differs from plans/prod.json (regenerate with %s)", GoldenCommand)
			continue
		}
		require.Equal(t, string(first), string(b), "run %d differs from run 0", i)
	}
}

// TestSyntheticPlanDeterministic does the same for prod with 20 synthetic
// fleets, where many registrations of one type arrive at once.
func TestSyntheticPlanDeterministic(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	req := prodRequest(t, 20)
	var first []byte
	for i := 0; i < 4; i++ {
		runtime.GOMAXPROCS(1 + i%4)
		p, err := Run(req)
		require.NoError(t, err)
		b, err := p.Encode()
		require.NoError(t, err)
		if first == nil {
			first = b
			continue
		}
		require.Equal(t, string(first), string(b), "run %d differs from run 0", i)
	}
}
