package servers

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"
)

// FleetRoute is one fleet's web entry on the login (cloud) server.
type FleetRoute struct {
	// ID is the fleet id.
	ID uint16
	// Upstream is the fleet CloudHub's address on the CloudHub VPN, which
	// the login server reaches over WireGuard.
	Upstream netip.Addr
}

// CaddyFleetRoutes returns the Caddyfile site blocks that publish each fleet
// behind Authelia, as the cloud template's CADDY_FLEET_ROUTES variable: for
// each route, sorted by id, a block
//
//	f<ID>.<domain> {
//		import authelia_forward_auth
//		reverse_proxy [<Upstream>]:80
//	}
//
// separated by blank lines, without a final newline; no routes give "". The
// text is multi-line, so the template places it inside a shell here-document
// with a quoted delimiter, where it is copied verbatim. domain is the login
// server's DNS_NAME (e.g. cloud.jaia.tech). Duplicate ids, an invalid or zoned
// address, or a domain that is not a plain DNS name are errors.
func CaddyFleetRoutes(domain string, routes []FleetRoute) (string, error) {
	if !plainDNSName(domain) {
		return "", fmt.Errorf("servers: CaddyFleetRoutes: %q is not a DNS name", domain)
	}
	sorted := slices.Clone(routes)
	slices.SortFunc(sorted, func(a, b FleetRoute) int { return cmp.Compare(a.ID, b.ID) })
	blocks := make([]string, 0, len(sorted))
	for i, r := range sorted {
		if i > 0 && sorted[i-1].ID == r.ID {
			return "", fmt.Errorf("servers: CaddyFleetRoutes: fleet %d listed twice", r.ID)
		}
		if !r.Upstream.IsValid() || r.Upstream.Zone() != "" || r.Upstream.IsUnspecified() {
			return "", fmt.Errorf("servers: CaddyFleetRoutes: fleet %d: invalid upstream %q", r.ID, r.Upstream)
		}
		blocks = append(blocks, fmt.Sprintf("f%d.%s {\n\timport authelia_forward_auth\n\treverse_proxy %s\n}",
			r.ID, domain, netip.AddrPortFrom(r.Upstream.Unmap(), 80)))
	}
	return strings.Join(blocks, "\n\n"), nil
}

// plainDNSName accepts lower-case letters, digits, hyphens and dots, with
// non-empty labels.
func plainDNSName(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, c := range label {
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}
