package addressing_test

import (
	"fmt"
	"net/netip"

	"github.com/jaiarobotics/jaia-cloud/addressing"
)

func ExampleNodeIPv6() {
	a, _ := addressing.NodeIPv6(addressing.FleetVPN, 4, addressing.BotNode(5))
	fmt.Println(a)
	a, _ = addressing.NodeIPv6(addressing.CloudHubVPN, 15, addressing.CloudHub())
	fmt.Println(a)
	// Output:
	// fd91:5457:1e5c:4::1:5
	// fd0f:77ac:4fdf:f::1e
}

func ExampleNodeIPv4() {
	a, _ := addressing.NodeIPv4(addressing.FleetVPN, 4, addressing.BotNode(5))
	fmt.Println(a)
	_, err := addressing.NodeIPv4(addressing.WLAN, 251, addressing.BotNode(5))
	fmt.Println(err)
	// Output:
	// 172.23.4.105
	// addressing: fleet 251 has no IPv4 WLAN subnet (IPv4 fleets are 0-250)
}

func ExampleParseSpec() {
	sp, _ := addressing.ParseSpec("h20vf10")
	a, _ := sp.Addr()
	fmt.Println(sp.Node, sp.Net, sp.Fleet, a)
	_, err := addressing.ParseSpec("b5xf1")
	fmt.Println(err)
	// Output:
	// hub20 vfleet_vpn 10 fd6e:cf0d:aefa:a::14
	// addressing: ParseSpec("b5xf1"): want s, v, c, f<fleet> or the end (at "xf1")
}

func ExampleVPCSubnet64() {
	vpc56 := netip.MustParsePrefix("2600:1f18:abc:de00::/56") // Amazon-assigned
	p, _ := addressing.VPCSubnet64(addressing.VirtualFleetWLAN, vpc56)
	a, _ := addressing.VPCNodeIPv6(addressing.VirtualFleetWLAN, vpc56, addressing.BotNode(5))
	v4, _ := addressing.NodeIPv4(addressing.VirtualFleetWLAN, 3, addressing.BotNode(5))
	fmt.Println(p, a, v4)
	// Output: 2600:1f18:abc:de02::/64 2600:1f18:abc:de02::1:5 10.23.3.105
}

func ExampleLookup() {
	for _, s := range []string{"fd91:5457:1e5c:4::1:5", "10.23.255.40", "8.8.8.8"} {
		id, err := addressing.Lookup(netip.MustParseAddr(s))
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(id)
	}
	// Output:
	// bot5 in fleet_vpn of fleet 4
	// hub30 in cloudhub_eth of any fleet
	// addressing: 8.8.8.8 is not a Jaia node address (outside 10.23.0.0/16 and 172.23.0.0/16)
}

func ExampleHostsEntries() {
	entries, _ := addressing.HostsEntries(1, 1)
	for _, e := range entries {
		fmt.Println(e)
	}
	// Output:
	// fd0f:77ac:4fdf:1::1e cloudhub-fleet1
	// fd6e:cf0d:aefa:1::1 hub1-virtualfleet1
	// fd6e:cf0d:aefa:1::1:1 bot1-virtualfleet1
	// 172.23.1.11 hub1-fleet1
	// 172.23.1.101 bot1-fleet1
}
