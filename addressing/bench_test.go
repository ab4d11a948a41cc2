package addressing

import (
	"net/netip"
	"testing"
)

var (
	sinkAddr   netip.Addr
	sinkPrefix netip.Prefix
	sinkSpec   Spec
	sinkID     Identity
	sinkBytes  []byte
	sinkString string
	sinkErr    error
)

func BenchmarkNodeIPv6(b *testing.B) {
	for b.Loop() {
		sinkAddr, sinkErr = NodeIPv6(VirtualFleetVPN, 15, BotNode(5))
	}
}

func BenchmarkNodeIPv4(b *testing.B) {
	for b.Loop() {
		sinkAddr, sinkErr = NodeIPv4(FleetVPN, 250, BotNode(150))
	}
}

func BenchmarkFleetPrefix64(b *testing.B) {
	for b.Loop() {
		sinkPrefix, sinkErr = FleetPrefix64(CloudHubVPN, 4000)
	}
}

func BenchmarkVPCNodeIPv6(b *testing.B) {
	vpc := netip.MustParsePrefix(testVPC56)
	for b.Loop() {
		sinkAddr, sinkErr = VPCNodeIPv6(VirtualFleetWLAN, vpc, BotNode(5))
	}
}

func BenchmarkParseSpec(b *testing.B) {
	for _, s := range []string{"b5sf4", "chf15", "h20vf10", "b150sf65535"} {
		b.Run(s, func(b *testing.B) {
			for b.Loop() {
				sinkSpec, sinkErr = ParseSpec(s)
			}
		})
	}
}

func BenchmarkSpecString(b *testing.B) {
	sp := MustParseSpec("b150sf65535")
	b.Run("String", func(b *testing.B) {
		for b.Loop() {
			sinkString = sp.String()
		}
	})
	b.Run("AppendTo", func(b *testing.B) {
		buf := make([]byte, 0, 32)
		for b.Loop() {
			sinkBytes = sp.AppendTo(buf[:0])
		}
	})
}

func BenchmarkSpecAddr(b *testing.B) {
	for b.Loop() {
		sp, _ := ParseSpec("b5sf4")
		sinkAddr, sinkErr = sp.Addr()
	}
}

func BenchmarkLookup(b *testing.B) {
	for _, s := range []string{"fd0f:77ac:4fdf:f::1e", "172.23.4.105", "10.23.253.11", "8.8.8.8"} {
		a := netip.MustParseAddr(s)
		b.Run(s, func(b *testing.B) {
			for b.Loop() {
				sinkID, sinkErr = Lookup(a)
			}
		})
	}
}

func BenchmarkHostsEntries(b *testing.B) {
	for b.Loop() {
		_, sinkErr = HostsEntries(4, 10)
	}
}
