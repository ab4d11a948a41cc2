package addressing

import (
	"net/netip"
	"strings"
	"testing"
)

// checkAddr compares an (address, error) result with want: an address in
// text form, or "!" followed by a substring of the expected error.
func checkAddr(t *testing.T, what string, got netip.Addr, err error, want string) {
	t.Helper()
	if msg, isErr := strings.CutPrefix(want, "!"); isErr {
		if err == nil {
			t.Errorf("%s = %v, want error containing %q", what, got, msg)
		} else if !strings.Contains(err.Error(), msg) {
			t.Errorf("%s error = %q, want it to contain %q", what, err, msg)
		} else if got.IsValid() {
			t.Errorf("%s returned %v with its error", what, got)
		}
		return
	}
	if err != nil {
		t.Errorf("%s error: %v, want %s", what, err, want)
	} else if w := netip.MustParseAddr(want); got != w {
		t.Errorf("%s = %v, want %v", what, got, w)
	}
}

// checkPrefix is checkAddr for prefixes.
func checkPrefix(t *testing.T, what string, got netip.Prefix, err error, want string) {
	t.Helper()
	if msg, isErr := strings.CutPrefix(want, "!"); isErr {
		if err == nil {
			t.Errorf("%s = %v, want error containing %q", what, got, msg)
		} else if !strings.Contains(err.Error(), msg) {
			t.Errorf("%s error = %q, want it to contain %q", what, err, msg)
		}
		return
	}
	if err != nil {
		t.Errorf("%s error: %v, want %s", what, err, want)
	} else if w := netip.MustParsePrefix(want); got != w {
		t.Errorf("%s = %v, want %v", what, got, w)
	}
}

// The example table of the seed document (its last VirtualFleet entry
// "ffd6e:cf0d:aefa:f::1e" is a typo for fd6e:cf0d:aefa:f::1e).
var seedTable = []struct {
	node                Node
	fleet               Fleet
	fleetVPN, vfVPN, ch string
}{
	{BotNode(5), 4, "fd91:5457:1e5c:4::1:5", "fd6e:cf0d:aefa:4::1:5", "fd0f:77ac:4fdf:4::1:5"},
	{BotNode(6), 250, "fd91:5457:1e5c:fa::1:6", "fd6e:cf0d:aefa:fa::1:6", "fd0f:77ac:4fdf:fa::1:6"},
	{HubNode(20), 10, "fd91:5457:1e5c:a::14", "fd6e:cf0d:aefa:a::14", "fd0f:77ac:4fdf:a::14"},
	{HubNode(30), 15, "fd91:5457:1e5c:f::1e", "fd6e:cf0d:aefa:f::1e", "fd0f:77ac:4fdf:f::1e"},
}

func TestSeedTable(t *testing.T) {
	for _, tt := range seedTable {
		for _, c := range []struct {
			net  Net
			want string
		}{{FleetVPN, tt.fleetVPN}, {VirtualFleetVPN, tt.vfVPN}, {CloudHubVPN, tt.ch}} {
			got, err := NodeIPv6(c.net, tt.fleet, tt.node)
			checkAddr(t, "NodeIPv6("+c.net.String()+", "+tt.fleet.String()+", "+tt.node.String()+")", got, err, c.want)
		}
	}
}

