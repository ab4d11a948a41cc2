package awsmodel

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/netip"
	"regexp"
	"slices"
	"strings"
)

func init() {
	handlers[TypeVpc] = &handler{check: checkVpc, preflight: preflightVpc, create: createVpc, update: updateVpc, del: deleteVpc}
	handlers[TypeSubnet] = &handler{check: checkSubnet, preflight: preflightSubnet, create: createSubnet, update: updateSubnet, del: deleteSubnet}
	handlers[TypeInternetGateway] = &handler{preflight: preflightIgw, create: createIgw, update: updateIgw, del: deleteIgw}
	handlers[TypeRouteTable] = &handler{check: checkRouteTable, preflight: preflightRouteTable, create: createRouteTable, update: updateRouteTable, del: deleteRouteTable}
	handlers[TypeRouteTableAssociation] = &handler{preflight: preflightRta, create: createRta, update: updateRta, del: deleteRta}
	handlers[TypeSecurityGroup] = &handler{check: checkSecurityGroup, preflight: preflightSecurityGroup, create: createSecurityGroup, update: updateSecurityGroup, del: deleteSecurityGroup}
	for _, t := range []string{TypeSecurityGroupIngressRule, TypeSecurityGroupEgressRule} {
		handlers[t] = &handler{check: checkSgRule, preflight: preflightSgRule, create: createSgRule, update: updateSgRule, del: nil}
	}
}

// ---- helpers ----

func parsePrefix(s string) (netip.Prefix, bool) {
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, false
	}
	return p, true
}

func isNetworkPrefix(s string, v6 bool) bool {
	p, ok := parsePrefix(s)
	return ok && p.Addr().Is6() == v6 && p.Masked() == p
}

func prefixOf(o *Object, key string) (netip.Prefix, bool) {
	if o == nil {
		return netip.Prefix{}, false
	}
	return parsePrefix(str(o.Outputs, key))
}

func within(inner, outer netip.Prefix) bool {
	return inner.Bits() >= outer.Bits() && outer.Contains(inner.Addr())
}

// defaultVpc returns the region's default VPC, if the account has one.
func (a *Account) defaultVpc(region string) *Object {
	for _, o := range a.List(TypeVpc) {
		if o.Region == region && boolean(o.Internal, "isDefault") {
			return o
		}
	}
	return nil
}

// defaultSubnet returns the default subnet of the region's default VPC (the first AZ that has one).
func (a *Account) defaultSubnet(region string) *Object {
	vpc := a.defaultVpc(region)
	if vpc == nil {
		return nil
	}
	for _, o := range a.List(TypeSubnet) {
		if str(o.Outputs, "vpcId") == vpc.ID && boolean(o.Internal, "defaultForAz") {
			return o
		}
	}
	return nil
}

func (a *Account) inRegion(typ, id, region string) *Object {
	o := a.Get(typ, id)
	if o == nil || (region != "" && o.Region != region) {
		return nil
	}
	return o
}

// ---- VPC ----

func checkVpc(in map[string]any) []Failure {
	var f []Failure
	if s, ok := knownStr(in, "cidrBlock"); ok {
		if p, ok := parsePrefix(s); !ok || !p.Addr().Is4() || p.Masked() != p {
			f = append(f, Failure{"cidrBlock", fmt.Sprintf("%q is not a valid IPv4 CIDR network address", s)})
		}
	} else if !present(in, "cidrBlock") && !present(in, "ipv4IpamPoolId") {
		f = append(f, Failure{"cidrBlock", "one of cidrBlock or ipv4IpamPoolId must be specified"})
	}
	if t, ok := knownStr(in, "instanceTenancy"); ok && t != "default" && t != "dedicated" {
		f = append(f, Failure{"instanceTenancy", "expected default or dedicated"})
	}
	return f
}

func preflightVpc(c *opCtx) []Failure {
	if s, ok := knownStr(c.in, "cidrBlock"); ok {
		if p, ok := parsePrefix(s); ok && (p.Bits() < 16 || p.Bits() > 28) {
			return []Failure{{"cidrBlock", fmt.Sprintf("InvalidVpc.Range: The CIDR '%s' is invalid (the netmask must be between /16 and /28)", s)}}
		}
	}
	return nil
}

