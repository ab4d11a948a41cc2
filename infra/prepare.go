package infra

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/netip"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/jaiarobotics/jaia-cloud/addressing"
	"github.com/jaiarobotics/jaia-cloud/servers"
	"github.com/jaiarobotics/jaia-cloud/stackconfig"
	"github.com/jaiarobotics/jaia-cloud/userdata"
	"github.com/jaiarobotics/jaia-cloud/versions"
)

// Desired is the validated, fully computed desired state of a stack: the
// configuration, every machine's rendered user data and every address the
// plan fixes. Building it touches no cloud and registers no resource, so an
// error here leaves no partial infrastructure.
type Desired struct {
	Config   *stackconfig.Config
	Versions map[string]string
	Servers  []DesiredServer
	Fleets   []DesiredFleet
}

// DesiredServer is one specialty server ready to declare.
type DesiredServer struct {
	Spec     stackconfig.Server
	UserData *userdata.Document
	// AMIParameter is the public SSM parameter of Canonical's Ubuntu image
	// when the stack pins no AMI.
	AMIParameter string
	Ingress      []ingressSource
	// Slots are the blue/green instances, sorted by name (nil: one instance).
	Slots []DesiredSlot
}

// DesiredSlot is one blue/green instance of a server.
type DesiredSlot struct {
	Spec stackconfig.Slot
	// Live holds the Elastic IP and the fixed IPv6 address.
	Live     bool
	UserData *userdata.Document
	// AMIParameter is set when the slot pins no AMI (its own Ubuntu release).
	AMIParameter string
	// IPv6 is the address of the slot's interface: the server's fixed
	// address when live, else the slot's temporary one (TempIPv6); empty
	// when the server has no fixed IPv6 address.
	IPv6 string
}

// TempIPv6 is the temporary IPv6 address of a server's non-live slot: in the
// fixed address's /64, its interface identifier a hash of server and slot,
// so it is stable across runs and distinct per slot.
func TempIPv6(fixed, server, slot string) string {
	a, err := netip.ParseAddr(fixed)
	if err != nil || !a.Is6() {
		return ""
	}
	b := a.As16()
	h := sha256.Sum256([]byte("jaia-cloud/temp-ipv6/" + server + "/" + slot))
	copy(b[8:], h[:8])
	return netip.AddrFrom16(b).String()
}

// loadVersionsFile reads a versions file by path.
func loadVersionsFile(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return userdata.ParseVersions(path, f)
}

// DesiredFleet is one fleet ready to declare.
type DesiredFleet struct {
	Spec              stackconfig.Fleet
	RepositoryVersion string
	UserData          *userdata.Document // the CloudHub's
	CloudHubIPv4      netip.Addr
	CloudHubIngress   []ingressSource
	CloudHubSubnet    netip.Prefix // IPv4
	VFWLANSubnet      netip.Prefix // IPv4
	VFVPNServer       netip.Addr   // the CloudHub on the VirtualFleet VPN
	VFVPNNet          netip.Prefix
	CloudHubVPNServer netip.Addr // the CloudHub on the CloudHub VPN
	CloudHubVPNNet    netip.Prefix
	Nodes             []DesiredNode
	Hosts             []addressing.HostsEntry
}

// DesiredNode is one VirtualFleet node.
type DesiredNode struct {
	Name     string // hub1, bot3
	Node     addressing.Node
	IPv4     netip.Addr
	UserData *userdata.Document
}

// LoadVersions reads the versions file a configuration names, or the
// shipped default.
func LoadVersions(cfg *stackconfig.Config) (map[string]string, error) {
	if cfg.VersionsFile == "" {
		return userdata.ParseVersions(versions.FileName, bytes.NewReader(versions.Default))
	}
	f, err := os.Open(cfg.VersionsFile)
	if err != nil {
		return nil, fmt.Errorf("%s:%s: %w", stackconfig.Namespace, stackconfig.KeyVersionsFile, err)
	}
	defer f.Close()
	return userdata.ParseVersions(cfg.VersionsFile, f)
}