// nodeAddrTests covers every net × node kind × family, with the boundaries
// fleet 0/250/251/65535, hub 30/31, bot 150/151 and id 65535. v4 is the
// NodeIPv4 result and v6 the NodeIPv6 result ("!" + error substring).
var nodeAddrTests = []struct {
	net    Net
	fleet  Fleet
	node   Node
	v4, v6 string
}{
	// Physical WLAN.
	{WLAN, 0, HubNode(0), "10.23.0.10", "fddd:7f2e:3258::"},
	{WLAN, 4, BotNode(5), "10.23.4.105", "fddd:7f2e:3258:4::1:5"},
	{WLAN, 1, HubNode(30), "10.23.1.40", "fddd:7f2e:3258:1::1e"},
	{WLAN, 250, HubNode(30), "10.23.250.40", "fddd:7f2e:3258:fa::1e"},
	{WLAN, 250, HubNode(31), "!hub 31 has no IPv4 address (IPv4 hubs are 0-30)", "fddd:7f2e:3258:fa::1f"},
	{WLAN, 250, BotNode(150), "10.23.250.250", "fddd:7f2e:3258:fa::1:96"},
	{WLAN, 1, BotNode(151), "!bot 151 has no IPv4 address (IPv4 bots are 0-150)", "fddd:7f2e:3258:1::1:97"},
	{WLAN, 251, BotNode(1), "!fleet 251 has no IPv4 WLAN subnet (IPv4 fleets are 0-250)", "fddd:7f2e:3258:fb::1:1"},
	{WLAN, 300, BotNode(1), "!fleet 300 has no IPv4 WLAN subnet", "fddd:7f2e:3258:12c::1:1"},
	{WLAN, 65535, HubNode(65535), "!fleet 65535 has no IPv4 WLAN subnet", "fddd:7f2e:3258:ffff::ffff"},
	{WLAN, 2, DesktopNode(1), "!desktop1 has no IPv4 address", "fddd:7f2e:3258:2::2:1"},
	{WLAN, 65535, DesktopNode(65535), "!fleet 65535 has no IPv4", "fddd:7f2e:3258:ffff::2:ffff"},
	// Fleet VPN.
	{FleetVPN, 0, HubNode(0), "172.23.0.10", "fd91:5457:1e5c::"},
	{FleetVPN, 4, BotNode(5), "172.23.4.105", "fd91:5457:1e5c:4::1:5"},
	{FleetVPN, 10, HubNode(20), "172.23.10.30", "fd91:5457:1e5c:a::14"},
	{FleetVPN, 15, HubNode(30), "172.23.15.40", "fd91:5457:1e5c:f::1e"},
	{FleetVPN, 250, BotNode(6), "172.23.250.106", "fd91:5457:1e5c:fa::1:6"},
	{FleetVPN, 250, BotNode(150), "172.23.250.250", "fd91:5457:1e5c:fa::1:96"},
	{FleetVPN, 250, BotNode(151), "!bot 151 has no IPv4 address", "fd91:5457:1e5c:fa::1:97"},
	{FleetVPN, 3, HubNode(31), "!hub 31 has no IPv4 address", "fd91:5457:1e5c:3::1f"},
	{FleetVPN, 251, HubNode(0), "!fleet 251 has no IPv4 Fleet VPN subnet (IPv4 fleets are 0-250)", "fd91:5457:1e5c:fb::"},
	{FleetVPN, 65535, BotNode(150), "!fleet 65535 has no IPv4 Fleet VPN subnet", "fd91:5457:1e5c:ffff::1:96"},
	{FleetVPN, 7, DesktopNode(1), "!desktop1 has no IPv4 address", "fd91:5457:1e5c:7::2:1"},
	// VirtualFleet VPN: IPv6 only.
	{VirtualFleetVPN, 0, HubNode(0), "!vfleet_vpn has no IPv4 addresses", "fd6e:cf0d:aefa::"},
	{VirtualFleetVPN, 3, HubNode(1), "!vfleet_vpn has no IPv4", "fd6e:cf0d:aefa:3::1"},
	{VirtualFleetVPN, 4, BotNode(5), "!vfleet_vpn has no IPv4", "fd6e:cf0d:aefa:4::1:5"},
	{VirtualFleetVPN, 251, BotNode(151), "!vfleet_vpn has no IPv4", "fd6e:cf0d:aefa:fb::1:97"},
	{VirtualFleetVPN, 65535, DesktopNode(0), "!vfleet_vpn has no IPv4", "fd6e:cf0d:aefa:ffff::2:0"},
	// CloudHub VPN: IPv6 only.
	{CloudHubVPN, 15, HubNode(30), "!cloudhub_vpn has no IPv4 addresses", "fd0f:77ac:4fdf:f::1e"},
	{CloudHubVPN, 250, BotNode(150), "!cloudhub_vpn has no IPv4", "fd0f:77ac:4fdf:fa::1:96"},
	{CloudHubVPN, 1, DesktopNode(1), "!cloudhub_vpn has no IPv4", "fd0f:77ac:4fdf:1::2:1"},
	{CloudHubVPN, 65535, HubNode(65535), "!cloudhub_vpn has no IPv4", "fd0f:77ac:4fdf:ffff::ffff"},
	// VPC nets: no node addresses from the fleet alone.
	{CloudHubEth, 15, CloudHub(), "!other than the CloudHub's 10.23.255.40", "!depend on the VPC's Amazon-assigned /56"},
	{CloudHubEth, 1, BotNode(1), "!cloudhub_eth has no IPv4 node addresses", "!cloudhub_eth IPv6 addresses depend"},
	{CloudHubEth, 1, DesktopNode(1), "!cloudhub_eth has no IPv4", "!use VPCNodeIPv6"},
	{VirtualFleetEth, 1, HubNode(1), "!vfleet_eth has no IPv4 node addresses", "!vfleet_eth IPv6 addresses depend"},
	{VirtualFleetEth, 251, BotNode(151), "!vfleet_eth has no IPv4", "!use VPCNodeIPv6"},
	{VirtualFleetEth, 1, DesktopNode(1), "!vfleet_eth has no IPv4", "!use VPCNodeIPv6"},
	{VirtualFleetWLAN, 0, HubNode(0), "10.23.0.10", "!vfleet_wlan IPv6 addresses depend"},
	{VirtualFleetWLAN, 4, HubNode(1), "10.23.4.11", "!use VPCNodeIPv6"},
	{VirtualFleetWLAN, 4, BotNode(5), "10.23.4.105", "!use VPCNodeIPv6"},
	{VirtualFleetWLAN, 250, BotNode(150), "10.23.250.250", "!use VPCNodeIPv6"},
	{VirtualFleetWLAN, 251, HubNode(1), "10.23.253.11", "!use VPCNodeIPv6"},
	{VirtualFleetWLAN, 65535, BotNode(150), "10.23.253.250", "!use VPCNodeIPv6"},
	{VirtualFleetWLAN, 251, BotNode(151), "!bot 151 has no IPv4 address", "!use VPCNodeIPv6"},
	{VirtualFleetWLAN, 300, HubNode(31), "!hub 31 has no IPv4 address", "!use VPCNodeIPv6"},
	{VirtualFleetWLAN, 3, DesktopNode(1), "!desktop1 has no IPv4 address (only hubs and bots have IPv4)", "!use VPCNodeIPv6"},
	{VPC, 1, HubNode(1), "!vpc has no IPv4 node addresses", "!vpc is not a subnet and has no node addresses"},
	{VPC, 1, BotNode(1), "!vpc has no IPv4 node addresses", "!vpc is not a subnet"},
	{VPC, 1, DesktopNode(1), "!vpc has no IPv4 node addresses", "!vpc is not a subnet"},
	// Invalid arguments.
	{Net(0), 1, BotNode(1), "!Net(0) has no IPv4", "!Net(0) is not a fleet address class"},
	{Net(9), 1, BotNode(1), "!Net(9) has no IPv4", "!Net(9) is not a fleet address class"},
	{WLAN, 1, Node{}, "!invalid node type NodeType(0)", "!invalid node type NodeType(0)"},
	{FleetVPN, 1, Node{Type: 4, ID: 1}, "!invalid node type NodeType(4)", "!invalid node type NodeType(4)"},
}

