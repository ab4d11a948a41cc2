package stackconfig

import (
	"maps"
	"slices"
)

// Namespace is the Pulumi project name, which prefixes every key of this
// project's configuration ("jaia-cloud:servers").
const Namespace = "jaia-cloud"

// Configuration keys, without the namespace.
const (
	KeyServers           = "servers"
	KeyFleets            = "fleets"
	KeyAdminSources      = "adminSources"
	KeySSHAuthorizedKeys = "sshAuthorizedKeys"
	KeyExternalFleets    = "externalFleets"
	KeyProtect           = "protect"
	KeyVersionsFile      = "versionsFile"
	KeyDefaultTags       = "defaultTags"
)

// knownKeys lists every key this project reads; any other key in the
// jaia-cloud namespace is an error (a typo must not silently drop a setting).
var knownKeys = []string{
	KeyServers, KeyFleets, KeyAdminSources, KeySSHAuthorizedKeys,
	KeyExternalFleets, KeyProtect, KeyVersionsFile, KeyDefaultTags,
}

// Defaults of the reference's create_specialty_server.sh and create_vpc.sh.
const (
	DefaultArch              = "arm64"
	DefaultInstanceType      = "t4g.nano"
	DefaultRegion            = "us-west-2"
	DefaultSubnetID          = "subnet-f5f17b8d" // the Jaia default subnet (default VPC, us-west-2)
	DefaultDiskSizeGB        = 8
	DefaultDailyBackups      = 1
	DefaultRepo              = "release"
	DefaultDomain            = "jaia.tech"
	MinUbuntuDiskSizeGB      = 8 // Canonical's Ubuntu server AMIs have an 8 GiB root snapshot
	DefaultCloudHubType      = "t3a.micro"
	DefaultCloudHubDiskGB    = 32
	DefaultVirtualFleetType  = "t3a.small"
	DefaultVirtualFleetDisk  = 32
	MinRootfsDiskSizeGB      = 16 // the jaiabot rootfs image's root snapshot
	DefaultSMTPParameter     = "/jaia/cloudhub/smtp_credentials"
	MaxVirtualFleetBots      = 75
	DefaultVirtualFleetBots  = 0
	maxTagValueLength        = 256
	maxDailyBackups          = 1000 // DLM's retain count limit
	maxDiskSizeGB            = 16384
	defaultCloudHubAuthEmail = "" // none unless the stack names one
)

// Config is the whole, validated stack configuration.
type Config struct {
	// Stack is the Pulumi stack name (used in tags and outputs).
	Stack string
	// Servers, sorted by name.
	Servers []Server
	// Fleets, sorted by id.
	Fleets []Fleet
	// AdminSources, sorted by name.
	AdminSources []AdminSource
	// SSHAuthorizedKeys are installed for the jaia user on every machine.
	SSHAuthorizedKeys []string
	// ExternalFleets are fleet ids hosted in other stacks or accounts that the
	// specialty servers still serve (cloud login routes, iridium tunnels, VPN ports).
	ExternalFleets []int
	// Protect turns on Pulumi protect and EC2 termination protection for the
	// stack's long-lived resources. Default true; a test stack sets it false.
	Protect bool
	// VersionsFile is the path of a common-versions.env file; empty means the
	// copy shipped in this repository.
	VersionsFile string
	// DefaultTags are added to every taggable resource, after the project's own.
	DefaultTags map[string]string
}

// AdminSource is a named set of networks allowed to reach SSH.
type AdminSource struct {
	Name string
	IPv4 []string // canonical CIDRs
	IPv6 []string // canonical CIDRs
}

// adminSourceSpec is the YAML/JSON form of an AdminSource (the map value).
type adminSourceSpec struct {
	IPv4        []string `json:"ipv4"`
	IPv6        []string `json:"ipv6"`
	Description string   `json:"description"`
}

