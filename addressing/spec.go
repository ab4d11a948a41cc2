package addressing

import (
	"errors"
	"net/netip"
	"strconv"
)

// Spec is a host spec of the jaia-ip tool: a hub or bot on one of the fleet
// address classes, optionally with its fleet. Its grammar (lower case only)
// is
//
//	b<id>[s|v|c][f<fleet>]   bot <id>
//	h<id>[s|v|c][f<fleet>]   hub <id>
//	ch[f<fleet>]             the CloudHub: hub 30 on the CloudHub VPN
//
// where s is the Fleet VPN, v the VirtualFleet VPN, c the CloudHub VPN and
// no letter the WLAN; ids and fleets are decimal 0-65535 (leading zeros
// allowed). Examples: "b5sf4", "h20vf10", "chf15", "b4".
//
// A valid Spec has a Hub or Bot node, a fleet class net and, if HasFleet is
// false, a zero Fleet. The zero Spec is not valid.
type Spec struct {
	Node     Node  // a hub or bot
	Net      Net   // WLAN, FleetVPN, VirtualFleetVPN or CloudHubVPN
	Fleet    Fleet // the fleet, if HasFleet
	HasFleet bool  // whether the spec names its fleet ("f<fleet>")
}

// specNetLetters maps a fleet class to its spec suffix letter (0: none).
var specNetLetters = [...]byte{WLAN: 0, FleetVPN: 's', VirtualFleetVPN: 'v', CloudHubVPN: 'c'}

// ParseSpec parses a host spec (see [Spec]). It accepts every string the
// grammar allows and nothing else; ParseSpec(s.String()) == s for every
// valid s, and ParseSpec(x).String() == x for every canonical x (no leading
// zeros, and "ch" rather than "h30c").
func ParseSpec(s string) (Spec, error) {
	var sp Spec
	i := 0
	want := "want f<fleet> or the end" // what may follow at i
	switch {
	case len(s) >= 2 && s[0] == 'c' && s[1] == 'h':
		sp.Node, sp.Net = CloudHub(), CloudHubVPN
		i = 2
	case len(s) >= 1 && (s[0] == 'b' || s[0] == 'h'):
		sp.Node.Type = Hub
		if s[0] == 'b' {
			sp.Node.Type = Bot
		}
		id, j, err := specNumber(s, 1, "node id")
		if err != nil {
			return Spec{}, err
		}
		sp.Node.ID, sp.Net, i = uint16(id), WLAN, j
		want = "want s, v, c, f<fleet> or the end"
		if i < len(s) {
			switch s[i] {
			case 's':
				sp.Net = FleetVPN
			case 'v':
				sp.Net = VirtualFleetVPN
			case 'c':
				sp.Net = CloudHubVPN
			}
			if sp.Net != WLAN {
				i++
				want = "want f<fleet> or the end"
			}
		}
	default:
		return Spec{}, &parseError{fn: "ParseSpec", in: s, msg: "want b<id>, h<id> or ch (lower case)", at: s}
	}
	if i < len(s) && s[i] == 'f' {
		f, j, err := specNumber(s, i+1, "fleet")
		if err != nil {
			return Spec{}, err
		}
		sp.Fleet, sp.HasFleet, i = Fleet(f), true, j
		want = "want the end"
	}
	if i < len(s) {
		return Spec{}, &parseError{fn: "ParseSpec", in: s, msg: want, at: s[i:]}
	}
	return sp, nil
}

