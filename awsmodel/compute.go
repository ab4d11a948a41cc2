package awsmodel

import (
	"encoding/base64"
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"sort"
	"strings"
)

func init() {
	handlers[TypeInstance] = &handler{check: checkInstance, preflight: preflightInstance, create: createInstance, update: updateInstance, del: deleteInstance}
	handlers[TypeNetworkInterface] = &handler{check: checkEni, preflight: preflightEni, create: createEni, update: updateEni, del: deleteEni}
	handlers[TypeNetworkInterfaceAttach] = &handler{preflight: preflightEniAttach, create: createEniAttach, del: deleteEniAttach}
	handlers[TypeInstanceState] = &handler{check: checkInstanceState, preflight: preflightInstanceState, create: setInstanceState, update: setInstanceState}
	handlers[TypeEip] = &handler{check: checkEip, preflight: preflightEip, create: createEip, update: updateEip, del: deleteEip}
	handlers[TypeEipAssociation] = &handler{check: checkEipAssoc, preflight: preflightEipAssoc, create: createEipAssoc, del: deleteEipAssoc}
}

// UserDataLimit is the EC2 limit on raw user data (bytes).
const UserDataLimit = 16384

// ---- addresses ----

// addressesInUse maps every private IPv4 and IPv6 address held by a network interface in a VPC ("" = all VPCs) to
// its holder (the instance the interface belongs to, or the interface). Private IPv4 addresses are only unique
// within a VPC.
func (a *Account) addressesInUse(vpcID string) map[string]string {
	out := map[string]string{}
	for _, e := range a.List(TypeNetworkInterface) {
		if vpcID != "" && str(e.Internal, "vpcId") != vpcID {
			continue
		}
		holder := e.ID
		if e.ImplicitOf != "" {
			holder = e.ImplicitOf
		}
		for _, ip := range eniAddresses(e.Outputs) {
			out[ip] = holder
		}
	}
	return out
}

func eniAddresses(out map[string]any) []string {
	var all []string
	if p := str(out, "privateIp"); p != "" {
		all = append(all, p)
	}
	all = append(all, strList(out, "privateIps")...)
	all = append(all, strList(out, "ipv6Addresses")...)
	return all
}

func (a *Account) publicIPsInUse() map[string]bool {
	out := map[string]bool{}
	for _, e := range a.List(TypeEip) {
		out[str(e.Outputs, "publicIp")] = true
	}
	for _, i := range a.List(TypeInstance) {
		if p := str(i.Internal, "autoPublicIp"); p != "" {
			out[p] = true
		}
	}
	return out
}

func (a *Account) allocPublicIPv4(key string) string {
	used := a.publicIPsInUse()
	for gen := 0; gen < 4096; gen++ {
		ip := candidatePublicIPv4(key, gen).String()
		if !used[ip] {
			return ip
		}
	}
	panic("awsmodel: public IPv4 pool exhausted")
}

func (a *Account) allocPrivateIPv4(sub *Object, key string, taken map[string]bool) (string, error) {
	p, ok := prefixOf(sub, "cidrBlock")
	if !ok {
		return "", awsErr("InvalidSubnet", "subnet %s has no IPv4 CIDR block", sub.ID)
	}
	used := a.addressesInUse(str(sub.Outputs, "vpcId"))
	for gen := 0; gen < 4096; gen++ {
		ip, ok := candidateHostIPv4(p, key, gen)
		if !ok {
			break
		}
		if _, busy := used[ip.String()]; !busy && !taken[ip.String()] {
			return ip.String(), nil
		}
	}
	return "", awsErr("InsufficientFreeAddressesInSubnet", "There are not enough free addresses in subnet '%s' to satisfy the requested number of instances.", sub.ID)
}

func (a *Account) allocIPv6(sub *Object, key string, taken map[string]bool) (string, error) {
	p, ok := prefixOf(sub, "ipv6CidrBlock")
	if !ok {
		return "", awsErr("InvalidParameterValue", "The subnet %s has no IPv6 CIDR block; IPv6 addresses cannot be assigned.", sub.ID)
	}
	used := a.addressesInUse(str(sub.Outputs, "vpcId"))
	for gen := 0; ; gen++ {
		ip := candidateHostIPv6(p, key, gen).String()
		if _, busy := used[ip]; !busy && !taken[ip] {
			return ip, nil
		}
	}
}

// fixedIPv4 checks that addr may be given to an interface in sub (self: the interface that may already hold it).
func (a *Account) fixedIPv4(sub *Object, addr, self string) error {
	ip, err := netip.ParseAddr(addr)
	if err != nil || !ip.Is4() {
		return awsErr("InvalidParameterValue", "Invalid IPv4 address: %s", addr)
	}
	p, ok := prefixOf(sub, "cidrBlock")
	if !ok || !p.Contains(ip) {
		return awsErr("InvalidParameterValue", "Address %s does not fall within the subnet's address range (%s %s)", addr, sub.ID, p)
	}
	if ReservedIPv4(p, ip) {
		return awsErr("InvalidParameterValue", "Address %s is in subnet's reserved address range (%s)", addr, p)
	}
	if holder, busy := a.addressesInUse(str(sub.Outputs, "vpcId"))[ip.String()]; busy && holder != self {
		return awsErr("InvalidIPAddress.InUse", "Address %s is in use (by %s).", addr, holder)
	}
	return nil
}

func (a *Account) fixedIPv6(sub *Object, addr, self string) error {
	ip, err := netip.ParseAddr(addr)
	if err != nil || !ip.Is6() || ip.Is4In6() {
		return awsErr("InvalidParameterValue", "Invalid IPv6 address: %s", addr)
	}
	p, ok := prefixOf(sub, "ipv6CidrBlock")
	if !ok {
		return awsErr("InvalidParameterValue", "The subnet %s has no IPv6 CIDR block; you must specify an IPv6 address from the IPv6 CIDR block range of your subnet.", sub.ID)
	}
	if !p.Contains(ip) {
		return awsErr("InvalidParameterValue", "Address %s does not fall within the subnet's IPv6 address range (%s %s)", addr, sub.ID, p)
	}
	if holder, busy := a.addressesInUse("")[ip.String()]; busy && holder != self {
		return awsErr("InvalidIPAddress.InUse", "Address %s is in use (by %s).", addr, holder)
	}
	return nil
}

// canonicalIP renders an address the way AWS reports it (IPv6 compressed, lower case).
func canonicalIP(s string) string {
	if ip, err := netip.ParseAddr(s); err == nil {
		return ip.String()
	}
	return s
}

// ---- Instance ----

var (
	amiRe          = regexp.MustCompile(`^ami-[0-9a-f]{8}([0-9a-f]{9})?$`)
	instanceTypeRe = regexp.MustCompile(`^[a-z][a-z0-9-]*\.[a-z0-9]+$`)
)