func createVpc(c *opCtx) error {
	if f := preflightVpc(c); len(f) > 0 {
		return awsErr("InvalidVpc.Range", "%s", f[0].Reason)
	}
	c.id = c.a.newID("vpc-", c.typ, c.urn)
	r := c.region()
	c.out["arn"] = ARN("ec2", r, c.a.ID, "vpc/"+c.id)
	c.out["ownerId"] = c.a.ID
	setDefault(c.out, "enableDnsSupport", true)
	setDefault(c.out, "enableDnsHostnames", false)
	setDefault(c.out, "enableNetworkAddressUsageMetrics", false)
	setDefault(c.out, "instanceTenancy", "default")
	setDefault(c.out, "assignGeneratedIpv6CidrBlock", false)
	c.out["dhcpOptionsId"] = "dopt-0" + seedHex("dopt", r)[:16]
	c.out["defaultNetworkAclId"] = HashID("acl-", c.typ, c.id, 0)
	c.out["ipv6AssociationId"] = ""
	c.out["ipv6CidrBlock"] = ""
	if boolean(c.in, "assignGeneratedIpv6CidrBlock") {
		c.a.assignVpcIPv6(c)
	}
	// AWS creates a default security group and a main route table with every VPC.
	sg := &Object{Type: TypeSecurityGroup, ID: c.a.newID("sg-", TypeSecurityGroup, c.urn+"#default"), Region: r, ImplicitOf: c.id,
		Inputs: map[string]any{"name": "default", "vpcId": c.id, "description": "default VPC security group"}}
	sg.Outputs = CopyMap(sg.Inputs)
	sg.Outputs["arn"] = ARN("ec2", r, c.a.ID, "security-group/"+sg.ID)
	sg.Outputs["ownerId"] = c.a.ID
	c.a.put(sg)
	rt := &Object{Type: TypeRouteTable, ID: c.a.newID("rtb-", TypeRouteTable, c.urn+"#main"), Region: r, ImplicitOf: c.id,
		Inputs: map[string]any{"vpcId": c.id}, Internal: map[string]any{"main": true}}
	rt.Outputs = map[string]any{"vpcId": c.id, "routes": []any{}, "arn": ARN("ec2", r, c.a.ID, "route-table/"+rt.ID), "ownerId": c.a.ID}
	c.a.put(rt)
	c.out["defaultSecurityGroupId"] = sg.ID
	c.out["mainRouteTableId"] = rt.ID
	c.out["defaultRouteTableId"] = rt.ID
	return nil
}

// assignVpcIPv6 gives the VPC an Amazon-provided /56 that no other VPC in the account has.
func (a *Account) assignVpcIPv6(c *opCtx) {
	used := map[netip.Prefix]bool{}
	for _, v := range a.List(TypeVpc) {
		if p, ok := prefixOf(v, "ipv6CidrBlock"); ok {
			used[p] = true
		}
	}
	for gen := 0; ; gen++ {
		p := candidateVpcIPv6(c.region(), c.urn+"#"+c.id, gen)
		if !used[p] {
			c.out["ipv6CidrBlock"] = p.String()
			c.out["ipv6AssociationId"] = HashID("vpc-cidr-assoc-", c.typ, c.id+p.String(), 0)
			setDefault(c.out, "ipv6CidrBlockNetworkBorderGroup", c.region())
			return
		}
	}
}

func updateVpc(c *opCtx) error {
	was := boolean(c.old, "assignGeneratedIpv6CidrBlock") || str(c.obj.Outputs, "ipv6CidrBlock") != ""
	now := boolean(c.in, "assignGeneratedIpv6CidrBlock")
	switch {
	case now && !was:
		c.a.assignVpcIPv6(c)
	case !now && was && present(c.in, "assignGeneratedIpv6CidrBlock"):
		for _, s := range c.a.List(TypeSubnet) {
			if str(s.Outputs, "vpcId") == c.id && str(s.Outputs, "ipv6CidrBlock") != "" {
				return awsErr("InvalidCidrBlock.InUse", "The vpc CIDR block %s cannot be disassociated: subnet %s uses part of it", str(c.obj.Outputs, "ipv6CidrBlock"), s.ID)
			}
		}
		c.out["ipv6CidrBlock"] = ""
		c.out["ipv6AssociationId"] = ""
	}
	return nil
}

