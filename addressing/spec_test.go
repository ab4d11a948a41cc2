package addressing

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
)

var parseSpecTests = []struct {
	in   string
	want Spec
	str  string // String of the result if it differs from in (non-canonical input)
}{
	{in: "b5sf4", want: Spec{BotNode(5), FleetVPN, 4, true}},
	{in: "h20vf10", want: Spec{HubNode(20), VirtualFleetVPN, 10, true}},
	{in: "chf15", want: Spec{CloudHub(), CloudHubVPN, 15, true}},
	{in: "ch", want: Spec{Node: CloudHub(), Net: CloudHubVPN}},
	{in: "b4f2", want: Spec{BotNode(4), WLAN, 2, true}},
	{in: "h30f1", want: Spec{HubNode(30), WLAN, 1, true}},
	{in: "b1f300", want: Spec{BotNode(1), WLAN, 300, true}},
	{in: "b5cf4", want: Spec{BotNode(5), CloudHubVPN, 4, true}},
	{in: "b5", want: Spec{Node: BotNode(5), Net: WLAN}},
	{in: "h1v", want: Spec{Node: HubNode(1), Net: VirtualFleetVPN}},
	{in: "b0f0", want: Spec{BotNode(0), WLAN, 0, true}},
	{in: "b65535sf65535", want: Spec{BotNode(65535), FleetVPN, 65535, true}},
	{in: "h31cf251", want: Spec{HubNode(31), CloudHubVPN, 251, true}},
	{in: "b151f1", want: Spec{BotNode(151), WLAN, 1, true}},
	// Non-canonical spellings.
	{in: "b05sf004", want: Spec{BotNode(5), FleetVPN, 4, true}, str: "b5sf4"},
	{in: "h30cf15", want: Spec{CloudHub(), CloudHubVPN, 15, true}, str: "chf15"},
	{in: "h30c", want: Spec{Node: CloudHub(), Net: CloudHubVPN}, str: "ch"},
	{in: "b000000000000000000000001f0000000000000000000000000065535", want: Spec{BotNode(1), WLAN, 65535, true}, str: "b1f65535"},
}

func TestParseSpec(t *testing.T) {
	for _, tt := range parseSpecTests {
		got, err := ParseSpec(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseSpec(%q) = %#v, %v; want %#v", tt.in, got, err, tt.want)
			continue
		}
		str := tt.str
		if str == "" {
			str = tt.in
		}
		if s := got.String(); s != str {
			t.Errorf("ParseSpec(%q).String() = %q, want %q", tt.in, s, str)
		}
		if !got.IsValid() {
			t.Errorf("ParseSpec(%q) is not valid", tt.in)
		}
		if again := MustParseSpec(got.String()); again != got {
			t.Errorf("ParseSpec(%q) = %#v, want %#v", got.String(), again, got)
		}
	}
}

// The malformed specs of the brief and reference, with the error each gives.
var badSpecTests = []struct {
	in, err string
}{
	{"x5f1", `addressing: ParseSpec("x5f1"): want b<id>, h<id> or ch (lower case) (at "x5f1")`},
	{"b", `addressing: ParseSpec("b"): missing node id after "b"`},
	{"bf1", `addressing: ParseSpec("bf1"): missing node id after "b" (at "f1")`},
	{"ch30f1", `addressing: ParseSpec("ch30f1"): want f<fleet> or the end (at "30f1")`},
	{"b5xf1", `addressing: ParseSpec("b5xf1"): want s, v, c, f<fleet> or the end (at "xf1")`},
	{"B5f1", `addressing: ParseSpec("B5f1"): want b<id>, h<id> or ch (lower case) (at "B5f1")`},
	{"chvf1", `addressing: ParseSpec("chvf1"): want f<fleet> or the end (at "vf1")`},
	{"", `addressing: ParseSpec(""): want b<id>, h<id> or ch (lower case)`},
	{"h", `missing node id after "h"`},
	{"c", `want b<id>, h<id> or ch`},
	{"chf", `addressing: ParseSpec("chf"): missing fleet after "f"`},
	{"b5f", `missing fleet after "f"`},
	{"b5sf", `missing fleet after "f"`},
	{"b5svf1", `want f<fleet> or the end (at "vf1")`},
	{"b5sf4x", `want the end (at "x")`},
	{"b5f4s", `want the end (at "s")`},
	{"b5f4f4", `want the end (at "f4")`},
	{"b-5f1", `missing node id after "b" (at "-5f1")`},
	{"b+5f1", `missing node id after "b"`},
	{"b5 f1", `want s, v, c, f<fleet> or the end (at " f1")`},
	{" b5f1", `want b<id>, h<id> or ch`},
	{"b5f1 ", `want the end (at " ")`},
	{"b5S", `want s, v, c, f<fleet> or the end (at "S")`},
	{"b5F1", `want s, v, c, f<fleet> or the end (at "F1")`},
	{"CH", `want b<id>, h<id> or ch`},
	{"d1f1", `want b<id>, h<id> or ch`},
	{"b65536f1", `addressing: ParseSpec("b65536f1"): node id 65536 out of range (0-65535) (at "65536f1")`},
	{"b1f65536", `addressing: ParseSpec("b1f65536"): fleet 65536 out of range (0-65535) (at "65536")`},
	{"b99999999999999999999999f1", `node id 99999999999999999999999 out of range`},
	{"self", `want b<id>, h<id> or ch`},
	{"docs.jaia.tech", `want b<id>, h<id> or ch`},
	{"b５f1", `missing node id after "b"`},
}

