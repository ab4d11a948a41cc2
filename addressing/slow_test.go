package addressing

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// This file is a deliberately simple second implementation of the address
// plan, written from the seed document with string formatting and a regular
// expression; the fast code is checked against it over many inputs.

// slowPrefixes are the seed's /48s, as the first three groups of the address.
var slowPrefixes = map[string]string{
	"wlan":         "fddd:7f2e:3258",
	"fleet_vpn":    "fd91:5457:1e5c",
	"vfleet_vpn":   "fd6e:cf0d:aefa",
	"cloudhub_vpn": "fd0f:77ac:4fdf",
}

// slowGroups are the seed's interface id groups: ::0:hub, ::1:bot, ::2:desktop.
var slowGroups = map[string]int{"hub": 0, "bot": 1, "desktop": 2}

// slowNodeIPv6 returns the IPv6 address of node in fleet on net, written out
// group by group, or "" if there is none.
func slowNodeIPv6(net string, fleet int, typ string, id int) string {
	prefix, ok := slowPrefixes[net]
	group, ok2 := slowGroups[typ]
	if !ok || !ok2 || fleet < 0 || fleet > 65535 || id < 0 || id > 65535 {
		return ""
	}
	return netip.MustParseAddr(fmt.Sprintf("%s:%x:0:0:%x:%x", prefix, fleet, group, id)).String()
}

// slowNodeIPv4 returns the IPv4 address of node in fleet on net, or "".
func slowNodeIPv4(net string, fleet int, typ string, id int) string {
	var host int
	switch {
	case typ == "hub" && id >= 0 && id <= 30:
		host = 10 + id
	case typ == "bot" && id >= 0 && id <= 150:
		host = 100 + id
	default:
		return ""
	}
	switch {
	case fleet < 0 || fleet > 65535:
		return ""
	case net == "wlan" && fleet <= 250:
		return fmt.Sprintf("10.23.%d.%d", fleet, host)
	case net == "fleet_vpn" && fleet <= 250:
		return fmt.Sprintf("172.23.%d.%d", fleet, host)
	case net == "vfleet_wlan" && fleet <= 250:
		return fmt.Sprintf("10.23.%d.%d", fleet, host)
	case net == "vfleet_wlan":
		return fmt.Sprintf("10.23.253.%d", host)
	}
	return ""
}

// slowLookup returns the identity of a as text, "net fleet type id" (fleet
// "-" when unknown), or "" if a is no node address.
func slowLookup(a netip.Addr) string {
	if a.Is6() && a.Zone() == "" && !a.Is4In6() {
		g := strings.Split(a.StringExpanded(), ":")
		for net, prefix := range slowPrefixes {
			if strings.Join(g[:3], ":") != prefix || strings.Join(g[4:6], ":") != "0000:0000" {
				continue
			}
			for typ, group := range slowGroups {
				if g[6] == fmt.Sprintf("%04x", group) {
					fleet, _ := strconv.ParseUint(g[3], 16, 16)
					id, _ := strconv.ParseUint(g[7], 16, 16)
					return fmt.Sprintf("%s %d %s %d", net, fleet, typ, id)
				}
			}
		}
		return ""
	}
	if !a.Is4() {
		return ""
	}
	var o [4]int
	for i, s := range strings.Split(a.String(), ".") {
		o[i], _ = strconv.Atoi(s)
	}
	var typ string
	var id int
	switch h := o[3]; {
	case h >= 10 && h <= 40:
		typ, id = "hub", h-10
	case h >= 100 && h <= 250:
		typ, id = "bot", h-100
	}
	switch {
	case o[0] == 172 && o[1] == 23 && o[2] <= 250 && typ != "":
		return fmt.Sprintf("fleet_vpn %d %s %d", o[2], typ, id)
	case o[0] == 10 && o[1] == 23 && o[2] <= 250 && typ != "":
		return fmt.Sprintf("wlan %d %s %d", o[2], typ, id)
	case o[0] == 10 && o[1] == 23 && o[2] == 253 && typ != "":
		return fmt.Sprintf("vfleet_wlan - %s %d", typ, id)
	case a.String() == "10.23.255.40":
		return "cloudhub_eth - hub 30"
	}
	return ""
}

