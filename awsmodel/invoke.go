package awsmodel

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// Invoke tokens the model answers.
const (
	InvokeGetParameter         = "aws:ssm/getParameter:getParameter"
	InvokeGetAmi               = "aws:ec2/getAmi:getAmi"
	InvokeGetCallerIdentity    = "aws:index/getCallerIdentity:getCallerIdentity"
	InvokeGetPartition         = "aws:index/getPartition:getPartition"
	InvokeGetRegion            = "aws:index/getRegion:getRegion"
	InvokeGetAvailabilityZones = "aws:index/getAvailabilityZones:getAvailabilityZones"
	InvokeGetPolicyDocument    = "aws:iam/getPolicyDocument:getPolicyDocument"
	InvokeGetSubnet            = "aws:ec2/getSubnet:getSubnet"
	InvokeGetVpc               = "aws:ec2/getVpc:getVpc"
	InvokeGetVpcs              = "aws:ec2/getVpcs:getVpcs"
)

// Invokes returns the invoke tokens the model answers, sorted.
func Invokes() []string {
	out := []string{InvokeGetParameter, InvokeGetAmi, InvokeGetCallerIdentity, InvokeGetPartition, InvokeGetRegion,
		InvokeGetAvailabilityZones, InvokeGetPolicyDocument, InvokeGetSubnet, InvokeGetVpc, InvokeGetVpcs}
	sort.Strings(out)
	return out
}

// UbuntuAMIParameter matches Canonical's public SSM parameters for Ubuntu server AMIs.
var UbuntuAMIParameter = regexp.MustCompile(`^/aws/service/canonical/ubuntu/server/([0-9.]+)/stable/current/(amd64|arm64)/hvm/(ebs-gp3|ebs-gp2)/ami-id$`)

// ubuntuGp3 lists the Ubuntu releases the model has ebs-gp3 parameters for. [assumption] Canonical publishes
// ebs-gp3 images from 22.04 on; 20.04 and older only under ebs-gp2.
var ubuntuGp3 = map[string]bool{"22.04": true, "24.04": true, "24.10": true, "25.04": true, "25.10": true, "26.04": true}

// Invoke answers a data-source call the way the provider would, deterministically. acct may be nil (then only
// account-independent invokes work). Errors carry AWS-like codes.
func (a *Account) Invoke(env Env, token string, args map[string]any) (map[string]any, error) {
	if env.Region == "" {
		env.Region = DefaultRegion
	}
	account := DefaultAccountID
	if a != nil {
		account = a.ID
	}
	switch token {
	case InvokeGetCallerIdentity:
		return map[string]any{"accountId": account, "arn": ARN("iam", "", account, "user/jaia-sim"),
			"userId": "AIDA" + strings.ToUpper(seedHex("user", account)[:17]), "id": account}, nil
	case InvokeGetPartition:
		return map[string]any{"partition": "aws", "dnsSuffix": "amazonaws.com", "reverseDnsPrefix": "com.amazonaws", "id": "aws"}, nil
	case InvokeGetRegion:
		name := strOr(args, "name", env.Region)
		if !ValidRegion(name) {
			return nil, awsErr("InvalidParameterValue", "invalid AWS Region: %s", name)
		}
		return map[string]any{"name": name, "id": name, "endpoint": "ec2." + name + ".amazonaws.com",
			"description": regionDescription(name)}, nil
	case InvokeGetAvailabilityZones:
		zones := AvailabilityZones(env.Region)
		ids := make([]string, len(zones))
		for i, z := range zones {
			ids[i] = azID(z)
		}
		return map[string]any{"id": env.Region, "names": anyStrings(zones), "zoneIds": anyStrings(ids),
			"groupNames": anyStrings([]string{env.Region}), "state": strOr(args, "state", "")}, nil
	case InvokeGetParameter:
		return a.getParameter(env, args)
	case InvokeGetAmi:
		return getAmi(env, account, args)
	case InvokeGetPolicyDocument:
		return policyDocument(args)
	case InvokeGetSubnet:
		if a == nil {
			return nil, awsErr("UnsupportedOperation", "getSubnet needs an account")
		}
		return a.lookup(env, TypeSubnet, args, "no matching EC2 Subnet found")
	case InvokeGetVpc:
		if a == nil {
			return nil, awsErr("UnsupportedOperation", "getVpc needs an account")
		}
		return a.lookup(env, TypeVpc, args, "no matching EC2 VPC found")
	case InvokeGetVpcs:
		// Like the data source: every match's id (none is not an error).
		ids := []any{}
		if a != nil {
			for _, o := range a.matching(env, TypeVpc, args) {
				ids = append(ids, o.ID)
			}
		}
		return map[string]any{"ids": ids, "id": env.Region, "filters": args["filters"], "tags": args["tags"]}, nil
	}
	return nil, awsErr("UnsupportedOperation", "the simulated AWS model does not implement invoke %q (known: %s)", token, strings.Join(Invokes(), ", "))
}

