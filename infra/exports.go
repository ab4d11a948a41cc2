package infra

import (
	"fmt"
	"sort"
	"strings"

	"github.com/jaiarobotics/jaia-cloud/addressing"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Export names: the stack's public interface, documented in README.md.
const (
	ExportServers    = "servers"
	ExportFleets     = "fleets"
	ExportHosts      = "hosts"
	ExportDNSRecords = "dnsRecords"
	ExportInventory  = "inventory"
)

// exports collects what the stack exports while resources are declared.
type exports struct {
	d       *Desired
	servers pulumi.Map
	fleets  pulumi.Map
	// late-bound values, resolved together for the text exports
	serverIPs  []serverAddrs
	cloudHubIP map[int]pulumi.StringOutput
	cloudHub6  map[int]pulumi.StringOutput
}

type serverAddrs struct {
	spec DesiredServer
	ipv4 pulumi.StringOutput
	ipv6 pulumi.StringOutput
}

func newExports(d *Desired) *exports {
	return &exports{d: d, servers: pulumi.Map{}, fleets: pulumi.Map{}, cloudHubIP: map[int]pulumi.StringOutput{}, cloudHub6: map[int]pulumi.StringOutput{}}
}

func (e *exports) addServer(s DesiredServer, srv *SpecialtyServer) {
	e.servers[s.Spec.Name] = pulumi.Map{
		"type":       pulumi.String(s.Spec.Type),
		"region":     pulumi.String(s.Spec.Region),
		"instanceId": srv.InstanceID,
		"publicIpv4": srv.PublicIPv4,
		"ipv6":       srv.IPv6,
		"dnsName":    srv.DNSName,
		"sshCommand": srv.SSHCommand,
	}
	if srv.Slots != nil {
		e.servers[s.Spec.Name].(pulumi.Map)["slots"] = srv.Slots
	}
	e.serverIPs = append(e.serverIPs, serverAddrs{spec: s, ipv4: srv.PublicIPv4, ipv6: srv.IPv6})
}

func (e *exports) addFleet(f DesiredFleet, fl *Fleet) {
	hosts := pulumi.StringArray{}
	for _, h := range f.Hosts {
		hosts = append(hosts, pulumi.String(h.String()))
	}
	e.fleets[fmt.Sprint(f.Spec.ID)] = pulumi.Map{
		"id":          pulumi.Int(f.Spec.ID),
		"customer":    pulumi.String(f.Spec.Customer),
		"region":      pulumi.String(f.Spec.Region),
		"vpcId":       fl.VpcID,
		"vpcIpv6Cidr": fl.VpcIPv6CIDR,
		"subnets": pulumi.Map{
			"cloudHub":         pulumi.Map{"ipv4": pulumi.String(f.CloudHubSubnet.String()), "ipv6": fl.CloudHubSubnetIPv6},
			"virtualFleetWlan": pulumi.Map{"ipv4": pulumi.String(f.VFWLANSubnet.String()), "ipv6": fl.VFWLANSubnetIPv6},
		},
		"cloudHub": pulumi.Map{
			"instanceId":  fl.CloudHubInstanceID,
			"publicIpv4":  fl.CloudHubPublicIPv4,
			"ipv6":        fl.CloudHubIPv6,
			"privateIpv4": pulumi.String(f.CloudHubIPv4.String()),
		},
		"vpn": pulumi.Map{
			"virtualFleetServer": pulumi.String(f.VFVPNServer.String()),
			"virtualFleetNet":    pulumi.String(f.VFVPNNet.String()),
			"cloudHubServer":     pulumi.String(f.CloudHubVPNServer.String()),
			"cloudHubNet":        pulumi.String(f.CloudHubVPNNet.String()),
		},
		"bucket": fl.BucketName,
		"hosts":  hosts,
	}
	e.cloudHubIP[f.Spec.ID] = fl.CloudHubPublicIPv4
	e.cloudHub6[f.Spec.ID] = fl.CloudHubIPv6
}

// DNSRecord is one record the operator sets at the registrar (not AWS).
type DNSRecord struct {
	Name  string `json:"name"`
	Type  string `json:"type"`
	Value string `json:"value"`
}

func (e *exports) export(ctx *pulumi.Context) {
	ctx.Export(ExportServers, e.servers)
	ctx.Export(ExportFleets, e.fleets)

	// Resolve every late-bound address at once, in a fixed order.
	var all []any
	for _, s := range e.serverIPs {
		all = append(all, s.ipv4, s.ipv6)
	}
	var fleetIDs []int
	for id := range e.cloudHubIP {
		fleetIDs = append(fleetIDs, id)
	}
	sort.Ints(fleetIDs)
	for _, id := range fleetIDs {
		all = append(all, e.cloudHubIP[id], e.cloudHub6[id])
	}
	resolved := pulumi.All(all...)
	d := e.d
	serverIPs := e.serverIPs
	ctx.Export(ExportHosts, resolved.ApplyT(func(v []any) string {
		return hostsText(d, serverIPs, fleetIDs, v)
	}).(pulumi.StringOutput))
	ctx.Export(ExportDNSRecords, resolved.ApplyT(func(v []any) []map[string]string {
		return dnsRecords(d, serverIPs, v)
	}))
	ctx.Export(ExportInventory, resolved.ApplyT(func(v []any) map[string]any {
		return inventory(d, serverIPs, fleetIDs, v)
	}))
}

func str(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case *string:
		if x != nil {
			return *x
		}
	}
	return ""
}

