package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// call runs the command with an environment and a hostname ("" = hostname
// fails) and returns stdout, stderr and the exit status.
func call(args []string, env map[string]string, host string) (string, string, int) {
	var stdout, stderr bytes.Buffer
	hostname := func() (string, error) {
		if host == "" {
			return "", errors.New("no hostname")
		}
		return host, nil
	}
	code := run(args, func(k string) string { return env[k] }, hostname, &stdout, &stderr)
	return stdout.String(), stderr.String(), code
}

type runTest struct {
	args []string
	env  map[string]string
	host string
	out  string // stdout, for status 0
	code int
	err  string // substring of stderr, for status != 0
}

func checkRun(t *testing.T, tests []runTest) {
	t.Helper()
	for _, tt := range tests {
		out, errOut, code := call(tt.args, tt.env, tt.host)
		name := "jaia-ip " + strings.Join(tt.args, " ")
		if code != tt.code {
			t.Errorf("%s: status %d, want %d (stdout %q, stderr %q)", name, code, tt.code, out, errOut)
			continue
		}
		if tt.code == 0 {
			if out != tt.out || errOut != "" {
				t.Errorf("%s: stdout %q, stderr %q; want stdout %q", name, out, errOut, tt.out)
			}
			continue
		}
		if out != "" {
			t.Errorf("%s: failed but wrote %q to stdout", name, out)
		}
		if !strings.HasPrefix(errOut, "jaia-ip: ") || !strings.Contains(errOut, tt.err) {
			t.Errorf("%s: stderr %q, want %q", name, errOut, tt.err)
		}
		if (code == 2) != strings.Contains(errOut, "Run 'jaia-ip --help' for usage.") {
			t.Errorf("%s: usage hint and status %d disagree: %q", name, code, errOut)
		}
	}
}

// TestSeedTable reproduces the example table of the seed document (with
// its "ffd6e:" typo corrected), with -6 for the Fleet VPN column.
func TestSeedTable(t *testing.T) {
	checkRun(t, []runTest{
		{args: []string{"-6", "b5sf4"}, out: "fd91:5457:1e5c:4::1:5\n"},
		{args: []string{"b5vf4"}, out: "fd6e:cf0d:aefa:4::1:5\n"},
		{args: []string{"b5cf4"}, out: "fd0f:77ac:4fdf:4::1:5\n"},
		{args: []string{"-6", "b6sf250"}, out: "fd91:5457:1e5c:fa::1:6\n"},
		{args: []string{"b6vf250"}, out: "fd6e:cf0d:aefa:fa::1:6\n"},
		{args: []string{"b6cf250"}, out: "fd0f:77ac:4fdf:fa::1:6\n"},
		{args: []string{"-6", "h20sf10"}, out: "fd91:5457:1e5c:a::14\n"},
		{args: []string{"h20vf10"}, out: "fd6e:cf0d:aefa:a::14\n"},
		{args: []string{"h20cf10"}, out: "fd0f:77ac:4fdf:a::14\n"},
		{args: []string{"-6", "h30sf15"}, out: "fd91:5457:1e5c:f::1e\n"},
		{args: []string{"h30vf15"}, out: "fd6e:cf0d:aefa:f::1e\n"},
		{args: []string{"chf15"}, out: "fd0f:77ac:4fdf:f::1e\n"},
		{args: []string{"h30cf15"}, out: "fd0f:77ac:4fdf:f::1e\n"},
		// Without -6 the Fleet VPN column is IPv4, as the reference tool prints.
		{args: []string{"b5sf4"}, out: "172.23.4.105\n"},
		{args: []string{"b6sf250"}, out: "172.23.250.106\n"},
		{args: []string{"h20sf10"}, out: "172.23.10.30\n"},
		{args: []string{"h30sf15"}, out: "172.23.15.40\n"},
	})
}