func regionDescription(r string) string {
	names := map[string]string{"us-west-2": "US West (Oregon)", "us-west-1": "US West (N. California)",
		"us-east-1": "US East (N. Virginia)", "us-east-2": "US East (Ohio)", "eu-west-1": "Europe (Ireland)",
		"eu-central-1": "Europe (Frankfurt)"}
	if n, ok := names[r]; ok {
		return n
	}
	return r
}

func (a *Account) getParameter(env Env, args map[string]any) (map[string]any, error) {
	name := str(args, "name")
	res := map[string]any{"name": name, "id": name, "withDecryption": args["withDecryption"]}
	if m := UbuntuAMIParameter.FindStringSubmatch(name); m != nil {
		if m[3] == "ebs-gp3" && !ubuntuGp3[m[1]] {
			return nil, awsErr("ParameterNotFound", "Parameter %s not found.", name)
		}
		v := AMIFor(env.Region, name)
		res["value"], res["insecureValue"], res["type"] = v, v, "String"
		res["version"] = float64(seedUint("ssmver", name)%150 + 1)
		res["arn"] = ARN("ssm", env.Region, "", "parameter"+name)
		return res, nil
	}
	if a != nil {
		if p := a.Get(TypeSsmParameter, name); p != nil && p.Region == env.Region {
			res["value"] = str(p.Outputs, "value")
			res["insecureValue"] = str(p.Outputs, "value")
			res["type"] = str(p.Outputs, "type")
			res["version"] = p.Outputs["version"]
			res["arn"] = str(p.Outputs, "arn")
			return res, nil
		}
	}
	return nil, awsErr("ParameterNotFound", "Parameter %s not found.", name)
}

// getAmi answers an AMI query with one deterministic image whose tags echo the `tag:` filters.
func getAmi(env Env, account string, args map[string]any) (map[string]any, error) {
	tags := map[string]string{}
	var keyParts []string
	arch := "arm64"
	for _, f := range list(args, "filters") {
		m, _ := f.(map[string]any)
		name, values := str(m, "name"), strList(m, "values")
		if len(values) == 0 {
			return nil, awsErr("InvalidParameterValue", "filter %q has no values", name)
		}
		keyParts = append(keyParts, name+"="+strings.Join(values, ","))
		if strings.HasPrefix(name, "tag:") {
			tags[strings.TrimPrefix(name, "tag:")] = values[0]
		}
		if name == "architecture" {
			arch = values[0]
		}
	}
	for k, v := range strMap(args, "tags") {
		tags[k] = v
		keyParts = append(keyParts, "tags."+k+"="+v)
	}
	owners := strList(args, "owners")
	keyParts = append(keyParts, "owners="+strings.Join(owners, ","), "nameRegex="+str(args, "nameRegex"))
	sort.Strings(keyParts)
	if len(list(args, "filters")) == 0 && len(owners) == 0 && !present(args, "nameRegex") {
		return nil, awsErr("InvalidParameterCombination", "Your query returned more than one result. Please try a more specific search criteria.")
	}
	key := strings.Join(keyParts, ";")
	id := AMIFor(env.Region, "getAmi:"+key)
	owner := account
	if len(owners) > 0 && owners[0] != "self" {
		owner = owners[0]
	}
	name := "sim-image-" + id[4:12]
	if repo, ver := tags["jaiabot-rootfs-gen_repository"], tags["jaiabot-rootfs-gen_repository_version"]; repo != "" || ver != "" {
		name = fmt.Sprintf("jaiabot__rootfs-gen_%s_%s", repo, ver)
	}
	if _, ok := tags["Name"]; !ok {
		tags["Name"] = name
	}
	return map[string]any{
		"id": id, "imageId": id, "name": name, "architecture": arch, "ownerId": owner,
		"arn": ARN("ec2", env.Region, "", "image/"+id), "creationDate": "2025-01-01T00:00:00.000Z",
		"description": name, "state": "available", "public": false, "imageType": "machine",
		"rootDeviceName": "/dev/sda1", "rootDeviceType": "ebs", "virtualizationType": "hvm", "hypervisor": "xen",
		"enaSupport": true, "sriovNetSupport": "simple", "bootMode": "uefi", "imdsSupport": "", "platformDetails": "Linux/UNIX",
		"usageOperation": "RunInstances", "rootSnapshotId": HashID("snap-", TypeInstance, id, 0),
		"imageLocation": owner + "/" + name, "imageOwnerAlias": "", "kernelId": "", "ramdiskId": "", "platform": "",
		"tpmSupport": "", "deprecationTime": "", "lastLaunchedTime": "", "productCodes": []any{}, "stateReason": map[string]any{"code": "UNSET", "message": "UNSET"},
		"tags": anyMap(tags), "filters": Copy(args["filters"]), "owners": anyStrings(owners), "mostRecent": args["mostRecent"],
		"blockDeviceMappings": []any{map[string]any{"deviceName": "/dev/sda1", "ebs": map[string]any{
			"delete_on_termination": "true", "encrypted": "false", "volume_size": "8", "volume_type": "gp3"},
			"noDevice": "", "virtualName": ""}},
	}, nil
}