func TestNodeAddrs(t *testing.T) {
	for _, tt := range nodeAddrTests {
		args := "(" + tt.net.String() + ", " + tt.fleet.String() + ", " + tt.node.String() + ")"
		got4, err := NodeIPv4(tt.net, tt.fleet, tt.node)
		checkAddr(t, "NodeIPv4"+args, got4, err, tt.v4)
		got6, err := NodeIPv6(tt.net, tt.fleet, tt.node)
		checkAddr(t, "NodeIPv6"+args, got6, err, tt.v6)
	}
}

// TestNodeAddrMatrix checks that the table above covers every net × node
// kind × family, and both sides of every boundary.
func TestNodeAddrMatrix(t *testing.T) {
	type key struct {
		net Net
		typ NodeType
	}
	seen := map[key]bool{}
	fleets := map[Fleet]bool{}
	ids := map[Node]bool{}
	for _, tt := range nodeAddrTests {
		seen[key{tt.net, tt.node.Type}] = true
		fleets[tt.fleet] = true
		ids[tt.node] = true
	}
	for _, n := range Nets() {
		for _, typ := range []NodeType{Hub, Bot, Desktop} {
			if !seen[key{n, typ}] {
				t.Errorf("nodeAddrTests lacks %v %v", n, typ)
			}
		}
	}
	for _, f := range []Fleet{0, 250, 251, 65535} {
		if !fleets[f] {
			t.Errorf("nodeAddrTests lacks fleet %v", f)
		}
	}
	for _, n := range []Node{HubNode(30), HubNode(31), BotNode(150), BotNode(151), HubNode(65535), DesktopNode(65535)} {
		if !ids[n] {
			t.Errorf("nodeAddrTests lacks %v", n)
		}
	}
}