// specNumber parses the decimal number of s starting at i, naming it what
// in errors; it returns the value and the index after the digits.
func specNumber(s string, i int, what string) (uint32, int, error) {
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	if j == i {
		e := &parseError{fn: "ParseSpec", in: s, msg: "missing " + what + " after " + strconv.Quote(s[i-1:i]), at: s[i:]}
		return 0, 0, e
	}
	v, msg := parseDecimal(s[i:j])
	if msg != "" {
		return 0, 0, &parseError{fn: "ParseSpec", in: s, msg: what + " " + s[i:j] + " " + msg + " (0-65535)", at: s[i:]}
	}
	return v, j, nil
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// MustParseSpec is like [ParseSpec] but panics on error. It is meant for
// tests and constants.
func MustParseSpec(s string) Spec {
	sp, err := ParseSpec(s)
	if err != nil {
		panic(err)
	}
	return sp
}

// IsValid reports whether s is a valid Spec (see [Spec]).
func (s Spec) IsValid() bool {
	return (s.Node.Type == Hub || s.Node.Type == Bot) && s.Net.IsFleetClass() && (s.HasFleet || s.Fleet == 0)
}

// IsCloudHub reports whether s names the CloudHub on the CloudHub VPN, which
// String spells "ch".
func (s Spec) IsCloudHub() bool { return s.Node == CloudHub() && s.Net == CloudHubVPN }

// WithFleet returns s with fleet f.
func (s Spec) WithFleet(f Fleet) Spec {
	s.Fleet, s.HasFleet = f, true
	return s
}

// String returns the canonical spelling of s, such as "b5sf4" or "chf15", or
// "invalid Spec" if s is not valid.
func (s Spec) String() string {
	if !s.IsValid() {
		return "invalid Spec"
	}
	return string(s.AppendTo(make([]byte, 0, 16)))
}

// AppendTo appends the canonical spelling of s (nothing if s is invalid) to b.
func (s Spec) AppendTo(b []byte) []byte {
	if !s.IsValid() {
		return b
	}
	if s.IsCloudHub() {
		b = append(b, 'c', 'h')
	} else {
		c := byte('b')
		if s.Node.Type == Hub {
			c = 'h'
		}
		b = strconv.AppendUint(append(b, c), uint64(s.Node.ID), 10)
		if l := specNetLetters[s.Net]; l != 0 {
			b = append(b, l)
		}
	}
	if s.HasFleet {
		b = strconv.AppendUint(append(b, 'f'), uint64(s.Fleet), 10)
	}
	return b
}

// MarshalText implements [encoding.TextMarshaler]: the zero Spec marshals
// as empty text, a valid one as its String.
func (s Spec) MarshalText() ([]byte, error) {
	if s == (Spec{}) {
		return []byte{}, nil
	}
	if !s.IsValid() {
		return nil, errors.New("addressing: cannot marshal invalid Spec")
	}
	return s.AppendTo(nil), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]; empty text gives the
// zero Spec.
func (s *Spec) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*s = Spec{}
		return nil
	}
	v, err := ParseSpec(string(text))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// IPv6 returns the IPv6 address s names (see [NodeIPv6]). s must name its
// fleet.
func (s Spec) IPv6() (netip.Addr, error) {
	if err := s.check(); err != nil {
		return netip.Addr{}, err
	}
	return NodeIPv6(s.Net, s.Fleet, s.Node)
}

// IPv4 returns the IPv4 address s names (see [NodeIPv4]); only WLAN and
// Fleet VPN specs of fleets 0-250, hubs 0-30 and bots 0-150 have one. s must
// name its fleet.
func (s Spec) IPv4() (netip.Addr, error) {
	if err := s.check(); err != nil {
		return netip.Addr{}, err
	}
	return NodeIPv4(s.Net, s.Fleet, s.Node)
}

// Addr returns the address the jaia-ip tool prints for s by default: IPv4
// for WLAN and Fleet VPN specs of fleets 0-250 (an error for hubs above 30
// and bots above 150), IPv6 otherwise (see [PrefersIPv4]).
func (s Spec) Addr() (netip.Addr, error) {
	if PrefersIPv4(s.Net, s.Fleet) {
		return s.IPv4()
	}
	return s.IPv6()
}

func (s Spec) check() error {
	if !s.IsValid() {
		return planErr("invalid Spec")
	}
	if !s.HasFleet {
		return planErr("spec ", s.String(), " names no fleet (add f<fleet>)")
	}
	return nil
}