func deleteVpc(c *opCtx) error {
	var deps []string
	for _, t := range []string{TypeSubnet, TypeSecurityGroup, TypeRouteTable, TypeInternetGateway, TypeNetworkInterface} {
		for _, o := range c.a.List(t) {
			if str(o.Outputs, "vpcId") == c.id && o.ImplicitOf != c.id {
				deps = append(deps, o.ID)
			}
		}
	}
	if len(deps) > 0 {
		return awsErr("DependencyViolation", "The vpc '%s' has dependencies and cannot be deleted (%s).", c.id, strings.Join(deps, ", "))
	}
	for _, t := range []string{TypeSecurityGroup, TypeRouteTable} {
		for _, o := range c.a.List(t) {
			if o.ImplicitOf == c.id {
				c.a.remove(t, o.ID)
			}
		}
	}
	return nil
}

// ---- Subnet ----

func checkSubnet(in map[string]any) []Failure {
	var f []Failure
	if s, ok := knownStr(in, "cidrBlock"); ok && !isNetworkPrefix(s, false) {
		f = append(f, Failure{"cidrBlock", fmt.Sprintf("%q is not a valid IPv4 CIDR network address", s)})
	}
	if !present(in, "cidrBlock") && !present(in, "ipv4IpamPoolId") && !boolean(in, "ipv6Native") {
		f = append(f, Failure{"cidrBlock", "cidrBlock is required (the model does not simulate IPAM)"})
	}
	if s, ok := knownStr(in, "ipv6CidrBlock"); ok {
		if p, ok := parsePrefix(s); !ok || !p.Addr().Is6() || p.Masked() != p {
			f = append(f, Failure{"ipv6CidrBlock", fmt.Sprintf("%q is not a valid IPv6 CIDR network address", s)})
		} else if p.Bits() != 64 {
			f = append(f, Failure{"ipv6CidrBlock", fmt.Sprintf("%q: a subnet's IPv6 CIDR block must be a /64", s)})
		}
	}
	return f
}

func preflightSubnet(c *opCtx) []Failure {
	vpcID, ok := knownStr(c.in, "vpcId")
	if !ok {
		return nil
	}
	vpc := c.a.inRegion(TypeVpc, vpcID, c.region())
	if vpc == nil {
		return []Failure{{"vpcId", fmt.Sprintf("InvalidVpcID.NotFound: The vpc ID '%s' does not exist", vpcID)}}
	}
	if err := subnetRules(c, vpc, c.id); err != nil {
		return []Failure{{"", err.Error()}}
	}
	return nil
}

// subnetRules checks a subnet's blocks against its VPC and the VPC's other subnets (self is skipped).
func subnetRules(c *opCtx, vpc *Object, self string) error {
	vpc4, _ := prefixOf(vpc, "cidrBlock")
	if s, ok := knownStr(c.in, "cidrBlock"); ok {
		p, _ := parsePrefix(s)
		if p.Bits() < 16 || p.Bits() > 28 || !within(p, vpc4) {
			return awsErr("InvalidSubnet.Range", "The CIDR '%s' is invalid for VPC %s (%s).", s, vpc.ID, vpc4)
		}
		for _, o := range c.a.List(TypeSubnet) {
			if o.ID == self || str(o.Outputs, "vpcId") != vpc.ID {
				continue
			}
			if q, ok := prefixOf(o, "cidrBlock"); ok && q.Overlaps(p) {
				return awsErr("InvalidSubnet.Conflict", "The CIDR '%s' conflicts with another subnet (%s, %s).", s, o.ID, q)
			}
		}
	}
	if s, ok := knownStr(c.in, "ipv6CidrBlock"); ok {
		p, _ := parsePrefix(s)
		vpc6, has6 := prefixOf(vpc, "ipv6CidrBlock")
		if !has6 {
			return awsErr("InvalidParameterValue", "The VPC %s has no IPv6 CIDR block, so subnet IPv6 block %s cannot be associated.", vpc.ID, s)
		}
		if !within(p, vpc6) {
			return awsErr("InvalidSubnet.Range", "The IPv6 CIDR '%s' is not within the VPC's IPv6 block %s.", s, vpc6)
		}
		for _, o := range c.a.List(TypeSubnet) {
			if o.ID == self || str(o.Outputs, "vpcId") != vpc.ID {
				continue
			}
			if q, ok := prefixOf(o, "ipv6CidrBlock"); ok && q.Overlaps(p) {
				return awsErr("InvalidSubnet.Conflict", "The IPv6 CIDR '%s' conflicts with subnet %s.", s, o.ID)
			}
		}
	}
	if az, ok := knownStr(c.in, "availabilityZone"); ok && !slices.Contains(AvailabilityZones(c.region()), az) {
		return awsErr("InvalidParameterValue", "Value (%s) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: %s.", az, strings.Join(AvailabilityZones(c.region()), ", "))
	}
	return nil
}