func TestParseSpecErrors(t *testing.T) {
	for _, tt := range badSpecTests {
		got, err := ParseSpec(tt.in)
		if err == nil {
			t.Errorf("ParseSpec(%q) = %#v, want error", tt.in, got)
			continue
		}
		if !strings.Contains(err.Error(), tt.err) {
			t.Errorf("ParseSpec(%q) error = %q, want %q", tt.in, err, tt.err)
		}
		if got != (Spec{}) {
			t.Errorf("ParseSpec(%q) returned %#v with its error", tt.in, got)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("MustParseSpec(\"x\") did not panic")
		}
	}()
	MustParseSpec("x")
}

func TestSpecValidity(t *testing.T) {
	for _, tt := range []struct {
		s     Spec
		valid bool
	}{
		{Spec{}, false},
		{Spec{Node: BotNode(1), Net: WLAN}, true},
		{Spec{Node: BotNode(1), Net: WLAN, Fleet: 3}, false}, // Fleet without HasFleet
		{Spec{Node: DesktopNode(1), Net: WLAN}, false},       // specs name hubs and bots only
		{Spec{Node: BotNode(1), Net: VirtualFleetWLAN}, false},
		{Spec{Node: BotNode(1), Net: VPC, HasFleet: true}, false},
		{Spec{Node: Node{Type: 9}, Net: WLAN}, false},
		{Spec{Node: HubNode(1), Net: CloudHubVPN, HasFleet: true}, true},
	} {
		if got := tt.s.IsValid(); got != tt.valid {
			t.Errorf("%#v.IsValid() = %v", tt.s, got)
		}
		if !tt.valid && tt.s.String() != "invalid Spec" {
			t.Errorf("%#v.String() = %q", tt.s, tt.s.String())
		}
		if !tt.valid && len(tt.s.AppendTo(nil)) != 0 {
			t.Errorf("%#v.AppendTo = %q", tt.s, tt.s.AppendTo(nil))
		}
	}
	s := MustParseSpec("b5s")
	if s.HasFleet || s.WithFleet(4) != MustParseSpec("b5sf4") {
		t.Errorf("WithFleet: %#v", s.WithFleet(4))
	}
	if !MustParseSpec("h30cf1").IsCloudHub() || MustParseSpec("h30sf1").IsCloudHub() {
		t.Error("IsCloudHub")
	}
}

func TestSpecAddr(t *testing.T) {
	for _, tt := range []struct {
		spec         string
		addr, v4, v6 string // Addr, IPv4, IPv6 ("!" + error substring)
	}{
		{"b5sf4", "172.23.4.105", "172.23.4.105", "fd91:5457:1e5c:4::1:5"},
		{"h20vf10", "fd6e:cf0d:aefa:a::14", "!vfleet_vpn has no IPv4", "fd6e:cf0d:aefa:a::14"},
		{"chf15", "fd0f:77ac:4fdf:f::1e", "!cloudhub_vpn has no IPv4", "fd0f:77ac:4fdf:f::1e"},
		{"b4f2", "10.23.2.104", "10.23.2.104", "fddd:7f2e:3258:2::1:4"},
		{"h30f1", "10.23.1.40", "10.23.1.40", "fddd:7f2e:3258:1::1e"},
		{"b1f300", "fddd:7f2e:3258:12c::1:1", "!fleet 300 has no IPv4 WLAN subnet", "fddd:7f2e:3258:12c::1:1"},
		{"b6sf250", "172.23.250.106", "172.23.250.106", "fd91:5457:1e5c:fa::1:6"},
		{"b6sf251", "fd91:5457:1e5c:fb::1:6", "!fleet 251 has no IPv4 Fleet VPN subnet", "fd91:5457:1e5c:fb::1:6"},
		{"b151f1", "!bot 151 has no IPv4 address", "!bot 151 has no IPv4 address", "fddd:7f2e:3258:1::1:97"},
		{"h31sf1", "!hub 31 has no IPv4 address", "!hub 31", "fd91:5457:1e5c:1::1f"},
		{"b150sf1", "172.23.1.250", "172.23.1.250", "fd91:5457:1e5c:1::1:96"},
		{"b5s", "!spec b5s names no fleet (add f<fleet>)", "!names no fleet", "!names no fleet"},
		{"ch", "!spec ch names no fleet", "!names no fleet", "!names no fleet"},
	} {
		s := MustParseSpec(tt.spec)
		a, err := s.Addr()
		checkAddr(t, tt.spec+".Addr()", a, err, tt.addr)
		a, err = s.IPv4()
		checkAddr(t, tt.spec+".IPv4()", a, err, tt.v4)
		a, err = s.IPv6()
		checkAddr(t, tt.spec+".IPv6()", a, err, tt.v6)
	}
	_, err := Spec{}.Addr()
	checkAddr(t, "Spec{}.Addr()", netip.Addr{}, err, "!invalid Spec")
}

func TestErrorTypes(t *testing.T) {
	_, err := ParseSpec("x")
	var pe *parseError
	if !errors.As(err, &pe) || pe.in != "x" {
		t.Errorf("ParseSpec error %T does not carry its input", err)
	}
	_, err = Lookup(netip.MustParseAddr("8.8.8.8"))
	if !errors.Is(err, ErrNotJaia) {
		t.Errorf("Lookup error %v does not wrap ErrNotJaia", err)
	}
}