func checkInstance(in map[string]any) []Failure {
	var f []Failure
	if !present(in, "ami") && !present(in, "launchTemplate") {
		f = append(f, Failure{"ami", "one of ami or launchTemplate must be specified"})
	}
	if !present(in, "instanceType") && !present(in, "launchTemplate") {
		f = append(f, Failure{"instanceType", "one of instanceType or launchTemplate must be specified"})
	}
	if s, ok := knownStr(in, "ami"); ok && !amiRe.MatchString(s) {
		f = append(f, Failure{"ami", fmt.Sprintf("InvalidAMIID.Malformed: Invalid id: %q (expecting \"ami-...\")", s)})
	}
	if s, ok := knownStr(in, "instanceType"); ok && !instanceTypeRe.MatchString(s) {
		f = append(f, Failure{"instanceType", fmt.Sprintf("%q is not an instance type", s)})
	}
	if s, ok := knownStr(in, "userData"); ok && len(s) > UserDataLimit {
		f = append(f, Failure{"userData", fmt.Sprintf("expected length of userData to be in the range (0 - %d), got %d", UserDataLimit, len(s))})
	}
	if s, ok := knownStr(in, "userDataBase64"); ok {
		if _, err := base64.StdEncoding.DecodeString(s); err != nil {
			f = append(f, Failure{"userDataBase64", "must be base64-encoded"})
		}
	}
	if s, ok := knownStr(in, "privateIp"); ok {
		if ip, err := netip.ParseAddr(s); err != nil || !ip.Is4() {
			f = append(f, Failure{"privateIp", fmt.Sprintf("expected privateIp to contain a valid IPv4 address, got: %s", s)})
		}
	}
	for i, s := range strList(in, "ipv6Addresses") {
		if s == Unknown {
			continue
		}
		if ip, err := netip.ParseAddr(s); err != nil || !ip.Is6() {
			f = append(f, Failure{fmt.Sprintf("ipv6Addresses[%d]", i), fmt.Sprintf("expected a valid IPv6 address, got: %s", s)})
		}
	}
	if m := obj(in, "metadataOptions"); m != nil {
		if t, ok := knownStr(m, "httpTokens"); ok && t != "optional" && t != "required" {
			f = append(f, Failure{"metadataOptions.httpTokens", "expected optional or required"})
		}
		if n, ok := integer(m, "httpPutResponseHopLimit"); ok && (n < 1 || n > 64) {
			f = append(f, Failure{"metadataOptions.httpPutResponseHopLimit", "expected 1..64"})
		}
	}
	if m := obj(in, "rootBlockDevice"); m != nil {
		if t, ok := knownStr(m, "volumeType"); ok && !slices.Contains([]string{"standard", "gp2", "gp3", "io1", "io2", "sc1", "st1"}, t) {
			f = append(f, Failure{"rootBlockDevice.volumeType", fmt.Sprintf("invalid volume type %q", t)})
		}
		if present(m, "tags") && present(in, "volumeTags") {
			f = append(f, Failure{"rootBlockDevice.tags", "conflicts with volumeTags"})
		}
	}
	return f
}

// instanceSubnet resolves where an instance (or its primary interface) goes.
func (c *opCtx) instanceSubnet() (*Object, *Object, error) {
	if nis := list(c.in, "networkInterfaces"); len(nis) > 0 {
		for _, ni := range nis {
			m, _ := ni.(map[string]any)
			if n, _ := integer(m, "deviceIndex"); n != 0 {
				continue
			}
			eniID := str(m, "networkInterfaceId")
			if IsUnknown(m["networkInterfaceId"]) || eniID == Unknown {
				return nil, nil, nil // created in the same run: known when the instance is
			}
			eni := c.a.inRegion(TypeNetworkInterface, eniID, c.region())
			if eni == nil {
				return nil, nil, awsErr("InvalidNetworkInterfaceID.NotFound", "The networkInterface ID '%s' does not exist", eniID)
			}
			// In use by another instance (a check of the instance itself runs on an account without it).
			if inst, _ := eniInstance(eni); inst != "" && c.a.Get(TypeInstance, inst) != nil {
				return nil, nil, awsErr("InvalidNetworkInterface.InUse", "Interface: [%s] in use.", eniID)
			}
			return c.a.Get(TypeSubnet, str(eni.Outputs, "subnetId")), eni, nil
		}
		return nil, nil, awsErr("InvalidParameterValue", "networkInterfaces needs an interface at deviceIndex 0")
	}
	if id, ok := knownStr(c.in, "subnetId"); ok {
		sub := c.a.inRegion(TypeSubnet, id, c.region())
		if sub == nil {
			return nil, nil, awsErr("InvalidSubnetID.NotFound", "The subnet ID '%s' does not exist", id)
		}
		return sub, nil, nil
	}
	if IsUnknown(c.in["subnetId"]) {
		return nil, nil, nil
	}
	sub := c.a.defaultSubnet(c.region())
	if sub == nil {
		return nil, nil, awsErr("VPCIdNotSpecified", "No default VPC for this user (region %s); specify subnetId.", c.region())
	}
	return sub, nil, nil
}

func (c *opCtx) checkSecurityGroups(key, vpcID string) ([]string, error) {
	ids := strList(c.in, key)
	for _, id := range ids {
		if id == Unknown {
			continue
		}
		sg := c.a.inRegion(TypeSecurityGroup, id, c.region())
		if sg == nil {
			return nil, awsErr("InvalidGroup.NotFound", "The security group '%s' does not exist", id)
		}
		if vpcID != "" && str(sg.Outputs, "vpcId") != vpcID {
			return nil, awsErr("InvalidParameter", "Security group %s and subnet belong to different networks.", id)
		}
	}
	if len(ids) == 0 && vpcID != "" {
		if vpc := c.a.Get(TypeVpc, vpcID); vpc != nil {
			ids = []string{str(vpc.Outputs, "defaultSecurityGroupId")}
		}
	}
	return ids, nil
}

func (c *opCtx) checkInstanceProfile() error {
	p, ok := knownStr(c.in, "iamInstanceProfile")
	if !ok || c.preflight {
		return nil
	}
	name := p
	if i := strings.LastIndex(p, "/"); strings.HasPrefix(p, "arn:") && i >= 0 {
		name = p[i+1:]
	}
	if c.a.Get(TypeInstanceProfile, name) == nil {
		return awsErr("InvalidParameterValue", "Value (%s) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name", p)
	}
	return nil
}

func userDataSize(in map[string]any) int {
	if s := str(in, "userData"); s != "" {
		return len(s)
	}
	if s := str(in, "userDataBase64"); s != "" {
		if b, err := base64.StdEncoding.DecodeString(s); err == nil {
			return len(b)
		}
	}
	return 0
}

func preflightInstance(c *opCtx) []Failure {
	if err := instanceRules(c); err != nil {
		return []Failure{{"", err.Error()}}
	}
	return nil
}