func createSubnet(c *opCtx) error {
	vpc := c.a.inRegion(TypeVpc, str(c.in, "vpcId"), c.region())
	if vpc == nil {
		return awsErr("InvalidVpcID.NotFound", "The vpc ID '%s' does not exist", str(c.in, "vpcId"))
	}
	if err := subnetRules(c, vpc, ""); err != nil {
		return err
	}
	c.id = c.a.newID("subnet-", c.typ, c.urn)
	r := c.region()
	az := str(c.in, "availabilityZone")
	if az == "" {
		zones := AvailabilityZones(r)
		az = zones[seedUint("az", c.urn)%uint64(len(zones))]
	}
	c.out["availabilityZone"] = az
	c.out["availabilityZoneId"] = azID(az)
	c.out["arn"] = ARN("ec2", r, c.a.ID, "subnet/"+c.id)
	c.out["ownerId"] = c.a.ID
	for _, k := range []string{"assignIpv6AddressOnCreation", "mapPublicIpOnLaunch", "enableDns64",
		"enableResourceNameDnsAaaaRecordOnLaunch", "enableResourceNameDnsARecordOnLaunch", "ipv6Native", "mapCustomerOwnedIpOnLaunch"} {
		setDefault(c.out, k, false)
	}
	setDefault(c.out, "privateDnsHostnameTypeOnLaunch", "ip-name")
	setDefault(c.out, "ipv6CidrBlock", "")
	c.out["ipv6CidrBlockAssociationId"] = ""
	if str(c.in, "ipv6CidrBlock") != "" {
		c.out["ipv6CidrBlockAssociationId"] = HashID("subnet-cidr-assoc-", c.typ, c.id+str(c.in, "ipv6CidrBlock"), 0)
	}
	return nil
}

func updateSubnet(c *opCtx) error {
	vpc := c.a.Get(TypeVpc, str(c.obj.Outputs, "vpcId"))
	oldV6 := str(c.obj.Outputs, "ipv6CidrBlock")
	newV6 := str(c.in, "ipv6CidrBlock")
	if present(c.in, "ipv6CidrBlock") && newV6 != oldV6 {
		if oldV6 != "" {
			old, _ := parsePrefix(oldV6)
			// Terraform AWS v5 disassociates the old block first; AWS refuses while addresses from it are in use or
			// while the subnet assigns IPv6 addresses on creation.
			if boolean(c.obj.Outputs, "assignIpv6AddressOnCreation") {
				return awsErr("InvalidCidrBlock.InUse", "The subnet CIDR block %s cannot be disassociated while assignIpv6AddressOnCreation is enabled on %s.", oldV6, c.id)
			}
			for addr, holder := range c.a.addressesInUse(str(c.obj.Outputs, "vpcId")) {
				if ip, err := netip.ParseAddr(addr); err == nil && old.Contains(ip) {
					return awsErr("InvalidCidrBlock.InUse", "The subnet CIDR block %s cannot be disassociated: %s uses %s.", oldV6, holder, addr)
				}
			}
		}
		if vpc != nil {
			if err := subnetRules(c, vpc, c.id); err != nil {
				return err
			}
		}
		c.out["ipv6CidrBlockAssociationId"] = ""
		if newV6 != "" {
			c.out["ipv6CidrBlockAssociationId"] = HashID("subnet-cidr-assoc-", c.typ, c.id+newV6, 0)
		}
	}
	return nil
}

func deleteSubnet(c *opCtx) error {
	for _, o := range c.a.List(TypeNetworkInterface) {
		if str(o.Outputs, "subnetId") == c.id {
			holder := o.ID
			if o.ImplicitOf != "" {
				holder = o.ImplicitOf
			}
			return awsErr("DependencyViolation", "The subnet '%s' has dependencies and cannot be deleted (%s).", c.id, holder)
		}
	}
	for _, o := range c.a.List(TypeRouteTable) {
		if assoc := obj(o.Internal, "associations"); assoc != nil {
			for id, sub := range assoc {
				if sub == c.id {
					delete(assoc, id)
				}
			}
		}
	}
	return nil
}

// ---- Internet gateway ----

