package addressing

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
)

var lookupTests = []struct {
	addr string
	want Identity
	err  string // substring of the error, if any
	str  string // Identity.String()
}{
	// IPv6: the four classes, all node kinds, boundaries.
	{addr: "fd91:5457:1e5c:4::1:5", want: Identity{FleetVPN, 4, true, BotNode(5)}, str: "bot5 in fleet_vpn of fleet 4"},
	{addr: "fd6e:cf0d:aefa:a::14", want: Identity{VirtualFleetVPN, 10, true, HubNode(20)}},
	{addr: "fd0f:77ac:4fdf:f::1e", want: Identity{CloudHubVPN, 15, true, CloudHub()}, str: "hub30 in cloudhub_vpn of fleet 15"},
	{addr: "fddd:7f2e:3258:12c::1:1", want: Identity{WLAN, 300, true, BotNode(1)}},
	{addr: "fddd:7f2e:3258::", want: Identity{WLAN, 0, true, HubNode(0)}},
	{addr: "fd0f:77ac:4fdf:1::2:1", want: Identity{CloudHubVPN, 1, true, DesktopNode(1)}},
	{addr: "fd91:5457:1e5c:ffff::2:ffff", want: Identity{FleetVPN, 65535, true, DesktopNode(65535)}},
	{addr: "fd6e:cf0d:aefa:fb::1:97", want: Identity{VirtualFleetVPN, 251, true, BotNode(151)}},
	{addr: "fd91:5457:1e5c:4::3:5", err: "fd91:5457:1e5c:4::3:5 is not a Jaia node address (in the fleet_vpn /64 of fleet 4, but the interface id is not ::0:<hub>, ::1:<bot> or ::2:<desktop>)"},
	{addr: "fd91:5457:1e5c:4:1::5", err: "interface id is not"},
	{addr: "fd91:5457:1e5c:4::1:0:5", err: "interface id is not"},
	{addr: "fd91:5457:1e5d:4::1:5", err: "fd91:5457:1e5d:4::1:5 is not a Jaia node address (outside the four Jaia /48s)"},
	{addr: "2600:1f18:abc:de02::1:5", err: "outside the four Jaia /48s"},
	{addr: "fd91:5457:1e5c:4::1:5%eth0", err: "fd91:5457:1e5c:4::1:5%eth0 is not a Jaia node address"},
	{addr: "::ffff:172.23.4.105", err: "::ffff:172.23.4.105 is not a Jaia node address"},
	// IPv4: Fleet VPN.
	{addr: "172.23.4.105", want: Identity{FleetVPN, 4, true, BotNode(5)}},
	{addr: "172.23.0.10", want: Identity{FleetVPN, 0, true, HubNode(0)}},
	{addr: "172.23.250.40", want: Identity{FleetVPN, 250, true, HubNode(30)}},
	{addr: "172.23.250.250", want: Identity{FleetVPN, 250, true, BotNode(150)}},
	{addr: "172.23.251.105", err: "Fleet VPN IPv4 fleets are 0-250"},
	{addr: "172.23.4.41", err: "in fleet_vpn, but host 41 is neither a hub (10-40) nor a bot (100-250)"},
	{addr: "172.23.4.1", err: "host 1 is neither"},
	{addr: "172.23.4.9", err: "host 9 is neither"},
	{addr: "172.23.4.99", err: "host 99 is neither"},
	{addr: "172.23.4.251", err: "host 251 is neither"},
	// IPv4: WLAN (or VirtualFleet WLAN of fleets 0-250; see Lookup).
	{addr: "10.23.4.105", want: Identity{WLAN, 4, true, BotNode(5)}, str: "bot5 in wlan of fleet 4"},
	{addr: "10.23.1.11", want: Identity{WLAN, 1, true, HubNode(1)}},
	{addr: "10.23.250.250", want: Identity{WLAN, 250, true, BotNode(150)}},
	{addr: "10.23.0.10", want: Identity{WLAN, 0, true, HubNode(0)}},
	{addr: "10.23.1.255", err: "in wlan, but host 255"},
	// IPv4: inside the VPC.
	{addr: "10.23.253.11", want: Identity{Net: VirtualFleetWLAN, Node: HubNode(1)}, str: "hub1 in vfleet_wlan of a fleet above 250"},
	{addr: "10.23.253.250", want: Identity{Net: VirtualFleetWLAN, Node: BotNode(150)}},
	{addr: "10.23.253.1", err: "in vfleet_wlan, but host 1"},
	{addr: "10.23.255.40", want: Identity{Net: CloudHubEth, Node: CloudHub()}, str: "hub30 in cloudhub_eth of any fleet"},
	{addr: "10.23.255.11", err: "in cloudhub_eth, where only the CloudHub (10.23.255.40) has a fixed address"},
	{addr: "10.23.254.11", err: "in vfleet_eth, where no node has a fixed address"},
	{addr: "10.23.251.11", err: "unused"},
	{addr: "10.23.252.11", err: "unused"},
	// Not Jaia at all.
	{addr: "8.8.8.8", err: "8.8.8.8 is not a Jaia node address (outside 10.23.0.0/16 and 172.23.0.0/16)"},
	{addr: "10.24.1.11", err: "outside 10.23.0.0/16"},
	{addr: "172.22.1.11", err: "outside"},
	{addr: "", err: "invalid IP is not a Jaia node address"},
}

func TestLookup(t *testing.T) {
	for _, tt := range lookupTests {
		var a netip.Addr
		if tt.addr != "" {
			a = netip.MustParseAddr(tt.addr)
		}
		got, err := Lookup(a)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) || !errors.Is(err, ErrNotJaia) {
				t.Errorf("Lookup(%s) = %v, %v; want error %q", tt.addr, got, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Lookup(%s) = %#v, %v; want %#v", tt.addr, got, err, tt.want)
			continue
		}
		if tt.str != "" && got.String() != tt.str {
			t.Errorf("Lookup(%s).String() = %q, want %q", tt.addr, got.String(), tt.str)
		}
	}
}

// TestLookupRoundTrip checks Lookup against the forward functions on every
// row of nodeAddrTests.
func TestLookupRoundTrip(t *testing.T) {
	for _, tt := range nodeAddrTests {
		for _, f := range []func(Net, Fleet, Node) (netip.Addr, error){NodeIPv4, NodeIPv6} {
			a, err := f(tt.net, tt.fleet, tt.node)
			if err != nil {
				continue
			}
			id, err := Lookup(a)
			want := Identity{tt.net, tt.fleet, true, tt.node}
			switch {
			case tt.net == VirtualFleetWLAN && tt.fleet.HasIPv4():
				want.Net = WLAN // the documented ambiguity
			case tt.net == VirtualFleetWLAN:
				want.Fleet, want.HasFleet = 0, false
			}
			if err != nil || id != want {
				t.Errorf("Lookup(%v) = %#v, %v; want %#v", a, id, err, want)
			}
		}
	}
}