// instanceRules checks an instance's references and fixed addresses against the account.
func instanceRules(c *opCtx) error {
	sub, eni, err := c.instanceSubnet()
	if err != nil || sub == nil {
		return err
	}
	vpcID := str(sub.Outputs, "vpcId")
	if eni == nil {
		if _, err := c.checkSecurityGroups("vpcSecurityGroupIds", vpcID); err != nil {
			return err
		}
		if ip, ok := knownStr(c.in, "privateIp"); ok {
			if err := c.a.fixedIPv4(sub, ip, ""); err != nil {
				return err
			}
		}
		for _, ip := range strList(c.in, "secondaryPrivateIps") {
			if ip != Unknown {
				if err := c.a.fixedIPv4(sub, ip, ""); err != nil {
					return err
				}
			}
		}
		for _, ip := range strList(c.in, "ipv6Addresses") {
			// An address the resource already has (an existing or adopted instance) is its own.
			if ip != Unknown && !(c.preflight && slices.Contains(strList(c.old, "ipv6Addresses"), ip)) {
				if err := c.a.fixedIPv6(sub, ip, ""); err != nil {
					return err
				}
			}
		}
		if n, ok := integer(c.in, "ipv6AddressCount"); ok && n > 0 {
			if _, has6 := prefixOf(sub, "ipv6CidrBlock"); !has6 {
				return awsErr("InvalidParameterValue", "The subnet %s has no IPv6 CIDR block; ipv6AddressCount cannot be used.", sub.ID)
			}
		}
	}
	if err := c.checkInstanceProfile(); err != nil {
		return err
	}
	if n := userDataSize(c.in); n > UserDataLimit {
		return awsErr("InvalidParameterValue", "User data is limited to %d bytes (got %d).", UserDataLimit, n)
	}
	return nil
}

func createInstance(c *opCtx) error {
	if err := instanceRules(c); err != nil {
		return err
	}
	sub, eni, _ := c.instanceSubnet()
	r := c.region()
	c.id = c.a.newID("i-", c.typ, c.urn)
	vpcID := str(sub.Outputs, "vpcId")
	if eni == nil {
		sgs, _ := c.checkSecurityGroups("vpcSecurityGroupIds", vpcID)
		taken := map[string]bool{}
		primary := canonicalIP(str(c.in, "privateIp"))
		if primary == "" {
			var err error
			if primary, err = c.a.allocPrivateIPv4(sub, c.urn+"#"+c.id, taken); err != nil {
				return err
			}
		}
		taken[primary] = true
		var v6 []string
		for _, ip := range strList(c.in, "ipv6Addresses") {
			v6 = append(v6, canonicalIP(ip))
		}
		n6, hasCount := integer(c.in, "ipv6AddressCount")
		if !hasCount && len(v6) == 0 && boolean(sub.Outputs, "assignIpv6AddressOnCreation") {
			n6 = 1
		}
		for len(v6) < n6 {
			ip, err := c.a.allocIPv6(sub, fmt.Sprintf("%s#%s#%d", c.urn, c.id, len(v6)), taken)
			if err != nil {
				return err
			}
			taken[ip] = true
			v6 = append(v6, ip)
		}
		var secondaries []string
		for _, ip := range strList(c.in, "secondaryPrivateIps") {
			secondaries = append(secondaries, canonicalIP(ip))
		}
		eni = &Object{Type: TypeNetworkInterface, ID: c.a.newID("eni-", TypeNetworkInterface, c.urn+"#primary"), Region: r, ImplicitOf: c.id,
			Internal: map[string]any{"vpcId": vpcID}}
		eni.Inputs = map[string]any{"subnetId": sub.ID}
		eni.Outputs = eniOutputs(c.a, eni.ID, r, sub.ID, primary, append([]string{primary}, secondaries...), v6, sgs)
		c.a.put(eni)
		c.intern["primaryEniImplicit"] = true
		pub := boolean(c.in, "associatePublicIpAddress")
		if !present(c.in, "associatePublicIpAddress") {
			pub = boolean(sub.Outputs, "mapPublicIpOnLaunch")
		}
		if pub {
			c.intern["autoPublicIp"] = c.a.allocPublicIPv4(c.urn + "#" + c.id)
		}
		c.out["associatePublicIpAddress"] = pub
	}
	attachEni(eni, c.id, 0, HashID("eni-attach-", c.typ, c.id+"#0", 0))
	c.intern["primaryEni"] = eni.ID
	az := str(sub.Outputs, "availabilityZone")
	if want, ok := knownStr(c.in, "availabilityZone"); ok && want != az {
		return awsErr("InvalidParameterValue", "Availability zone %s does not match the subnet's zone %s", want, az)
	}
	c.out["availabilityZone"] = az
	c.out["subnetId"] = sub.ID
	c.out["arn"] = ARN("ec2", r, c.a.ID, "instance/"+c.id)
	c.out["instanceState"] = "running"
	c.out["primaryNetworkInterfaceId"] = eni.ID
	c.out["tenancy"] = strOr(c.in, "tenancy", "default")
	for k, v := range map[string]any{"disableApiTermination": false, "disableApiStop": false, "ebsOptimized": false,
		"monitoring": false, "sourceDestCheck": true, "getPasswordData": false, "userDataReplaceOnChange": false,
		"instanceInitiatedShutdownBehavior": "stop", "keyName": "", "hibernation": false, "placementGroup": "",
		"hostId": "", "iamInstanceProfile": "", "passwordData": "", "outpostArn": "", "instanceLifecycle": "",
		"spotInstanceRequestId": "", "securityGroups": []any{}} {
		setDefault(c.out, k, v)
	}
	c.out["metadataOptions"] = mergeDefaults(obj(c.in, "metadataOptions"), map[string]any{"httpEndpoint": "enabled",
		"httpProtocolIpv6": "disabled", "httpPutResponseHopLimit": 1.0, "httpTokens": "optional", "instanceMetadataTags": "disabled"})
	c.out["rootBlockDevice"] = rootDevice(c, obj(c.in, "rootBlockDevice"))
	c.out["cpuOptions"] = map[string]any{"amdSevSnp": "", "coreCount": 1.0, "threadsPerCore": 1.0}
	c.out["ebsBlockDevices"] = orEmptyList(c.in["ebsBlockDevices"])
	c.out["ephemeralBlockDevices"] = orEmptyList(c.in["ephemeralBlockDevices"])
	c.a.syncInstance(c.out, c.intern)
	return nil
}

func strOr(m map[string]any, k, def string) string {
	if s := str(m, k); s != "" {
		return s
	}
	return def
}

func orEmptyList(v any) any {
	if v == nil {
		return []any{}
	}
	return Copy(v)
}

func mergeDefaults(in, defaults map[string]any) map[string]any {
	out := CopyMap(defaults)
	for k, v := range in {
		if v != nil {
			out[k] = Copy(v)
		}
	}
	return out
}

