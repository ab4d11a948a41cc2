package main

import (
	"errors"
	"fmt"
	"io"
	"net/netip"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/jaiarobotics/jaia-cloud/addressing"
)

const usage = `Usage:
  jaia-ip [-4|-6] [--query_type addr|net] [--fleet_id N] SPEC
  jaia-ip --ip_net NET [--fleet_id N] [--ip_version ipv4|ipv6] [--query_type addr|net]
          [--node_type hub|bot|desktop --node_id N] [--ipv6_base PREFIX]
  jaia-ip --table|--hosts [--fleet_id N] [--bots N]
  jaia-ip --lookup ADDRESS

jaia-ip prints addresses of the Jaia address plan. It replaces "jaia ip" and
jaia-ip.py; their flags are accepted as --flag value or --flag=value.

Host specs (lower case only):
  b<id>[s|v|c][f<fleet>]   bot <id>
  h<id>[s|v|c][f<fleet>]   hub <id>
  ch[f<fleet>]             the CloudHub (hub 30) on the CloudHub VPN
where s is the Fleet VPN, v the VirtualFleet VPN, c the CloudHub VPN and no
letter the WLAN; ids and fleets are 0-65535. Also accepted: "self" (prints ::1,
or 127.0.0.1 with -4) and <name>.jaia.tech (printed unchanged).
  jaia-ip b5sf4       172.23.4.105
  jaia-ip -6 b5sf4    fd91:5457:1e5c:4::1:5
  jaia-ip h20vf10     fd6e:cf0d:aefa:a::14
  jaia-ip chf15       fd0f:77ac:4fdf:f::1e

Fleet: without f<fleet> in the spec (or --fleet_id), the fleet comes from the
environment variable jaia_fleet_id (digits only), else from a hostname (its first
label) ending in -fleet<N> (e.g. hub1-fleet4), else it is an error.

Address family: IPv4 on the WLAN and the Fleet VPN of fleets 0-250 (hubs 0-30,
bots 0-150; other ids are an error there unless -6 is given), IPv6 on the
VirtualFleet and CloudHub VPNs and for fleets above 250. The VPC nets default
to IPv4.
  -4, --ipv4, --ip_version ipv4    force IPv4 (an error where none exists)
  -6, --ipv6, --ip_version ipv6    force IPv6

Explicit mode (the flags of "jaia ip"):
  --ip_net NET        wlan, fleet_vpn, vfleet_vpn, cloudhub_vpn (fleet nets), or
                      cloudhub_eth, vfleet_eth, vfleet_wlan, vpc (VPC nets)
  --fleet_id N        the fleet (0-65535; IPv4 for 0-250 only)
  --query_type T      addr (default): a node's address; net: the network in CIDR form
  --node_type T       hub, bot or desktop (required for addr)
  --node_id N         the node id (required for addr)
  --ipv6_base PREFIX  the VPC's Amazon-assigned IPv6 /56 (an address is taken as
                      the /56 containing it); needed for IPv6 on the VPC nets
  (jaia-ip.py spellings also work: addr|net as an argument, --node, --net.)
  VPC nets: cloudhub_eth 10.23.255.0/24 (only the CloudHub, 10.23.255.40, has
  an IPv4 node address there), vfleet_eth 10.23.254.0/24, vfleet_wlan
  10.23.F.0/24 (10.23.253.0/24 above fleet 250; hubs and bots by the WLAN
  rule), vpc 10.23.0.0/16; IPv6 /64 number 0, 1 and 2 of the /56, and the /56.

Fleet table:
  --table             list the fleet's named nodes: the CloudHub (CloudHub
                      VPN), VirtualFleet hub 1 and bots 1..N (VirtualFleet VPN),
                      and hub 1 and bots 1..N of the fleet (Fleet VPN)
  --hosts             print the same as /etc/hosts lines (cloudhub-fleetF,
                      hub1-virtualfleetF, botN-virtualfleetF, hub1-fleetF, botN-fleetF)
  --bots N            number of bots to list (0-150, default 10)

Reverse lookup:
  --lookup ADDRESS    print which node an address is, e.g. "bot5 in fleet_vpn of
                      fleet 4". 10.23.F.x (F 0-250) is reported as the WLAN; in
                      fleet F's VPC the same address is that node in vfleet_wlan.

Exit status: 0 on success, 1 if the address does not exist (for example no
IPv4) or the environment is bad, 2 for usage errors. Errors go to stderr.
`

