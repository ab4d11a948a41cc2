package infra

import (
	"encoding/json"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jaiarobotics/jaia-cloud/stackconfig"
	"github.com/jaiarobotics/jaia-cloud/versions"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPrepareSlots: each slot renders its own user data (its repo and its
// versions file), looks up its own Ubuntu release's AMI, and the non-live
// slot gets a stable temporary IPv6 address in the fixed address's /64.
func TestPrepareSlots(t *testing.T) {
	raw, _, err := stackconfig.ReadStackFile(filepath.Join("..", "Pulumi.prod.yaml"))
	require.NoError(t, err)
	vf := filepath.Join(t.TempDir(), "next.env")
	next := strings.Replace(string(versions.Default), "jaia_version_ubuntu=", "jaia_version_ubuntu=26.04\n#", 1)
	require.NoError(t, os.WriteFile(vf, []byte(next), 0o644))

	var servers map[string]any
	require.NoError(t, json.Unmarshal([]byte(raw["jaia-cloud:servers"]), &servers))
	vpn := servers["vpn"].(map[string]any)
	vpn["slots"] = map[string]any{"blue": map[string]any{}, "green": map[string]any{"repo": "beta", "versionsFile": vf}}
	vpn["live"] = "blue"
	b, _ := json.Marshal(servers)
	raw["jaia-cloud:servers"] = string(b)

	cfg, err := stackconfig.Load("prod", raw)
	require.NoError(t, err)
	vers, err := LoadVersions(cfg)
	require.NoError(t, err)
	d, err := Prepare(cfg, vers)
	require.NoError(t, err)
	var ds DesiredServer
	for _, s := range d.Servers {
		if s.Spec.Name == "vpn" {
			ds = s
		}
	}
	require.Len(t, ds.Slots, 2)
	blue, green := ds.Slots[0], ds.Slots[1]
	assert.True(t, blue.Live)
	assert.False(t, green.Live)
	assert.Equal(t, "2600:1f13:501:a400:d6ad:3dd6:5c68:3649", blue.IPv6, "the live slot holds the fixed address")
	assert.Equal(t, TempIPv6(blue.IPv6, "vpn", "green"), green.IPv6)
	assert.True(t, netip.MustParsePrefix("2600:1f13:501:a400::/64").Contains(netip.MustParseAddr(green.IPv6)))
	assert.NotEqual(t, TempIPv6(blue.IPv6, "vpn", "blue"), green.IPv6)
	assert.Contains(t, green.AMIParameter, "/26.04/")
	assert.Equal(t, ds.AMIParameter, blue.AMIParameter)
	assert.Contains(t, string(green.UserData.Raw), "beta")
	assert.NotEqual(t, string(blue.UserData.Raw), string(green.UserData.Raw))
}