func rootDevice(c *opCtx, in map[string]any) map[string]any {
	vt := strOr(in, "volumeType", "gp2")
	d := map[string]any{"deleteOnTermination": true, "deviceName": "/dev/sda1", "encrypted": false, "iops": 100.0,
		"kmsKeyId": "", "tags": map[string]any{}, "throughput": 0.0, "volumeSize": 8.0, "volumeType": vt,
		"volumeId": HashID("vol-", c.typ, c.id+"#root", 0)}
	if vt == "gp3" {
		d["iops"], d["throughput"] = 3000.0, 125.0
	}
	for k, v := range in {
		if v != nil {
			d[k] = Copy(v)
		}
	}
	if boolean(d, "encrypted") && str(d, "kmsKeyId") == "" {
		d["kmsKeyId"] = ARN("kms", c.region(), c.a.ID, "key/"+seedHex("ebs-default-key", c.region())[:8]+"-aws-ebs")
	}
	return d
}

// syncInstance copies the primary interface's addresses and the public address into an instance's outputs.
func (a *Account) syncInstance(out, intern map[string]any) {
	eni := a.Get(TypeNetworkInterface, str(intern, "primaryEni"))
	if eni == nil {
		return
	}
	region := eni.Region
	primary := str(eni.Outputs, "privateIp")
	out["privateIp"] = primary
	out["privateDns"] = dnsName(primary, region, false)
	var secondaries []string
	for _, ip := range strList(eni.Outputs, "privateIps") {
		if ip != primary {
			secondaries = append(secondaries, ip)
		}
	}
	sort.Strings(secondaries)
	out["secondaryPrivateIps"] = anyStrings(secondaries)
	v6 := strList(eni.Outputs, "ipv6Addresses")
	out["ipv6Addresses"] = anyStrings(v6)
	out["ipv6AddressCount"] = float64(len(v6))
	out["vpcSecurityGroupIds"] = anyStrings(strList(eni.Outputs, "securityGroups"))
	pub := str(intern, "autoPublicIp")
	if alloc := str(obj(eni.Internal, "eips"), primary); alloc != "" {
		if e := a.Get(TypeEip, alloc); e != nil {
			pub = str(e.Outputs, "publicIp")
		}
	}
	out["publicIp"] = pub
	out["publicDns"] = dnsName(pub, region, true)
	// The provider reads associate_public_ip_address back from the primary interface's public association, so an
	// Elastic IP makes it true ([tf] the perpetual-diff pitfall of terraform-provider-aws#47100).
	out["associatePublicIpAddress"] = pub != ""
}

// refreshInstance re-syncs a stored instance after one of its interfaces changed.
func (a *Account) refreshInstance(id string) {
	if i := a.Get(TypeInstance, id); i != nil {
		a.syncInstance(i.Outputs, i.Internal)
	}
}

func updateInstance(c *opCtx) error {
	old := c.obj.Outputs
	stopNeeded := (present(c.in, "instanceType") && str(c.in, "instanceType") != str(old, "instanceType")) ||
		(present(c.in, "userData") && UserDataHash(str(c.in, "userData")) != str(old, "userData")) ||
		(present(c.in, "userDataBase64") && str(c.in, "userDataBase64") != str(old, "userDataBase64"))
	if stopNeeded && boolean(old, "disableApiStop") {
		return awsErr("OperationNotPermitted", "The instance '%s' may not be stopped. Modify its 'disableApiStop' instance attribute and try again.", c.id)
	}
	if err := c.checkInstanceProfile(); err != nil {
		return err
	}
	if n := userDataSize(c.in); n > UserDataLimit {
		return awsErr("InvalidParameterValue", "User data is limited to %d bytes (got %d).", UserDataLimit, n)
	}
	if nr := obj(c.in, "rootBlockDevice"); nr != nil {
		oldSize, _ := number(obj(old, "rootBlockDevice"), "volumeSize")
		if n, ok := number(nr, "volumeSize"); ok && n < oldSize {
			return awsErr("InvalidParameterValue", "New size (%v) cannot be smaller than existing size (%v)", n, oldSize)
		}
		merged := CopyMap(obj(old, "rootBlockDevice"))
		for k, v := range nr {
			if v != nil {
				merged[k] = Copy(v)
			}
		}
		c.out["rootBlockDevice"] = merged
	}
	if m := obj(c.in, "metadataOptions"); m != nil {
		c.out["metadataOptions"] = mergeDefaults(m, obj(old, "metadataOptions"))
	}
	eni := c.a.Get(TypeNetworkInterface, str(c.intern, "primaryEni"))
	if eni != nil {
		sub := c.a.Get(TypeSubnet, str(eni.Outputs, "subnetId"))
		if present(c.in, "vpcSecurityGroupIds") {
			sgs, err := c.checkSecurityGroups("vpcSecurityGroupIds", str(eni.Internal, "vpcId"))
			if err != nil {
				return err
			}
			eni.Outputs["securityGroups"] = anyStrings(sgs)
		}
		if present(c.in, "secondaryPrivateIps") && sub != nil {
			primary := str(eni.Outputs, "privateIp")
			ips := []string{primary}
			for _, ip := range strList(c.in, "secondaryPrivateIps") {
				ip = canonicalIP(ip)
				if err := c.a.fixedIPv4(sub, ip, c.id); err != nil {
					return err
				}
				ips = append(ips, ip)
			}
			eni.Outputs["privateIps"] = anyStrings(ips)
		}
	}
	c.a.syncInstance(c.out, c.intern)
	return nil
}

func deleteInstance(c *opCtx) error {
	if boolean(c.obj.Outputs, "disableApiTermination") {
		return awsErr("OperationNotPermitted", "The instance '%s' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.", c.id)
	}
	for _, eni := range c.a.List(TypeNetworkInterface) {
		if !attachedTo(eni, c.id) {
			continue
		}
		// Terminating disassociates the interfaces' Elastic IPs (the association ids cease to exist).
		for _, alloc := range obj(eni.Internal, "eips") {
			if e := c.a.Get(TypeEip, fmt.Sprint(alloc)); e != nil {
				c.a.disassociateEIP(e)
			}
		}
		if eni.ImplicitOf == c.id {
			c.a.remove(TypeNetworkInterface, eni.ID)
			continue
		}
		detachEni(eni, c.id)
	}
	for _, att := range c.a.List(TypeNetworkInterfaceAttach) {
		if str(att.Outputs, "instanceId") == c.id {
			c.a.remove(TypeNetworkInterfaceAttach, att.ID)
		}
	}
	return nil
}

// ---- Network interfaces ----