// hostsText renders /etc/hosts lines: servers by name, then per fleet (the
// stack's and the external ones) the plan's VPN names and the CloudHub's
// public addresses.
func hostsText(d *Desired, servers []serverAddrs, fleetIDs []int, v []any) string {
	var b strings.Builder
	b.WriteString("# Jaia Cloud hosts (stack " + d.Config.Stack + ")\n")
	for i, s := range servers {
		if ip := str(v[2*i]); ip != "" {
			fmt.Fprintf(&b, "%s %s\n", ip, s.spec.Spec.DNSName)
		}
		if ip := str(v[2*i+1]); ip != "" {
			fmt.Fprintf(&b, "%s %s\n", ip, s.spec.Spec.DNSName)
		}
	}
	off := 2 * len(servers)
	pub := map[int][2]string{}
	for j, id := range fleetIDs {
		pub[id] = [2]string{str(v[off+2*j]), str(v[off+2*j+1])}
	}
	for _, id := range d.Config.FleetIDs() {
		fmt.Fprintf(&b, "# fleet %d\n", id)
		bots := 0
		for _, f := range d.Fleets {
			if f.Spec.ID == id && f.Spec.VirtualFleet != nil {
				bots = f.Spec.VirtualFleet.Bots
			}
		}
		entries, err := addressing.HostsEntries(addressing.Fleet(id), bots)
		if err == nil {
			for _, h := range entries {
				b.WriteString(h.String() + "\n")
			}
		}
		if p, ok := pub[id]; ok {
			if p[0] != "" {
				fmt.Fprintf(&b, "%s cloudhub-public-fleet%d\n", p[0], id)
			}
			if p[1] != "" {
				fmt.Fprintf(&b, "%s cloudhub-public-fleet%d\n", p[1], id)
			}
		}
	}
	return b.String()
}

// dnsRecords lists the A/AAAA records of every server and the CNAMEs the
// cloud login server and docs need.
func dnsRecords(d *Desired, servers []serverAddrs, v []any) []map[string]string {
	var out []DNSRecord
	for i, s := range servers {
		name := s.spec.Spec.DNSName
		if ip := str(v[2*i]); ip != "" {
			out = append(out, DNSRecord{name, "A", ip})
		}
		if ip := str(v[2*i+1]); ip != "" {
			out = append(out, DNSRecord{name, "AAAA", ip})
		}
		switch s.spec.Spec.Type {
		case "cloud":
			out = append(out, DNSRecord{"auth." + name, "CNAME", name}, DNSRecord{"lldap." + name, "CNAME", name})
			for _, id := range d.Config.FleetIDs() {
				out = append(out, DNSRecord{fmt.Sprintf("f%d.%s", id, name), "CNAME", name})
			}
		case "docs":
			out = append(out, DNSRecord{"whatsupdoc.jaia.tech", "CNAME", name})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].Type < out[j].Type
	})
	res := make([]map[string]string, len(out))
	for i, r := range out {
		res[i] = map[string]string{"name": r.Name, "type": r.Type, "value": r.Value}
	}
	return res
}

// inventory is an Ansible inventory (JSON form) of the servers and CloudHubs.
func inventory(d *Desired, servers []serverAddrs, fleetIDs []int, v []any) map[string]any {
	srv := map[string]any{}
	for i, s := range servers {
		srv[s.spec.Spec.Name] = map[string]any{
			"ansible_host":     s.spec.Spec.DNSName,
			"ansible_user":     "jaia",
			"jaia_server_type": s.spec.Spec.Type,
			"public_ipv4":      str(v[2*i]),
			"ipv6":             str(v[2*i+1]),
		}
	}
	off := 2 * len(servers)
	hubs := map[string]any{}
	for j, id := range fleetIDs {
		var f DesiredFleet
		for _, x := range d.Fleets {
			if x.Spec.ID == id {
				f = x
			}
		}
		hubs[fmt.Sprintf("cloudhub-fleet%d", id)] = map[string]any{
			"ansible_host":       f.CloudHubVPNServer.String(),
			"ansible_user":       "jaia",
			"jaia_fleet_id":      id,
			"jaia_customer":      f.Spec.Customer,
			"aws_region":         f.Spec.Region,
			"public_ipv4":        str(v[off+2*j]),
			"ipv6":               str(v[off+2*j+1]),
			"cloudhub_vpn_ipv6":  f.CloudHubVPNServer.String(),
			"vfleet_vpn_ipv6":    f.VFVPNServer.String(),
			"private_ipv4":       f.CloudHubIPv4.String(),
			"data_bucket":        f.Spec.DataBucket,
			"repository":         f.Spec.Repository,
			"repository_version": f.RepositoryVersion,
		}
	}
	return map[string]any{
		"all": map[string]any{
			"children": map[string]any{
				"servers":   map[string]any{"hosts": srv},
				"cloudhubs": map[string]any{"hosts": hubs},
			},
		},
	}
}
