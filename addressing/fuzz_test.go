package addressing

import (
	"net/netip"
	"testing"
)

// FuzzParseSpec checks that ParseSpec agrees with the regular expression
// model, and that String and ParseSpec are inverses.
func FuzzParseSpec(f *testing.F) {
	for _, tt := range parseSpecTests {
		f.Add(tt.in)
	}
	for _, tt := range badSpecTests {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sp, err := ParseSpec(s)
		want, ok := slowParseSpec(s)
		if (err == nil) != ok || sp != want {
			t.Fatalf("ParseSpec(%q) = %#v, %v; model says %#v, %v", s, sp, err, want, ok)
		}
		if err != nil {
			return
		}
		if !sp.IsValid() {
			t.Fatalf("ParseSpec(%q) = invalid %#v", s, sp)
		}
		str := sp.String()
		again, err := ParseSpec(str)
		if err != nil || again != sp {
			t.Fatalf("ParseSpec(%q) = %#v, %v; want %#v (from %q)", str, again, err, sp, s)
		}
		if again.String() != str {
			t.Fatalf("String is not canonical: %q -> %q", str, again.String())
		}
		if str != slowSpecString(sp) {
			t.Fatalf("%#v.String() = %q, model says %q", sp, str, slowSpecString(sp))
		}
	})
}

// FuzzSpecString checks that every valid Spec formats to a string that
// parses back to it, and that invalid ones format as "invalid Spec".
func FuzzSpecString(f *testing.F) {
	for _, tt := range parseSpecTests {
		s := tt.want
		f.Add(uint8(s.Node.Type), s.Node.ID, uint8(s.Net), uint16(s.Fleet), s.HasFleet)
	}
	f.Add(uint8(Desktop), uint16(1), uint8(WLAN), uint16(1), true)
	f.Add(uint8(Bot), uint16(1), uint8(VPC), uint16(1), true)
	f.Add(uint8(Bot), uint16(1), uint8(WLAN), uint16(1), false)
	f.Fuzz(func(t *testing.T, typ uint8, id uint16, n uint8, fleet uint16, hasFleet bool) {
		sp := Spec{Node{NodeType(typ), id}, Net(n), Fleet(fleet), hasFleet}
		str := sp.String()
		if !sp.IsValid() {
			if str != "invalid Spec" {
				t.Fatalf("invalid %#v formats as %q", sp, str)
			}
			return
		}
		got, err := ParseSpec(str)
		if err != nil || got != sp {
			t.Fatalf("ParseSpec(%q) = %#v, %v; want %#v", str, got, err, sp)
		}
		if str != slowSpecString(sp) {
			t.Fatalf("%#v.String() = %q, model says %q", sp, str, slowSpecString(sp))
		}
	})
}

// FuzzLookup checks Lookup against the model and, on success, that the
// forward functions give the address back.
func FuzzLookup(f *testing.F) {
	for _, tt := range lookupTests {
		if tt.addr == "" {
			continue
		}
		a := netip.MustParseAddr(tt.addr)
		if a.Is4() {
			b := a.As4()
			f.Add(true, uint64(0), uint64(b[0])<<24|uint64(b[1])<<16|uint64(b[2])<<8|uint64(b[3]))
		} else {
			b := a.As16()
			f.Add(false, be64(b[:8]), be64(b[8:]))
		}
	}
	f.Fuzz(func(t *testing.T, is4 bool, hi, lo uint64) {
		var a netip.Addr
		if is4 {
			a = netip.AddrFrom4([4]byte{byte(lo >> 24), byte(lo >> 16), byte(lo >> 8), byte(lo)})
		} else {
			var b [16]byte
			putUint64(b[:8], hi)
			putUint64(b[8:], lo)
			a = netip.AddrFrom16(b)
		}
		if got, want := fastLookupText(a), slowLookup(a); got != want {
			t.Fatalf("Lookup(%v) = %q, model says %q", a, got, want)
		}
		id, err := Lookup(a)
		if err != nil {
			return
		}
		var back netip.Addr
		switch {
		case id.Net == CloudHubEth:
			back = CloudHubPrivateIPv4()
		case id.Net == VirtualFleetWLAN:
			back, err = NodeIPv4(VirtualFleetWLAN, MaxIPv4Fleet+1, id.Node)
		case a.Is4():
			back, err = NodeIPv4(id.Net, id.Fleet, id.Node)
		default:
			back, err = NodeIPv6(id.Net, id.Fleet, id.Node)
		}
		if err != nil || back != a {
			t.Fatalf("Lookup(%v) = %v, which gives back %v, %v", a, id, back, err)
		}
	})
}

// FuzzNodeAddr checks the forward functions against the model and their
// results against Lookup.
func FuzzNodeAddr(f *testing.F) {
	for _, tt := range nodeAddrTests {
		f.Add(uint8(tt.net), uint16(tt.fleet), uint8(tt.node.Type), tt.node.ID)
	}
	f.Fuzz(func(t *testing.T, n uint8, fleet uint16, typ uint8, id uint16) {
		node := Node{NodeType(typ), id}
		checkNodeAgainstSlow(t, Net(n), Fleet(fleet), node)
		if a, err := NodeIPv6(Net(n), Fleet(fleet), node); err == nil {
			if got, err := Lookup(a); err != nil || got != (Identity{Net(n), Fleet(fleet), true, node}) {
				t.Fatalf("Lookup(%v) = %v, %v", a, got, err)
			}
		}
		if a, err := NodeIPv4(Net(n), Fleet(fleet), node); err == nil {
			if got, err := Lookup(a); err != nil || got.Node != node {
				t.Fatalf("Lookup(%v) = %v, %v", a, got, err)
			}
		}
	})
}

func be64(b []byte) uint64 {
	var v uint64
	for _, c := range b[:8] {
		v = v<<8 | uint64(c)
	}
	return v
}