func eniOutputs(a *Account, id, region, subnetID, primary string, privateIps, v6, sgs []string) map[string]any {
	return map[string]any{
		"subnetId": subnetID, "privateIp": primary, "privateIps": anyStrings(privateIps),
		"privateIpsCount": float64(len(privateIps) - 1), "ipv6Addresses": anyStrings(v6),
		"ipv6AddressCount": float64(len(v6)), "securityGroups": anyStrings(sgs), "attachments": []any{},
		"arn": ARN("ec2", region, a.ID, "network-interface/"+id), "macAddress": macAddress(id), "ownerId": a.ID,
		"privateDnsName": dnsName(primary, region, false), "sourceDestCheck": true, "interfaceType": "interface",
		"description": "", "ipv6AddressListEnabled": false, "privateIpListEnabled": false, "enablePrimaryIpv6": false,
		"ipv4Prefixes": []any{}, "ipv6Prefixes": []any{}, "ipv4PrefixCount": 0.0, "ipv6PrefixCount": 0.0,
		"ipv6AddressLists": []any{}, "privateIpLists": []any{}, "outpostArn": "",
	}
}

func attachEni(eni *Object, instanceID string, index int, attachmentID string) {
	l := list(eni.Outputs, "attachments")
	eni.Outputs["attachments"] = append(l, map[string]any{"instance": instanceID, "deviceIndex": float64(index),
		"attachmentId": attachmentID, "networkCardIndex": 0.0})
}

func detachEni(eni *Object, instanceID string) {
	var keep []any
	for _, at := range list(eni.Outputs, "attachments") {
		if m, ok := at.(map[string]any); ok && str(m, "instance") == instanceID {
			continue
		}
		keep = append(keep, at)
	}
	if keep == nil {
		keep = []any{}
	}
	eni.Outputs["attachments"] = keep
}

func attachedTo(eni *Object, instanceID string) bool {
	for _, at := range list(eni.Outputs, "attachments") {
		if m, ok := at.(map[string]any); ok && str(m, "instance") == instanceID {
			return true
		}
	}
	return false
}

func eniInstance(eni *Object) (string, int) {
	for _, at := range list(eni.Outputs, "attachments") {
		if m, ok := at.(map[string]any); ok {
			n, _ := integer(m, "deviceIndex")
			return str(m, "instance"), n
		}
	}
	return "", -1
}

func checkEni(in map[string]any) []Failure {
	var f []Failure
	for _, k := range []string{"privateIps", "privateIpLists"} {
		for i, s := range strList(in, k) {
			if s == Unknown {
				continue
			}
			if ip, err := netip.ParseAddr(s); err != nil || !ip.Is4() {
				f = append(f, Failure{fmt.Sprintf("%s[%d]", k, i), fmt.Sprintf("expected a valid IPv4 address, got: %s", s)})
			}
		}
	}
	for _, k := range []string{"ipv6Addresses", "ipv6AddressLists"} {
		for i, s := range strList(in, k) {
			if s == Unknown {
				continue
			}
			if ip, err := netip.ParseAddr(s); err != nil || !ip.Is6() {
				f = append(f, Failure{fmt.Sprintf("%s[%d]", k, i), fmt.Sprintf("expected a valid IPv6 address, got: %s", s)})
			}
		}
	}
	if present(in, "ipv6AddressLists") && !boolean(in, "ipv6AddressListEnabled") {
		f = append(f, Failure{"ipv6AddressLists", "requires ipv6AddressListEnabled = true"})
	}
	if present(in, "privateIpLists") && !boolean(in, "privateIpListEnabled") {
		f = append(f, Failure{"privateIpLists", "requires privateIpListEnabled = true"})
	}
	return f
}

// eniWanted returns the private IPv4 and IPv6 addresses an interface's inputs ask for.
func eniWanted(in map[string]any) (v4 []string, v6 []string) {
	if boolean(in, "privateIpListEnabled") {
		v4 = strList(in, "privateIpLists")
	} else {
		if p := str(in, "privateIp"); p != "" {
			v4 = append(v4, p)
		}
		ips := strList(in, "privateIps")
		sort.Strings(ips) // AWS picks the same primary from a set whatever its order
		for _, ip := range ips {
			if !slices.Contains(v4, ip) {
				v4 = append(v4, ip)
			}
		}
	}
	if boolean(in, "ipv6AddressListEnabled") {
		v6 = strList(in, "ipv6AddressLists")
	} else {
		v6 = strList(in, "ipv6Addresses")
	}
	for i := range v4 {
		v4[i] = canonicalIP(v4[i])
	}
	for i := range v6 {
		v6[i] = canonicalIP(v6[i])
	}
	return v4, v6
}

func preflightEni(c *opCtx) []Failure {
	if err := eniRules(c, ""); err != nil {
		return []Failure{{"", err.Error()}}
	}
	return nil
}

func eniRules(c *opCtx, self string) error {
	subID, ok := knownStr(c.in, "subnetId")
	if !ok {
		return nil
	}
	sub := c.a.inRegion(TypeSubnet, subID, c.region())
	if sub == nil {
		return awsErr("InvalidSubnetID.NotFound", "The subnet ID '%s' does not exist", subID)
	}
	if _, err := c.checkSecurityGroups("securityGroups", str(sub.Outputs, "vpcId")); err != nil {
		return err
	}
	v4, v6 := eniWanted(c.in)
	for _, ip := range v4 {
		if ip != Unknown {
			if err := c.a.fixedIPv4(sub, ip, self); err != nil {
				return err
			}
		}
	}
	for _, ip := range v6 {
		if ip != Unknown {
			if err := c.a.fixedIPv6(sub, ip, self); err != nil {
				return err
			}
		}
	}
	return nil
}

func createEni(c *opCtx) error {
	if err := eniRules(c, ""); err != nil {
		return err
	}
	sub := c.a.Get(TypeSubnet, str(c.in, "subnetId"))
	c.id = c.a.newID("eni-", c.typ, c.urn)
	sgs, _ := c.checkSecurityGroups("securityGroups", str(sub.Outputs, "vpcId"))
	v4, v6 := eniWanted(c.in)
	taken := map[string]bool{}
	for _, ip := range append(append([]string{}, v4...), v6...) {
		taken[ip] = true
	}
	if len(v4) == 0 {
		ip, err := c.a.allocPrivateIPv4(sub, c.urn+"#"+c.id, taken)
		if err != nil {
			return err
		}
		v4, taken[ip] = []string{ip}, true
	}
	if n, ok := integer(c.in, "privateIpsCount"); ok {
		for len(v4) < n+1 {
			ip, err := c.a.allocPrivateIPv4(sub, fmt.Sprintf("%s#%s#%d", c.urn, c.id, len(v4)), taken)
			if err != nil {
				return err
			}
			v4, taken[ip] = append(v4, ip), true
		}
	}
	n6, hasCount := integer(c.in, "ipv6AddressCount")
	if !hasCount && len(v6) == 0 && boolean(sub.Outputs, "assignIpv6AddressOnCreation") {
		n6 = 1
	}
	for len(v6) < n6 {
		ip, err := c.a.allocIPv6(sub, fmt.Sprintf("%s#%s#v6#%d", c.urn, c.id, len(v6)), taken)
		if err != nil {
			return err
		}
		v6, taken[ip] = append(v6, ip), true
	}
	base := eniOutputs(c.a, c.id, c.region(), sub.ID, v4[0], v4, v6, sgs)
	for k, v := range base {
		if k == "attachments" || !present(c.out, k) || k == "privateIps" || k == "ipv6Addresses" || k == "privateIp" {
			c.out[k] = v
		}
	}
	if boolean(c.in, "ipv6AddressListEnabled") {
		c.out["ipv6AddressLists"] = anyStrings(v6)
	}
	if boolean(c.in, "privateIpListEnabled") {
		c.out["privateIpLists"] = anyStrings(v4)
	}
	c.intern["vpcId"] = str(sub.Outputs, "vpcId")
	// Register the interface before attaching so the attachment helpers can see it.
	c.a.put(&Object{Type: c.typ, ID: c.id, Region: c.region(), Outputs: c.out, Internal: c.intern})
	for i, at := range list(c.in, "attachments") {
		m, _ := at.(map[string]any)
		idx, _ := integer(m, "deviceIndex")
		if err := c.a.attachToInstance(c.a.Get(c.typ, c.id), str(m, "instance"), idx, HashID("eni-attach-", c.typ, fmt.Sprintf("%s#%d", c.id, i), 0)); err != nil {
			return err
		}
	}
	c.out = c.a.Get(c.typ, c.id).Outputs
	return nil
}

