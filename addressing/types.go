package addressing

import (
	"errors"
	"strconv"
)

// Fleet is a fleet id. Every fleet 0-65535 has IPv6 subnets (the fleet id is
// the /64 subnet id); only fleets 0-[MaxIPv4Fleet] have IPv4 WLAN and Fleet
// VPN subnets.
type Fleet uint16

// Limits of the IPv4 plan. IPv6 node ids and fleets span the full 0-65535.
const (
	MaxIPv4Fleet Fleet  = 250 // highest fleet with IPv4 WLAN and Fleet VPN subnets
	MaxIPv4HubID uint16 = 30  // highest hub id with an IPv4 address (host 10+id)
	MaxIPv4BotID uint16 = 150 // highest bot id with an IPv4 address (host 100+id)
)

// CloudHubID is the hub id of every fleet's CloudHub.
const CloudHubID = 30

// VirtualFleetHubID is the hub id of the VirtualFleet's hub (hub1-virtualfleetF).
const VirtualFleetHubID = 1

// ParseFleet parses a decimal fleet id (ASCII digits only, leading zeros
// allowed) in the range 0-65535.
func ParseFleet(s string) (Fleet, error) {
	v, msg := parseDecimal(s)
	if msg != "" {
		return 0, &parseError{fn: "ParseFleet", in: s, msg: msg + " (fleets are 0-65535)"}
	}
	return Fleet(v), nil
}

// String returns the fleet id in decimal.
func (f Fleet) String() string { return strconv.Itoa(int(f)) }

// HasIPv4 reports whether fleet f has IPv4 WLAN and Fleet VPN subnets, that
// is whether f <= [MaxIPv4Fleet].
func (f Fleet) HasIPv4() bool { return f <= MaxIPv4Fleet }

// NodeType is the kind of a node: [Hub], [Bot] or [Desktop]. The zero
// NodeType is not valid.
type NodeType uint8

// Node types. A node's IPv6 interface id is ::0:<id> for a hub, ::1:<id> for
// a bot and ::2:<id> for a desktop.
const (
	Hub     NodeType = 1 + iota // a hub (including the CloudHub, hub 30)
	Bot                         // a bot
	Desktop                     // a customer machine: desktop, laptop or tablet
)

var nodeTypeNames = [...]string{Hub: "hub", Bot: "bot", Desktop: "desktop"}

// IsValid reports whether t is [Hub], [Bot] or [Desktop].
func (t NodeType) IsValid() bool { return t >= Hub && t <= Desktop }

// String returns "hub", "bot" or "desktop", or "NodeType(N)" for an invalid t.
func (t NodeType) String() string {
	if !t.IsValid() {
		return "NodeType(" + strconv.Itoa(int(t)) + ")"
	}
	return nodeTypeNames[t]
}

// ParseNodeType parses "hub", "bot" or "desktop".
func ParseNodeType(s string) (NodeType, error) {
	for t := Hub; t <= Desktop; t++ {
		if s == nodeTypeNames[t] {
			return t, nil
		}
	}
	return 0, &parseError{fn: "ParseNodeType", in: s, msg: "want hub, bot or desktop"}
}

// MarshalText implements [encoding.TextMarshaler]: the zero NodeType
// marshals as empty text, a valid one as its String.
func (t NodeType) MarshalText() ([]byte, error) {
	if t == 0 {
		return []byte{}, nil
	}
	if !t.IsValid() {
		return nil, errors.New("addressing: cannot marshal invalid " + t.String())
	}
	return []byte(t.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]; empty text gives the
// zero NodeType.
func (t *NodeType) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*t = 0
		return nil
	}
	v, err := ParseNodeType(string(text))
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// Node is a hub, bot or desktop of a fleet. Node ids span 0-65535 in IPv6;
// IPv4 addresses exist for hubs 0-30 and bots 0-150 only. The zero Node is
// not valid.
type Node struct {
	Type NodeType
	ID   uint16
}

// HubNode returns hub id.
func HubNode(id uint16) Node { return Node{Hub, id} }

// BotNode returns bot id.
func BotNode(id uint16) Node { return Node{Bot, id} }

// DesktopNode returns desktop id.
func DesktopNode(id uint16) Node { return Node{Desktop, id} }

// CloudHub returns the CloudHub node, hub [CloudHubID].
func CloudHub() Node { return Node{Hub, CloudHubID} }

// IsValid reports whether n has a valid type.
func (n Node) IsValid() bool { return n.Type.IsValid() }

// String returns the node as in host names: "hub1", "bot5", "desktop2", or
// "invalid Node".
func (n Node) String() string {
	if !n.IsValid() {
		return "invalid Node"
	}
	return string(n.AppendTo(make([]byte, 0, 12)))
}

// AppendTo appends the String form of n (nothing if n is invalid) to b.
func (n Node) AppendTo(b []byte) []byte {
	if !n.IsValid() {
		return b
	}
	return strconv.AppendUint(append(b, nodeTypeNames[n.Type]...), uint64(n.ID), 10)
}

// ParseNode parses the String form of a node, such as "bot5" or "hub30".
func ParseNode(s string) (Node, error) {
	for t := Hub; t <= Desktop; t++ {
		name := nodeTypeNames[t]
		if len(s) > len(name) && s[:len(name)] == name {
			v, msg := parseDecimal(s[len(name):])
			if msg != "" {
				return Node{}, &parseError{fn: "ParseNode", in: s, msg: msg + " (node ids are 0-65535)", at: s[len(name):]}
			}
			return Node{t, uint16(v)}, nil
		}
	}
	return Node{}, &parseError{fn: "ParseNode", in: s, msg: "want hub<id>, bot<id> or desktop<id>"}
}