func preflightIgw(c *opCtx) []Failure {
	if vpcID, ok := knownStr(c.in, "vpcId"); ok {
		if err := igwAttachable(c, vpcID); err != nil {
			return []Failure{{"vpcId", err.Error()}}
		}
	}
	return nil
}

func igwAttachable(c *opCtx, vpcID string) error {
	if c.a.inRegion(TypeVpc, vpcID, c.region()) == nil {
		return awsErr("InvalidVpcID.NotFound", "The vpc ID '%s' does not exist", vpcID)
	}
	for _, g := range c.a.List(TypeInternetGateway) {
		if g.ID != c.id && str(g.Outputs, "vpcId") == vpcID {
			return awsErr("Resource.AlreadyAssociated", "Network %s already has an internet gateway attached (%s).", vpcID, g.ID)
		}
	}
	return nil
}

func createIgw(c *opCtx) error {
	if vpcID := str(c.in, "vpcId"); vpcID != "" {
		if err := igwAttachable(c, vpcID); err != nil {
			return err
		}
	}
	c.id = c.a.newID("igw-", c.typ, c.urn)
	c.out["arn"] = ARN("ec2", c.region(), c.a.ID, "internet-gateway/"+c.id)
	c.out["ownerId"] = c.a.ID
	return nil
}

func updateIgw(c *opCtx) error {
	if vpcID := str(c.in, "vpcId"); vpcID != "" && vpcID != str(c.old, "vpcId") {
		return igwAttachable(c, vpcID)
	}
	return nil
}

func deleteIgw(c *opCtx) error {
	for _, rt := range c.a.List(TypeRouteTable) {
		for _, r := range list(rt.Outputs, "routes") {
			if m, ok := r.(map[string]any); ok && str(m, "gatewayId") == c.id {
				// AWS keeps such routes as blackholes; the model keeps them too.
				m["state"] = "blackhole"
			}
		}
	}
	return nil
}

// ---- Route tables ----

func checkRouteTable(in map[string]any) []Failure {
	var f []Failure
	for i, r := range list(in, "routes") {
		m, ok := r.(map[string]any)
		if !ok {
			continue
		}
		n := 0
		for _, k := range []string{"cidrBlock", "ipv6CidrBlock", "destinationPrefixListId"} {
			if present(m, k) && str(m, k) != "" {
				n++
			}
		}
		if n != 1 {
			f = append(f, Failure{fmt.Sprintf("routes[%d]", i), "exactly one of cidrBlock, ipv6CidrBlock or destinationPrefixListId must be set"})
		}
		if s, ok := knownStr(m, "cidrBlock"); ok && !isNetworkPrefix(s, false) {
			f = append(f, Failure{fmt.Sprintf("routes[%d].cidrBlock", i), fmt.Sprintf("%q is not a valid IPv4 CIDR network address", s)})
		}
		if s, ok := knownStr(m, "ipv6CidrBlock"); ok && !isNetworkPrefix(s, true) {
			f = append(f, Failure{fmt.Sprintf("routes[%d].ipv6CidrBlock", i), fmt.Sprintf("%q is not a valid IPv6 CIDR network address", s)})
		}
	}
	return f
}

func preflightRouteTable(c *opCtx) []Failure {
	if vpcID, ok := knownStr(c.in, "vpcId"); ok && c.a.inRegion(TypeVpc, vpcID, c.region()) == nil {
		return []Failure{{"vpcId", fmt.Sprintf("InvalidVpcID.NotFound: The vpc ID '%s' does not exist", vpcID)}}
	}
	if err := routeTargets(c); err != nil {
		return []Failure{{"routes", err.Error()}}
	}
	return nil
}

func routeTargets(c *opCtx) error {
	seen := map[string]bool{}
	for _, r := range list(c.in, "routes") {
		m, ok := r.(map[string]any)
		if !ok {
			continue
		}
		dest := str(m, "cidrBlock") + str(m, "ipv6CidrBlock") + str(m, "destinationPrefixListId")
		if seen[dest] {
			return awsErr("RouteAlreadyExists", "The route identified by %s already exists.", dest)
		}
		seen[dest] = true
		if gw, ok := knownStr(m, "gatewayId"); ok && gw != "local" {
			g := c.a.inRegion(TypeInternetGateway, gw, c.region())
			if g == nil {
				return awsErr("InvalidGatewayID.NotFound", "The gateway ID '%s' does not exist", gw)
			}
			if vpc := str(c.in, "vpcId"); vpc != "" && vpc != Unknown && str(g.Outputs, "vpcId") != vpc {
				return awsErr("InvalidParameterValue", "route table and network gateway %s belong to different networks", gw)
			}
		}
	}
	return nil
}