func TestSpecs(t *testing.T) {
	checkRun(t, []runTest{
		// The reference's examples (with the seed's interface ids).
		{args: []string{"b4f2"}, out: "10.23.2.104\n"},
		{args: []string{"h30f1"}, out: "10.23.1.40\n"},
		{args: []string{"b1f300"}, out: "fddd:7f2e:3258:12c::1:1\n"},
		{args: []string{"b151f1"}, code: 1, err: "bot 151 has no IPv4 address (IPv4 bots are 0-150); add -6 for its IPv6 address"},
		{args: []string{"h31f1"}, code: 1, err: "hub 31 has no IPv4 address (IPv4 hubs are 0-30); add -6"},
		{args: []string{"-6", "b151f1"}, out: "fddd:7f2e:3258:1::1:97\n"},
		{args: []string{"-6", "h31f1"}, out: "fddd:7f2e:3258:1::1f\n"},
		{args: []string{"b150f1"}, out: "10.23.1.250\n"},
		// Families and boundaries.
		{args: []string{"b5f250"}, out: "10.23.250.105\n"},
		{args: []string{"b5f251"}, out: "fddd:7f2e:3258:fb::1:5\n"},
		{args: []string{"b5sf251"}, out: "fd91:5457:1e5c:fb::1:5\n"},
		{args: []string{"-4", "b5sf251"}, code: 1, err: "fleet 251 has no IPv4 Fleet VPN subnet (IPv4 fleets are 0-250)"},
		{args: []string{"--ipv4", "b5f251"}, code: 1, err: "fleet 251 has no IPv4 WLAN subnet (IPv4 fleets are 0-250)\n"},
		{args: []string{"-4", "b151sf1"}, code: 1, err: "bot 151 has no IPv4 address (IPv4 bots are 0-150)\n"},
		{args: []string{"b65535sf65535"}, out: "fd91:5457:1e5c:ffff::1:ffff\n"},
		{args: []string{"b1f65536"}, code: 2, err: `ParseSpec("b1f65536"): fleet 65536 out of range (0-65535)`},
		{args: []string{"b65536f1"}, code: 2, err: "node id 65536 out of range"},
		{args: []string{"-4", "h20vf10"}, code: 1, err: "vfleet_vpn has no IPv4 addresses"},
		{args: []string{"--ip_version", "ipv4", "chf15"}, code: 1, err: "cloudhub_vpn has no IPv4"},
		{args: []string{"--ip_version=ipv6", "b5sf4"}, out: "fd91:5457:1e5c:4::1:5\n"},
		{args: []string{"b5sf4", "-6"}, out: "fd91:5457:1e5c:4::1:5\n"},
		{args: []string{"-4", "b5sf4"}, out: "172.23.4.105\n"},
		{args: []string{"--ipv6", "b5f4"}, out: "fddd:7f2e:3258:4::1:5\n"},
		{args: []string{"b05sf004"}, out: "172.23.4.105\n"},
		{args: []string{"--", "b5sf4"}, out: "172.23.4.105\n"},
		// Networks of a spec.
		{args: []string{"--query_type", "net", "b5sf4"}, out: "172.23.4.0/24\n"},
		{args: []string{"--query_type=net", "-6", "b5sf4"}, out: "fd91:5457:1e5c:4::/64\n"},
		{args: []string{"--query_type", "net", "chf15"}, out: "fd0f:77ac:4fdf:f::/64\n"},
		{args: []string{"net", "b1f300"}, out: "fddd:7f2e:3258:12c::/64\n"},
		{args: []string{"-4", "--query_type", "net", "chf15"}, code: 1, err: "cloudhub_vpn has no IPv4 network"},
		// self and *.jaia.tech, as the reference.
		{args: []string{"self"}, out: "::1\n"},
		{args: []string{"-4", "self"}, out: "127.0.0.1\n"},
		{args: []string{"docs.jaia.tech"}, out: "docs.jaia.tech\n"},
		{args: []string{".jaia.tech"}, code: 2, err: "ParseSpec"},
	})
}

// TestMalformedSpecs checks the specs the reference rejects.
func TestMalformedSpecs(t *testing.T) {
	var tests []runTest
	for _, s := range []string{"x5f1", "b", "bf1", "ch30f1", "b5xf1", "B5f1", "chvf1", "", "b5f", "b5sf4x", "CH", "h-1f1"} {
		tests = append(tests, runTest{args: []string{s}, code: 2, err: "ParseSpec(" + `"` + s + `"` + ")"})
	}
	checkRun(t, tests)
}