func TestInterfaceID(t *testing.T) {
	for _, tt := range []struct {
		node Node
		want uint64
	}{
		{HubNode(0), 0},
		{HubNode(30), 0x1e},
		{HubNode(65535), 0xffff},
		{BotNode(0), 0x1_0000},
		{BotNode(5), 0x1_0005},
		{BotNode(65535), 0x1_ffff},
		{DesktopNode(1), 0x2_0001},
		{DesktopNode(65535), 0x2_ffff},
	} {
		if got := InterfaceID(tt.node); got != tt.want {
			t.Errorf("InterfaceID(%v) = %#x, want %#x", tt.node, got, tt.want)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("InterfaceID(Node{}) did not panic")
		}
	}()
	InterfaceID(Node{})
}

func TestFleetPrefix64(t *testing.T) {
	want := map[Net][4]string{ // fleets 0, 250, 251, 65535
		WLAN:            {"fddd:7f2e:3258::/64", "fddd:7f2e:3258:fa::/64", "fddd:7f2e:3258:fb::/64", "fddd:7f2e:3258:ffff::/64"},
		FleetVPN:        {"fd91:5457:1e5c::/64", "fd91:5457:1e5c:fa::/64", "fd91:5457:1e5c:fb::/64", "fd91:5457:1e5c:ffff::/64"},
		VirtualFleetVPN: {"fd6e:cf0d:aefa::/64", "fd6e:cf0d:aefa:fa::/64", "fd6e:cf0d:aefa:fb::/64", "fd6e:cf0d:aefa:ffff::/64"},
		CloudHubVPN:     {"fd0f:77ac:4fdf::/64", "fd0f:77ac:4fdf:fa::/64", "fd0f:77ac:4fdf:fb::/64", "fd0f:77ac:4fdf:ffff::/64"},
	}
	for _, n := range append(Nets(), 0, 9) {
		for i, f := range []Fleet{0, 250, 251, 65535} {
			w := "!is not a fleet address class"
			if ws, ok := want[n]; ok {
				w = ws[i]
			}
			got, err := FleetPrefix64(n, f)
			checkPrefix(t, "FleetPrefix64("+n.String()+", "+f.String()+")", got, err, w)
		}
	}
	got, err := FleetPrefix64(VirtualFleetVPN, 3)
	checkPrefix(t, "FleetPrefix64(vfleet_vpn, 3)", got, err, "fd6e:cf0d:aefa:3::/64")
}

func TestPrefix48(t *testing.T) {
	want := map[Net]string{
		WLAN:            "fddd:7f2e:3258::/48",
		FleetVPN:        "fd91:5457:1e5c::/48",
		VirtualFleetVPN: "fd6e:cf0d:aefa::/48",
		CloudHubVPN:     "fd0f:77ac:4fdf::/48",
	}
	for _, n := range Nets() {
		w, ok := want[n]
		if !ok {
			w = "!is not a fleet address class"
		}
		got, err := Prefix48(n)
		checkPrefix(t, "Prefix48("+n.String()+")", got, err, w)
	}
}

func TestNetIPv4(t *testing.T) {
	noV4 := "!has no IPv4 network"
	want := map[Net][4]string{ // fleets 0, 250, 251, 65535
		WLAN:             {"10.23.0.0/24", "10.23.250.0/24", "!fleet 251 has no IPv4 WLAN subnet (IPv4 fleets are 0-250)", "!fleet 65535 has no IPv4 WLAN subnet"},
		FleetVPN:         {"172.23.0.0/24", "172.23.250.0/24", "!fleet 251 has no IPv4 Fleet VPN subnet", "!fleet 65535 has no IPv4 Fleet VPN subnet"},
		VirtualFleetVPN:  {noV4, noV4, noV4, noV4},
		CloudHubVPN:      {noV4, noV4, noV4, noV4},
		CloudHubEth:      {"10.23.255.0/24", "10.23.255.0/24", "10.23.255.0/24", "10.23.255.0/24"},
		VirtualFleetEth:  {"10.23.254.0/24", "10.23.254.0/24", "10.23.254.0/24", "10.23.254.0/24"},
		VirtualFleetWLAN: {"10.23.0.0/24", "10.23.250.0/24", "10.23.253.0/24", "10.23.253.0/24"},
		VPC:              {"10.23.0.0/16", "10.23.0.0/16", "10.23.0.0/16", "10.23.0.0/16"},
		Net(0):           {noV4, noV4, noV4, noV4},
	}
	for n, ws := range want {
		for i, f := range []Fleet{0, 250, 251, 65535} {
			got, err := NetIPv4(n, f)
			checkPrefix(t, "NetIPv4("+n.String()+", "+f.String()+")", got, err, ws[i])
		}
	}
	if VPCIPv4 != netip.MustParsePrefix("10.23.0.0/16") {
		t.Errorf("VPCIPv4 = %v", VPCIPv4)
	}
	if got, want := CloudHubPrivateIPv4(), netip.MustParseAddr("10.23.255.40"); got != want {
		t.Errorf("CloudHubPrivateIPv4() = %v, want %v", got, want)
	}
	if p, _ := NetIPv4(CloudHubEth, 0); !p.Contains(CloudHubPrivateIPv4()) {
		t.Errorf("cloudhub_eth %v does not contain the CloudHub", p)
	}
}