func createRouteTable(c *opCtx) error {
	if c.a.inRegion(TypeVpc, str(c.in, "vpcId"), c.region()) == nil {
		return awsErr("InvalidVpcID.NotFound", "The vpc ID '%s' does not exist", str(c.in, "vpcId"))
	}
	if err := routeTargets(c); err != nil {
		return err
	}
	c.id = c.a.newID("rtb-", c.typ, c.urn)
	c.out["arn"] = ARN("ec2", c.region(), c.a.ID, "route-table/"+c.id)
	c.out["ownerId"] = c.a.ID
	setDefault(c.out, "routes", []any{})
	setDefault(c.out, "propagatingVgws", []any{})
	return nil
}

func updateRouteTable(c *opCtx) error { return routeTargets(c) }

func deleteRouteTable(c *opCtx) error {
	if assoc := obj(c.obj.Internal, "associations"); len(assoc) > 0 {
		return awsErr("DependencyViolation", "The routeTable '%s' has dependencies and cannot be deleted (associations %s).", c.id, strings.Join(slices.Sorted(maps.Keys(assoc)), ", "))
	}
	if boolean(c.obj.Internal, "main") {
		return awsErr("DependencyViolation", "The routeTable '%s' is the main route table of its VPC.", c.id)
	}
	return nil
}

func preflightRta(c *opCtx) []Failure {
	if err := rtaRules(c); err != nil {
		return []Failure{{"", err.Error()}}
	}
	return nil
}

func rtaRules(c *opCtx) error {
	rtID, ok := knownStr(c.in, "routeTableId")
	if !ok {
		return nil
	}
	rt := c.a.inRegion(TypeRouteTable, rtID, c.region())
	if rt == nil {
		return awsErr("InvalidRouteTableID.NotFound", "The routeTable ID '%s' does not exist", rtID)
	}
	if subID, ok := knownStr(c.in, "subnetId"); ok {
		sub := c.a.inRegion(TypeSubnet, subID, c.region())
		if sub == nil {
			return awsErr("InvalidSubnetID.NotFound", "The subnet ID '%s' does not exist", subID)
		}
		if str(sub.Outputs, "vpcId") != str(rt.Outputs, "vpcId") {
			return awsErr("InvalidParameterValue", "route table %s and subnet %s belong to different networks", rtID, subID)
		}
		for _, other := range c.a.List(TypeRouteTable) {
			for assocID, s := range obj(other.Internal, "associations") {
				if s == subID && assocID != c.id && c.a.Get(TypeRouteTableAssociation, assocID) != nil {
					return awsErr("Resource.AlreadyAssociated", "the specified association for route table %s conflicts with an existing association (%s)", rtID, assocID)
				}
			}
		}
	}
	if gw, ok := knownStr(c.in, "gatewayId"); ok && c.a.inRegion(TypeInternetGateway, gw, c.region()) == nil {
		return awsErr("InvalidGatewayID.NotFound", "The gateway ID '%s' does not exist", gw)
	}
	return nil
}

func createRta(c *opCtx) error {
	if err := rtaRules(c); err != nil {
		return err
	}
	c.id = c.a.newID("rtbassoc-", c.typ, c.urn)
	associate(c.a.Get(TypeRouteTable, str(c.in, "routeTableId")), c.id, str(c.in, "subnetId")+str(c.in, "gatewayId"))
	return nil
}

func associate(rt *Object, assocID, target string) {
	if rt.Internal == nil {
		rt.Internal = map[string]any{}
	}
	m := obj(rt.Internal, "associations")
	if m == nil {
		m = map[string]any{}
		rt.Internal["associations"] = m
	}
	m[assocID] = target
}

func disassociate(a *Account, assocID string) {
	for _, rt := range a.List(TypeRouteTable) {
		delete(obj(rt.Internal, "associations"), assocID)
	}
}

func updateRta(c *opCtx) error {
	// ReplaceRouteTableAssociation keeps the subnet and moves it to the new route table.
	disassociate(c.a, c.id)
	if err := rtaRules(c); err != nil {
		return err
	}
	associate(c.a.Get(TypeRouteTable, str(c.in, "routeTableId")), c.id, str(c.in, "subnetId")+str(c.in, "gatewayId"))
	return nil
}

