package addressing

import (
	"strings"
	"testing"
)

func hostsLines(t *testing.T, f Fleet, bots int) string {
	t.Helper()
	entries, err := HostsEntries(f, bots)
	if err != nil {
		t.Fatalf("HostsEntries(%v, %d): %v", f, bots, err)
	}
	var b strings.Builder
	for _, e := range entries {
		b.WriteString(e.String())
		b.WriteByte('\n')
	}
	return b.String()
}

func TestHostsEntries(t *testing.T) {
	for _, tt := range []struct {
		fleet Fleet
		bots  int
		want  string
	}{
		{1, 2, `fd0f:77ac:4fdf:1::1e cloudhub-fleet1
fd6e:cf0d:aefa:1::1 hub1-virtualfleet1
fd6e:cf0d:aefa:1::1:1 bot1-virtualfleet1
fd6e:cf0d:aefa:1::1:2 bot2-virtualfleet1
172.23.1.11 hub1-fleet1
172.23.1.101 bot1-fleet1
172.23.1.102 bot2-fleet1
`},
		{300, 1, `fd0f:77ac:4fdf:12c::1e cloudhub-fleet300
fd6e:cf0d:aefa:12c::1 hub1-virtualfleet300
fd6e:cf0d:aefa:12c::1:1 bot1-virtualfleet300
fd91:5457:1e5c:12c::1 hub1-fleet300
fd91:5457:1e5c:12c::1:1 bot1-fleet300
`},
		{0, 0, `fd0f:77ac:4fdf::1e cloudhub-fleet0
fd6e:cf0d:aefa::1 hub1-virtualfleet0
172.23.0.11 hub1-fleet0
`},
	} {
		if got := hostsLines(t, tt.fleet, tt.bots); got != tt.want {
			t.Errorf("HostsEntries(%v, %d):\n%s\nwant:\n%s", tt.fleet, tt.bots, got, tt.want)
		}
	}
	entries, err := HostsEntries(250, MaxHostsBots)
	if err != nil || len(entries) != 3+2*MaxHostsBots {
		t.Fatalf("HostsEntries(250, %d) = %d entries, %v", MaxHostsBots, len(entries), err)
	}
	last := entries[len(entries)-1]
	if last.String() != "172.23.250.250 bot150-fleet250" || last.Net != FleetVPN || last.Node != BotNode(150) {
		t.Errorf("last entry = %#v", last)
	}
	for _, e := range entries {
		id, err := Lookup(e.Addr)
		if err != nil || id.Node != e.Node || id.Net != e.Net || id.Fleet != 250 {
			t.Errorf("Lookup(%v) = %v, %v; entry %#v", e.Addr, id, err, e)
		}
	}
	for _, bad := range []int{-1, MaxHostsBots + 1} {
		if _, err := HostsEntries(1, bad); err == nil || !strings.Contains(err.Error(), "out of range (0-150)") {
			t.Errorf("HostsEntries(1, %d) error = %v", bad, err)
		}
	}
}