// usageError marks errors in the command line (exit status 2).
type usageError struct{ error }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// run is the whole command: it parses args, writes the result to stdout, or
// an error to stderr, and returns the exit status.
func run(args []string, env func(string) string, hostname func() (string, error), stdout, stderr io.Writer) int {
	c := &command{env: env, hostname: hostname}
	out, err := c.run(args)
	if err != nil {
		msg := strings.TrimPrefix(err.Error(), "addressing: ")
		if errors.As(err, new(usageError)) {
			fmt.Fprintf(stderr, "jaia-ip: %s\nRun 'jaia-ip --help' for usage.\n", msg)
			return 2
		}
		fmt.Fprintf(stderr, "jaia-ip: %s\n", msg)
		return 1
	}
	io.WriteString(stdout, out)
	return 0
}

// command holds the parsed command line.
type command struct {
	env      func(string) string
	hostname func() (string, error)

	set       map[string]bool   // canonical names of the flags given
	values    map[string]string // values of the value flags
	family    int               // 0 (default), 4 or 6
	positions []string          // host specs
	queryType string            // "addr" or "net" ("" = default)
}

// flags maps each accepted spelling (without dashes) to its canonical name
// and whether it takes a value.
var flags = map[string]struct {
	name  string
	value bool
}{
	"4": {"ipv4", false}, "ipv4": {"ipv4", false},
	"6": {"ipv6", false}, "ipv6": {"ipv6", false},
	"ip_version": {"ip_version", true},
	"fleet_id":   {"fleet_id", true},
	"ip_net":     {"ip_net", true}, "net": {"ip_net", true},
	"query_type": {"query_type", true},
	"node_type":  {"node_type", true}, "node": {"node_type", true},
	"node_id":   {"node_id", true},
	"ipv6_base": {"ipv6_base", true},
	"table":     {"table", false},
	"hosts":     {"hosts", false},
	"bots":      {"bots", true},
	"lookup":    {"lookup", true},
	"h":         {"help", false}, "help": {"help", false},
}

func (c *command) parse(args []string) error {
	c.set, c.values = map[string]bool{}, map[string]string{}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			c.positions = append(c.positions, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			c.positions = append(c.positions, a)
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(a[1:], "-"), "=")
		f, ok := flags[name]
		if !ok {
			return usagef("unknown flag %s", a)
		}
		switch {
		case !f.value && hasValue:
			return usagef("flag %s takes no value", a)
		case f.value && !hasValue:
			if i+1 == len(args) {
				return usagef("flag %s needs a value", a)
			}
			i++
			value = args[i]
		}
		c.set[f.name] = true
		c.values[f.name] = value
		var fam int
		switch f.name {
		case "ipv4":
			fam = 4
		case "ipv6":
			fam = 6
		case "ip_version":
			switch value {
			case "ipv4":
				fam = 4
			case "ipv6":
				fam = 6
			default:
				return usagef("--ip_version %q: want ipv4 or ipv6", value)
			}
		case "query_type":
			if err := c.setQueryType(value); err != nil {
				return err
			}
		}
		if fam != 0 {
			if c.family != 0 && c.family != fam {
				return usagef("conflicting address families: give one of -4 and -6")
			}
			c.family = fam
		}
	}
	// jaia-ip.py took addr|net as a positional argument.
	specs := c.positions[:0]
	for _, p := range c.positions {
		if p == "addr" || p == "net" {
			if err := c.setQueryType(p); err != nil {
				return err
			}
			continue
		}
		specs = append(specs, p)
	}
	c.positions = specs
	return nil
}

func (c *command) setQueryType(v string) error {
	if v != "addr" && v != "net" {
		return usagef("--query_type %q: want addr or net", v)
	}
	if c.queryType != "" && c.queryType != v {
		return usagef("conflicting query types addr and net")
	}
	c.queryType = v
	return nil
}

// only fails if a flag outside allowed was given in this mode.
func (c *command) only(mode string, allowed ...string) error {
	for name := range c.set {
		ok := false
		for _, a := range allowed {
			ok = ok || name == a
		}
		if !ok {
			return usagef("--%s cannot be used with %s", name, mode)
		}
	}
	return nil
}