func deleteRta(c *opCtx) error {
	disassociate(c.a, c.id)
	return nil
}

// ---- Security groups ----

var sgNameRe = regexp.MustCompile(`^[a-zA-Z0-9 ._\-:/()#,@\[\]+=&;{}!$*]*$`)

func checkSecurityGroup(in map[string]any) []Failure {
	var f []Failure
	if n, ok := knownStr(in, "name"); ok {
		if strings.HasPrefix(strings.ToLower(n), "sg-") {
			f = append(f, Failure{"name", "cannot begin with sg-"})
		}
		if len(n) > 255 || !sgNameRe.MatchString(n) {
			f = append(f, Failure{"name", fmt.Sprintf("%q: invalid security group name", n)})
		}
	}
	if d, ok := knownStr(in, "description"); ok && (len(d) > 255 || !sgNameRe.MatchString(d)) {
		f = append(f, Failure{"description", fmt.Sprintf("%q: invalid security group description", d)})
	}
	if present(in, "description") && str(in, "description") == "" && !IsUnknown(in["description"]) {
		f = append(f, Failure{"description", "cannot be empty"})
	}
	return f
}

func preflightSecurityGroup(c *opCtx) []Failure {
	if err := sgRules(c); err != nil {
		return []Failure{{"", err.Error()}}
	}
	return nil
}

func (c *opCtx) sgVpc() (string, error) {
	if v, ok := knownStr(c.in, "vpcId"); ok {
		if c.a.inRegion(TypeVpc, v, c.region()) == nil {
			return "", awsErr("InvalidVpcID.NotFound", "The vpc ID '%s' does not exist", v)
		}
		return v, nil
	}
	if IsUnknown(c.in["vpcId"]) {
		return "", nil
	}
	d := c.a.defaultVpc(c.region())
	if d == nil {
		return "", awsErr("VPCIdNotSpecified", "No default VPC for this user (region %s); specify vpcId.", c.region())
	}
	return d.ID, nil
}

func sgRules(c *opCtx) error {
	vpc, err := c.sgVpc()
	if err != nil || vpc == "" {
		return err
	}
	// A check of an existing group under its own name (an update, or a group adopted by import, which the
	// account does not know by URN) is not a duplicate: only a create or a rename asks AWS for the name.
	if name, ok := knownStr(c.in, "name"); ok && !(c.preflight && str(c.old, "name") == name) {
		for _, o := range c.a.List(TypeSecurityGroup) {
			if o.ID != c.id && str(o.Outputs, "vpcId") == vpc && str(o.Outputs, "name") == name {
				return awsErr("InvalidGroup.Duplicate", "The security group '%s' already exists for VPC '%s'", name, vpc)
			}
		}
	}
	return nil
}

func createSecurityGroup(c *opCtx) error {
	if err := sgRules(c); err != nil {
		return err
	}
	vpc, _ := c.sgVpc()
	c.id = c.a.newID("sg-", c.typ, c.urn)
	c.out["vpcId"] = vpc
	if p := str(c.in, "namePrefix"); p != "" && str(c.in, "name") == "" {
		c.out["name"] = c.a.uniqueName(p, c.typ, c.urn)
	}
	setDefault(c.out, "description", "Managed by Pulumi")
	setDefault(c.out, "ingress", []any{})
	setDefault(c.out, "egress", []any{})
	setDefault(c.out, "revokeRulesOnDelete", false)
	c.out["arn"] = ARN("ec2", c.region(), c.a.ID, "security-group/"+c.id)
	c.out["ownerId"] = c.a.ID
	return nil
}

func updateSecurityGroup(c *opCtx) error { return nil }

func deleteSecurityGroup(c *opCtx) error {
	if c.obj.ImplicitOf != "" {
		return awsErr("CannotDelete", "the specified group: \"%s\" name: \"default\" cannot be deleted by a user", c.id)
	}
	for _, o := range c.a.List(TypeNetworkInterface) {
		if slices.Contains(strList(o.Outputs, "securityGroups"), c.id) {
			holder := o.ID
			if o.ImplicitOf != "" {
				holder = o.ImplicitOf
			}
			return awsErr("DependencyViolation", "resource %s has a dependent object (%s)", c.id, holder)
		}
	}
	for _, t := range []string{TypeSecurityGroupIngressRule, TypeSecurityGroupEgressRule} {
		for _, r := range c.a.List(t) {
			if str(r.Outputs, "referencedSecurityGroupId") == c.id && str(r.Outputs, "securityGroupId") != c.id {
				return awsErr("DependencyViolation", "resource %s has a dependent object (rule %s of %s)", c.id, r.ID, str(r.Outputs, "securityGroupId"))
			}
		}
		// AWS deletes a group's own rules with it.
		for _, r := range c.a.List(t) {
			if str(r.Outputs, "securityGroupId") == c.id {
				c.a.remove(t, r.ID)
			}
		}
	}
	return nil
}