// attachToInstance attaches an interface to an instance at a device index, with AWS's checks.
func (a *Account) attachToInstance(eni *Object, instanceID string, index int, attachmentID string) error {
	inst := a.inRegion(TypeInstance, instanceID, eni.Region)
	if inst == nil {
		return awsErr("InvalidInstanceID.NotFound", "The instance ID '%s' does not exist", instanceID)
	}
	if other, _ := eniInstance(eni); other != "" {
		return awsErr("InvalidNetworkInterface.InUse", "Interface: [%s] in use.", eni.ID)
	}
	for _, e := range a.List(TypeNetworkInterface) {
		for _, at := range list(e.Outputs, "attachments") {
			m, _ := at.(map[string]any)
			if n, _ := integer(m, "deviceIndex"); str(m, "instance") == instanceID && n == index {
				return awsErr("InvalidParameterValue", "Instance '%s' already has an interface attached at device index '%d'.", instanceID, index)
			}
		}
	}
	sub := a.Get(TypeSubnet, str(eni.Outputs, "subnetId"))
	if sub != nil && str(sub.Outputs, "availabilityZone") != str(inst.Outputs, "availabilityZone") {
		return awsErr("InvalidParameterCombination", "You may not attach a network interface to an instance if they are not in the same availability zone")
	}
	attachEni(eni, instanceID, index, attachmentID)
	return nil
}

func updateEni(c *opCtx) error {
	if err := eniRules(c, c.id); err != nil {
		return err
	}
	sub := c.a.Get(TypeSubnet, str(c.obj.Outputs, "subnetId"))
	eni := c.obj
	v4, v6 := eniWanted(c.in)
	// IPv6: unassign what is gone, assign what is new (AssignIpv6Addresses / UnassignIpv6Addresses) — in place.
	if !present(c.in, "ipv6Addresses") && !present(c.in, "ipv6AddressLists") {
		v6 = strList(eni.Outputs, "ipv6Addresses")
		if n, ok := integer(c.in, "ipv6AddressCount"); ok {
			for len(v6) > n {
				v6 = v6[:len(v6)-1]
			}
			taken := map[string]bool{}
			for len(v6) < n {
				ip, err := c.a.allocIPv6(sub, fmt.Sprintf("%s#%s#v6#%d", c.urn, c.id, len(v6)), taken)
				if err != nil {
					return err
				}
				v6, taken[ip] = append(v6, ip), true
			}
		}
	}
	primary := str(eni.Outputs, "privateIp")
	if len(v4) == 0 {
		v4 = strList(eni.Outputs, "privateIps")
	} else if !slices.Contains(v4, primary) {
		return awsErr("InvalidParameterValue", "The primary private IP %s of %s cannot be unassigned (the provider replaces the interface instead).", primary, c.id)
	} else {
		rest := []string{primary}
		for _, ip := range v4 {
			if ip != primary {
				rest = append(rest, ip)
			}
		}
		v4 = rest
	}
	c.out["privateIp"] = primary
	c.out["privateIps"] = anyStrings(v4)
	c.out["privateIpsCount"] = float64(len(v4) - 1)
	c.out["ipv6Addresses"] = anyStrings(v6)
	c.out["ipv6AddressCount"] = float64(len(v6))
	if boolean(c.in, "ipv6AddressListEnabled") {
		c.out["ipv6AddressLists"] = anyStrings(v6)
	}
	if present(c.in, "securityGroups") {
		sgs, err := c.checkSecurityGroups("securityGroups", str(c.intern, "vpcId"))
		if err != nil {
			return err
		}
		c.out["securityGroups"] = anyStrings(sgs)
	} else {
		c.out["securityGroups"] = Copy(eni.Outputs["securityGroups"])
	}
	c.out["attachments"] = Copy(eni.Outputs["attachments"])
	eni.Outputs = c.out
	if inst, _ := eniInstance(eni); inst != "" {
		c.a.refreshInstance(inst)
	}
	return nil
}

func deleteEni(c *opCtx) error {
	if inst, idx := eniInstance(c.obj); inst != "" {
		if idx == 0 || c.obj.ImplicitOf != "" {
			return awsErr("InvalidNetworkInterface.InUse", "The interface %s is the primary interface of %s and cannot be deleted.", c.id, inst)
		}
		if len(list(c.in, "attachments")) == 0 {
			return awsErr("InvalidNetworkInterface.InUse", "The interface %s is currently in use (attached to %s).", c.id, inst)
		}
		detachEni(c.obj, inst) // Terraform detaches the attachment it manages inline
	}
	for _, alloc := range obj(c.obj.Internal, "eips") {
		if e := c.a.Get(TypeEip, fmt.Sprint(alloc)); e != nil {
			c.a.disassociateEIP(e)
		}
	}
	return nil
}

// ---- Network interface attachments ----

func preflightEniAttach(c *opCtx) []Failure {
	inst, ok1 := knownStr(c.in, "instanceId")
	eniID, ok2 := knownStr(c.in, "networkInterfaceId")
	if ok1 && c.a.inRegion(TypeInstance, inst, c.region()) == nil {
		return []Failure{{"instanceId", fmt.Sprintf("InvalidInstanceID.NotFound: The instance ID '%s' does not exist", inst)}}
	}
	if ok2 && c.a.inRegion(TypeNetworkInterface, eniID, c.region()) == nil {
		return []Failure{{"networkInterfaceId", fmt.Sprintf("InvalidNetworkInterfaceID.NotFound: The networkInterface ID '%s' does not exist", eniID)}}
	}
	return nil
}