// MarshalText implements [encoding.TextMarshaler]: the zero Node marshals
// as empty text, a valid one as its String.
func (n Node) MarshalText() ([]byte, error) {
	if n == (Node{}) {
		return []byte{}, nil
	}
	if !n.IsValid() {
		return nil, errors.New("addressing: cannot marshal Node with invalid " + n.Type.String())
	}
	return n.AppendTo(nil), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]; empty text gives the
// zero Node.
func (n *Node) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*n = Node{}
		return nil
	}
	v, err := ParseNode(string(text))
	if err != nil {
		return err
	}
	*n = v
	return nil
}

// Net is one of the eight networks of the jaia ip tool. The first four are
// the fleet address classes, each a /48 with one /64 per fleet; the last four
// are inside a fleet's AWS VPC. The zero Net is not valid.
type Net uint8

// The networks, named (String) as the jaia ip tool's --ip_net values.
const (
	WLAN             Net = 1 + iota // "wlan": the fleet's physical WLAN
	FleetVPN                        // "fleet_vpn": the Fleet (service) VPN
	VirtualFleetVPN                 // "vfleet_vpn": the VirtualFleet VPN (IPv6 only)
	CloudHubVPN                     // "cloudhub_vpn": the CloudHub VPN (IPv6 only)
	CloudHubEth                     // "cloudhub_eth": the VPC's CloudHub subnet
	VirtualFleetEth                 // "vfleet_eth": the VPC's VirtualFleet ethernet subnet
	VirtualFleetWLAN                // "vfleet_wlan": the VPC's VirtualFleet WLAN subnet
	VPC                             // "vpc": the whole VPC
)

var netNames = [...]string{
	WLAN:             "wlan",
	FleetVPN:         "fleet_vpn",
	VirtualFleetVPN:  "vfleet_vpn",
	CloudHubVPN:      "cloudhub_vpn",
	CloudHubEth:      "cloudhub_eth",
	VirtualFleetEth:  "vfleet_eth",
	VirtualFleetWLAN: "vfleet_wlan",
	VPC:              "vpc",
}

var netDescriptions = [...]string{
	WLAN:             "WLAN",
	FleetVPN:         "Fleet VPN",
	VirtualFleetVPN:  "VirtualFleet VPN",
	CloudHubVPN:      "CloudHub VPN",
	CloudHubEth:      "CloudHub ethernet",
	VirtualFleetEth:  "VirtualFleet ethernet",
	VirtualFleetWLAN: "VirtualFleet WLAN",
	VPC:              "VPC",
}

// Nets lists every valid Net in order.
func Nets() []Net {
	return []Net{WLAN, FleetVPN, VirtualFleetVPN, CloudHubVPN, CloudHubEth, VirtualFleetEth, VirtualFleetWLAN, VPC}
}

// IsValid reports whether n is one of the eight networks.
func (n Net) IsValid() bool { return n >= WLAN && n <= VPC }

// IsFleetClass reports whether n is one of the four address classes with a
// /64 per fleet: [WLAN], [FleetVPN], [VirtualFleetVPN] or [CloudHubVPN].
func (n Net) IsFleetClass() bool { return n >= WLAN && n <= CloudHubVPN }

// IsVPCSubnet reports whether n is one of the three subnets of a fleet's VPC:
// [CloudHubEth], [VirtualFleetEth] or [VirtualFleetWLAN].
func (n Net) IsVPCSubnet() bool { return n >= CloudHubEth && n <= VirtualFleetWLAN }

// String returns the jaia ip tool's name of n ("wlan", "fleet_vpn", ...), or
// "Net(N)" for an invalid n.
func (n Net) String() string {
	if !n.IsValid() {
		return "Net(" + strconv.Itoa(int(n)) + ")"
	}
	return netNames[n]
}

// Description returns a human name of n, such as "Fleet VPN".
func (n Net) Description() string {
	if !n.IsValid() {
		return n.String()
	}
	return netDescriptions[n]
}

// ParseNet parses a net name as printed by [Net.String], such as "fleet_vpn".
func ParseNet(s string) (Net, error) {
	for n := WLAN; n <= VPC; n++ {
		if s == netNames[n] {
			return n, nil
		}
	}
	return 0, &parseError{fn: "ParseNet", in: s, msg: "want wlan, fleet_vpn, vfleet_vpn, cloudhub_vpn, cloudhub_eth, vfleet_eth, vfleet_wlan or vpc"}
}

// MarshalText implements [encoding.TextMarshaler]: the zero Net marshals as
// empty text, a valid one as its String.
func (n Net) MarshalText() ([]byte, error) {
	if n == 0 {
		return []byte{}, nil
	}
	if !n.IsValid() {
		return nil, errors.New("addressing: cannot marshal invalid " + n.String())
	}
	return []byte(n.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]; empty text gives the
// zero Net.
func (n *Net) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*n = 0
		return nil
	}
	v, err := ParseNet(string(text))
	if err != nil {
		return err
	}
	*n = v
	return nil
}

// parseDecimal parses ASCII digits (leading zeros allowed) into a value
// 0-65535. On failure it returns a reason for the caller's error.
func parseDecimal(s string) (v uint32, msg string) {
	if s == "" {
		return 0, "missing digits"
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, "not a decimal number"
		}
		if v <= 0xffff {
			v = v*10 + uint32(c-'0')
		}
	}
	if v > 0xffff {
		return 0, "out of range"
	}
	return v, ""
}