func TestFleetSources(t *testing.T) {
	checkRun(t, []runTest{
		{args: []string{"b5s"}, env: map[string]string{"jaia_fleet_id": "4"}, out: "172.23.4.105\n"},
		{args: []string{"b5s"}, env: map[string]string{"jaia_fleet_id": "4"}, host: "hub1-fleet7", out: "172.23.4.105\n"},
		{args: []string{"b5s"}, host: "hub1-fleet7", out: "172.23.7.105\n"},
		{args: []string{"b5s"}, host: "bot5-fleet300", out: "fd91:5457:1e5c:12c::1:5\n"},
		{args: []string{"b5s"}, host: "cloudhub-fleet15.example.com", out: "172.23.15.105\n"},
		{args: []string{"ch"}, host: "cloudhub-fleet15", out: "fd0f:77ac:4fdf:f::1e\n"},
		{args: []string{"b5sf9"}, env: map[string]string{"jaia_fleet_id": "4"}, host: "hub1-fleet7", out: "172.23.9.105\n"},
		{args: []string{"b5s", "--fleet_id", "3"}, env: map[string]string{"jaia_fleet_id": "4"}, out: "172.23.3.105\n"},
		{args: []string{"b5sf3", "--fleet_id=3"}, out: "172.23.3.105\n"},
		{args: []string{"b5sf3", "--fleet_id=4"}, code: 2, err: `spec b5sf3 names fleet 3 but --fleet_id is "4"`},
		{args: []string{"b5s"}, env: map[string]string{"jaia_fleet_id": "4x"}, host: "hub1-fleet7", code: 1, err: `environment variable jaia_fleet_id="4x" is not a fleet id`},
		{args: []string{"b5s"}, env: map[string]string{"jaia_fleet_id": "-4"}, code: 1, err: "jaia_fleet_id"},
		{args: []string{"b5s"}, env: map[string]string{"jaia_fleet_id": "65536"}, code: 1, err: "jaia_fleet_id"},
		{args: []string{"b5s"}, host: "hub1-fleet99999", code: 1, err: `hostname "hub1-fleet99999" names fleet 99999, which is out of range`},
		{args: []string{"b5s"}, code: 2, err: "no fleet: add f<fleet>"},
		{args: []string{"b5s"}, host: "jaia-unnamed", code: 2, err: "no fleet"},
		{args: []string{"b5s"}, host: "hub1-fleet7x", code: 2, err: "no fleet"},
		{args: []string{"b5s"}, host: "hub1-fleet", code: 2, err: "no fleet"},
		{args: []string{"b5s"}, host: "hub1-virtualfleet7", code: 2, err: "no fleet"},
		{args: []string{"b5s", "--fleet_id", "x"}, code: 2, err: `--fleet_id "x": want a fleet id 0-65535`},
	})
}