const testVPC56 = "2600:1f18:abc:de00::/56"

func TestSubnet64(t *testing.T) {
	vpc := netip.MustParsePrefix(testVPC56)
	for _, tt := range []struct {
		p     netip.Prefix
		index uint8
		want  string
	}{
		{vpc, CloudHubSubnetIndex, "2600:1f18:abc:de00::/64"},
		{vpc, VirtualFleetEthSubnetIndex, "2600:1f18:abc:de01::/64"},
		{vpc, VirtualFleetWLANSubnetIndex, "2600:1f18:abc:de02::/64"},
		{vpc, 255, "2600:1f18:abc:deff::/64"},
		{netip.MustParsePrefix("2600:1f18:abc:deff:1::/56"), 2, "2600:1f18:abc:de02::/64"}, // host bits ignored
		{netip.MustParsePrefix("2600:1f18:abc:de00::/64"), 0, "!2600:1f18:abc:de00::/64 is not an IPv6 /56"},
		{netip.MustParsePrefix("2600:1f18:abc::/48"), 0, "!is not an IPv6 /56"},
		{netip.MustParsePrefix("10.23.0.0/16"), 0, "!10.23.0.0/16 is not an IPv6 /56"},
		{netip.Prefix{}, 0, "!invalid Prefix is not an IPv6 /56"},
	} {
		got, err := Subnet64(tt.p, tt.index)
		checkPrefix(t, "Subnet64("+tt.p.String()+")", got, err, tt.want)
	}
}

func TestHostIn64(t *testing.T) {
	p := netip.MustParsePrefix("2600:1f18:abc:de02::/64")
	for _, tt := range []struct {
		p    netip.Prefix
		iid  uint64
		want string
	}{
		{p, 0, "2600:1f18:abc:de02::"},
		{p, 1, "2600:1f18:abc:de02::1"},
		{p, InterfaceID(BotNode(5)), "2600:1f18:abc:de02::1:5"},
		{p, ^uint64(0), "2600:1f18:abc:de02:ffff:ffff:ffff:ffff"},
		{netip.MustParsePrefix("2600:1f18:abc:de02:1:2:3:4/64"), 7, "2600:1f18:abc:de02::7"}, // host bits ignored
		{netip.MustParsePrefix(testVPC56), 1, "!2600:1f18:abc:de00::/56 is not an IPv6 /64"},
		{netip.MustParsePrefix("10.23.1.0/24"), 1, "!is not an IPv6 /64"},
		{netip.Prefix{}, 1, "!is not an IPv6 /64"},
	} {
		got, err := HostIn64(tt.p, tt.iid)
		checkAddr(t, "HostIn64("+tt.p.String()+")", got, err, tt.want)
	}
}