func (c *command) run(args []string) (string, error) {
	if err := c.parse(args); err != nil {
		return "", err
	}
	if c.set["help"] {
		return usage, nil
	}
	if len(c.positions) > 1 {
		return "", usagef("more than one host spec: %q", c.positions)
	}
	modes := 0
	for _, m := range []bool{len(c.positions) == 1, c.set["ip_net"], c.set["table"] || c.set["hosts"], c.set["lookup"]} {
		if m {
			modes++
		}
	}
	switch {
	case modes > 1:
		return "", usagef("give only one of a host spec, --ip_net, --table/--hosts and --lookup")
	case len(c.positions) == 1:
		return c.spec(c.positions[0])
	case c.set["ip_net"]:
		return c.explicit()
	case c.set["table"] || c.set["hosts"]:
		return c.table()
	case c.set["lookup"]:
		return c.lookup()
	}
	return "", usagef("missing host spec (such as b5sf4) or --ip_net")
}

// fleet returns the fleet of --fleet_id, else of the environment variable
// jaia_fleet_id, else of a hostname ending in -fleet<N>.
func (c *command) fleet() (addressing.Fleet, error) {
	if c.set["fleet_id"] {
		f, err := addressing.ParseFleet(c.values["fleet_id"])
		if err != nil {
			return 0, usagef("--fleet_id %q: want a fleet id 0-65535", c.values["fleet_id"])
		}
		return f, nil
	}
	if v := c.env("jaia_fleet_id"); v != "" {
		f, err := addressing.ParseFleet(v)
		if err != nil {
			return 0, fmt.Errorf("environment variable jaia_fleet_id=%q is not a fleet id (digits, 0-65535)", v)
		}
		return f, nil
	}
	if h, err := c.hostname(); err == nil {
		h, _, _ = strings.Cut(h, ".")
		if i := strings.LastIndex(h, "-fleet"); i >= 0 {
			digits := h[i+len("-fleet"):]
			if digits != "" && strings.Trim(digits, "0123456789") == "" {
				f, err := addressing.ParseFleet(digits)
				if err != nil {
					return 0, fmt.Errorf("hostname %q names fleet %s, which is out of range (0-65535)", h, digits)
				}
				return f, nil
			}
		}
	}
	return 0, usagef("no fleet: add f<fleet> to the spec or --fleet_id, set jaia_fleet_id, or run on a host named *-fleet<N>")
}

// spec answers for a host spec.
func (c *command) spec(s string) (string, error) {
	if err := c.only("a host spec", "ipv4", "ipv6", "ip_version", "query_type", "fleet_id"); err != nil {
		return "", err
	}
	if s == "self" || strings.HasSuffix(s, ".jaia.tech") && len(s) > len(".jaia.tech") {
		switch {
		case c.queryType == "net":
			return "", usagef("--query_type net needs a node spec, not %q", s)
		case s != "self":
			return s + "\n", nil
		case c.family == 4:
			return "127.0.0.1\n", nil
		}
		return "::1\n", nil
	}
	sp, err := addressing.ParseSpec(s)
	if err != nil {
		return "", usageError{err}
	}
	if !sp.HasFleet {
		f, err := c.fleet()
		if err != nil {
			return "", err
		}
		sp = sp.WithFleet(f)
	} else if c.set["fleet_id"] {
		if f, err := c.fleet(); err != nil || f != sp.Fleet {
			return "", usagef("spec %s names fleet %v but --fleet_id is %q", s, sp.Fleet, c.values["fleet_id"])
		}
	}
	v4 := c.family == 4 || c.family == 0 && addressing.PrefersIPv4(sp.Net, sp.Fleet)
	if c.queryType == "net" {
		var p netip.Prefix
		if v4 {
			p, err = addressing.NetIPv4(sp.Net, sp.Fleet)
		} else {
			p, err = addressing.FleetPrefix64(sp.Net, sp.Fleet)
		}
		return line(p, err)
	}
	var a netip.Addr
	if v4 {
		a, err = sp.IPv4()
		if err != nil && c.family == 0 {
			err = fmt.Errorf("%w; add -6 for its IPv6 address", err)
		}
	} else {
		a, err = sp.IPv6()
	}
	return line(a, err)
}

