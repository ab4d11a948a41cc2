package addressing

import (
	"net/netip"
	"strconv"
)

// MaxHostsBots is the largest bot count [HostsEntries] accepts (the highest
// bot id with an IPv4 address).
const MaxHostsBots = int(MaxIPv4BotID)

// HostsEntry is one named address of a fleet, as a line of /etc/hosts.
type HostsEntry struct {
	Name string     // host name, such as "bot5-fleet4"
	Net  Net        // the net of Addr
	Node Node       // the node
	Addr netip.Addr // the address
}

// String returns e as an /etc/hosts line without newline: "<addr> <name>".
func (e HostsEntry) String() string { return e.Addr.String() + " " + e.Name }

// HostsEntries returns the named nodes of fleet f, in this order, with the
// host names of the jaia tools:
//
//	cloudhub-fleetF        the CloudHub (hub 30) on the CloudHub VPN
//	hub1-virtualfleetF     the VirtualFleet hub on the VirtualFleet VPN
//	botN-virtualfleetF     VirtualFleet bots 1..bots on the VirtualFleet VPN
//	hub1-fleetF            the fleet's hub 1 on the Fleet VPN
//	botN-fleetF            the fleet's bots 1..bots on the Fleet VPN
//
// The VPN addresses are IPv6 except on the Fleet VPN of fleets 0-250, which
// uses IPv4 as the jaia ip tool does. bots must be 0-[MaxHostsBots].
func HostsEntries(f Fleet, bots int) ([]HostsEntry, error) {
	if bots < 0 || bots > MaxHostsBots {
		return nil, planErr("bots ", strconv.Itoa(bots), " out of range (0-", strconv.Itoa(MaxHostsBots), ")")
	}
	entries := make([]HostsEntry, 0, 3+2*bots)
	add := func(n Net, node Node, name string) error {
		var a netip.Addr
		var err error
		if PrefersIPv4(n, f) {
			a, err = NodeIPv4(n, f, node)
		} else {
			a, err = NodeIPv6(n, f, node)
		}
		if err != nil {
			return err
		}
		entries = append(entries, HostsEntry{Name: name, Net: n, Node: node, Addr: a})
		return nil
	}
	fs := f.String()
	if err := add(CloudHubVPN, CloudHub(), "cloudhub-fleet"+fs); err != nil {
		return nil, err
	}
	// Hub 1 and bots 1..bots, first of the VirtualFleet, then of the fleet.
	nodes := append(make([]Node, 0, 1+bots), HubNode(1))
	for i := 1; i <= bots; i++ {
		nodes = append(nodes, BotNode(uint16(i)))
	}
	for _, group := range [...]struct {
		net    Net
		suffix string
	}{{VirtualFleetVPN, "-virtualfleet"}, {FleetVPN, "-fleet"}} {
		for _, node := range nodes {
			if err := add(group.net, node, node.String()+group.suffix+fs); err != nil {
				return nil, err
			}
		}
	}
	return entries, nil
}