func TestVPCSubnets(t *testing.T) {
	vpc := netip.MustParsePrefix(testVPC56)
	for _, tt := range []struct {
		net       Net
		subnet    string
		hub1, bot string // VPCNodeIPv6 of hub 1 and bot 150
	}{
		{CloudHubEth, "2600:1f18:abc:de00::/64", "2600:1f18:abc:de00::1", "2600:1f18:abc:de00::1:96"},
		{VirtualFleetEth, "2600:1f18:abc:de01::/64", "2600:1f18:abc:de01::1", "2600:1f18:abc:de01::1:96"},
		{VirtualFleetWLAN, "2600:1f18:abc:de02::/64", "2600:1f18:abc:de02::1", "2600:1f18:abc:de02::1:96"},
		{VPC, "!vpc is not a VPC subnet", "!vpc is not a VPC subnet", "!not a VPC subnet"},
		{WLAN, "!wlan is not a VPC subnet", "!wlan is not a VPC subnet", "!not a VPC subnet"},
		{CloudHubVPN, "!cloudhub_vpn is not a VPC subnet", "!not a VPC subnet", "!not a VPC subnet"},
	} {
		got, err := VPCSubnet64(tt.net, vpc)
		checkPrefix(t, "VPCSubnet64("+tt.net.String()+")", got, err, tt.subnet)
		a, err := VPCNodeIPv6(tt.net, vpc, HubNode(1))
		checkAddr(t, "VPCNodeIPv6("+tt.net.String()+", hub1)", a, err, tt.hub1)
		a, err = VPCNodeIPv6(tt.net, vpc, BotNode(150))
		checkAddr(t, "VPCNodeIPv6("+tt.net.String()+", bot150)", a, err, tt.bot)
	}
	a, err := VPCNodeIPv6(VirtualFleetWLAN, vpc, DesktopNode(65535))
	checkAddr(t, "VPCNodeIPv6(vfleet_wlan, desktop65535)", a, err, "2600:1f18:abc:de02::2:ffff")
	a, err = VPCNodeIPv6(VirtualFleetWLAN, vpc, Node{})
	checkAddr(t, "VPCNodeIPv6(vfleet_wlan, Node{})", a, err, "!invalid node type")
	a, err = VPCNodeIPv6(VirtualFleetWLAN, netip.MustParsePrefix("10.23.0.0/16"), BotNode(1))
	checkAddr(t, "VPCNodeIPv6(vfleet_wlan, IPv4)", a, err, "!is not an IPv6 /56")
	for n := Net(0); n <= VPC+1; n++ {
		index, ok := VPCSubnetIndex(n)
		if ok != n.IsVPCSubnet() {
			t.Errorf("VPCSubnetIndex(%v) ok = %v", n, ok)
		}
		if ok && index != uint8(n-CloudHubEth) {
			t.Errorf("VPCSubnetIndex(%v) = %d", n, index)
		}
	}
}

func TestPrefersIPv4(t *testing.T) {
	for _, tt := range []struct {
		net    Net
		fleets [4]bool // 0, 250, 251, 65535
	}{
		{WLAN, [4]bool{true, true, false, false}},
		{FleetVPN, [4]bool{true, true, false, false}},
		{VirtualFleetVPN, [4]bool{}},
		{CloudHubVPN, [4]bool{}},
		{CloudHubEth, [4]bool{true, true, true, true}},
		{VirtualFleetEth, [4]bool{true, true, true, true}},
		{VirtualFleetWLAN, [4]bool{true, true, true, true}},
		{VPC, [4]bool{true, true, true, true}},
	} {
		for i, f := range []Fleet{0, 250, 251, 65535} {
			if got := PrefersIPv4(tt.net, f); got != tt.fleets[i] {
				t.Errorf("PrefersIPv4(%v, %v) = %v", tt.net, f, got)
			}
		}
	}
}

func TestParseFleet(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Fleet
		err  string
	}{
		{"0", 0, ""},
		{"250", 250, ""},
		{"251", 251, ""},
		{"0004", 4, ""},
		{"65535", 65535, ""},
		{"65536", 0, `addressing: ParseFleet("65536"): out of range (fleets are 0-65535)`},
		{"99999999999999999999", 0, "out of range (fleets are 0-65535)"},
		{"", 0, `addressing: ParseFleet(""): missing digits (fleets are 0-65535)`},
		{"-1", 0, "not a decimal number"},
		{"+1", 0, "not a decimal number"},
		{"1a", 0, "not a decimal number"},
		{" 1", 0, "not a decimal number"},
	} {
		got, err := ParseFleet(tt.in)
		switch {
		case tt.err == "" && (err != nil || got != tt.want):
			t.Errorf("ParseFleet(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("ParseFleet(%q) error = %v, want %q", tt.in, err, tt.err)
		}
	}
	for _, f := range []Fleet{0, 9, 10, 250, 251, 65535} {
		if got, err := ParseFleet(f.String()); err != nil || got != f {
			t.Errorf("ParseFleet(%q) = %v, %v", f.String(), got, err)
		}
	}
	if !Fleet(250).HasIPv4() || Fleet(251).HasIPv4() {
		t.Error("HasIPv4 boundary is not 250")
	}
}