func createEniAttach(c *opCtx) error {
	eni := c.a.inRegion(TypeNetworkInterface, str(c.in, "networkInterfaceId"), c.region())
	if eni == nil {
		return awsErr("InvalidNetworkInterfaceID.NotFound", "The networkInterface ID '%s' does not exist", str(c.in, "networkInterfaceId"))
	}
	c.id = c.a.newID("eni-attach-", c.typ, c.urn)
	idx, _ := integer(c.in, "deviceIndex")
	if err := c.a.attachToInstance(eni, str(c.in, "instanceId"), idx, c.id); err != nil {
		return err
	}
	c.a.refreshInstance(str(c.in, "instanceId"))
	c.out["attachmentId"] = c.id
	c.out["status"] = "attached"
	return nil
}

func deleteEniAttach(c *opCtx) error {
	eni := c.a.Get(TypeNetworkInterface, str(c.obj.Outputs, "networkInterfaceId"))
	if eni != nil {
		detachEni(eni, str(c.obj.Outputs, "instanceId"))
	}
	return nil
}

// ---- Elastic IPs ----

func checkEip(in map[string]any) []Failure {
	if d, ok := knownStr(in, "domain"); ok && d != "vpc" && d != "standard" {
		return []Failure{{"domain", "expected vpc or standard"}}
	}
	if d, ok := knownStr(in, "domain"); ok && d == "standard" {
		return []Failure{{"domain", "with the retirement of EC2-Classic standard domain EC2 EIPs are no longer supported"}}
	}
	return nil
}

func preflightEip(c *opCtx) []Failure {
	if err := eipQuota(c); err != nil {
		return []Failure{{"", err.Error()}}
	}
	return nil
}

// EIPQuotaDefault is AWS's default Elastic IP quota per region.
const EIPQuotaDefault = 5

func eipQuota(c *opCtx) error {
	quota := c.a.EIPQuota[c.region()]
	if quota == 0 {
		quota = EIPQuotaDefault
	}
	n := 0
	for _, e := range c.a.List(TypeEip) {
		if e.Region == c.region() {
			n++
		}
	}
	if n >= quota {
		return awsErr("AddressLimitExceeded", "The maximum number of addresses has been reached (%d in %s).", quota, c.region())
	}
	return nil
}

func createEip(c *opCtx) error {
	if err := eipQuota(c); err != nil {
		return err
	}
	c.id = c.a.newID("eipalloc-", c.typ, c.urn)
	r := c.region()
	pub := str(c.in, "address")
	if pub == "" {
		pub = c.a.allocPublicIPv4(c.urn + "#" + c.id)
	} else if c.a.publicIPsInUse()[pub] {
		return awsErr("InvalidAddress.InUse", "Address %s is already allocated.", pub)
	}
	c.out["allocationId"] = c.id
	c.out["publicIp"] = pub
	c.out["publicDns"] = dnsName(pub, r, true)
	c.out["arn"] = ARN("ec2", r, c.a.ID, "elastic-ip/"+c.id)
	c.out["domain"] = "vpc"
	setDefault(c.out, "publicIpv4Pool", "amazon")
	setDefault(c.out, "networkBorderGroup", r)
	for _, k := range []string{"associationId", "instance", "networkInterface", "privateIp", "privateDns", "carrierIp",
		"customerOwnedIp", "customerOwnedIpv4Pool", "ptrRecord", "ipamPoolId"} {
		setDefault(c.out, k, "")
	}
	setDefault(c.out, "vpc", true)
	if inst, eni := str(c.in, "instance"), str(c.in, "networkInterface"); inst != "" || eni != "" {
		e := &Object{Type: c.typ, ID: c.id, Region: r, Outputs: c.out, Internal: c.intern}
		c.a.put(e)
		if _, err := c.a.associateEIP(e, inst, eni, str(c.in, "associateWithPrivateIp"), false, HashID("eipassoc-", c.typ, c.id, 0)); err != nil {
			return err
		}
	}
	return nil
}

func updateEip(c *opCtx) error {
	changed := false
	for _, k := range []string{"instance", "networkInterface", "associateWithPrivateIp"} {
		if str(c.in, k) != str(c.old, k) {
			changed = true
		}
	}
	if !changed {
		return nil
	}
	e := c.obj
	e.Outputs = c.out
	if str(e.Outputs, "associationId") != "" {
		c.a.disassociateEIP(e)
	}
	if inst, eni := str(c.in, "instance"), str(c.in, "networkInterface"); inst != "" || eni != "" {
		if _, err := c.a.associateEIP(e, inst, eni, str(c.in, "associateWithPrivateIp"), false, HashID("eipassoc-", c.typ, c.urn+"#"+inst+eni, 0)); err != nil {
			return err
		}
	}
	c.out = e.Outputs
	return nil
}

func deleteEip(c *opCtx) error {
	// Terraform disassociates first, then releases.
	if str(c.obj.Outputs, "associationId") != "" {
		c.a.disassociateEIP(c.obj)
	}
	return nil
}

// associateEIP associates an allocation with an instance's primary interface or with an interface; it returns the
// association id. AWS rules: the target's VPC needs an internet gateway; the private address must belong to the
// interface; an Elastic IP already on that private address is replaced.
//
// An allocation that is already associated moves to the new target ("reassociation is automatic" in VPC-only
// accounts) and its old association ceases to exist — unless the caller sends AllowReassociation=false
// (failIfAssociated), which Terraform never does: it only sends allow_reassociation when it is true (GetOk).
func (a *Account) associateEIP(e *Object, instanceID, eniID, privateIP string, failIfAssociated bool, assocID string) (string, error) {
	if cur := str(e.Outputs, "associationId"); cur != "" {
		if failIfAssociated {
			return "", awsErr("Resource.AlreadyAssociated", "resource %s is already associated with associate-id %s", e.ID, cur)
		}
		a.disassociateEIP(e)
	}
	var eni *Object
	switch {
	case eniID != "":
		eni = a.inRegion(TypeNetworkInterface, eniID, e.Region)
		if eni == nil {
			return "", awsErr("InvalidNetworkInterfaceID.NotFound", "The networkInterface ID '%s' does not exist", eniID)
		}
	case instanceID != "":
		inst := a.inRegion(TypeInstance, instanceID, e.Region)
		if inst == nil {
			return "", awsErr("InvalidInstanceID.NotFound", "The instance ID '%s' does not exist", instanceID)
		}
		eni = a.Get(TypeNetworkInterface, str(inst.Internal, "primaryEni"))
		if eni == nil {
			return "", awsErr("InvalidInstanceID", "The instance '%s' has no network interface", instanceID)
		}
	default:
		return "", awsErr("MissingParameter", "Either instanceId or networkInterfaceId must be specified")
	}
	vpcID := str(eni.Internal, "vpcId")
	hasIgw := false
	for _, g := range a.List(TypeInternetGateway) {
		if str(g.Outputs, "vpcId") == vpcID {
			hasIgw = true
		}
	}
	if !hasIgw {
		return "", awsErr("Gateway.NotAttached", "Network %s is not attached to any internet gateway", vpcID)
	}
	if privateIP == "" {
		privateIP = str(eni.Outputs, "privateIp")
	}
	privateIP = canonicalIP(privateIP)
	if !slices.Contains(strList(eni.Outputs, "privateIps"), privateIP) && str(eni.Outputs, "privateIp") != privateIP {
		return "", awsErr("InvalidParameterValue", "Address %s is not assigned to interface %s", privateIP, eni.ID)
	}
	if prev := str(obj(eni.Internal, "eips"), privateIP); prev != "" && prev != e.ID {
		if p := a.Get(TypeEip, prev); p != nil {
			a.disassociateEIP(p)
		}
	}
	inst, _ := eniInstance(eni)
	e.Outputs["associationId"] = assocID
	e.Outputs["instance"] = inst
	e.Outputs["networkInterface"] = eni.ID
	e.Outputs["privateIp"] = privateIP
	e.Outputs["privateDns"] = dnsName(privateIP, e.Region, false)
	if eni.Internal == nil {
		eni.Internal = map[string]any{}
	}
	m := obj(eni.Internal, "eips")
	if m == nil {
		m = map[string]any{}
		eni.Internal["eips"] = m
	}
	m[privateIP] = e.ID
	if inst != "" {
		a.refreshInstance(inst)
	}
	return assocID, nil
}