// ---- Security group rules ----

func checkSgRule(in map[string]any) []Failure {
	var f []Failure
	if s, ok := knownStr(in, "cidrIpv4"); ok && !isNetworkPrefix(s, false) {
		f = append(f, Failure{"cidrIpv4", fmt.Sprintf("%q is not a valid IPv4 CIDR network address", s)})
	}
	if s, ok := knownStr(in, "cidrIpv6"); ok && !isNetworkPrefix(s, true) {
		f = append(f, Failure{"cidrIpv6", fmt.Sprintf("%q is not a valid IPv6 CIDR network address", s)})
	}
	for _, k := range []string{"fromPort", "toPort"} {
		if n, ok := integer(in, k); ok && (n < -1 || n > 65535) {
			f = append(f, Failure{k, fmt.Sprintf("expected %s to be in the range (-1 - 65535), got %d", k, n)})
		}
	}
	return f
}

func preflightSgRule(c *opCtx) []Failure {
	if err := sgRuleRules(c); err != nil {
		return []Failure{{"", err.Error()}}
	}
	return nil
}

func normalizeProtocol(p string) string {
	switch strings.ToLower(p) {
	case "all", "-1":
		return "-1"
	case "6":
		return "tcp"
	case "17":
		return "udp"
	case "1":
		return "icmp"
	case "58":
		return "icmpv6"
	}
	return strings.ToLower(p)
}

func ruleKey(m map[string]any) string {
	from, _ := integer(m, "fromPort")
	to, _ := integer(m, "toPort")
	return fmt.Sprintf("%s/%d/%d/%s%s%s%s", normalizeProtocol(str(m, "ipProtocol")), from, to,
		str(m, "cidrIpv4"), str(m, "cidrIpv6"), str(m, "prefixListId"), str(m, "referencedSecurityGroupId"))
}

func sgRuleRules(c *opCtx) error {
	sgID, ok := knownStr(c.in, "securityGroupId")
	if !ok {
		return nil
	}
	if c.a.inRegion(TypeSecurityGroup, sgID, c.region()) == nil {
		return awsErr("InvalidGroup.NotFound", "The security group '%s' does not exist", sgID)
	}
	if ref, ok := knownStr(c.in, "referencedSecurityGroupId"); ok && c.a.inRegion(TypeSecurityGroup, ref, c.region()) == nil {
		return awsErr("InvalidGroup.NotFound", "The security group '%s' does not exist", ref)
	}
	proto := normalizeProtocol(str(c.in, "ipProtocol"))
	if (proto == "tcp" || proto == "udp") && (!present(c.in, "fromPort") || !present(c.in, "toPort")) {
		return awsErr("InvalidParameterValue", "Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange.")
	}
	if HasUnknown(c.in) {
		return nil
	}
	key := ruleKey(c.in)
	for _, r := range c.a.List(c.typ) {
		if r.ID != c.id && str(r.Outputs, "securityGroupId") == sgID && ruleKey(r.Outputs) == key {
			return awsErr("InvalidPermission.Duplicate", "the specified rule \"%s\" already exists (%s)", key, r.ID)
		}
	}
	return nil
}

func createSgRule(c *opCtx) error {
	if err := sgRuleRules(c); err != nil {
		return err
	}
	c.id = c.a.newID("sgr-", c.typ, c.urn)
	c.out["securityGroupRuleId"] = c.id
	c.out["arn"] = ARN("ec2", c.region(), c.a.ID, "security-group-rule/"+c.id)
	return nil
}

func updateSgRule(c *opCtx) error { return sgRuleRules(c) }

// ---- misc ----

func setDefault(m map[string]any, k string, v any) {
	if _, ok := m[k]; !ok || m[k] == nil {
		m[k] = v
	}
}

// validJSON reports whether s parses as a JSON object.
func validJSON(s string) bool {
	var v map[string]any
	return json.Unmarshal([]byte(s), &v) == nil
}