// slowSpecRE is the reference tool's documented spec grammar.
var slowSpecRE = regexp.MustCompile(`^(?:([bh])([0-9]+)([svc]?)(?:f([0-9]+))?|ch(?:f([0-9]+))?)$`)

// slowParseSpec parses a spec with slowSpecRE; ok is false if it is invalid.
func slowParseSpec(s string) (sp Spec, ok bool) {
	m := slowSpecRE.FindStringSubmatch(s)
	if m == nil {
		return Spec{}, false
	}
	num := func(d string) (uint16, bool) {
		v, err := strconv.ParseUint(d, 10, 16)
		return uint16(v), err == nil
	}
	fleetDigits := m[4]
	if m[1] == "" { // ch
		sp.Node, sp.Net, fleetDigits = Node{Hub, 30}, CloudHubVPN, m[5]
	} else {
		sp.Node.Type = map[string]NodeType{"b": Bot, "h": Hub}[m[1]]
		if sp.Node.ID, ok = num(m[2]); !ok {
			return Spec{}, false
		}
		sp.Net = map[string]Net{"": WLAN, "s": FleetVPN, "v": VirtualFleetVPN, "c": CloudHubVPN}[m[3]]
	}
	if strings.Contains(s, "f") {
		f, ok := num(fleetDigits)
		if !ok {
			return Spec{}, false
		}
		sp.Fleet, sp.HasFleet = Fleet(f), true
	}
	return sp, true
}

// slowSpecString formats a valid spec with Sprintf.
func slowSpecString(s Spec) string {
	var out string
	if s.Node == (Node{Hub, 30}) && s.Net == CloudHubVPN {
		out = "ch"
	} else {
		out = fmt.Sprintf("%s%d%s", map[NodeType]string{Hub: "h", Bot: "b"}[s.Node.Type], s.Node.ID,
			map[Net]string{WLAN: "", FleetVPN: "s", VirtualFleetVPN: "v", CloudHubVPN: "c"}[s.Net])
	}
	if s.HasFleet {
		out += fmt.Sprintf("f%d", s.Fleet)
	}
	return out
}

// fastLookupText formats Lookup's result like slowLookup.
func fastLookupText(a netip.Addr) string {
	id, err := Lookup(a)
	if err != nil {
		return ""
	}
	fleet := "-"
	if id.HasFleet {
		fleet = id.Fleet.String()
	}
	return fmt.Sprintf("%s %s %s %d", id.Net, fleet, id.Node.Type, id.Node.ID)
}

// checkNodeAgainstSlow compares NodeIPv4 and NodeIPv6 with the model.
func checkNodeAgainstSlow(t *testing.T, n Net, f Fleet, node Node) {
	t.Helper()
	typ := ""
	if node.Type.IsValid() {
		typ = node.Type.String()
	}
	for _, fam := range []struct {
		fast func(Net, Fleet, Node) (netip.Addr, error)
		slow func(string, int, string, int) string
		name string
	}{{NodeIPv4, slowNodeIPv4, "NodeIPv4"}, {NodeIPv6, slowNodeIPv6, "NodeIPv6"}} {
		a, err := fam.fast(n, f, node)
		got := ""
		if err == nil {
			got = a.String()
		}
		if want := fam.slow(n.String(), int(f), typ, int(node.ID)); got != want {
			t.Fatalf("%s(%v, %v, %v) = %q (%v), model says %q", fam.name, n, f, node, got, err, want)
		}
	}
}

var slowFleets = []Fleet{0, 1, 15, 16, 249, 250, 251, 253, 255, 256, 4000, 65535}