// Prepare computes the desired state of a validated configuration and
// reports every problem at once.
func Prepare(cfg *stackconfig.Config, vers map[string]string) (*Desired, error) {
	d := &Desired{Config: cfg, Versions: vers}
	var errs []error
	ubuntu := vers["jaia_version_ubuntu"]
	if ubuntu == "" {
		errs = append(errs, fmt.Errorf("versions file: jaia_version_ubuntu is not set (the Ubuntu release of the servers' AMI)"))
	}
	keysJSON, _ := json.Marshal(cfg.SSHAuthorizedKeys)
	if cfg.SSHAuthorizedKeys == nil {
		keysJSON = []byte("[]")
	}
	fleetIDs := cfg.FleetIDs()
	fleetWords := make([]string, len(fleetIDs))
	routes := make([]servers.FleetRoute, len(fleetIDs))
	for i, id := range fleetIDs {
		fleetWords[i] = strconv.Itoa(id)
		addr, err := addressing.NodeIPv6(addressing.CloudHubVPN, addressing.Fleet(id), addressing.CloudHub())
		if err != nil {
			errs = append(errs, err)
		}
		routes[i] = servers.FleetRoute{ID: uint16(id), Upstream: addr}
	}
	known := map[string]bool{}
	for _, t := range servers.Types() {
		known[t] = true
	}

	for _, s := range cfg.Servers {
		k := stackconfig.Namespace + ":" + stackconfig.KeyServers + "." + s.Name
		if !known[s.Type] || s.Type == servers.CloudHubType || s.Type == servers.VirtualFleetType {
			errs = append(errs, fmt.Errorf("%s.type: %q has no templates (allowed: %s)", k, s.Type, strings.Join(specialtyTypes(), ", ")))
			continue
		}
		mkVars := func(vers map[string]string, repo string) map[string]string {
			vars := map[string]string{}
			for kk, v := range vers {
				vars[kk] = v
			}
			for kk, v := range s.TemplateVars {
				vars[kk] = v
			}
			for kk, v := range map[string]string{
				"SERVER_NAME":              s.Name,
				"SERVER_TYPE":              s.Type,
				"HOSTNAME":                 s.Hostname,
				"DNS_NAME":                 s.DNSName,
				"REGION":                   s.Region,
				"ARCH":                     s.Arch,
				"REPO":                     repo,
				"SSH_AUTHORIZED_KEYS_JSON": string(keysJSON),
				"FLEET_IDS":                strings.Join(fleetWords, " "),
				"PRIOR_SERVER_HOST":        s.PriorServerHost,
			} {
				vars[kk] = v
			}
			return vars
		}
		vars := mkVars(vers, s.Repo)
		if s.Type == "cloud" {
			caddy, err := servers.CaddyFleetRoutes(s.DNSName, routes)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", k, err))
				continue
			}
			vars["CADDY_FLEET_ROUTES"] = caddy
		}
		used, err := servers.RequiredVars(s.Type)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", k, err))
			continue
		}
		for _, name := range slices.Sorted(maps.Keys(s.TemplateVars)) {
			if !slices.Contains(used, name) {
				errs = append(errs, fmt.Errorf("%s.templateVars.%s: not used by the %s templates (they use: %s)", k, name, s.Type, strings.Join(templateOnly(used, vers), ", ")))
			}
		}
		doc, err := render(s.Name, s.Type, vars)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", k, err))
			continue
		}
		ds := DesiredServer{Spec: s, UserData: doc}
		if s.AMI == "" {
			ds.AMIParameter = UbuntuAMIParameter(ubuntu, s.Arch)
		}
		ds.Ingress = serverIngress(cfg, s)
		for _, sl := range s.SlotList() {
			kk := k + ".slots." + sl.Name
			svers := vers
			if sl.VersionsFile != "" {
				var err error
				if svers, err = loadVersionsFile(sl.VersionsFile); err != nil {
					errs = append(errs, fmt.Errorf("%s.versionsFile: %w", kk, err))
					continue
				}
			}
			sv := mkVars(svers, sl.Repo)
			if c, ok := vars["CADDY_FLEET_ROUTES"]; ok {
				sv["CADDY_FLEET_ROUTES"] = c
			}
			sdoc, err := render(s.Name, s.Type, sv)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", kk, err))
				continue
			}
			dsl := DesiredSlot{Spec: sl, Live: sl.Name == s.Live, UserData: sdoc}
			if sl.AMI == "" {
				rel := svers["jaia_version_ubuntu"]
				if rel == "" {
					errs = append(errs, fmt.Errorf("%s.versionsFile: jaia_version_ubuntu is not set", kk))
				}
				dsl.AMIParameter = UbuntuAMIParameter(rel, s.Arch)
			}
			if s.IPv6Address != "" {
				dsl.IPv6 = s.IPv6Address
				if !dsl.Live {
					dsl.IPv6 = TempIPv6(s.IPv6Address, s.Name, sl.Name)
				}
			}
			ds.Slots = append(ds.Slots, dsl)
		}
		d.Servers = append(d.Servers, ds)
	}

	for _, f := range cfg.Fleets {
		df, fe := prepareFleet(cfg, f, vers, string(keysJSON))
		errs = append(errs, fe...)
		if df != nil {
			d.Fleets = append(d.Fleets, *df)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return d, nil
}

// UbuntuAMIParameter is the public SSM parameter holding Canonical's current
// Ubuntu server image for a release and architecture.
func UbuntuAMIParameter(release, arch string) string {
	return fmt.Sprintf("/aws/service/canonical/ubuntu/server/%s/stable/current/%s/hvm/ebs-gp3/ami-id", release, arch)
}

func specialtyTypes() []string {
	var out []string
	for _, t := range servers.Types() {
		if t != servers.CloudHubType && t != servers.VirtualFleetType {
			out = append(out, t)
		}
	}
	return out
}

// templateOnly drops the versions-file keys from a variable list, leaving
// what a stack can set.
func templateOnly(used []string, vers map[string]string) []string {
	var out []string
	for _, u := range used {
		if _, ok := vers[u]; !ok {
			out = append(out, u)
		}
	}
	return out
}

func render(name, typ string, vars map[string]string) (*userdata.Document, error) {
	shell, cloudConfig, err := servers.Load(typ)
	if err != nil {
		return nil, err
	}
	return userdata.Render(userdata.Input{Server: name, Shell: shell, CloudConfig: cloudConfig, Vars: vars})
}

func serverIngress(cfg *stackconfig.Config, s stackconfig.Server) []ingressSource {
	var out []ingressSource
	for _, r := range s.Ingress {
		for _, c := range r.IPv4 {
			out = append(out, ingressSource{key: r.Name + "-" + sanitize(c), protocol: protocolOf(r.Protocol), from: r.FromPort, to: r.ToPort, cidr: c, description: r.Description})
		}
		for _, c := range r.IPv6 {
			out = append(out, ingressSource{key: r.Name + "-" + sanitize(c), protocol: protocolOf(r.Protocol), from: r.FromPort, to: r.ToPort, cidr: c, ipv6: true, description: r.Description})
		}
	}
	return append(out, sshSources(admins(cfg, s.SSHFrom), s.AllowWorldSSH)...)
}

func admins(cfg *stackconfig.Config, names []string) []adminSource {
	var out []adminSource
	for _, n := range names {
		a, _ := cfg.AdminSource(n)
		out = append(out, adminSource{name: a.Name, ipv4: a.IPv4, ipv6: a.IPv6})
	}
	return out
}

func prepareFleet(cfg *stackconfig.Config, f stackconfig.Fleet, vers map[string]string, keysJSON string) (*DesiredFleet, []error) {
	k := fmt.Sprintf("%s:%s[id=%d]", stackconfig.Namespace, stackconfig.KeyFleets, f.ID)
	var errs []error
	fl := addressing.Fleet(f.ID)
	df := &DesiredFleet{Spec: f, CloudHubIPv4: addressing.CloudHubPrivateIPv4()}
	df.RepositoryVersion = f.RepositoryVersion
	if df.RepositoryVersion == "" {
		df.RepositoryVersion = vers["jaia_version_release_branch"]
		if df.RepositoryVersion == "" {
			errs = append(errs, fmt.Errorf("%s.repositoryVersion: not set and the versions file has no jaia_version_release_branch", k))
		}
	}
	var err error
	must := func(e error) {
		if e != nil {
			errs = append(errs, fmt.Errorf("%s: %w", k, e))
		}
	}
	df.CloudHubSubnet, err = addressing.NetIPv4(addressing.CloudHubEth, fl)
	must(err)
	df.VFWLANSubnet, err = addressing.NetIPv4(addressing.VirtualFleetWLAN, fl)
	must(err)
	df.VFVPNServer, err = addressing.NodeIPv6(addressing.VirtualFleetVPN, fl, addressing.CloudHub())
	must(err)
	df.VFVPNNet, err = addressing.FleetPrefix64(addressing.VirtualFleetVPN, fl)
	must(err)
	df.CloudHubVPNServer, err = addressing.NodeIPv6(addressing.CloudHubVPN, fl, addressing.CloudHub())
	must(err)
	df.CloudHubVPNNet, err = addressing.FleetPrefix64(addressing.CloudHubVPN, fl)
	must(err)
	bots := 0
	if f.VirtualFleet != nil {
		bots = f.VirtualFleet.Bots
	}
	df.Hosts, err = addressing.HostsEntries(fl, bots)
	must(err)
	if len(errs) > 0 {
		return nil, errs
	}

	vars := map[string]string{}
	for kk, v := range vers {
		vars[kk] = v
	}
	for kk, v := range map[string]string{
		"FLEET_ID":                   strconv.Itoa(f.ID),
		"CUSTOMER":                   f.Customer,
		"REGION":                     f.Region,
		"REPO":                       f.Repository,
		"REPO_VERSION":               df.RepositoryVersion,
		"CLOUDHUB_DATA_BUCKET":       f.DataBucket,
		"VFLEET_VPN_SERVER_IPV6":     df.VFVPNServer.String(),
		"VFLEET_VPN_NET":             df.VFVPNNet.String(),
		"CLOUDHUB_VPN_SERVER_IPV6":   df.CloudHubVPNServer.String(),
		"CLOUDHUB_VPN_NET":           df.CloudHubVPNNet.String(),
		"AUTH_BASE_URI":              f.Auth.BaseURI,
		"AUTH_ADMIN_EMAIL":           f.Auth.AdminEmail,
		"AUTH_SMTP_ADDRESS":          f.Auth.SMTPAddress,
		"SMTP_CREDENTIALS_PARAMETER": f.Auth.SMTPCredentialsParameter,
		"SSH_AUTHORIZED_KEYS_JSON":   keysJSON,
	} {
		vars[kk] = v
	}
	df.UserData, err = render(fmt.Sprintf("cloudhub-fleet%d", f.ID), servers.CloudHubType, vars)
	if err != nil {
		return nil, []error{fmt.Errorf("%s: %w", k, err)}
	}

	df.CloudHubIngress = []ingressSource{
		{key: "vfleet-vpn-v4", protocol: "udp", from: 51820, to: 51820, cidr: "0.0.0.0/0", description: "VirtualFleet VPN (WireGuard)"},
		{key: "vfleet-vpn-v6", protocol: "udp", from: 51820, to: 51820, cidr: "::/0", ipv6: true, description: "VirtualFleet VPN (WireGuard)"},
		{key: "cloudhub-vpn-v4", protocol: "udp", from: 51821, to: 51821, cidr: "0.0.0.0/0", description: "CloudHub VPN (WireGuard)"},
		{key: "cloudhub-vpn-v6", protocol: "udp", from: 51821, to: 51821, cidr: "::/0", ipv6: true, description: "CloudHub VPN (WireGuard)"},
	}
	if f.CloudHub.OpenWeb {
		for _, p := range []int{80, 443} {
			df.CloudHubIngress = append(df.CloudHubIngress,
				ingressSource{key: fmt.Sprintf("web-%d-v4", p), protocol: "tcp", from: p, to: p, cidr: "0.0.0.0/0", description: "web (openWeb)"},
				ingressSource{key: fmt.Sprintf("web-%d-v6", p), protocol: "tcp", from: p, to: p, cidr: "::/0", ipv6: true, description: "web (openWeb)"})
		}
	}
	df.CloudHubIngress = append(df.CloudHubIngress, sshSources(admins(cfg, f.CloudHub.SSHFrom), f.CloudHub.AllowWorldSSH)...)

	if vf := f.VirtualFleet; vf != nil {
		nodes := []addressing.Node{{Type: addressing.Hub, ID: addressing.VirtualFleetHubID}}
		for b := 1; b <= vf.Bots; b++ {
			nodes = append(nodes, addressing.Node{Type: addressing.Bot, ID: uint16(b)})
		}
		for _, n := range nodes {
			name := fmt.Sprintf("%s%d", n.Type, n.ID)
			ip4, err := addressing.NodeIPv4(addressing.VirtualFleetWLAN, fl, n)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s.virtualFleet: %w", k, err))
				continue
			}
			vpn6, err := addressing.NodeIPv6(addressing.VirtualFleetVPN, fl, n)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s.virtualFleet: %w", k, err))
				continue
			}
			nv := map[string]string{
				"FLEET_ID":                 strconv.Itoa(f.ID),
				"CUSTOMER":                 f.Customer,
				"NODE_TYPE":                n.Type.String(),
				"NODE_ID":                  strconv.Itoa(int(n.ID)),
				"CLOUDHUB_ENDPOINT":        df.CloudHubIPv4.String() + ":51820",
				"CLOUDHUB_WG_PUBLIC_KEY":   vf.CloudHubPublicKey,
				"VFLEET_VPN_NET":           df.VFVPNNet.String(),
				"NODE_VFLEET_VPN_IPV6":     vpn6.String(),
				"SSH_AUTHORIZED_KEYS_JSON": keysJSON,
			}
			doc, err := render(fmt.Sprintf("virtualfleet%d-%s", f.ID, name), servers.VirtualFleetType, nv)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s.virtualFleet: %w", k, err))
				continue
			}
			df.Nodes = append(df.Nodes, DesiredNode{Name: name, Node: n, IPv4: ip4, UserData: doc})
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return df, nil
}