// Server is one specialty server (docs, iridium, packages, vpn, cloud, data, cc_db).
type Server struct {
	// Name is the key in the servers map; it names the Pulumi resources.
	Name string `json:"-"`
	// Type selects the user-data templates (servers/<type>); default: Name.
	Type string `json:"type"`
	// DNSName is the public name (Name tag); default <type>.jaia.tech.
	DNSName string `json:"dnsName"`
	// Hostname is the machine's hostname; default jaia-<type> ("_" → "-").
	Hostname string `json:"hostname"`
	// TerminationProtection enables EC2 termination protection and Pulumi
	// protect. Default true; ignored (off) when the stack sets protect: false.
	TerminationProtection *bool `json:"terminationProtection"`
	// ElasticIPAllocationID is an existing allocation (eipalloc-…) re-attached
	// to the server and never released.
	ElasticIPAllocationID string `json:"elasticIpAllocationId"`
	// IPv6Address is the fixed IPv6 address (AAAA record) of the server.
	IPv6Address string `json:"ipv6Address"`
	// Arch is arm64 or amd64 and must match the instance type.
	Arch string `json:"arch"`
	// InstanceType, default t4g.nano.
	InstanceType string `json:"instanceType"`
	// Region, default us-west-2.
	Region string `json:"region"`
	// SubnetID, default the Jaia default subnet.
	SubnetID string `json:"subnetId"`
	// SubnetIPv6CIDR is the subnet's /64 when known; the IPv6 address must lie in it.
	SubnetIPv6CIDR string `json:"subnetIpv6Cidr"`
	// VpcID of the subnet; empty means the region's default VPC.
	VpcID string `json:"vpcId"`
	// DiskSizeGB of the encrypted gp3 root volume, default 8.
	DiskSizeGB int `json:"diskSizeGb"`
	// DailyBackups is how many daily snapshots DLM keeps; 0 disables them. Default 1.
	DailyBackups *int `json:"dailyBackups"`
	// IAMInstanceProfile names an existing instance profile.
	IAMInstanceProfile string `json:"iamInstanceProfile"`
	// IAMRole declares a role, inline policy and instance profile in the stack.
	IAMRole *IAMRole `json:"iamRole"`
	// AMI pins the image; empty means Canonical's current Ubuntu image for
	// the versions file's Ubuntu release, looked up once and then kept
	// (later Canonical images do not replace the server).
	AMI string `json:"ami"`
	// Repo is the jaiabot package repository (release, continuous, beta, test).
	Repo string `json:"repo"`
	// Ingress rules besides SSH, keyed by name.
	Ingress []Rule `json:"ingress"`
	// SSHFrom names the admin sources allowed to SSH; default all of them.
	SSHFrom []string `json:"sshFrom"`
	// AllowWorldSSH opens SSH to 0.0.0.0/0 and ::/0. Off unless a stack says so.
	AllowWorldSSH bool `json:"allowWorldSsh"`
	// PriorServerHost is the host the sync-from-prior-server script copies
	// from; default DNSName (the old server keeps the name until cut-over).
	PriorServerHost string `json:"priorServerHost"`
	// TemplateVars are extra user-data template variables of this server.
	TemplateVars map[string]string `json:"templateVars"`
	// Description is free text for humans.
	Description string `json:"description"`
	// Slots turns on blue/green for this server: one instance per slot
	// (SlotNames), each on its own network interface. Without slots the
	// server is one instance (resource names unchanged).
	Slots map[string]*Slot `json:"slots"`
	// Live names the slot that holds the Elastic IP and the fixed IPv6
	// address; required with slots.
	Live string `json:"live"`
	// Adopt names the existing AWS objects of a server built by the legacy
	// scripts, for `jaiacloud import`.
	Adopt *Adopt `json:"adopt"`

	// Resolved after validation.
	protect bool
}

// SlotNames are the allowed blue/green slot names.
var SlotNames = []string{"blue", "green"}

