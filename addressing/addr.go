package addressing

import "net/netip"

// prefix48 holds the first six bytes of each fleet class's /48, by Net.
var prefix48 = [...][6]byte{
	WLAN:            {0xfd, 0xdd, 0x7f, 0x2e, 0x32, 0x58}, // fddd:7f2e:3258::/48
	FleetVPN:        {0xfd, 0x91, 0x54, 0x57, 0x1e, 0x5c}, // fd91:5457:1e5c::/48
	VirtualFleetVPN: {0xfd, 0x6e, 0xcf, 0x0d, 0xae, 0xfa}, // fd6e:cf0d:aefa::/48
	CloudHubVPN:     {0xfd, 0x0f, 0x77, 0xac, 0x4f, 0xdf}, // fd0f:77ac:4fdf::/48
}

// Subnet indices of a fleet's VPC: the /64 number inside the VPC's
// Amazon-assigned /56 (see [Subnet64] and [VPCSubnet64]).
const (
	CloudHubSubnetIndex         = 0 // CloudHub subnet (cloudhub_eth)
	VirtualFleetEthSubnetIndex  = 1 // VirtualFleet ethernet subnet (vfleet_eth)
	VirtualFleetWLANSubnetIndex = 2 // VirtualFleet WLAN subnet (vfleet_wlan)
)

// IPv4 plan: second octet 23 everywhere; third octets of the VPC subnets.
const (
	octetVFWLANHigh = 253 // VirtualFleet WLAN of fleets above 250
	octetVFEth      = 254 // VirtualFleet ethernet
	octetCloudHub   = 255 // CloudHub subnet
	hostHubBase     = 10  // hub N is host 10+N
	hostBotBase     = 100 // bot N is host 100+N
)

// VPCIPv4 is the IPv4 block of every fleet's VPC.
var VPCIPv4 = netip.MustParsePrefix("10.23.0.0/16")

// Prefix48 returns the /48 of a fleet address class ([WLAN], [FleetVPN],
// [VirtualFleetVPN] or [CloudHubVPN]).
func Prefix48(n Net) (netip.Prefix, error) {
	if !n.IsFleetClass() {
		return netip.Prefix{}, errNotFleetClass(n)
	}
	var b [16]byte
	copy(b[:], prefix48[n][:])
	return netip.PrefixFrom(netip.AddrFrom16(b), 48), nil
}

// FleetPrefix64 returns the /64 of fleet f in a fleet address class: the
// class's /48 with subnet id f, for example fd6e:cf0d:aefa:3::/64 for
// [VirtualFleetVPN] and fleet 3.
func FleetPrefix64(n Net, f Fleet) (netip.Prefix, error) {
	if !n.IsFleetClass() {
		return netip.Prefix{}, errNotFleetClass(n)
	}
	return netip.PrefixFrom(netip.AddrFrom16(fleetBytes(n, f, 0)), 64), nil
}

// InterfaceID returns the IPv6 interface id (the low 64 bits) of node:
// ::0:<id> for a hub, ::1:<id> for a bot and ::2:<id> for a desktop.
// It panics if node is not valid.
func InterfaceID(node Node) uint64 {
	if !node.IsValid() {
		panic("addressing: InterfaceID of invalid Node with " + node.Type.String())
	}
	return uint64(node.Type-Hub)<<16 | uint64(node.ID)
}

// NodeIPv6 returns the IPv6 address of node in fleet f on a fleet address
// class ([WLAN], [FleetVPN], [VirtualFleetVPN] or [CloudHubVPN]): the fleet's
// /64 (see [FleetPrefix64]) with the node's [InterfaceID]. Every fleet and
// node id 0-65535 has one. The IPv6 addresses of the VPC subnets depend on
// the VPC's Amazon-assigned /56; see [VPCNodeIPv6].
func NodeIPv6(n Net, f Fleet, node Node) (netip.Addr, error) {
	if !n.IsFleetClass() {
		return netip.Addr{}, errNoIPv6Node(n)
	}
	if !node.IsValid() {
		return netip.Addr{}, errInvalidNode(node)
	}
	return netip.AddrFrom16(fleetBytes(n, f, InterfaceID(node))), nil
}

// fleetBytes returns the 16 bytes of the address with interface id iid in
// fleet f of class n (n must be a fleet class).
func fleetBytes(n Net, f Fleet, iid uint64) [16]byte {
	var b [16]byte
	copy(b[:6], prefix48[n][:])
	b[6], b[7] = byte(f>>8), byte(f)
	putUint64(b[8:], iid)
	return b
}