// TestExplicit covers the flags of the reference "jaia ip": every net ×
// node kind × family, with boundaries.
func TestExplicit(t *testing.T) {
	base := []string{"--ipv6_base", "2600:1f18:abc:de00::/56"}
	q := func(net, fleet, typ, id, version string, extra ...string) []string {
		args := []string{"--ip_net", net, "--fleet_id", fleet, "--node_type", typ, "--node_id", id, "--ip_version", version}
		return append(args, extra...)
	}
	checkRun(t, []runTest{
		// wlan
		{args: q("wlan", "4", "bot", "5", "ipv4"), out: "10.23.4.105\n"},
		{args: q("wlan", "4", "bot", "5", "ipv6"), out: "fddd:7f2e:3258:4::1:5\n"},
		{args: q("wlan", "0", "hub", "0", "ipv4"), out: "10.23.0.10\n"},
		{args: q("wlan", "250", "hub", "30", "ipv4"), out: "10.23.250.40\n"},
		{args: q("wlan", "250", "hub", "31", "ipv4"), code: 1, err: "hub 31 has no IPv4 address (IPv4 hubs are 0-30)"},
		{args: q("wlan", "250", "hub", "31", "ipv6"), out: "fddd:7f2e:3258:fa::1f\n"},
		{args: q("wlan", "251", "bot", "1", "ipv4"), code: 1, err: "fleet 251 has no IPv4 WLAN subnet (IPv4 fleets are 0-250)"},
		{args: q("wlan", "65535", "bot", "65535", "ipv6"), out: "fddd:7f2e:3258:ffff::1:ffff\n"},
		{args: q("wlan", "65536", "bot", "1", "ipv6"), code: 2, err: `--fleet_id "65536": want a fleet id 0-65535`},
		{args: q("wlan", "1", "desktop", "1", "ipv4"), code: 1, err: "desktop1 has no IPv4 address"},
		{args: q("wlan", "1", "desktop", "1", "ipv6"), out: "fddd:7f2e:3258:1::2:1\n"},
		// fleet_vpn
		{args: q("fleet_vpn", "4", "bot", "5", "ipv4"), out: "172.23.4.105\n"},
		{args: q("fleet_vpn", "250", "bot", "150", "ipv4"), out: "172.23.250.250\n"},
		{args: q("fleet_vpn", "250", "bot", "151", "ipv4"), code: 1, err: "bot 151 has no IPv4 address (IPv4 bots are 0-150)"},
		{args: q("fleet_vpn", "250", "bot", "151", "ipv6"), out: "fd91:5457:1e5c:fa::1:97\n"},
		{args: q("fleet_vpn", "10", "hub", "20", "ipv6"), out: "fd91:5457:1e5c:a::14\n"},
		{args: q("fleet_vpn", "1", "desktop", "1", "ipv6"), out: "fd91:5457:1e5c:1::2:1\n"},
		{args: q("fleet_vpn", "1", "desktop", "1", "ipv4"), code: 1, err: "desktop1 has no IPv4 address"},
		// vfleet_vpn and cloudhub_vpn
		{args: q("vfleet_vpn", "4", "hub", "1", "ipv6"), out: "fd6e:cf0d:aefa:4::1\n"},
		{args: q("vfleet_vpn", "4", "bot", "5", "ipv4"), code: 1, err: "vfleet_vpn has no IPv4 addresses"},
		{args: q("vfleet_vpn", "4", "desktop", "1", "ipv6"), out: "fd6e:cf0d:aefa:4::2:1\n"},
		{args: q("cloudhub_vpn", "15", "hub", "30", "ipv6"), out: "fd0f:77ac:4fdf:f::1e\n"},
		{args: q("cloudhub_vpn", "15", "bot", "3", "ipv6"), out: "fd0f:77ac:4fdf:f::1:3\n"},
		{args: q("cloudhub_vpn", "15", "desktop", "1", "ipv6"), out: "fd0f:77ac:4fdf:f::2:1\n"},
		{args: q("cloudhub_vpn", "15", "desktop", "1", "ipv4"), code: 1, err: "cloudhub_vpn has no IPv4 addresses"},
		// cloudhub_eth
		{args: q("cloudhub_eth", "15", "hub", "30", "ipv4"), out: "10.23.255.40\n"},
		{args: q("cloudhub_eth", "15", "hub", "29", "ipv4"), code: 1, err: "only the CloudHub (hub 30) has an IPv4 address in cloudhub_eth, not hub29"},
		{args: q("cloudhub_eth", "15", "bot", "1", "ipv4"), code: 1, err: "only the CloudHub"},
		{args: q("cloudhub_eth", "15", "desktop", "1", "ipv4"), code: 1, err: "only the CloudHub"},
		{args: q("cloudhub_eth", "15", "hub", "30", "ipv6", base...), out: "2600:1f18:abc:de00::1e\n"},
		{args: q("cloudhub_eth", "15", "bot", "1", "ipv6", base...), out: "2600:1f18:abc:de00::1:1\n"},
		{args: q("cloudhub_eth", "15", "hub", "30", "ipv6"), code: 2, err: "IPv6 on cloudhub_eth needs --ipv6_base"},
		// vfleet_eth
		{args: q("vfleet_eth", "1", "hub", "1", "ipv4"), code: 1, err: "vfleet_eth has no IPv4 node addresses"},
		{args: q("vfleet_eth", "1", "hub", "1", "ipv6", base...), out: "2600:1f18:abc:de01::1\n"},
		{args: q("vfleet_eth", "1", "desktop", "1", "ipv6", base...), out: "2600:1f18:abc:de01::2:1\n"},
		// vfleet_wlan
		{args: q("vfleet_wlan", "4", "hub", "1", "ipv4"), out: "10.23.4.11\n"},
		{args: q("vfleet_wlan", "4", "bot", "5", "ipv4"), out: "10.23.4.105\n"},
		{args: q("vfleet_wlan", "250", "bot", "150", "ipv4"), out: "10.23.250.250\n"},
		{args: q("vfleet_wlan", "251", "bot", "150", "ipv4"), out: "10.23.253.250\n"},
		{args: q("vfleet_wlan", "65535", "hub", "30", "ipv4"), out: "10.23.253.40\n"},
		{args: q("vfleet_wlan", "251", "bot", "151", "ipv4"), code: 1, err: "bot 151 has no IPv4"},
		{args: q("vfleet_wlan", "4", "desktop", "1", "ipv4"), code: 1, err: "desktop1 has no IPv4"},
		{args: q("vfleet_wlan", "4", "bot", "5", "ipv6", base...), out: "2600:1f18:abc:de02::1:5\n"},
		{args: q("vfleet_wlan", "4", "bot", "5", "ipv6", "--ipv6_base", "2600:1f18:abc:de42::17"), out: "2600:1f18:abc:de02::1:5\n"},
		{args: q("vfleet_wlan", "4", "bot", "5", "ipv6", "--ipv6_base=2600:1f18:abc:de00::/64"), code: 2, err: "--ipv6_base \"2600:1f18:abc:de00::/64\": want the VPC's IPv6 /56"},
		{args: q("vfleet_wlan", "4", "bot", "5", "ipv6", "--ipv6_base", "10.23.0.0"), code: 2, err: "--ipv6_base"},
		// vpc
		{args: q("vpc", "4", "bot", "5", "ipv4"), code: 1, err: "vpc has no IPv4 node addresses"},
		{args: q("vpc", "4", "bot", "5", "ipv6", base...), code: 1, err: "vpc is not a subnet"},
		// Default family, legacy spellings, missing arguments.
		{args: []string{"--ip_net", "fleet_vpn", "--fleet_id", "4", "--node_type", "bot", "--node_id", "5"}, out: "172.23.4.105\n"},
		{args: []string{"--ip_net", "fleet_vpn", "--fleet_id", "300", "--node_type", "bot", "--node_id", "5"}, out: "fd91:5457:1e5c:12c::1:5\n"},
		{args: []string{"--ip_net=vfleet_vpn", "--fleet_id=4", "--node_type=hub", "--node_id=1"}, out: "fd6e:cf0d:aefa:4::1\n"},
		{args: []string{"--ip_net", "vfleet_vpn", "--node_type", "hub", "--node_id", "1"}, env: map[string]string{"jaia_fleet_id": "4"}, out: "fd6e:cf0d:aefa:4::1\n"},
		{args: []string{"addr", "--node", "bot", "--net", "wlan", "--fleet_id", "4", "--node_id", "5", "--ipv4"}, out: "10.23.4.105\n"},
		{args: []string{"addr", "--node", "bot", "--net", "wlan", "--fleet_id", "4", "--node_id", "5", "--ipv6"}, out: "fddd:7f2e:3258:4::1:5\n"},
		{args: []string{"--ip_net", "wlan", "--fleet_id", "4", "--node_type", "bot"}, code: 2, err: "--query_type addr needs --node_type and --node_id"},
		{args: []string{"--ip_net", "wlan", "--fleet_id", "4", "--node_id", "5"}, code: 2, err: "needs --node_type"},
		{args: []string{"--ip_net", "wlan", "--fleet_id", "4", "--node_type", "gateway", "--node_id", "0"}, code: 2, err: `--node_type "gateway": want hub, bot or desktop`},
		{args: []string{"--ip_net", "wlan", "--fleet_id", "4", "--node_type", "bot", "--node_id", "65536"}, code: 2, err: `--node_id "65536": want a node id 0-65535`},
		{args: []string{"--ip_net", "wlan", "--fleet_id", "4", "--node_type", "bot", "--node_id", "-1"}, code: 2, err: `--node_id "-1"`},
		{args: []string{"--ip_net", "lan", "--fleet_id", "4"}, code: 2, err: `ParseNet("lan"): want wlan, fleet_vpn`},
		{args: []string{"--ip_net", "wlan", "--node_type", "bot", "--node_id", "5"}, code: 2, err: "no fleet"},
	})
}