// Slot is one instance of a blue/green server. Empty fields inherit the
// server's (ami, repo, instanceType) or the stack's (versionsFile).
type Slot struct {
	// AMI pins the slot's image; empty means Canonical's image for the
	// slot's Ubuntu release (its versions file), looked up once.
	AMI string `json:"ami"`
	// VersionsFile gives the slot its own Ubuntu and jaiabot versions.
	VersionsFile string `json:"versionsFile"`
	// Repo is the slot's jaiabot package repository.
	Repo string `json:"repo"`
	// InstanceType of the slot's instance.
	InstanceType string `json:"instanceType"`
	// Stopped stops the instance (kept, restartable). The live slot cannot be stopped.
	Stopped bool `json:"stopped"`
	// TerminationProtection false lets a slot of a protected stack be
	// deleted (set it, up, then remove the slot).
	TerminationProtection *bool `json:"terminationProtection"`

	// Existing makes the slot the server's current single instance (the
	// one it had without slots, resource name unchanged), so slots can be
	// turned on for a running server without replacing it. Its primary
	// network interface (NetworkInterfaceID, eni-…; the instance's
	// primaryNetworkInterfaceId) is adopted to move the fixed IPv6 address
	// in place.
	Existing           bool   `json:"existing"`
	NetworkInterfaceID string `json:"networkInterfaceId"`

	// Name is the slot's key; resolved after validation.
	Name    string `json:"-"`
	protect bool
}

// Protected reports whether the slot's instance gets termination protection.
func (s Slot) Protected() bool { return s.protect }

// ReservedTags are the tags the program puts on every resource of a stack
// (jaia_project, jaia_stack, jaia_managed_by; see infra.ProjectTags): it
// recognises its own objects by them, so defaultTags cannot set them.
var ReservedTags = []string{"jaia_managed_by", "jaia_project", "jaia_stack"}

// Adopt names the existing objects of a legacy-built server, adopted with
// `pulumi import` (see `jaiacloud import`). The security group's name and
// description are force-new, so the live ones are recorded here and used
// instead of the program's.
type Adopt struct {
	InstanceID string `json:"instanceId"`
	// SecurityGroupID and its live name and description
	// (jaia__SecurityGroup_<T>_<timestamp>, "jaia <T> Security Group").
	SecurityGroupID          string `json:"securityGroupId"`
	SecurityGroupName        string `json:"securityGroupName"`
	SecurityGroupDescription string `json:"securityGroupDescription"`
	// SnapshotPolicyID is the scripts' DLM policy ("Daily snapshots for
	// <T>", targeting Name=<T>.jaia.tech). It is adopted as it is, beside
	// the program's own policy, and keeps the legacy volume's snapshots.
	SnapshotPolicyID string `json:"snapshotPolicyId"`
	// SnapshotPolicyDays is the live policy's retention (the scripts'
	// CREATE_NUM_DAILY_BACKUPS), required with SnapshotPolicyID; it does
	// not follow dailyBackups, so changing that never shortens (and
	// expires) the legacy snapshots.
	SnapshotPolicyDays int `json:"snapshotPolicyDays"`
	// IAMRole says the server's iamRole objects exist (made by hand for the
	// legacy server: <Name>Role, its inline <Name>Policy and
	// <Name>InstanceProfile) and are imported instead of created. It stays
	// set for as long as the role is the server's (it keeps the live
	// description and tags).
	IAMRole bool `json:"iamRole"`
	// RootVolumeEncrypted is false for the legacy servers (encrypted is force-new).
	RootVolumeEncrypted *bool `json:"rootVolumeEncrypted"`
}

// SlotList returns the slots sorted by name (nil without slots).
func (s Server) SlotList() []Slot {
	var out []Slot
	for _, n := range slices.Sorted(maps.Keys(s.Slots)) {
		if sl := s.Slots[n]; sl != nil {
			out = append(out, *sl)
		}
	}
	return out
}

// Protected reports whether the server gets termination protection and
// Pulumi protect (the server setting, unless the stack turns protection off).
func (s Server) Protected() bool { return s.protect }

// Backups returns the resolved number of daily snapshots to keep.
func (s Server) Backups() int {
	if s.DailyBackups == nil {
		return DefaultDailyBackups
	}
	return *s.DailyBackups
}

// IAMRole declares a role for the server: <Name>Role, <Name>Policy and
// <Name>InstanceProfile, trusting ec2.amazonaws.com.
type IAMRole struct {
	Name string `json:"name"`
	// Policy is the inline policy document (JSON object).
	Policy map[string]any `json:"policy"`
}