func TestNodeTypeNetStrings(t *testing.T) {
	types := map[NodeType]string{Hub: "hub", Bot: "bot", Desktop: "desktop"}
	for typ, s := range types {
		if typ.String() != s {
			t.Errorf("%d.String() = %q, want %q", typ, typ.String(), s)
		}
		if got, err := ParseNodeType(s); err != nil || got != typ {
			t.Errorf("ParseNodeType(%q) = %v, %v", s, got, err)
		}
	}
	if s := NodeType(0).String(); s != "NodeType(0)" {
		t.Errorf("NodeType(0).String() = %q", s)
	}
	for _, bad := range []string{"", "Hub", "hubs", "gateway", "rpicam"} {
		if _, err := ParseNodeType(bad); err == nil || !strings.Contains(err.Error(), "want hub, bot or desktop") {
			t.Errorf("ParseNodeType(%q) error = %v", bad, err)
		}
	}
	nets := []string{"wlan", "fleet_vpn", "vfleet_vpn", "cloudhub_vpn", "cloudhub_eth", "vfleet_eth", "vfleet_wlan", "vpc"}
	for i, n := range Nets() {
		if n.String() != nets[i] {
			t.Errorf("Net %d String = %q, want %q", n, n.String(), nets[i])
		}
		if got, err := ParseNet(nets[i]); err != nil || got != n {
			t.Errorf("ParseNet(%q) = %v, %v", nets[i], got, err)
		}
		if n.Description() == "" {
			t.Errorf("%v.Description() = %q", n, n.Description())
		}
	}
	if Net(0).String() != "Net(0)" || Net(9).Description() != "Net(9)" {
		t.Errorf("invalid Net strings: %q %q", Net(0).String(), Net(9).Description())
	}
	for _, bad := range []string{"", "WLAN", "fleet-vpn", "ethernet"} {
		if _, err := ParseNet(bad); err == nil || !strings.Contains(err.Error(), "want wlan, fleet_vpn") {
			t.Errorf("ParseNet(%q) error = %v", bad, err)
		}
	}
}

func TestNodeString(t *testing.T) {
	for _, tt := range []struct {
		node Node
		s    string
	}{
		{HubNode(1), "hub1"},
		{HubNode(30), "hub30"},
		{BotNode(0), "bot0"},
		{BotNode(65535), "bot65535"},
		{DesktopNode(2), "desktop2"},
	} {
		if got := tt.node.String(); got != tt.s {
			t.Errorf("%#v.String() = %q, want %q", tt.node, got, tt.s)
		}
		if got, err := ParseNode(tt.s); err != nil || got != tt.node {
			t.Errorf("ParseNode(%q) = %v, %v", tt.s, got, err)
		}
	}
	if got := (Node{}).String(); got != "invalid Node" {
		t.Errorf("Node{}.String() = %q", got)
	}
	for _, bad := range []string{"", "hub", "bot-1", "bot65536", "Bot1", "b1", "gateway0", "hub1 "} {
		if got, err := ParseNode(bad); err == nil {
			t.Errorf("ParseNode(%q) = %v, want error", bad, got)
		}
	}
	if CloudHub() != HubNode(CloudHubID) || CloudHubID != 30 {
		t.Errorf("CloudHub() = %v", CloudHub())
	}
}