// NodeIPv4 returns the IPv4 address of node in fleet f on [WLAN]
// (10.23.F.host), [FleetVPN] (172.23.F.host) or [VirtualFleetWLAN]
// (10.23.F.host, or 10.23.253.host for fleets above 250). The host is 10+id
// for hubs 0-30 and 100+id for bots 0-150. WLAN and Fleet VPN have IPv4 for
// fleets 0-250 only; desktops and the other nets have no IPv4 node addresses
// (the CloudHub's address in its subnet is [CloudHubPrivateIPv4]).
func NodeIPv4(n Net, f Fleet, node Node) (netip.Addr, error) {
	var first, third byte
	switch n {
	case WLAN, FleetVPN:
		if !f.HasIPv4() {
			return netip.Addr{}, errFleetNoIPv4(n, f)
		}
		first, third = 10, byte(f)
		if n == FleetVPN {
			first = 172
		}
	case VirtualFleetWLAN:
		first, third = 10, vfWLANOctet(f)
	default:
		return netip.Addr{}, errNoIPv4Node(n)
	}
	host, err := ipv4Host(node)
	if err != nil {
		return netip.Addr{}, err
	}
	return netip.AddrFrom4([4]byte{first, 23, third, host}), nil
}

// ipv4Host returns the IPv4 host number of node.
func ipv4Host(node Node) (byte, error) {
	switch node.Type {
	case Hub:
		if node.ID > MaxIPv4HubID {
			return 0, planErr("hub ", itoa(int(node.ID)), " has no IPv4 address (IPv4 hubs are 0-30)")
		}
		return hostHubBase + byte(node.ID), nil
	case Bot:
		if node.ID > MaxIPv4BotID {
			return 0, planErr("bot ", itoa(int(node.ID)), " has no IPv4 address (IPv4 bots are 0-150)")
		}
		return hostBotBase + byte(node.ID), nil
	case Desktop:
		return 0, planErr(node.String(), " has no IPv4 address (only hubs and bots have IPv4)")
	}
	return 0, errInvalidNode(node)
}

func vfWLANOctet(f Fleet) byte {
	if f.HasIPv4() {
		return byte(f)
	}
	return octetVFWLANHigh
}

// NetIPv4 returns the IPv4 network of n for fleet f: [WLAN] 10.23.F.0/24 and
// [FleetVPN] 172.23.F.0/24 (fleets 0-250 only), [CloudHubEth] 10.23.255.0/24,
// [VirtualFleetEth] 10.23.254.0/24, [VirtualFleetWLAN] 10.23.F.0/24 (or
// 10.23.253.0/24 for fleets above 250) and [VPC] 10.23.0.0/16 ([VPCIPv4]).
// The VirtualFleet and CloudHub VPNs have no IPv4.
func NetIPv4(n Net, f Fleet) (netip.Prefix, error) {
	var first, third byte = 10, 0
	switch n {
	case WLAN, FleetVPN:
		if !f.HasIPv4() {
			return netip.Prefix{}, errFleetNoIPv4(n, f)
		}
		third = byte(f)
		if n == FleetVPN {
			first = 172
		}
	case CloudHubEth:
		third = octetCloudHub
	case VirtualFleetEth:
		third = octetVFEth
	case VirtualFleetWLAN:
		third = vfWLANOctet(f)
	case VPC:
		return VPCIPv4, nil
	default:
		return netip.Prefix{}, planErr(n.String(), " has no IPv4 network (IPv4 nets: wlan, fleet_vpn, cloudhub_eth, vfleet_eth, vfleet_wlan, vpc)")
	}
	return netip.PrefixFrom(netip.AddrFrom4([4]byte{first, 23, third, 0}), 24), nil
}

// CloudHubPrivateIPv4 returns the CloudHub's fixed IPv4 address in its VPC
// subnet, 10.23.255.40 (host 10+[CloudHubID] of 10.23.255.0/24).
func CloudHubPrivateIPv4() netip.Addr {
	return netip.AddrFrom4([4]byte{10, 23, octetCloudHub, hostHubBase + CloudHubID})
}

// Subnet64 returns the /64 number index of the IPv6 /56 vpc56 (host bits of
// vpc56 are ignored). It fails if vpc56 is not an IPv6 /56.
func Subnet64(vpc56 netip.Prefix, index uint8) (netip.Prefix, error) {
	if !vpc56.IsValid() || !vpc56.Addr().Is6() || vpc56.Bits() != 56 {
		return netip.Prefix{}, planErr("Subnet64: ", vpc56.String(), " is not an IPv6 /56")
	}
	b := vpc56.Masked().Addr().As16()
	b[7] = index
	return netip.PrefixFrom(netip.AddrFrom16(b), 64), nil
}

