package stackconfig

import (
	"fmt"
	"maps"
	"net/netip"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

var (
	reServerName   = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,30}$`)
	reRuleName     = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,40}$`)
	reSourceName   = regexp.MustCompile(`^[a-z][a-z0-9-]{0,40}$`)
	reCustomer     = regexp.MustCompile(`^[a-z][a-z0-9-]{0,30}[a-z0-9]$|^[a-z]$`)
	reHostname     = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
	reDNSName      = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
	reInstanceType = regexp.MustCompile(`^([a-z]+)([0-9]+)([a-z-]*)\.([0-9a-z]+)$`)
	reRegion       = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$`)
	reSubnetID     = regexp.MustCompile(`^subnet-[0-9a-f]{8}([0-9a-f]{9})?$`)
	reVpcID        = regexp.MustCompile(`^vpc-[0-9a-f]{8}([0-9a-f]{9})?$`)
	reAllocationID = regexp.MustCompile(`^eipalloc-[0-9a-f]{8}([0-9a-f]{9})?$`)
	reAMI          = regexp.MustCompile(`^ami-[0-9a-f]{8}([0-9a-f]{9})?$`)
	reIAMName      = regexp.MustCompile(`^[A-Za-z0-9+=,.@_-]{1,48}$`)
	reProfileName  = regexp.MustCompile(`^[A-Za-z0-9+=,.@_-]{1,128}$`)
	reVarName      = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	reBucket       = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	reRepoVersion  = regexp.MustCompile(`^[0-9]+\.y$`)
	reSSHKey       = regexp.MustCompile(`^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) [A-Za-z0-9+/]+={0,3}( [^\n]*)?$`)
	reSSMParameter = regexp.MustCompile(`^(/[A-Za-z0-9_.-]+)+$`)
	reWGKey        = regexp.MustCompile(`^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$`)
)

// Allowed values, listed in error messages.
var (
	Archs        = []string{"amd64", "arm64"}
	Repos        = []string{"beta", "continuous", "release", "test"}
	Protocols    = []string{"all", "icmp", "icmpv6", "tcp", "udp"}
	adminPorts   = []int{22, 1433, 3306, 3389, 5432, 6379, 27017}
	reservedVars = []string{
		"ARCH", "DNS_NAME", "FLEET_IDS", "HOSTNAME", "PRIOR_SERVER_HOST", "REGION", "REPO",
		"SERVER_NAME", "SERVER_TYPE", "SSH_AUTHORIZED_KEYS_JSON", "CADDY_FLEET_ROUTES",
	}
)

// Port plans of the specialty servers, per fleet id F (reference §4).
const (
	FleetVPNBasePort        = 51821 // vpn.jaia.tech: wg_fleet<F> listens on 51821+F
	IridiumDirectIPBasePort = 11800 // iridium.jaia.tech: DirectIP MO SBD 11800+F
	IridiumRockBLOCKBase    = 12800 // iridium.jaia.tech: RockBLOCK MO 12800+F
	IridiumMaxFleet         = 999   // the iridium port plan collides above this
)

func validate(c *collector, cfg *Config) {
	validateStack(c, cfg)
	fleetIDs := map[int]bool{}
	for i := range cfg.Fleets {
		validateFleet(c, cfg, i, fleetIDs)
	}
	for _, id := range cfg.ExternalFleets {
		if fleetIDs[id] {
			c.add(key(KeyExternalFleets), "fleet %d is also declared in %s (a fleet is hosted by one stack)", id, key(KeyFleets))
		}
	}
	sort.SliceStable(cfg.Fleets, func(i, j int) bool { return cfg.Fleets[i].ID < cfg.Fleets[j].ID })

	allocs := map[string]string{}
	ipv6s := map[string]string{}
	dns := map[string]string{}
	for i := range cfg.Servers {
		validateServer(c, cfg, &cfg.Servers[i])
		s := cfg.Servers[i]
		k := key(KeyServers) + "." + s.Name
		if s.ElasticIPAllocationID != "" {
			if other, dup := allocs[s.ElasticIPAllocationID]; dup {
				c.add(k+".elasticIpAllocationId", "%s is already used by server %q (an address has one holder)", s.ElasticIPAllocationID, other)
			}
			allocs[s.ElasticIPAllocationID] = s.Name
		}
		if s.IPv6Address != "" {
			if other, dup := ipv6s[s.IPv6Address]; dup {
				c.add(k+".ipv6Address", "%s is already used by server %q (an address has one holder)", s.IPv6Address, other)
			}
			ipv6s[s.IPv6Address] = s.Name
		}
		if other, dup := dns[s.DNSName]; dup && s.DNSName != "" {
			c.add(k+".dnsName", "%s is already the name of server %q", s.DNSName, other)
		}
		dns[s.DNSName] = s.Name
	}
	if len(cfg.SSHAuthorizedKeys) == 0 && (len(cfg.Servers) > 0 || len(cfg.Fleets) > 0) {
		c.add(key(KeySSHAuthorizedKeys), "at least one OpenSSH public key is required (nobody could log in otherwise)")
	}
}

func validateStack(c *collector, cfg *Config) {
	for i, k := range cfg.SSHAuthorizedKeys {
		kk := fmt.Sprintf("%s[%d]", key(KeySSHAuthorizedKeys), i)
		k = strings.TrimSpace(k)
		cfg.SSHAuthorizedKeys[i] = k
		switch {
		case strings.Contains(k, "PRIVATE KEY"):
			c.add(kk, "is a private key; only public keys belong in the stack")
		case !reSSHKey.MatchString(k):
			c.add(kk, "is not an OpenSSH public key line (allowed types: ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256/384/521, sk-ssh-ed25519@openssh.com, sk-ecdsa-sha2-nistp256@openssh.com)")
		}
	}
	seenExt := map[int]bool{}
	for i, id := range cfg.ExternalFleets {
		kk := fmt.Sprintf("%s[%d]", key(KeyExternalFleets), i)
		if id < 0 || id > 65535 {
			c.add(kk, "fleet %d is outside the address plan (allowed: 0-65535)", id)
		}
		if seenExt[id] {
			c.add(kk, "fleet %d is listed twice", id)
		}
		seenExt[id] = true
	}
	for _, k := range slices.Sorted(maps.Keys(cfg.DefaultTags)) {
		kk := key(KeyDefaultTags) + "." + k
		switch {
		case k == "" || len(k) > 128:
			c.add(kk, "tag keys have 1-128 characters")
		case strings.HasPrefix(strings.ToLower(k), "aws:"):
			c.add(kk, "the aws: prefix is reserved by AWS")
		case slices.Contains(ReservedTags, k):
			c.add(kk, "is set by the program: it marks the stack's own resources (reserved: %s)", strings.Join(ReservedTags, ", "))
		case len(cfg.DefaultTags[k]) > maxTagValueLength:
			c.add(kk, "tag values have at most %d characters", maxTagValueLength)
		}
	}
	for i := range cfg.AdminSources {
		a := &cfg.AdminSources[i]
		kk := key(KeyAdminSources) + "." + a.Name
		if !reSourceName.MatchString(a.Name) {
			c.add(kk, "name must match %s", reSourceName)
		}
		if len(a.IPv4)+len(a.IPv6) == 0 {
			c.add(kk, "needs at least one ipv4 or ipv6 network")
		}
		a.IPv4 = cidrs(c, kk+".ipv4", a.IPv4, false, true)
		a.IPv6 = cidrs(c, kk+".ipv6", a.IPv6, true, true)
	}
}

// cidrs validates and canonicalizes a list of sources of one family. A bare
// address means a single host. noWorld rejects 0.0.0.0/0 and ::/0.
func cidrs(c *collector, k string, in []string, v6, noWorld bool) []string {
	fam, bits := "IPv4", 32
	if v6 {
		fam, bits = "IPv6", 128
	}
	seen := map[string]bool{}
	out := make([]string, 0, len(in))
	for i, s := range in {
		kk := fmt.Sprintf("%s[%d]", k, i)
		var p netip.Prefix
		if strings.Contains(s, "/") {
			var err error
			p, err = netip.ParsePrefix(s)
			if err != nil {
				c.add(kk, "%q is not a CIDR (%v)", s, err)
				continue
			}
		} else {
			a, err := netip.ParseAddr(s)
			if err != nil {
				c.add(kk, "%q is not an address or CIDR (%v)", s, err)
				continue
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		if p.Addr().Is6() != v6 || p.Addr().Is4In6() {
			c.add(kk, "%q is not an %s network (this list takes %s only)", s, fam, fam)
			continue
		}
		if p.Addr().Zone() != "" {
			c.add(kk, "%q has a zone; not allowed", s)
			continue
		}
		if p != p.Masked() {
			c.add(kk, "%q has host bits set; did you mean %s?", s, p.Masked())
			continue
		}
		if noWorld && p.Bits() == 0 {
			c.add(kk, "%q opens to the whole internet; admin sources must be specific (use allowWorldSsh on a server to open SSH to the world)", s)
			continue
		}
		_ = bits
		cs := p.String()
		if seen[cs] {
			c.add(kk, "%s is listed twice", cs)
			continue
		}
		seen[cs] = true
		out = append(out, cs)
	}
	sort.Strings(out)
	return out
}

// familyOf returns the architecture of an EC2 instance type: Graviton
// families carry a "g" in their attribute letters (t4g, c7gn, m6gd, x2gd,
// im4gn, is4gen) or are a1; every other family runs amd64.
func familyOf(instanceType string) (arch string, ok bool) {
	m := reInstanceType.FindStringSubmatch(instanceType)
	if m == nil {
		return "", false
	}
	if m[1]+m[2] == "a1" || strings.Contains(m[3], "g") {
		return "arm64", true
	}
	return "amd64", true
}

func validateInstanceType(c *collector, k, instanceType, arch string) {
	got, ok := familyOf(instanceType)
	switch {
	case !ok:
		c.add(k, "%q is not an EC2 instance type (form: family.size, e.g. t4g.nano)", instanceType)
	case arch != "" && got != arch:
		c.add(k, "%q is an %s instance type but the architecture is %s (arm64 needs a Graviton family such as t4g, m7g; amd64 any other, such as t3a)", instanceType, got, arch)
	}
}

func validateServer(c *collector, cfg *Config, s *Server) {
	k := key(KeyServers) + "." + s.Name
	if !reServerName.MatchString(s.Name) {
		c.add(k, "server name must match %s", reServerName)
	}
	if s.Type == "" {
		s.Type = s.Name
	}
	dashed := strings.ReplaceAll(s.Type, "_", "-")
	if s.DNSName == "" {
		s.DNSName = dashed + "." + DefaultDomain
	}
	if !reDNSName.MatchString(s.DNSName) {
		c.add(k+".dnsName", "%q is not a DNS name (lower-case letters, digits, hyphens and dots)", s.DNSName)
	}
	if s.Hostname == "" {
		s.Hostname = "jaia-" + dashed
	}
	if !reHostname.MatchString(s.Hostname) {
		c.add(k+".hostname", "%q is not a hostname (lower-case letters, digits and hyphens, 1-63)", s.Hostname)
	}
	if s.PriorServerHost == "" {
		s.PriorServerHost = s.DNSName
	}
	if _, err := netip.ParseAddr(s.PriorServerHost); err != nil && !reDNSName.MatchString(s.PriorServerHost) {
		c.add(k+".priorServerHost", "%q is neither a DNS name nor an IP address", s.PriorServerHost)
	}
	if s.Arch == "" {
		s.Arch = DefaultArch
	}
	if !slices.Contains(Archs, s.Arch) {
		c.add(k+".arch", "%q is not allowed (allowed: %s)", s.Arch, strings.Join(Archs, ", "))
	} else {
		if s.InstanceType == "" {
			s.InstanceType = DefaultInstanceType
			if s.Arch == "amd64" {
				s.InstanceType = "t3a.nano"
			}
		}
		validateInstanceType(c, k+".instanceType", s.InstanceType, s.Arch)
	}
	if s.Region == "" {
		s.Region = DefaultRegion
	}
	if !reRegion.MatchString(s.Region) {
		c.add(k+".region", "%q is not an AWS region name (e.g. us-west-2)", s.Region)
	}
	if s.SubnetID == "" {
		s.SubnetID = DefaultSubnetID
	}
	if !reSubnetID.MatchString(s.SubnetID) {
		c.add(k+".subnetId", "%q is not a subnet id (subnet- and 8 or 17 hex digits)", s.SubnetID)
	}
	if s.VpcID != "" && !reVpcID.MatchString(s.VpcID) {
		c.add(k+".vpcId", "%q is not a VPC id (vpc- and 8 or 17 hex digits)", s.VpcID)
	}
	if s.ElasticIPAllocationID != "" && !reAllocationID.MatchString(s.ElasticIPAllocationID) {
		c.add(k+".elasticIpAllocationId", "%q is not an Elastic IP allocation id (eipalloc- and 8 or 17 hex digits)", s.ElasticIPAllocationID)
	}
	var subnet64 netip.Prefix
	if s.SubnetIPv6CIDR != "" {
		p, err := netip.ParsePrefix(s.SubnetIPv6CIDR)
		if err != nil || !p.Addr().Is6() || p.Bits() != 64 || p != p.Masked() {
			c.add(k+".subnetIpv6Cidr", "%q is not an IPv6 /64 network", s.SubnetIPv6CIDR)
		} else {
			subnet64 = p
			s.SubnetIPv6CIDR = p.String()
		}
	}
	if s.IPv6Address != "" {
		a, err := netip.ParseAddr(s.IPv6Address)
		switch {
		case err != nil || !a.Is6() || a.Is4In6() || a.Zone() != "":
			c.add(k+".ipv6Address", "%q is not an IPv6 address", s.IPv6Address)
		case !a.IsGlobalUnicast() || a.IsPrivate():
			c.add(k+".ipv6Address", "%s is not a global unicast address (a public AAAA record needs one)", a)
		case subnet64.IsValid() && !subnet64.Contains(a):
			c.add(k+".ipv6Address", "%s is outside the subnet's %s", a, subnet64)
		default:
			s.IPv6Address = a.String()
		}
	}
	if s.DiskSizeGB == 0 {
		s.DiskSizeGB = DefaultDiskSizeGB
	}
	if s.DiskSizeGB < MinUbuntuDiskSizeGB || s.DiskSizeGB > maxDiskSizeGB {
		c.add(k+".diskSizeGb", "%d is not allowed (allowed: %d-%d; the Ubuntu image needs %d GB)", s.DiskSizeGB, MinUbuntuDiskSizeGB, maxDiskSizeGB, MinUbuntuDiskSizeGB)
	}
	if b := s.Backups(); b < 0 || b > maxDailyBackups {
		c.add(k+".dailyBackups", "%d is not allowed (allowed: 0-%d; 0 turns snapshots off)", b, maxDailyBackups)
	}
	if s.IAMInstanceProfile != "" && s.IAMRole != nil {
		c.add(k+".iamRole", "set either iamInstanceProfile (an existing profile) or iamRole (declared here), not both")
	}
	if s.IAMInstanceProfile != "" && !reProfileName.MatchString(s.IAMInstanceProfile) {
		c.add(k+".iamInstanceProfile", "%q is not an instance profile name", s.IAMInstanceProfile)
	}
	if s.IAMRole != nil {
		if !reIAMName.MatchString(s.IAMRole.Name) {
			c.add(k+".iamRole.name", "%q must match %s (it prefixes Role, Policy and InstanceProfile)", s.IAMRole.Name, reIAMName)
		}
		if _, ok := s.IAMRole.Policy["Statement"]; !ok {
			c.add(k+".iamRole.policy", "needs a Statement list (an IAM policy document)")
		}
	}
	if s.AMI != "" && !reAMI.MatchString(s.AMI) {
		c.add(k+".ami", "%q is not an AMI id (ami- and 8 or 17 hex digits)", s.AMI)
	}
	if s.Repo == "" {
		s.Repo = DefaultRepo
	}
	if !slices.Contains(Repos, s.Repo) {
		c.add(k+".repo", "%q is not allowed (allowed: %s)", s.Repo, strings.Join(Repos, ", "))
	}
	for i, name := range s.SSHFrom {
		if _, ok := cfg.AdminSource(name); !ok {
			c.add(fmt.Sprintf("%s.sshFrom[%d]", k, i), "%q is not an admin source (declared: %s)", name, strings.Join(adminNames(cfg), ", "))
		}
	}
	if s.SSHFrom == nil {
		s.SSHFrom = adminNames(cfg)
	}
	for _, name := range slices.Sorted(maps.Keys(s.TemplateVars)) {
		kk := k + ".templateVars." + name
		switch {
		case !reVarName.MatchString(name):
			c.add(kk, "variable names match %s", reVarName)
		case slices.Contains(reservedVars, name) || strings.HasPrefix(name, "jaia_version_"):
			c.add(kk, "%s is set by the program for every server; it cannot be overridden here", name)
		case looksSecret(s.TemplateVars[name]):
			c.add(kk, "looks like a secret; secrets never go in user data (read them at boot from SSM Parameter Store)")
		}
	}
	ruleNames := map[string]bool{}
	for i := range s.Ingress {
		validateRule(c, fmt.Sprintf("%s.ingress[%d]", k, i), &s.Ingress[i], ruleNames)
	}
	validatePortPlan(c, cfg, s, k)

	s.protect = cfg.Protect
	if s.TerminationProtection != nil && !*s.TerminationProtection {
		s.protect = false
	}
	validateSlots(c, s, k)
	validateAdopt(c, s, k)
}

var (
	reInstanceID = regexp.MustCompile(`^i-[0-9a-f]{8}([0-9a-f]{9})?$`)
	reSGID       = regexp.MustCompile(`^sg-[0-9a-f]{8}([0-9a-f]{9})?$`)
	rePolicyID   = regexp.MustCompile(`^policy-[0-9a-f]{8,17}$`)
	reENIID      = regexp.MustCompile(`^eni-[0-9a-f]{8}([0-9a-f]{9})?$`)
)

// validateSlots checks the blue/green settings of a server and resolves
// each slot's inherited values.
func validateSlots(c *collector, s *Server, k string) {
	if s.Slots == nil {
		if s.Live != "" {
			c.add(k+".live", "%q names a slot but the server has no slots (add slots: {%s: {...}})", s.Live, s.Live)
		}
		return
	}
	if len(s.Slots) == 0 {
		c.add(k+".slots", "is empty; declare at least the live slot (allowed names: %s) or remove slots", strings.Join(SlotNames, ", "))
	}
	existing := 0
	for _, n := range slices.Sorted(maps.Keys(s.Slots)) {
		kk := k + ".slots." + n
		if !slices.Contains(SlotNames, n) {
			c.add(kk, "unknown slot (allowed: %s)", strings.Join(SlotNames, ", "))
			continue
		}
		sl := s.Slots[n]
		if sl == nil {
			c.add(kk, "is empty; write {} for a slot that inherits everything")
			continue
		}
		sl.Name = n
		if sl.AMI != "" && !reAMI.MatchString(sl.AMI) {
			c.add(kk+".ami", "%q is not an AMI id (ami- and 8 or 17 hex digits)", sl.AMI)
		}
		if sl.Repo == "" {
			sl.Repo = s.Repo
		}
		if !slices.Contains(Repos, sl.Repo) {
			c.add(kk+".repo", "%q is not allowed (allowed: %s)", sl.Repo, strings.Join(Repos, ", "))
		}
		if sl.InstanceType == "" {
			sl.InstanceType = s.InstanceType
		} else {
			validateInstanceType(c, kk+".instanceType", sl.InstanceType, s.Arch)
		}
		if sl.AMI == "" && s.AMI != "" && sl.VersionsFile == "" {
			sl.AMI = s.AMI
		}
		if sl.Existing {
			existing++
			if !reENIID.MatchString(sl.NetworkInterfaceID) {
				c.add(kk+".networkInterfaceId", "%q is not a network interface id (eni- and 8 or 17 hex digits): the existing instance's primaryNetworkInterfaceId", sl.NetworkInterfaceID)
			}
			if sl.AMI != "" || sl.VersionsFile != "" || sl.InstanceType != s.InstanceType || sl.Repo != s.Repo {
				c.add(kk+".existing", "the existing instance keeps the server's ami, instanceType and repo; set them on the server, not on the slot")
			}
		} else if sl.NetworkInterfaceID != "" {
			c.add(kk+".networkInterfaceId", "only an existing slot names its interface (a new slot's is created)")
		}
		sl.protect = s.protect
		if sl.TerminationProtection != nil && !*sl.TerminationProtection {
			sl.protect = false
		}
	}
	if existing > 1 {
		c.add(k+".slots", "at most one slot is the existing instance")
	}
	switch {
	case s.Live == "":
		c.add(k+".live", "is required with slots: the slot that holds the Elastic IP and the IPv6 address (declared: %s)", strings.Join(slices.Sorted(maps.Keys(s.Slots)), ", "))
	case s.Slots[s.Live] == nil:
		c.add(k+".live", "%q is not a declared slot (declared: %s)", s.Live, strings.Join(slices.Sorted(maps.Keys(s.Slots)), ", "))
	case s.Slots[s.Live].Stopped:
		c.add(k+".slots."+s.Live+".stopped", "the live slot cannot be stopped (promote the other slot first: live: <other>)")
	case s.Slots[s.Live].TerminationProtection != nil && !*s.Slots[s.Live].TerminationProtection && s.protect:
		c.add(k+".slots."+s.Live+".terminationProtection", "the live slot of a protected server keeps termination protection")
	}
	if s.Adopt != nil && s.Adopt.InstanceID != "" && existing == 0 {
		c.add(k+".adopt.instanceId", "an adopted instance with slots must be the existing slot (existing: true, networkInterfaceId: its primary interface)")
	}
}

func validateAdopt(c *collector, s *Server, k string) {
	a := s.Adopt
	if a == nil {
		return
	}
	k += ".adopt"
	if a.InstanceID != "" && !reInstanceID.MatchString(a.InstanceID) {
		c.add(k+".instanceId", "%q is not an instance id (i- and 8 or 17 hex digits)", a.InstanceID)
	}
	if a.SecurityGroupID != "" && !reSGID.MatchString(a.SecurityGroupID) {
		c.add(k+".securityGroupId", "%q is not a security group id (sg- and 8 or 17 hex digits)", a.SecurityGroupID)
	}
	if (a.SecurityGroupID == "") != (a.SecurityGroupName == "") {
		c.add(k+".securityGroupName", "set securityGroupId and securityGroupName together (the live group's name is force-new)")
	}
	if a.SnapshotPolicyID != "" && !rePolicyID.MatchString(a.SnapshotPolicyID) {
		c.add(k+".snapshotPolicyId", "%q is not a DLM policy id (policy- and hex digits)", a.SnapshotPolicyID)
	}
	switch {
	case a.SnapshotPolicyID != "" && (a.SnapshotPolicyDays < 1 || a.SnapshotPolicyDays > maxDailyBackups):
		c.add(k+".snapshotPolicyDays", "%d: set the days the live policy keeps (its retain rule, the scripts' CREATE_NUM_DAILY_BACKUPS; allowed: 1-%d)", a.SnapshotPolicyDays, maxDailyBackups)
	case a.SnapshotPolicyID == "" && a.SnapshotPolicyDays != 0:
		c.add(k+".snapshotPolicyDays", "is set without snapshotPolicyId")
	}
	if a.SnapshotPolicyID != "" && a.InstanceID == "" && len(s.Slots) == 0 {
		// A new single instance's volume is named <dns>, which for most
		// servers is the scripts' target tag: both policies would take it.
		c.add(k+".snapshotPolicyId", "the scripts' policy is kept only beside the legacy instance (adopt.instanceId) or a blue/green server retiring it; remove it")
	}
	if a.IAMRole && s.IAMRole == nil {
		c.add(k+".iamRole", "the server declares no iamRole to adopt (set iamRole: {name, policy} to the live role's, or use iamInstanceProfile to name the live profile without managing it)")
	}
}

func adminNames(cfg *Config) []string {
	out := []string{}
	for _, a := range cfg.AdminSources {
		out = append(out, a.Name)
	}
	return out
}

// looksSecret flags values that must never be rendered into user data.
func looksSecret(v string) bool {
	return strings.Contains(v, "PRIVATE KEY") || strings.Contains(v, "BEGIN OPENSSH") ||
		strings.HasPrefix(v, "AKIA") || strings.Contains(strings.ToLower(v), "password=")
}

func validateRule(c *collector, k string, r *Rule, names map[string]bool) {
	if !reRuleName.MatchString(r.Name) {
		c.add(k+".name", "%q must match %s (it is the rule's stable key)", r.Name, reRuleName)
	} else if names[r.Name] {
		c.add(k+".name", "%q is used twice in this server's rules", r.Name)
	}
	names[r.Name] = true
	if !slices.Contains(Protocols, r.Protocol) {
		c.add(k+".protocol", "%q is not allowed (allowed: %s)", r.Protocol, strings.Join(Protocols, ", "))
		return
	}
	switch r.Protocol {
	case "tcp", "udp":
		from, to, err := parsePorts(r.Ports)
		if err != nil {
			c.add(k+".ports", "%v (allowed: a port 1-65535 or a range such as 11800-12799)", err)
			return
		}
		r.FromPort, r.ToPort = from, to
	case "icmp", "icmpv6":
		if r.Ports != "" {
			c.add(k+".ports", "%s rules take no ports (all ICMP types are allowed)", r.Protocol)
		}
		r.FromPort, r.ToPort = -1, -1
	case "all":
		if r.Ports != "" {
			c.add(k+".ports", "protocol all takes no ports")
		}
	}
	if r.Protocol == "icmp" && len(r.IPv6) > 0 {
		c.add(k+".ipv6", "icmp is IPv4's; use a separate icmpv6 rule for IPv6 sources")
	}
	if r.Protocol == "icmpv6" && len(r.IPv4) > 0 {
		c.add(k+".ipv4", "icmpv6 is IPv6's; use a separate icmp rule for IPv4 sources")
	}
	if len(r.IPv4)+len(r.IPv6) == 0 {
		c.add(k, "needs at least one ipv4 or ipv6 source")
	}
	r.IPv4 = cidrs(c, k+".ipv4", r.IPv4, false, false)
	r.IPv6 = cidrs(c, k+".ipv6", r.IPv6, true, false)
	if r.Protocol == "tcp" || r.Protocol == "udp" || r.Protocol == "all" {
		for _, p := range adminPorts {
			covered := r.Protocol == "all" || (r.FromPort <= p && p <= r.ToPort)
			if !covered || (r.Protocol == "udp" && p == 22) {
				continue
			}
			if p == 22 {
				c.add(k+".ports", "covers SSH (22); SSH is opened only through sshFrom (admin sources) or allowWorldSsh")
				break
			}
			for _, src := range append(append([]string{}, r.IPv4...), r.IPv6...) {
				if src == "0.0.0.0/0" || src == "::/0" {
					c.add(k, "opens admin port %d to the whole internet (%s); not allowed", p, src)
				}
			}
		}
	}
}

func parsePorts(s string) (int, int, error) {
	if s == "" {
		return 0, 0, fmt.Errorf("ports are required for tcp and udp")
	}
	lo, hi, isRange := strings.Cut(s, "-")
	from, err := strconv.Atoi(strings.TrimSpace(lo))
	if err != nil {
		return 0, 0, fmt.Errorf("%q is not a port or port range", s)
	}
	to := from
	if isRange {
		to, err = strconv.Atoi(strings.TrimSpace(hi))
		if err != nil {
			return 0, 0, fmt.Errorf("%q is not a port or port range", s)
		}
	}
	if from < 1 || to > 65535 || from > to {
		return 0, 0, fmt.Errorf("%q is out of range", s)
	}
	return from, to, nil
}

// validatePortPlan checks that the vpn and iridium servers open the
// per-fleet ports of every fleet the stack serves (reference §4 and §6.15-16).
func validatePortPlan(c *collector, cfg *Config, s *Server, k string) {
	type need struct {
		proto string
		base  int
		what  string
	}
	var needs []need
	switch s.Type {
	case "vpn":
		needs = []need{{"udp", FleetVPNBasePort, "fleet VPN (wg_fleet<F>)"}}
	case "iridium":
		needs = []need{{"tcp", IridiumDirectIPBasePort, "Iridium DirectIP MO"}, {"tcp", IridiumRockBLOCKBase, "RockBLOCK MO"}}
	default:
		return
	}
	for _, f := range cfg.FleetIDs() {
		if s.Type == "iridium" && f > IridiumMaxFleet {
			c.add(k, "fleet %d is beyond the Iridium port plan (allowed fleets: 0-%d; ports 11800+F and 12800+F collide above)", f, IridiumMaxFleet)
			continue
		}
		for _, n := range needs {
			port := n.base + f
			if port > 65535 {
				c.add(k, "fleet %d needs %s port %d, beyond 65535", f, n.what, port)
				continue
			}
			found := false
			for _, r := range s.Ingress {
				if r.Protocol == n.proto && r.FromPort <= port && port <= r.ToPort {
					found = true
					break
				}
			}
			if !found {
				c.add(k+".ingress", "no %s rule opens %s port %d for fleet %d", n.proto, n.what, port, f)
			}
		}
	}
}

func validateFleet(c *collector, cfg *Config, i int, ids map[int]bool) {
	f := &cfg.Fleets[i]
	f.Position = i
	k := fmt.Sprintf("%s[%d]", key(KeyFleets), i)
	if f.ID < 0 || f.ID > 65535 {
		c.add(k+".id", "fleet %d is outside the address plan (allowed: 0-65535)", f.ID)
	}
	if ids[f.ID] {
		c.add(k+".id", "fleet %d is declared twice (fleet ids are unique)", f.ID)
	}
	ids[f.ID] = true
	if !reCustomer.MatchString(f.Customer) {
		c.add(k+".customer", "%q is not allowed (lower-case letters, digits and hyphens, 1-32, starting with a letter; it is used in names and tags)", f.Customer)
	}
	if !reRegion.MatchString(f.Region) {
		c.add(k+".region", "%q is not an AWS region name (e.g. us-east-1)", f.Region)
	} else {
		az := f.AvailabilityZone
		if len(az) != len(f.Region)+1 || !strings.HasPrefix(az, f.Region) || az[len(az)-1] < 'a' || az[len(az)-1] > 'z' {
			c.add(k+".availabilityZone", "%q is not a zone of region %s (allowed: %sa, %sb, …)", az, f.Region, f.Region, f.Region)
		}
	}
	if f.Repository == "" {
		f.Repository = DefaultRepo
	}
	if !slices.Contains(Repos, f.Repository) {
		c.add(k+".repository", "%q is not allowed (allowed: %s)", f.Repository, strings.Join(Repos, ", "))
	}
	if f.RepositoryVersion != "" && !reRepoVersion.MatchString(f.RepositoryVersion) {
		c.add(k+".repositoryVersion", "%q is not a release branch (form: 2.y); empty means the versions file's jaia_version_release_branch", f.RepositoryVersion)
	}
	if f.AMI != "" && !reAMI.MatchString(f.AMI) {
		c.add(k+".ami", "%q is not an AMI id (ami- and 8 or 17 hex digits)", f.AMI)
	}
	ch := &f.CloudHub
	if ch.InstanceType == "" {
		ch.InstanceType = DefaultCloudHubType
	}
	validateInstanceType(c, k+".cloudHub.instanceType", ch.InstanceType, "amd64")
	if ch.DiskSizeGB == 0 {
		ch.DiskSizeGB = DefaultCloudHubDiskGB
	}
	if ch.DiskSizeGB < MinRootfsDiskSizeGB || ch.DiskSizeGB > maxDiskSizeGB {
		c.add(k+".cloudHub.diskSizeGb", "%d is not allowed (allowed: %d-%d; the jaiabot rootfs image needs %d GB)", ch.DiskSizeGB, MinRootfsDiskSizeGB, maxDiskSizeGB, MinRootfsDiskSizeGB)
	}
	for j, name := range ch.SSHFrom {
		if _, ok := cfg.AdminSource(name); !ok {
			c.add(fmt.Sprintf("%s.cloudHub.sshFrom[%d]", k, j), "%q is not an admin source (declared: %s)", name, strings.Join(adminNames(cfg), ", "))
		}
	}
	if ch.SSHFrom == nil {
		ch.SSHFrom = adminNames(cfg)
	}
	if vf := f.VirtualFleet; vf != nil {
		if vf.Bots < 1 || vf.Bots > MaxVirtualFleetBots {
			c.add(k+".virtualFleet.bots", "%d is not allowed (allowed: 1-%d)", vf.Bots, MaxVirtualFleetBots)
		}
		if !reWGKey.MatchString(vf.CloudHubPublicKey) {
			c.add(k+".virtualFleet.cloudHubPublicKey", "%q is not a WireGuard public key (44 base64 characters; read jaia_cloudhub_wg_pubkey from the CloudHub's /etc/jaiabot/cloud.env after its first boot)", vf.CloudHubPublicKey)
		}
		if vf.InstanceType == "" {
			vf.InstanceType = DefaultVirtualFleetType
		}
		validateInstanceType(c, k+".virtualFleet.instanceType", vf.InstanceType, "amd64")
		if vf.DiskSizeGB == 0 {
			vf.DiskSizeGB = DefaultVirtualFleetDisk
		}
		if vf.DiskSizeGB < MinRootfsDiskSizeGB || vf.DiskSizeGB > maxDiskSizeGB {
			c.add(k+".virtualFleet.diskSizeGb", "%d is not allowed (allowed: %d-%d)", vf.DiskSizeGB, MinRootfsDiskSizeGB, maxDiskSizeGB)
		}
	}
	if f.DataBucket == "" {
		f.DataBucket = fmt.Sprintf("jaia--cloudhub-data--fleet%d", f.ID)
	}
	if !reBucket.MatchString(f.DataBucket) || strings.Contains(f.DataBucket, "..") {
		c.add(k+".dataBucket", "%q is not an S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)", f.DataBucket)
	}
	if f.Auth.SMTPCredentialsParameter == "" {
		f.Auth.SMTPCredentialsParameter = DefaultSMTPParameter
	}
	if !reSSMParameter.MatchString(f.Auth.SMTPCredentialsParameter) {
		c.add(k+".auth.smtpCredentialsParameter", "%q is not an SSM parameter name (/path/to/name)", f.Auth.SMTPCredentialsParameter)
	}
	if f.Auth.AdminEmail != "" && !strings.Contains(f.Auth.AdminEmail, "@") {
		c.add(k+".auth.adminEmail", "%q is not an e-mail address", f.Auth.AdminEmail)
	}
	if f.Auth.BaseURI != "" && !strings.HasPrefix(f.Auth.BaseURI, "https://") {
		c.add(k+".auth.baseUri", "%q must be an https:// URL", f.Auth.BaseURI)
	}
}