func TestExplicitNets(t *testing.T) {
	base := []string{"--ipv6_base", "2600:1f18:abc:de00::/56"}
	q := func(net, fleet, version string, extra ...string) []string {
		return append([]string{"--query_type", "net", "--ip_net", net, "--fleet_id", fleet, "--ip_version", version}, extra...)
	}
	checkRun(t, []runTest{
		{args: q("wlan", "4", "ipv4"), out: "10.23.4.0/24\n"},
		{args: q("wlan", "250", "ipv4"), out: "10.23.250.0/24\n"},
		{args: q("wlan", "251", "ipv4"), code: 1, err: "fleet 251 has no IPv4 WLAN subnet (IPv4 fleets are 0-250)"},
		{args: q("wlan", "4", "ipv6"), out: "fddd:7f2e:3258:4::/64\n"},
		{args: q("fleet_vpn", "4", "ipv4"), out: "172.23.4.0/24\n"},
		{args: q("fleet_vpn", "65535", "ipv6"), out: "fd91:5457:1e5c:ffff::/64\n"},
		{args: q("vfleet_vpn", "3", "ipv6"), out: "fd6e:cf0d:aefa:3::/64\n"},
		{args: q("vfleet_vpn", "3", "ipv4"), code: 1, err: "vfleet_vpn has no IPv4 network"},
		{args: q("cloudhub_vpn", "15", "ipv6"), out: "fd0f:77ac:4fdf:f::/64\n"},
		{args: q("cloudhub_eth", "15", "ipv4"), out: "10.23.255.0/24\n"},
		{args: q("cloudhub_eth", "15", "ipv6", base...), out: "2600:1f18:abc:de00::/64\n"},
		{args: q("vfleet_eth", "15", "ipv4"), out: "10.23.254.0/24\n"},
		{args: q("vfleet_eth", "15", "ipv6", base...), out: "2600:1f18:abc:de01::/64\n"},
		{args: q("vfleet_wlan", "15", "ipv4"), out: "10.23.15.0/24\n"},
		{args: q("vfleet_wlan", "251", "ipv4"), out: "10.23.253.0/24\n"},
		{args: q("vfleet_wlan", "15", "ipv6", base...), out: "2600:1f18:abc:de02::/64\n"},
		{args: q("vpc", "15", "ipv4"), out: "10.23.0.0/16\n"},
		{args: q("vpc", "15", "ipv6", base...), out: "2600:1f18:abc:de00::/56\n"},
		{args: q("vpc", "15", "ipv6", "--ipv6_base", "2600:1f18:abc:de00::"), out: "2600:1f18:abc:de00::/56\n"},
		{args: q("vpc", "15", "ipv6"), code: 2, err: "IPv6 on vpc needs --ipv6_base"},
		// The VPC nets need no fleet.
		{args: []string{"--query_type", "net", "--ip_net", "cloudhub_eth"}, out: "10.23.255.0/24\n"},
		{args: []string{"net", "--ip_net", "vpc"}, out: "10.23.0.0/16\n"},
		{args: []string{"--ip_net", "cloudhub_eth", "--node_type", "hub", "--node_id", "30"}, out: "10.23.255.40\n"},
		{args: []string{"--query_type", "net", "--ip_net", "vfleet_wlan"}, code: 2, err: "no fleet"},
		{args: []string{"--query_type", "net", "--ip_net", "vfleet_wlan", "-6"}, code: 2, err: "needs --ipv6_base"},
	})
}