// Rule is one ingress rule of a server's security group. It becomes one
// security group rule resource per source CIDR.
type Rule struct {
	// Name is the stable key of the rule ([a-z0-9-]).
	Name string `json:"name"`
	// Protocol: tcp, udp, icmp, icmpv6 or all.
	Protocol string `json:"protocol"`
	// Ports: "443" or "11800-12799"; empty for protocol all/icmp.
	Ports string `json:"ports"`
	// IPv4 and IPv6 sources (CIDR, or a bare address for a single host).
	IPv4 []string `json:"ipv4"`
	IPv6 []string `json:"ipv6"`
	// Description shows in the AWS console.
	Description string `json:"description"`

	// Resolved port range (0,0 for all).
	FromPort int `json:"-"`
	ToPort   int `json:"-"`
}

// Fleet is one fleet: a VPC with its always-on CloudHub and optionally a VirtualFleet.
type Fleet struct {
	// Position is the fleet's index in jaia-cloud:fleets as written (the
	// fleets are sorted by id once validated), for messages.
	Position         int    `json:"-"`
	ID               int    `json:"id"`
	Customer         string `json:"customer"`
	Region           string `json:"region"`
	AvailabilityZone string `json:"availabilityZone"`
	// Repository and RepositoryVersion of the jaiabot rootfs image and packages.
	Repository        string `json:"repository"`
	RepositoryVersion string `json:"repositoryVersion"`
	// AMI pins the CloudHub image; empty means the newest image tagged with
	// the repository and version, looked up once and then kept.
	AMI          string        `json:"ami"`
	CloudHub     CloudHub      `json:"cloudHub"`
	VirtualFleet *VirtualFleet `json:"virtualFleet"`
	// DataBucket, default jaia--cloudhub-data--fleet<id>.
	DataBucket string `json:"dataBucket"`
	Auth       Auth   `json:"auth"`
}

// CloudHub settings of a fleet.
type CloudHub struct {
	InstanceType string `json:"instanceType"`
	DiskSizeGB   int    `json:"diskSizeGb"`
	// OpenWeb opens HTTP and HTTPS (80, 443) to the world (for Authelia on the CloudHub).
	OpenWeb bool `json:"openWeb"`
	// SSHFrom names the admin sources allowed to SSH; default all of them.
	SSHFrom []string `json:"sshFrom"`
	// AllowWorldSSH opens SSH to the world; off unless the stack says so.
	AllowWorldSSH bool `json:"allowWorldSsh"`
}

// VirtualFleet declares simulated hub 1 and bots 1..Bots in the fleet's VPC.
type VirtualFleet struct {
	Bots         int    `json:"bots"`
	InstanceType string `json:"instanceType"`
	DiskSizeGB   int    `json:"diskSizeGb"`
	// CloudHubPublicKey is the CloudHub's WireGuard public key
	// (jaia_cloudhub_wg_pubkey in its /etc/jaiabot/cloud.env). The CloudHub
	// makes its key on the machine, so a VirtualFleet is added once the
	// CloudHub has booted.
	CloudHubPublicKey string `json:"cloudHubPublicKey"`
}

// Auth holds the CloudHub's cloud.env authentication values (reference §3.3).
type Auth struct {
	BaseURI string `json:"baseUri"`
	// AdminEmail receives the Authelia admin reset e-mail.
	AdminEmail  string `json:"adminEmail"`
	SMTPAddress string `json:"smtpAddress"`
	// SMTPCredentialsParameter is the SSM SecureString parameter name the
	// CloudHub reads at boot through its role; never embedded in user data.
	SMTPCredentialsParameter string `json:"smtpCredentialsParameter"`
}

// Bucket returns the fleet's data bucket name.
func (f Fleet) Bucket() string { return f.DataBucket }

// FleetIDs returns every fleet id the stack knows: its own fleets and the
// external ones, sorted and unique.
func (c *Config) FleetIDs() []int {
	seen := map[int]bool{}
	var ids []int
	for _, f := range c.Fleets {
		if !seen[f.ID] {
			seen[f.ID] = true
			ids = append(ids, f.ID)
		}
	}
	for _, id := range c.ExternalFleets {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// AdminSource returns the named admin source.
func (c *Config) AdminSource(name string) (AdminSource, bool) {
	for _, a := range c.AdminSources {
		if a.Name == name {
			return a, true
		}
	}
	return AdminSource{}, false
}

// Keys returns the project's configuration keys (without the namespace), sorted.
func Keys() []string { return slices.Sorted(slices.Values(knownKeys)) }