func TestAgainstSlowModel(t *testing.T) {
	nets := append(Nets(), 0, VPC+1)
	types := []NodeType{0, Hub, Bot, Desktop, Desktop + 1}
	// Every net, node type and interesting fleet with ids 0-160 and the top.
	for _, n := range nets {
		for _, f := range slowFleets {
			for _, typ := range types {
				for id := 0; id <= 152; id++ {
					checkNodeAgainstSlow(t, n, f, Node{typ, uint16(id)})
				}
				for _, id := range []uint16{255, 256, 4095, 65534, 65535} {
					checkNodeAgainstSlow(t, n, f, Node{typ, id})
				}
			}
		}
	}
	// Random nodes anywhere.
	r := rand.New(rand.NewPCG(1, 2))
	for range 10000 {
		checkNodeAgainstSlow(t, nets[r.IntN(len(nets))], Fleet(r.UintN(65536)), Node{types[r.IntN(len(types))], uint16(r.UintN(65536))})
	}
}

func TestLookupAgainstSlowModel(t *testing.T) {
	check := func(a netip.Addr) {
		if got, want := fastLookupText(a), slowLookup(a); got != want {
			t.Fatalf("Lookup(%v) = %q, model says %q", a, got, want)
		}
	}
	// Every address of 10.23.0.0/16 and 172.23.0.0/16, and random others.
	r := rand.New(rand.NewPCG(3, 4))
	for _, first := range []byte{10, 172} {
		for third := range 256 {
			for host := range 256 {
				check(netip.AddrFrom4([4]byte{first, 23, byte(third), byte(host)}))
			}
		}
	}
	for range 20000 {
		check(netip.AddrFrom4([4]byte{byte(r.UintN(256)), byte(r.UintN(256)), byte(r.UintN(256)), byte(r.UintN(256))}))
	}
	// Random IPv6 addresses in and near the four /48s.
	var prefixes [][16]byte
	for n := WLAN; n <= CloudHubVPN; n++ {
		p, _ := Prefix48(n)
		prefixes = append(prefixes, p.Addr().As16())
	}
	for range 30000 {
		b := prefixes[r.IntN(len(prefixes))]
		b[6], b[7] = byte(r.UintN(256)), byte(r.UintN(256))
		switch r.IntN(4) {
		case 0: // a node: group 0-3, any id
			b[13], b[14], b[15] = byte(r.UintN(4)), byte(r.UintN(256)), byte(r.UintN(256))
		case 1: // one random byte anywhere in the interface id
			b[8+r.IntN(8)] = byte(r.UintN(256))
		case 2: // one random byte anywhere in the address
			b[r.IntN(16)] ^= byte(r.UintN(256))
		case 3: // anything
			for i := range b {
				b[i] = byte(r.UintN(256))
			}
		}
		check(netip.AddrFrom16(b))
		check(netip.AddrFrom16(b).WithZone("eth0"))
	}
	check(netip.Addr{})
	check(netip.MustParseAddr("::ffff:10.23.1.11"))
}

func TestParseSpecAgainstSlowModel(t *testing.T) {
	check := func(s string) {
		got, err := ParseSpec(s)
		want, ok := slowParseSpec(s)
		if (err == nil) != ok || got != want {
			t.Fatalf("ParseSpec(%q) = %#v, %v; model says %#v, %v", s, got, err, want, ok)
		}
		if ok && got.String() != slowSpecString(got) {
			t.Fatalf("%#v.String() = %q, model says %q", got, got.String(), slowSpecString(got))
		}
	}
	for _, tt := range parseSpecTests {
		check(tt.in)
	}
	for _, tt := range badSpecTests {
		check(tt.in)
	}
	// Every string of up to 4 characters over the grammar's alphabet plus
	// some strangers, and random longer ones.
	alphabet := "bhcsvf0159xB"
	var all func(prefix string, n int)
	all = func(prefix string, n int) {
		check(prefix)
		if n == 0 {
			return
		}
		for i := range len(alphabet) {
			all(prefix+alphabet[i:i+1], n-1)
		}
	}
	all("", 4)
	r := rand.New(rand.NewPCG(5, 6))
	pieces := []string{"b", "h", "ch", "s", "v", "c", "f", "0", "1", "65535", "65536", "250", "00", "x", ""}
	for range 50000 {
		var b strings.Builder
		for range 1 + r.IntN(6) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		check(b.String())
	}
}