// matching returns the objects of a type in the region that match a data source's arguments (id, default,
// attributes, tags and filters; tags as AWS holds them, provider default tags included), sorted by id.
func (a *Account) matching(env Env, typ string, args map[string]any) []*Object {
	var matches []*Object
	for _, o := range a.List(typ) {
		if o.Region != env.Region || o.ImplicitOf != "" {
			continue
		}
		if id := str(args, "id"); id != "" && o.ID != id {
			continue
		}
		if present(args, "default") && boolean(args, "default") != boolean(o.Internal, "isDefault") {
			continue
		}
		if present(args, "defaultForAz") && boolean(args, "defaultForAz") != boolean(o.Internal, "defaultForAz") {
			continue
		}
		ok := true
		for _, k := range []string{"vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId"} {
			if v := str(args, k); v != "" && str(o.Outputs, k) != v {
				ok = false
			}
		}
		for k, v := range strMap(args, "tags") {
			if str(awsTags(o), k) != v {
				ok = false
			}
		}
		for _, f := range list(args, "filters") {
			m, _ := f.(map[string]any)
			name, values := str(m, "name"), strList(m, "values")
			got := ""
			switch {
			case strings.HasPrefix(name, "tag:"):
				got = str(awsTags(o), strings.TrimPrefix(name, "tag:"))
			case name == "vpc-id":
				got = str(o.Outputs, "vpcId")
			case name == "availability-zone":
				got = str(o.Outputs, "availabilityZone")
			case name == "cidr-block" || name == "cidr":
				got = str(o.Outputs, "cidrBlock")
			case name == "default-for-az" || name == "isDefault" || name == "is-default":
				got = fmt.Sprint(boolean(o.Internal, "defaultForAz") || boolean(o.Internal, "isDefault"))
			case name == "subnet-id" || name == "vpc-id" || name == "id":
				got = o.ID
			}
			if !slices.Contains(values, got) {
				ok = false
			}
		}
		if ok {
			matches = append(matches, o)
		}
	}
	sort.Slice(matches, func(i, j int) bool { return matches[i].ID < matches[j].ID })
	return matches
}

// awsTags are the tags AWS holds on an object: tagsAll (provider default tags included) when known, else tags.
func awsTags(o *Object) map[string]any {
	if t := obj(o.Outputs, "tagsAll"); len(t) > 0 {
		return t
	}
	return obj(o.Outputs, "tags")
}