func TestMarshalText(t *testing.T) {
	roundTrip := func(name string, m interface{ MarshalText() ([]byte, error) }, u interface{ UnmarshalText([]byte) error }, want string) {
		t.Helper()
		b, err := m.MarshalText()
		if err != nil || string(b) != want {
			t.Errorf("%s MarshalText = %q, %v; want %q", name, b, err, want)
			return
		}
		if err := u.UnmarshalText(b); err != nil {
			t.Errorf("%s UnmarshalText(%q): %v", name, b, err)
		}
	}
	var typ NodeType
	roundTrip("NodeType", Bot, &typ, "bot")
	var node Node
	roundTrip("Node", BotNode(5), &node, "bot5")
	var n Net
	roundTrip("Net", VirtualFleetWLAN, &n, "vfleet_wlan")
	var sp Spec
	roundTrip("Spec", MustParseSpec("b5sf4"), &sp, "b5sf4")
	if typ != Bot || node != BotNode(5) || n != VirtualFleetWLAN || sp != MustParseSpec("b5sf4") {
		t.Errorf("unmarshalled %v %v %v %v", typ, node, n, sp)
	}
	// Zero values marshal as empty text and back.
	roundTrip("zero NodeType", NodeType(0), &typ, "")
	roundTrip("zero Node", Node{}, &node, "")
	roundTrip("zero Net", Net(0), &n, "")
	roundTrip("zero Spec", Spec{}, &sp, "")
	if typ != 0 || node != (Node{}) || n != 0 || sp != (Spec{}) {
		t.Errorf("unmarshalled empty text to %v %v %v %v", typ, node, n, sp)
	}
	// Invalid non-zero values do not marshal; bad text does not unmarshal.
	for name, m := range map[string]interface{ MarshalText() ([]byte, error) }{
		"NodeType": NodeType(7), "Node": Node{ID: 3}, "Net": Net(12), "Spec": Spec{Node: BotNode(1)},
	} {
		if b, err := m.MarshalText(); err == nil {
			t.Errorf("invalid %s marshalled to %q", name, b)
		}
	}
	for name, u := range map[string]interface{ UnmarshalText([]byte) error }{
		"NodeType": &typ, "Node": &node, "Net": &n, "Spec": &sp,
	} {
		if err := u.UnmarshalText([]byte("nonsense")); err == nil {
			t.Errorf("%s unmarshalled nonsense", name)
		}
	}
}

// TestComparable pins that the value types stay comparable (usable as map
// keys and with ==), like netip's.
func TestComparable(t *testing.T) {
	_ = map[Spec]Identity{MustParseSpec("b5sf4"): {}}
	_ = map[Node]HostsEntry{BotNode(1): {}}
	_ = map[Net]map[NodeType]Fleet{}
	if MustParseSpec("b05sf4") != MustParseSpec("b5sf4") {
		t.Error("equal specs compare unequal")
	}
}

// TestAllocs is the performance contract: the address functions do not
// allocate on success.
func TestAllocs(t *testing.T) {
	vpc := netip.MustParsePrefix(testVPC56)
	p64 := netip.MustParsePrefix("2600:1f18:abc:de02::/64")
	a6 := netip.MustParseAddr("fd91:5457:1e5c:4::1:5")
	a4 := netip.MustParseAddr("172.23.4.105")
	sp := MustParseSpec("b5sf4")
	buf := make([]byte, 0, 32)
	for name, f := range map[string]func(){
		"NodeIPv6":      func() { _, _ = NodeIPv6(FleetVPN, 4, BotNode(5)) },
		"NodeIPv4":      func() { _, _ = NodeIPv4(FleetVPN, 4, BotNode(5)) },
		"FleetPrefix64": func() { _, _ = FleetPrefix64(CloudHubVPN, 15) },
		"NetIPv4":       func() { _, _ = NetIPv4(VirtualFleetWLAN, 300) },
		"Subnet64":      func() { _, _ = Subnet64(vpc, 2) },
		"HostIn64":      func() { _, _ = HostIn64(p64, 0x1_0005) },
		"VPCNodeIPv6":   func() { _, _ = VPCNodeIPv6(VirtualFleetWLAN, vpc, BotNode(5)) },
		"InterfaceID":   func() { _ = InterfaceID(BotNode(5)) },
		"Lookup6":       func() { _, _ = Lookup(a6) },
		"Lookup4":       func() { _, _ = Lookup(a4) },
		"ParseSpec":     func() { _, _ = ParseSpec("b150sf65535") },
		"Spec.AppendTo": func() { _ = sp.AppendTo(buf[:0]) },
		"Spec.Addr":     func() { _, _ = sp.Addr() },
		"Net.String":    func() { _ = VirtualFleetWLAN.String() },
		"ParseNet":      func() { _, _ = ParseNet("vfleet_wlan") },
		"NodeType":      func() { _ = Desktop.String() },
		"ParseFleet":    func() { _, _ = ParseFleet("65535") },
		"CloudHubIPv4":  func() { _ = CloudHubPrivateIPv4() },
	} {
		if n := testing.AllocsPerRun(100, f); n != 0 {
			t.Errorf("%s allocates %v times, want 0", name, n)
		}
	}
}