func TestTable(t *testing.T) {
	checkRun(t, []runTest{
		{args: []string{"--fleet_id", "4", "--hosts", "--bots", "2"}, out: `fd0f:77ac:4fdf:4::1e cloudhub-fleet4
fd6e:cf0d:aefa:4::1 hub1-virtualfleet4
fd6e:cf0d:aefa:4::1:1 bot1-virtualfleet4
fd6e:cf0d:aefa:4::1:2 bot2-virtualfleet4
172.23.4.11 hub1-fleet4
172.23.4.101 bot1-fleet4
172.23.4.102 bot2-fleet4
`},
		{args: []string{"--table", "--bots=1"}, host: "hub1-fleet300", out: `NAME                  NET           NODE   ADDRESS
cloudhub-fleet300     cloudhub_vpn  hub30  fd0f:77ac:4fdf:12c::1e
hub1-virtualfleet300  vfleet_vpn    hub1   fd6e:cf0d:aefa:12c::1
bot1-virtualfleet300  vfleet_vpn    bot1   fd6e:cf0d:aefa:12c::1:1
hub1-fleet300         fleet_vpn     hub1   fd91:5457:1e5c:12c::1
bot1-fleet300         fleet_vpn     bot1   fd91:5457:1e5c:12c::1:1
`},
		{args: []string{"--hosts", "--bots", "151", "--fleet_id", "1"}, code: 2, err: `--bots "151": want 0-150`},
		{args: []string{"--hosts", "--table", "--fleet_id", "1"}, code: 2, err: "only one of --table and --hosts"},
		{args: []string{"--hosts"}, code: 2, err: "no fleet"},
		{args: []string{"--hosts", "--fleet_id", "1", "-6"}, code: 2, err: "--ipv6 cannot be used with --table/--hosts"},
	})
	out, _, code := call([]string{"--hosts", "--fleet_id", "1"}, nil, "")
	if n := strings.Count(out, "\n"); code != 0 || n != 3+2*10 {
		t.Errorf("--hosts default: status %d, %d lines, want 23", code, n)
	}
}

