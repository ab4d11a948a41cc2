package addressing

import (
	"net/netip"
	"strconv"
)

// Identity is what [Lookup] finds out about an address: the net, the fleet
// (if the address tells it) and the node.
type Identity struct {
	Net      Net   // the net the address belongs to
	Fleet    Fleet // the fleet, if HasFleet
	HasFleet bool  // false for VPC-internal IPv4 addresses shared by many fleets
	Node     Node  // the node whose address it is
}

// String describes id, for example "bot5 in fleet_vpn of fleet 4",
// "hub30 in cloudhub_eth of any fleet" or "bot5 in vfleet_wlan of a fleet
// above 250".
func (id Identity) String() string {
	b := make([]byte, 0, 40)
	b = id.Node.AppendTo(b)
	b = append(b, " in "...)
	b = append(b, id.Net.String()...)
	switch {
	case id.HasFleet:
		b = strconv.AppendUint(append(b, " of fleet "...), uint64(id.Fleet), 10)
	case id.Net == VirtualFleetWLAN:
		b = append(b, " of a fleet above 250"...)
	default:
		b = append(b, " of any fleet"...)
	}
	return string(b)
}

// Lookup returns the identity of a node address, the inverse of [NodeIPv6]
// and [NodeIPv4]. The error of an address that is no node address wraps
// [ErrNotJaia] and says why.
//
// IPv6: an address in one of the four fleet class /48s whose interface id is
// 0:<id>, 1:<id> or 2:<id> (a hub, bot or desktop); the /64 subnet id is the
// fleet. The IPv6 addresses of the VPC subnets are not recognised because
// their /56 is assigned by Amazon. Zoned and IPv4-mapped addresses are
// rejected.
//
// IPv4: 172.23.F.h is the Fleet VPN of fleet F (0-250), where h is 10+id for
// hubs 0-30 and 100+id for bots 0-150. 10.23.F.h (F 0-250) is reported as the
// WLAN of fleet F, although inside fleet F's VPC the same address is that
// node in the VirtualFleet WLAN subnet: the physical WLAN and the VPC reuse
// 10.23.F.0/24, and only the caller knows which network it is on.
// 10.23.253.h is a node in the VirtualFleet WLAN of a fleet above 250 (the
// fleet is unknown: HasFleet is false). 10.23.255.40 is the CloudHub in
// cloudhub_eth (HasFleet false: every VPC has it). Other addresses, including
// 10.23.254.0/24 (vfleet_eth, which has no fixed node addresses), are errors.
func Lookup(a netip.Addr) (Identity, error) {
	switch {
	case a.Is4():
		return lookup4(a)
	case a.Is6() && a.Zone() == "" && !a.Is4In6():
		return lookup6(a)
	}
	return Identity{}, &lookupError{addr: a}
}

func lookup6(a netip.Addr) (Identity, error) {
	b := a.As16()
	var n Net
	for c := WLAN; c <= CloudHubVPN; c++ {
		if [6]byte(b[:6]) == prefix48[c] {
			n = c
			break
		}
	}
	if n == 0 {
		return Identity{}, &lookupError{addr: a, why: "outside the four Jaia /48s"}
	}
	f := Fleet(b[6])<<8 | Fleet(b[7])
	if b[8]|b[9]|b[10]|b[11]|b[12] != 0 || b[13] > byte(Desktop-Hub) {
		return Identity{}, &lookupError{addr: a, why: "in the " + n.String() + " /64 of fleet " + f.String() +
			", but the interface id is not ::0:<hub>, ::1:<bot> or ::2:<desktop>"}
	}
	node := Node{Hub + NodeType(b[13]), uint16(b[14])<<8 | uint16(b[15])}
	return Identity{Net: n, Fleet: f, HasFleet: true, Node: node}, nil
}

func lookup4(a netip.Addr) (Identity, error) {
	b := a.As4()
	if b[1] != 23 || (b[0] != 10 && b[0] != 172) {
		return Identity{}, &lookupError{addr: a, why: "outside 10.23.0.0/16 and 172.23.0.0/16"}
	}
	id := Identity{Fleet: Fleet(b[2]), HasFleet: true}
	switch {
	case b[0] == 172 && b[2] <= byte(MaxIPv4Fleet):
		id.Net = FleetVPN
	case b[0] == 172:
		return Identity{}, &lookupError{addr: a, why: "Fleet VPN IPv4 fleets are 0-250"}
	case b[2] <= byte(MaxIPv4Fleet):
		id.Net = WLAN
	case b[2] == octetVFWLANHigh:
		id = Identity{Net: VirtualFleetWLAN}
	case b[2] == octetCloudHub:
		if a != CloudHubPrivateIPv4() {
			return Identity{}, &lookupError{addr: a, why: "in cloudhub_eth, where only the CloudHub (10.23.255.40) has a fixed address"}
		}
		return Identity{Net: CloudHubEth, Node: CloudHub()}, nil
	case b[2] == octetVFEth:
		return Identity{}, &lookupError{addr: a, why: "in vfleet_eth, where no node has a fixed address"}
	default:
		return Identity{}, &lookupError{addr: a, why: "10.23.251.0/24 and 10.23.252.0/24 are unused"}
	}
	h := b[3]
	switch {
	case h >= hostHubBase && h <= hostHubBase+byte(MaxIPv4HubID):
		id.Node = Node{Hub, uint16(h - hostHubBase)}
	case h >= hostBotBase && h <= hostBotBase+byte(MaxIPv4BotID):
		id.Node = Node{Bot, uint16(h - hostBotBase)}
	default:
		return Identity{}, &lookupError{addr: a, why: "in " + id.Net.String() + ", but host " + strconv.Itoa(int(h)) +
			" is neither a hub (10-40) nor a bot (100-250)"}
	}
	return id, nil
}