// HostIn64 returns the address with interface id iid (the low 64 bits) in
// the IPv6 /64 p (host bits of p are ignored). It fails if p is not an IPv6
// /64.
func HostIn64(p netip.Prefix, iid uint64) (netip.Addr, error) {
	if !p.IsValid() || !p.Addr().Is6() || p.Bits() != 64 {
		return netip.Addr{}, planErr("HostIn64: ", p.String(), " is not an IPv6 /64")
	}
	b := p.Addr().As16()
	putUint64(b[8:], iid)
	return netip.AddrFrom16(b), nil
}

// VPCSubnetIndex returns the /64 index inside the VPC's /56 of a VPC subnet
// ([CloudHubSubnetIndex], [VirtualFleetEthSubnetIndex] or
// [VirtualFleetWLANSubnetIndex]); ok is false for other nets.
func VPCSubnetIndex(n Net) (index uint8, ok bool) {
	switch n {
	case CloudHubEth:
		return CloudHubSubnetIndex, true
	case VirtualFleetEth:
		return VirtualFleetEthSubnetIndex, true
	case VirtualFleetWLAN:
		return VirtualFleetWLANSubnetIndex, true
	}
	return 0, false
}

// VPCSubnet64 returns the IPv6 /64 of a VPC subnet ([CloudHubEth],
// [VirtualFleetEth] or [VirtualFleetWLAN]) inside the VPC's /56 vpc56.
func VPCSubnet64(n Net, vpc56 netip.Prefix) (netip.Prefix, error) {
	index, ok := VPCSubnetIndex(n)
	if !ok {
		return netip.Prefix{}, planErr(n.String(), " is not a VPC subnet (VPC subnets: cloudhub_eth, vfleet_eth, vfleet_wlan)")
	}
	return Subnet64(vpc56, index)
}

// VPCNodeIPv6 returns the IPv6 address of node in a VPC subnet
// ([CloudHubEth], [VirtualFleetEth] or [VirtualFleetWLAN]) of the VPC whose
// /56 is vpc56: the subnet's /64 with the node's [InterfaceID]. The
// VirtualFleet's hub 1 and bots live in [VirtualFleetWLAN].
func VPCNodeIPv6(n Net, vpc56 netip.Prefix, node Node) (netip.Addr, error) {
	if !node.IsValid() {
		return netip.Addr{}, errInvalidNode(node)
	}
	p, err := VPCSubnet64(n, vpc56)
	if err != nil {
		return netip.Addr{}, err
	}
	return HostIn64(p, InterfaceID(node))
}

// PrefersIPv4 reports which family the jaia ip tool prints for n in fleet f
// when none is asked for: IPv4 for [WLAN] and [FleetVPN] if f has IPv4
// (0-250) and for the VPC nets, IPv6 otherwise.
func PrefersIPv4(n Net, f Fleet) bool {
	switch n {
	case WLAN, FleetVPN:
		return f.HasIPv4()
	case VirtualFleetVPN, CloudHubVPN:
		return false
	}
	return true
}

func putUint64(b []byte, v uint64) {
	_ = b[7]
	b[0], b[1], b[2], b[3] = byte(v>>56), byte(v>>48), byte(v>>40), byte(v>>32)
	b[4], b[5], b[6], b[7] = byte(v>>24), byte(v>>16), byte(v>>8), byte(v)
}

func errNotFleetClass(n Net) error {
	return planErr(n.String(), " is not a fleet address class (classes: wlan, fleet_vpn, vfleet_vpn, cloudhub_vpn)")
}

func errNoIPv6Node(n Net) error {
	switch {
	case n.IsVPCSubnet():
		return planErr(n.String(), " IPv6 addresses depend on the VPC's Amazon-assigned /56 (use VPCNodeIPv6)")
	case n == VPC:
		return planErr("vpc is not a subnet and has no node addresses")
	}
	return errNotFleetClass(n)
}

func errNoIPv4Node(n Net) error {
	switch n {
	case VirtualFleetVPN, CloudHubVPN:
		return planErr(n.String(), " has no IPv4 addresses (IPv4 node nets: wlan, fleet_vpn, vfleet_wlan)")
	case CloudHubEth:
		return planErr("cloudhub_eth has no IPv4 node addresses other than the CloudHub's 10.23.255.40 (see CloudHubPrivateIPv4)")
	}
	return planErr(n.String(), " has no IPv4 node addresses (IPv4 node nets: wlan, fleet_vpn, vfleet_wlan)")
}

func errFleetNoIPv4(n Net, f Fleet) error {
	return planErr("fleet ", f.String(), " has no IPv4 ", n.Description(), " subnet (IPv4 fleets are 0-250)")
}

func errInvalidNode(node Node) error {
	return planErr("invalid node type ", node.Type.String(), " (want hub, bot or desktop)")
}