// explicit answers for --ip_net and friends.
func (c *command) explicit() (string, error) {
	err := c.only("--ip_net", "ip_net", "fleet_id", "ipv4", "ipv6", "ip_version", "query_type", "node_type", "node_id", "ipv6_base")
	if err != nil {
		return "", err
	}
	n, err := addressing.ParseNet(c.values["ip_net"])
	if err != nil {
		return "", usageError{err}
	}
	// The VPC nets (and vfleet_wlan in IPv6) need no fleet.
	var f addressing.Fleet
	if n.IsFleetClass() || n == addressing.VirtualFleetWLAN && c.family != 6 {
		if f, err = c.fleet(); err != nil {
			return "", err
		}
	}
	v4 := c.family == 4 || c.family == 0 && addressing.PrefersIPv4(n, f)
	var vpc56 netip.Prefix
	if !v4 && (n.IsVPCSubnet() || n == addressing.VPC) {
		if vpc56, err = c.ipv6Base(n); err != nil {
			return "", err
		}
	}
	if c.queryType == "net" {
		var p netip.Prefix
		switch {
		case v4:
			p, err = addressing.NetIPv4(n, f)
		case n.IsFleetClass():
			p, err = addressing.FleetPrefix64(n, f)
		case n == addressing.VPC:
			p = vpc56
		default:
			p, err = addressing.VPCSubnet64(n, vpc56)
		}
		return line(p, err)
	}
	if !c.set["node_type"] || !c.set["node_id"] {
		return "", usagef("--query_type addr needs --node_type and --node_id")
	}
	typ, err := addressing.ParseNodeType(c.values["node_type"])
	if err != nil {
		return "", usagef("--node_type %q: want hub, bot or desktop", c.values["node_type"])
	}
	id, err := strconv.ParseUint(c.values["node_id"], 10, 16)
	if err != nil {
		return "", usagef("--node_id %q: want a node id 0-65535", c.values["node_id"])
	}
	node := addressing.Node{Type: typ, ID: uint16(id)}
	var a netip.Addr
	switch {
	case v4 && n == addressing.CloudHubEth:
		if node != addressing.CloudHub() {
			return "", fmt.Errorf("only the CloudHub (hub 30) has an IPv4 address in cloudhub_eth, not %v", node)
		}
		a = addressing.CloudHubPrivateIPv4()
	case v4:
		a, err = addressing.NodeIPv4(n, f, node)
	case n.IsVPCSubnet():
		a, err = addressing.VPCNodeIPv6(n, vpc56, node)
	default:
		a, err = addressing.NodeIPv6(n, f, node)
	}
	return line(a, err)
}

// ipv6Base parses --ipv6_base: a /56 prefix, or an address in the /56.
func (c *command) ipv6Base(n addressing.Net) (netip.Prefix, error) {
	v, ok := c.values["ipv6_base"]
	if !ok {
		return netip.Prefix{}, usagef("IPv6 on %v needs --ipv6_base (the VPC's IPv6 /56)", n)
	}
	if p, err := netip.ParsePrefix(v); err == nil && p.Addr().Is6() && p.Bits() == 56 {
		return p.Masked(), nil
	}
	if a, err := netip.ParseAddr(v); err == nil && a.Is6() && a.Zone() == "" {
		return netip.PrefixFrom(a, 56).Masked(), nil
	}
	return netip.Prefix{}, usagef("--ipv6_base %q: want the VPC's IPv6 /56 or an address in it", v)
}

// table answers for --table and --hosts.
func (c *command) table() (string, error) {
	if err := c.only("--table/--hosts", "table", "hosts", "fleet_id", "bots"); err != nil {
		return "", err
	}
	if c.set["table"] && c.set["hosts"] {
		return "", usagef("give only one of --table and --hosts")
	}
	bots := 10
	if v, ok := c.values["bots"]; ok {
		n, err := strconv.ParseUint(v, 10, 8)
		if err != nil || n > uint64(addressing.MaxHostsBots) {
			return "", usagef("--bots %q: want 0-%d", v, addressing.MaxHostsBots)
		}
		bots = int(n)
	}
	f, err := c.fleet()
	if err != nil {
		return "", err
	}
	entries, err := addressing.HostsEntries(f, bots)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if c.set["hosts"] {
		for _, e := range entries {
			b.WriteString(e.String())
			b.WriteByte('\n')
		}
		return b.String(), nil
	}
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "NAME\tNET\tNODE\tADDRESS")
	for _, e := range entries {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", e.Name, e.Net, e.Node, e.Addr)
	}
	w.Flush()
	return b.String(), nil
}

// lookup answers for --lookup.
func (c *command) lookup() (string, error) {
	if err := c.only("--lookup", "lookup"); err != nil {
		return "", err
	}
	a, err := netip.ParseAddr(c.values["lookup"])
	if err != nil {
		return "", usagef("--lookup %q: not an IP address", c.values["lookup"])
	}
	id, err := addressing.Lookup(a)
	if err != nil {
		return "", err
	}
	return id.String() + "\n", nil
}

// line formats a result as a line of output.
func line[T fmt.Stringer](v T, err error) (string, error) {
	if err != nil {
		return "", err
	}
	return v.String() + "\n", nil
}