// lookup answers getSubnet/getVpc by id, default flag, VPC, CIDR, AZ, tags and `name=value` filters.
func (a *Account) lookup(env Env, typ string, args map[string]any, notFound string) (map[string]any, error) {
	matches := a.matching(env, typ, args)
	switch len(matches) {
	case 0:
		return nil, awsErr("NotFound", "%s", notFound)
	case 1:
	default:
		return nil, awsErr("InvalidParameterCombination", "multiple EC2 %s matched; use additional constraints to reduce matches to a single EC2 %s", shortType(typ), shortType(typ))
	}
	o := matches[0]
	res := CopyMap(o.Outputs)
	res["id"] = o.ID
	res["tags"] = CopyMap(awsTags(o)) // the data source reads every tag the object has
	res["default"] = boolean(o.Internal, "isDefault")
	res["defaultForAz"] = boolean(o.Internal, "defaultForAz")
	if typ == TypeSubnet {
		if p, ok := prefixOf(o, "cidrBlock"); ok {
			res["availableIpAddressCount"] = float64(int(1)<<(32-p.Bits()) - 5)
		}
	}
	return res, nil
}

// policyStatement renders like Terraform's IAMPolicyStatement (field order, single values unwrapped).
type policyStatement struct {
	Sid          string         `json:"Sid,omitempty"`
	Effect       string         `json:"Effect,omitempty"`
	Actions      any            `json:"Action,omitempty"`
	NotActions   any            `json:"NotAction,omitempty"`
	Resources    any            `json:"Resource,omitempty"`
	NotResources any            `json:"NotResource,omitempty"`
	Principals   map[string]any `json:"Principal,omitempty"`
	NotPrinc     map[string]any `json:"NotPrincipal,omitempty"`
	Conditions   map[string]any `json:"Condition,omitempty"`
}

type policyDoc struct {
	Version    string            `json:"Version,omitempty"`
	ID         string            `json:"Id,omitempty"`
	Statements []policyStatement `json:"Statement"`
}

func unwrap(l []string) any {
	switch len(l) {
	case 0:
		return nil
	case 1:
		return l[0]
	}
	s := append([]string(nil), l...)
	sort.Strings(s)
	return s
}

func principals(v []any) map[string]any {
	if len(v) == 0 {
		return nil
	}
	byType := map[string][]string{}
	for _, p := range v {
		m, _ := p.(map[string]any)
		if str(m, "type") == "*" {
			return map[string]any{"AWS": "*"}
		}
		byType[str(m, "type")] = append(byType[str(m, "type")], strList(m, "identifiers")...)
	}
	out := map[string]any{}
	for t, ids := range byType {
		out[t] = unwrap(ids)
	}
	return out
}

// policyDocument renders aws:iam/getPolicyDocument (statements only; source/override documents are not merged).
func policyDocument(args map[string]any) (map[string]any, error) {
	doc := policyDoc{Version: strOr(args, "version", "2012-10-17"), ID: str(args, "policyId"), Statements: []policyStatement{}}
	for _, s := range list(args, "statements") {
		m, _ := s.(map[string]any)
		st := policyStatement{Sid: str(m, "sid"), Effect: strOr(m, "effect", "Allow"),
			Actions: unwrap(strList(m, "actions")), NotActions: unwrap(strList(m, "notActions")),
			Resources: unwrap(strList(m, "resources")), NotResources: unwrap(strList(m, "notResources")),
			Principals: principals(list(m, "principals")), NotPrinc: principals(list(m, "notPrincipals"))}
		for _, c := range list(m, "conditions") {
			cm, _ := c.(map[string]any)
			if st.Conditions == nil {
				st.Conditions = map[string]any{}
			}
			test, _ := st.Conditions[str(cm, "test")].(map[string]any)
			if test == nil {
				test = map[string]any{}
				st.Conditions[str(cm, "test")] = test
			}
			test[str(cm, "variable")] = unwrap(strList(cm, "values"))
		}
		doc.Statements = append(doc.Statements, st)
	}
	var pretty bytes.Buffer
	enc := json.NewEncoder(&pretty)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	var mini bytes.Buffer
	enc = json.NewEncoder(&mini)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	js := strings.TrimSuffix(pretty.String(), "\n")
	res := CopyMap(args)
	res["json"] = js
	res["minifiedJson"] = strings.TrimSuffix(mini.String(), "\n")
	res["id"] = fmt.Sprint(seedUint("policy", js) % 10_000_000_000)
	return res, nil
}
