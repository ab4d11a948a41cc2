// Package servers holds the cloud-init user-data templates of every Jaia
// Cloud server type and the contract of variables each one needs.
//
// A server type is a directory here (docs, iridium, packages, vpn, cloud,
// data, cc_db, cloudhub, virtualfleet) holding user-data.yaml.in (the
// cloud-config part) and either user-data.sh.in (a shell part expanded like the
// YAML) or user-data.sh (a shell part used verbatim). The files are embedded,
// so the infrastructure program needs no checkout at run time; render them
// with package userdata.
//
// Variables come in three groups, listed by [ContractOf]: the ones the
// infrastructure code supplies for every server of a kind, the keys of the
// versions file (specialty servers only), and the type's own template
// variables, which a stack must set.
package servers

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"slices"

	"github.com/jaiarobotics/jaia-cloud/userdata"
)

//go:embed docs iridium packages vpn cloud data cc_db cloudhub virtualfleet
var files embed.FS

// Names of the two server types that are not specialty servers.
const (
	CloudHubType     = "cloudhub"
	VirtualFleetType = "virtualfleet"
)

// Kind is the family of a server type; it decides which variables the
// infrastructure code supplies.
type Kind int

const (
	// Specialty is a long-lived server on plain Ubuntu (docs, vpn, ...).
	Specialty Kind = iota
	// CloudHub is a fleet's CloudHub, on the jaiabot rootfs AMI.
	CloudHub
	// VirtualFleet is a VirtualFleet hub or bot, on the jaiabot rootfs AMI.
	VirtualFleet
)