// disassociateEIP ends an allocation's association (and the EipAssociation object that made it, which ceases to
// exist in AWS).
func (a *Account) disassociateEIP(e *Object) {
	assoc := str(e.Outputs, "associationId")
	if eni := a.Get(TypeNetworkInterface, str(e.Outputs, "networkInterface")); eni != nil {
		delete(obj(eni.Internal, "eips"), str(e.Outputs, "privateIp"))
	}
	inst := str(e.Outputs, "instance")
	for _, k := range []string{"associationId", "instance", "networkInterface", "privateIp", "privateDns"} {
		e.Outputs[k] = ""
	}
	if assoc != "" && a.Get(TypeEipAssociation, assoc) != nil {
		a.remove(TypeEipAssociation, assoc)
	}
	if inst != "" {
		a.refreshInstance(inst)
	}
}

func checkEipAssoc(in map[string]any) []Failure {
	var f []Failure
	if !present(in, "allocationId") && !present(in, "publicIp") {
		f = append(f, Failure{"allocationId", "one of allocationId or publicIp must be specified"})
	}
	if !present(in, "instanceId") && !present(in, "networkInterfaceId") {
		f = append(f, Failure{"instanceId", "one of instanceId or networkInterfaceId must be specified"})
	}
	if s, ok := knownStr(in, "allocationId"); ok && !strings.HasPrefix(s, "eipalloc-") {
		f = append(f, Failure{"allocationId", fmt.Sprintf("InvalidAllocationID.Malformed: Invalid id: %q (expecting \"eipalloc-...\")", s)})
	}
	return f
}

func (c *opCtx) eipForAssoc() (*Object, error) {
	if alloc, ok := knownStr(c.in, "allocationId"); ok {
		e := c.a.inRegion(TypeEip, alloc, c.region())
		if e == nil {
			return nil, awsErr("InvalidAllocationID.NotFound", "The allocation ID '%s' does not exist", alloc)
		}
		return e, nil
	}
	if pub, ok := knownStr(c.in, "publicIp"); ok {
		for _, e := range c.a.List(TypeEip) {
			if e.Region == c.region() && str(e.Outputs, "publicIp") == pub {
				return e, nil
			}
		}
		return nil, awsErr("InvalidAddress.NotFound", "Address '%s' not found.", pub)
	}
	return nil, nil
}

func preflightEipAssoc(c *opCtx) []Failure {
	if _, err := c.eipForAssoc(); err != nil {
		return []Failure{{"allocationId", err.Error()}}
	}
	if inst, ok := knownStr(c.in, "instanceId"); ok && c.a.inRegion(TypeInstance, inst, c.region()) == nil {
		return []Failure{{"instanceId", fmt.Sprintf("InvalidInstanceID.NotFound: The instance ID '%s' does not exist", inst)}}
	}
	return nil
}

func createEipAssoc(c *opCtx) error {
	e, err := c.eipForAssoc()
	if err != nil {
		return err
	}
	c.id = c.a.newID("eipassoc-", c.typ, c.urn)
	if _, err := c.a.associateEIP(e, str(c.in, "instanceId"), str(c.in, "networkInterfaceId"), str(c.in, "privateIpAddress"), false, c.id); err != nil {
		return err
	}
	c.out["allocationId"] = e.ID
	c.out["publicIp"] = str(e.Outputs, "publicIp")
	c.out["instanceId"] = str(e.Outputs, "instance")
	c.out["networkInterfaceId"] = str(e.Outputs, "networkInterface")
	c.out["privateIpAddress"] = str(e.Outputs, "privateIp")
	setDefault(c.out, "allowReassociation", false)
	return nil
}

func deleteEipAssoc(c *opCtx) error {
	e := c.a.Get(TypeEip, str(c.obj.Outputs, "allocationId"))
	if e != nil && str(e.Outputs, "associationId") == c.id {
		c.a.disassociateEIP(e)
	}
	return nil
}

// ---- Instance state (aws_ec2_instance_state) ----

func checkInstanceState(in map[string]any) []Failure {
	if s, ok := knownStr(in, "state"); ok && s != "running" && s != "stopped" {
		return []Failure{{"state", fmt.Sprintf("expected state to be one of [running stopped], got %s", s)}}
	}
	return nil
}

func preflightInstanceState(c *opCtx) []Failure {
	if id, ok := knownStr(c.in, "instanceId"); ok && c.a.inRegion(TypeInstance, id, c.region()) == nil {
		return []Failure{{"instanceId", fmt.Sprintf("InvalidInstanceID.NotFound: The instance ID '%s' does not exist", id)}}
	}
	return nil
}

// setInstanceState starts or stops the instance (StartInstances / StopInstances) and waits for the state. A stopped
// instance keeps its interfaces, their addresses and its Elastic IP associations.
func setInstanceState(c *opCtx) error {
	id := str(c.in, "instanceId")
	inst := c.a.inRegion(TypeInstance, id, c.region())
	if inst == nil {
		return awsErr("InvalidInstanceID.NotFound", "The instance ID '%s' does not exist", id)
	}
	want := str(c.in, "state")
	if want == "stopped" && boolean(inst.Outputs, "disableApiStop") {
		return awsErr("OperationNotPermitted", "The instance '%s' may not be stopped. Modify its 'disableApiStop' instance attribute and try again.", id)
	}
	inst.Outputs["instanceState"] = want
	c.id = id
	setDefault(c.out, "force", false)
	return nil
}