func TestLookup(t *testing.T) {
	checkRun(t, []runTest{
		{args: []string{"--lookup", "fd91:5457:1e5c:4::1:5"}, out: "bot5 in fleet_vpn of fleet 4\n"},
		{args: []string{"--lookup=172.23.4.105"}, out: "bot5 in fleet_vpn of fleet 4\n"},
		{args: []string{"--lookup", "10.23.4.11"}, out: "hub1 in wlan of fleet 4\n"},
		{args: []string{"--lookup", "10.23.255.40"}, out: "hub30 in cloudhub_eth of any fleet\n"},
		{args: []string{"--lookup", "8.8.8.8"}, code: 1, err: "8.8.8.8 is not a Jaia node address"},
		{args: []string{"--lookup", "b5sf4"}, code: 2, err: `--lookup "b5sf4": not an IP address`},
		{args: []string{"--lookup", "8.8.8.8", "b5sf4"}, code: 2, err: "give only one of"},
	})
}

func TestUsage(t *testing.T) {
	checkRun(t, []runTest{
		{args: nil, code: 2, err: "missing host spec (such as b5sf4) or --ip_net"},
		{args: []string{"--bogus"}, code: 2, err: "unknown flag --bogus"},
		{args: []string{"-x", "b5sf4"}, code: 2, err: "unknown flag -x"},
		{args: []string{"--fleet_id"}, code: 2, err: "flag --fleet_id needs a value"},
		{args: []string{"--ipv6=yes", "b5sf4"}, code: 2, err: "flag --ipv6=yes takes no value"},
		{args: []string{"-4", "-6", "b5sf4"}, code: 2, err: "conflicting address families"},
		{args: []string{"-4", "--ip_version", "ipv6", "b5sf4"}, code: 2, err: "conflicting address families"},
		{args: []string{"--ip_version", "6", "b5sf4"}, code: 2, err: `--ip_version "6": want ipv4 or ipv6`},
		{args: []string{"--query_type", "host", "b5sf4"}, code: 2, err: `--query_type "host": want addr or net`},
		{args: []string{"net", "--query_type", "addr", "b5sf4"}, code: 2, err: "conflicting query types"},
		{args: []string{"b5sf4", "b6sf4"}, code: 2, err: "more than one host spec"},
		{args: []string{"b5sf4", "--node_id", "3"}, code: 2, err: "--node_id cannot be used with a host spec"},
		{args: []string{"b5sf4", "--ip_net", "wlan"}, code: 2, err: "give only one of"},
		{args: []string{"b5sf4", "--bots", "3"}, code: 2, err: "--bots cannot be used with a host spec"},
		{args: []string{"--ip_net", "wlan", "--bots", "3", "--fleet_id", "1"}, code: 2, err: "--bots cannot be used with --ip_net"},
		{args: []string{"--lookup", "8.8.8.8", "-6"}, code: 2, err: "--ipv6 cannot be used with --lookup"},
	})
	for _, args := range [][]string{{"--help"}, {"-h"}, {"-help"}, {"b5sf4", "--help"}} {
		out, errOut, code := call(args, nil, "")
		if code != 0 || errOut != "" || !strings.HasPrefix(out, "Usage:") {
			t.Errorf("%q: status %d, stderr %q, stdout %.40q", args, code, errOut, out)
		}
	}
	// The help documents every flag and feature.
	for _, s := range []string{"-4", "-6", "--ipv4", "--ipv6", "--ip_version", "--fleet_id", "--ip_net", "--query_type",
		"--node_type", "--node_id", "--ipv6_base", "--table", "--hosts", "--bots", "--lookup", "jaia_fleet_id", "-fleet<N>",
		"b<id>[s|v|c][f<fleet>]", "ch[f<fleet>]", "wlan", "fleet_vpn", "vfleet_vpn", "cloudhub_vpn", "cloudhub_eth",
		"vfleet_eth", "vfleet_wlan", "vpc", "Exit status"} {
		if !strings.Contains(usage, s) {
			t.Errorf("--help does not mention %s", s)
		}
	}
}
