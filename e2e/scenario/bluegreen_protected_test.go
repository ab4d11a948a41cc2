package scenario

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBlueGreenProtectedRemoval: on a protected stack the old slot is
// removed in two edits — termination protection off (an update of its
// instance only), then the slot's entry deleted.
func TestBlueGreenProtectedRemoval(t *testing.T) {
	protected := func(cfg map[string]string) map[string]string {
		cfg["jaia-cloud:protect"] = "true"
		return cfg
	}
	green := map[string]any{}
	h := bgHarness(t, protected(bgConfig(t, slots("blue", map[string]any{}, "green", green), "green")))
	w := where(t, h)
	require.Equal(t, w.slot["green"], w.eipOn)

	previewThenUp(t, h, protected(bgConfig(t, slots("blue", map[string]any{"stopped": true, "terminationProtection": false}, "green", green), "green")),
		map[string]string{
			"Instance::docs-blue":            "update",
			"InstanceState::docs-blue-state": "update",
		})
	previewThenUp(t, h, protected(bgConfig(t, slots("green", green), "green")),
		map[string]string{
			"NetworkInterface::docs-blue-eni": "delete",
			"Instance::docs-blue":             "delete",
			"InstanceState::docs-blue-state":  "delete",
		})
	w = where(t, h)
	assert.Equal(t, w.slot["green"], w.eipOn)
	assert.Equal(t, w.slot["green"], w.ipv6On)
}