// String returns the kind's name.
func (k Kind) String() string {
	switch k {
	case Specialty:
		return "specialty"
	case CloudHub:
		return "cloudhub"
	case VirtualFleet:
		return "virtualfleet"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// SpecialtyVars are the variables the infrastructure code supplies to every
// specialty server, besides the keys of the versions file:
//
//   - SERVER_NAME: the stack's key for the server, e.g. "docs".
//   - SERVER_TYPE: the template directory, e.g. "docs".
//   - HOSTNAME: e.g. "jaia-docs".
//   - DNS_NAME: e.g. "docs.jaia.tech".
//   - REGION: the AWS region, e.g. "us-west-2".
//   - ARCH: "arm64" or "amd64".
//   - REPO: the jaiabot apt repository: release, continuous, beta or test.
//   - SSH_AUTHORIZED_KEYS_JSON: a JSON array of OpenSSH public keys for the
//     jaia user (valid YAML as it is).
//   - FLEET_IDS: the decimal fleet ids served, sorted, space-separated,
//     possibly empty.
//   - PRIOR_SERVER_HOST: the server a sync_from_prior_* script copies from;
//     defaults to DNS_NAME.
var SpecialtyVars = []string{
	"SERVER_NAME", "SERVER_TYPE", "HOSTNAME", "DNS_NAME", "REGION", "ARCH", "REPO",
	"SSH_AUTHORIZED_KEYS_JSON", "FLEET_IDS", "PRIOR_SERVER_HOST",
}

// CloudHubVars are the variables the infrastructure code supplies to a
// CloudHub. VFLEET_VPN_NET and CLOUDHUB_VPN_NET are /64 CIDRs, the
// *_SERVER_IPV6 the CloudHub's (hub 30's) addresses in them, and
// SMTP_CREDENTIALS_PARAMETER the name of the SSM parameter holding the SMTP
// relay credentials, which the CloudHub reads at boot through its instance
// role.
var CloudHubVars = []string{
	"FLEET_ID", "CUSTOMER", "REGION", "REPO", "REPO_VERSION", "CLOUDHUB_DATA_BUCKET",
	"VFLEET_VPN_SERVER_IPV6", "VFLEET_VPN_NET", "CLOUDHUB_VPN_SERVER_IPV6", "CLOUDHUB_VPN_NET",
	"AUTH_BASE_URI", "AUTH_ADMIN_EMAIL", "AUTH_SMTP_ADDRESS", "SMTP_CREDENTIALS_PARAMETER",
	"SSH_AUTHORIZED_KEYS_JSON",
}

// VirtualFleetVars are the variables the infrastructure code supplies to a
// VirtualFleet node: NODE_TYPE is hub or bot, CLOUDHUB_ENDPOINT the
// CloudHub's VPN endpoint inside the VPC (its fixed private IPv4 and port,
// known before anything exists), CLOUDHUB_WG_PUBLIC_KEY the CloudHub's
// WireGuard public key (from the fleet's configuration), NODE_VFLEET_VPN_IPV6
// the node's address in VFLEET_VPN_NET.
var VirtualFleetVars = []string{
	"FLEET_ID", "CUSTOMER", "NODE_TYPE", "NODE_ID", "CLOUDHUB_ENDPOINT", "CLOUDHUB_WG_PUBLIC_KEY",
	"VFLEET_VPN_NET", "NODE_VFLEET_VPN_IPV6", "SSH_AUTHORIZED_KEYS_JSON",
}

// Contract lists the variables of one server type.
type Contract struct {
	// Type is the server type (template directory).
	Type string
	// Kind is the type's family.
	Kind Kind
	// Supplied are the variables the infrastructure code supplies.
	Supplied []string
	// Versions tells whether the keys of the versions file are merged in
	// (always for specialty servers; a template of another kind does not
	// reference them).
	Versions bool
	// TemplateVars are the variables the stack's per-server templateVars
	// must set.
	TemplateVars []string
}

var contracts = map[string]Contract{
	"docs":     specialty("docs", "DOCS_ALIAS", "ADMIN_EMAIL"),
	"iridium":  specialty("iridium"),
	"packages": specialty("packages", "DPUT_AUTHORIZED_KEYS_JSON", "JAIABOT_SCRIPTS_REF", "PACKAGES_RELEASE_BRANCHES"),
	"vpn":      specialty("vpn"),
	"cloud": withSupplied(specialty("cloud", "AUTHELIA_VERSION", "AUTHELIA_APT_KEY_FINGERPRINT", "LLDAP_IMAGE",
		"LDAP_BASE_DN", "AUTH_SMTP_ADDRESS", "AUTH_SMTP_SENDER", "AUTH_SMTP_IDENTIFIER"), "CADDY_FLEET_ROUTES"),
	"data":           specialty("data", "DATA_BUCKET", "DATA_BUCKET_REGION"),
	"cc_db":          specialty("cc_db", "JAIA_DATABASE_REF"),
	CloudHubType:     {Type: CloudHubType, Kind: CloudHub, Supplied: CloudHubVars},
	VirtualFleetType: {Type: VirtualFleetType, Kind: VirtualFleet, Supplied: VirtualFleetVars},
}

func specialty(t string, templateVars ...string) Contract {
	return Contract{Type: t, Kind: Specialty, Supplied: SpecialtyVars, Versions: true, TemplateVars: templateVars}
}

func withSupplied(c Contract, extra ...string) Contract {
	c.Supplied = append(slices.Clip(c.Supplied), extra...)
	return c
}

// Types returns the server types, sorted.
func Types() []string {
	t := make([]string, 0, len(contracts))
	for k := range contracts {
		t = append(t, k)
	}
	slices.Sort(t)
	return t
}

// ErrUnknownType is returned (wrapped) for a server type without templates.
var ErrUnknownType = errors.New("unknown server type")

// ContractOf returns the variable contract of a server type. The slices are
// copies.
func ContractOf(serverType string) (Contract, error) {
	c, ok := contracts[serverType]
	if !ok {
		return Contract{}, fmt.Errorf("servers: %w %q (known: %v)", ErrUnknownType, serverType, Types())
	}
	c.Supplied = slices.Clone(c.Supplied)
	c.TemplateVars = slices.Clone(c.TemplateVars)
	return c, nil
}

// Load returns the two templates of a server type, named by their path in
// this repository (e.g. "servers/docs/user-data.sh.in") for error messages.
// The shell template is Literal when the type ships user-data.sh.
func Load(serverType string) (shell, cloudConfig userdata.Template, err error) {
	if _, err := ContractOf(serverType); err != nil {
		return shell, cloudConfig, err
	}
	read := func(name string) ([]byte, bool, error) {
		b, err := files.ReadFile(serverType + "/" + name)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, false, nil
		}
		return b, err == nil, err
	}
	yml, ok, err := read("user-data.yaml.in")
	if err != nil || !ok {
		return shell, cloudConfig, fmt.Errorf("servers: %s: no user-data.yaml.in (%v)", serverType, err)
	}
	cloudConfig = userdata.Template{Name: "servers/" + serverType + "/user-data.yaml.in", Body: yml}
	lit, hasLit, err := read("user-data.sh")
	if err != nil {
		return shell, cloudConfig, fmt.Errorf("servers: %s: %w", serverType, err)
	}
	tpl, hasTpl, err := read("user-data.sh.in")
	if err != nil {
		return shell, cloudConfig, fmt.Errorf("servers: %s: %w", serverType, err)
	}
	switch {
	case hasLit && hasTpl:
		return shell, cloudConfig, fmt.Errorf("servers: %s has both user-data.sh and user-data.sh.in", serverType)
	case hasLit:
		shell = userdata.Template{Name: "servers/" + serverType + "/user-data.sh", Body: lit, Literal: true}
	case hasTpl:
		shell = userdata.Template{Name: "servers/" + serverType + "/user-data.sh.in", Body: tpl}
	default:
		return shell, cloudConfig, fmt.Errorf("servers: %s has neither user-data.sh nor user-data.sh.in", serverType)
	}
	return shell, cloudConfig, nil
}

// RequiredVars returns the sorted names of the variables that a server
// type's templates reference; rendering needs every one of them.
func RequiredVars(serverType string) ([]string, error) {
	shell, cc, err := Load(serverType)
	if err != nil {
		return nil, err
	}
	names, err := userdata.References(cc.Name, cc.Body)
	if err != nil {
		return nil, err
	}
	if !shell.Literal {
		more, err := userdata.References(shell.Name, shell.Body)
		if err != nil {
			return nil, err
		}
		names = append(names, more...)
	}
	slices.Sort(names)
	return slices.Compact(names), nil
}

// MissingVars returns the sorted names that a server type's templates
// reference but vars does not define, so a caller can reject a stack before
// creating anything.
func MissingVars(serverType string, vars map[string]string) ([]string, error) {
	req, err := RequiredVars(serverType)
	if err != nil {
		return nil, err
	}
	var missing []string
	for _, n := range req {
		if _, ok := vars[n]; !ok {
			missing = append(missing, n)
		}
	}
	return missing, nil
}

// Render loads a server type's templates and renders them for one server.
func Render(server, serverType string, vars map[string]string) (*userdata.Document, error) {
	shell, cc, err := Load(serverType)
	if err != nil {
		return nil, err
	}
	return userdata.Render(userdata.Input{Server: server, Shell: shell, CloudConfig: cc, Vars: vars})
}
