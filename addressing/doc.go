// Package addressing implements the Jaia address plan: the IPv4 and IPv6
// addresses of the hubs, bots and desktops of a fleet, and the subnets of the
// fleet's AWS VPC. It depends on the standard library only.
//
// Every fleet F (0-65535) owns the /64 whose subnet id is F in each of four
// unique local /48s (RFC 4193), one per address class: Physical WLAN
// fddd:7f2e:3258::/48, Fleet VPN fd91:5457:1e5c::/48, VirtualFleet VPN
// fd6e:cf0d:aefa::/48 and CloudHub VPN fd0f:77ac:4fdf::/48. The low 64 bits
// of a node's address are ::0:<id> for a hub, ::1:<id> for a bot and
// ::2:<id> for a desktop (any customer machine), so bot 5 of fleet 4 is
// fd91:5457:1e5c:4::1:5 on the Fleet VPN. Fleets 0-250 also have IPv4 node
// addresses on the WLAN (10.23.F.0/24) and the Fleet VPN (172.23.F.0/24):
// hub N (0-30) is host 10+N and bot N (0-150) is host 100+N.
//
// Each fleet's VPC is 10.23.0.0/16 plus an Amazon-assigned IPv6 /56 holding
// three subnets: CloudHub (10.23.255.0/24, /64 number 0 of the /56),
// VirtualFleet ethernet (10.23.254.0/24, number 1) and VirtualFleet WLAN
// (10.23.F.0/24, or 10.23.253.0/24 above fleet 250; number 2). The CloudHub
// is hub 30 at 10.23.255.40; the VirtualFleet's nodes use the WLAN host rule
// inside the VirtualFleet WLAN subnet.
//
// [Fleet], [NodeType], [Node], [Net] and [Spec] are small comparable values in
// the style of net/netip; a Spec is a host spec of the jaia-ip tool such as
// "b5sf4" (bot 5, Fleet VPN, fleet 4) or "chf15" (the CloudHub of fleet 15).
// [Lookup] maps an address back to its net, fleet and node.
package addressing
