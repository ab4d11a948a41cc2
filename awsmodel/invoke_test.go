package awsmodel

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const ubuntu2404arm = "/aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id"

func TestInvoke(t *testing.T) {
	a := SeedAccount()
	_, _, err := a.Create(env, TypeSsmParameter, urn(TypeSsmParameter, "p"), m("name", "/jaia/version", "type", "String", "value", "2.4.0"))
	require.NoError(t, err)
	tests := []struct {
		name  string
		token string
		env   Env
		args  map[string]any
		code  string
		check func(t *testing.T, r map[string]any)
	}{
		{"Ubuntu AMI parameter", InvokeGetParameter, env, m("name", ubuntu2404arm), "", func(t *testing.T, r map[string]any) {
			assert.Regexp(t, `^ami-0[0-9a-f]{16}$`, r["insecureValue"])
			assert.Equal(t, r["insecureValue"], r["value"])
			assert.Equal(t, ubuntu2404arm, r["name"])
			assert.Equal(t, ubuntu2404arm, r["id"])
			assert.Equal(t, "String", r["type"])
			assert.IsType(t, 0.0, r["version"])
			assert.Equal(t, "arn:aws:ssm:us-west-2::parameter"+ubuntu2404arm, r["arn"])
		}},
		{"AMI differs per architecture and region", InvokeGetParameter, Env{Region: "us-east-1"}, m("name", ubuntu2404arm), "", func(t *testing.T, r map[string]any) {
			other, _ := a.Invoke(env, InvokeGetParameter, m("name", ubuntu2404arm))
			amd, _ := a.Invoke(env, InvokeGetParameter, m("name", "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id"))
			assert.NotEqual(t, other["value"], r["value"])
			assert.NotEqual(t, other["value"], amd["value"])
		}},
		{"no gp3 images for 20.04", InvokeGetParameter, env, m("name", "/aws/service/canonical/ubuntu/server/20.04/stable/current/arm64/hvm/ebs-gp3/ami-id"), "ParameterNotFound", nil},
		{"account parameter", InvokeGetParameter, env, m("name", "/jaia/version"), "", func(t *testing.T, r map[string]any) {
			assert.Equal(t, "2.4.0", r["value"])
			assert.Equal(t, 1.0, r["version"])
		}},
		{"missing parameter", InvokeGetParameter, env, m("name", "/jaia/nope"), "ParameterNotFound", nil},
		{"rootfs AMI by tags", InvokeGetAmi, env, m("mostRecent", true, "owners", l("self"), "filters", l(
			m("name", "tag:jaiabot-rootfs-gen_repository", "values", l("release")),
			m("name", "tag:jaiabot-rootfs-gen_repository_version", "values", l("2.y")))), "", func(t *testing.T, r map[string]any) {
			assert.Regexp(t, `^ami-0[0-9a-f]{16}$`, r["imageId"])
			assert.Equal(t, r["imageId"], r["id"])
			assert.Equal(t, "arm64", r["architecture"])
			assert.Equal(t, DefaultAccountID, r["ownerId"])
			assert.NotEmpty(t, r["creationDate"])
			tags := r["tags"].(map[string]any)
			assert.Equal(t, "release", tags["jaiabot-rootfs-gen_repository"])
			assert.Equal(t, "2.y", tags["jaiabot-rootfs-gen_repository_version"])
			again, _ := a.Invoke(env, InvokeGetAmi, m("mostRecent", true, "owners", l("self"), "filters", l(
				m("name", "tag:jaiabot-rootfs-gen_repository_version", "values", l("2.y")),
				m("name", "tag:jaiabot-rootfs-gen_repository", "values", l("release")))))
			assert.Equal(t, r["imageId"], again["imageId"], "filter order does not matter")
			beta, _ := a.Invoke(env, InvokeGetAmi, m("owners", l("self"), "filters", l(m("name", "tag:jaiabot-rootfs-gen_repository", "values", l("beta")))))
			assert.NotEqual(t, r["imageId"], beta["imageId"])
		}},
		{"AMI query without criteria", InvokeGetAmi, env, m(), "InvalidParameterCombination", nil},
		{"caller identity", InvokeGetCallerIdentity, env, nil, "", func(t *testing.T, r map[string]any) {
			assert.Equal(t, DefaultAccountID, r["accountId"])
			assert.Equal(t, DefaultAccountID, r["id"])
			assert.Equal(t, "arn:aws:iam::123456789012:user/jaia-sim", r["arn"])
			assert.Regexp(t, `^AIDA`, r["userId"])
		}},
		{"partition", InvokeGetPartition, env, nil, "", func(t *testing.T, r map[string]any) {
			assert.Equal(t, "aws", r["partition"])
			assert.Equal(t, "amazonaws.com", r["dnsSuffix"])
			assert.Equal(t, "aws", r["id"])
		}},
		{"region of the provider", InvokeGetRegion, Env{Region: "us-east-2"}, nil, "", func(t *testing.T, r map[string]any) {
			assert.Equal(t, "us-east-2", r["name"])
			assert.Equal(t, "US East (Ohio)", r["description"])
			assert.Equal(t, "ec2.us-east-2.amazonaws.com", r["endpoint"])
		}},
		{"availability zones", InvokeGetAvailabilityZones, env, nil, "", func(t *testing.T, r map[string]any) {
			assert.Equal(t, l("us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d"), r["names"])
			assert.Equal(t, "usw2-az1", r["zoneIds"].([]any)[0])
		}},
		{"default subnet lookup", InvokeGetSubnet, env, m("id", DefaultSubnetID), "", func(t *testing.T, r map[string]any) {
			assert.Equal(t, DefaultSubnetIPv6, r["ipv6CidrBlock"])
			assert.Equal(t, true, r["defaultForAz"])
		}},
		{"default VPC lookup", InvokeGetVpc, env, m("default", true), "", func(t *testing.T, r map[string]any) {
			assert.Equal(t, DefaultVpcID, r["id"])
			assert.Equal(t, DefaultVpcIPv6, r["ipv6CidrBlock"])
		}},
		{"VPC lookup miss", InvokeGetVpc, Env{Region: "eu-west-1"}, m("default", true), "NotFound", nil},
		{"policy document", InvokeGetPolicyDocument, env, m("statements", l(m("actions", l("sts:AssumeRole"),
			"principals", l(m("type", "Service", "identifiers", l("ec2.amazonaws.com")))))), "", func(t *testing.T, r map[string]any) {
			var doc map[string]any
			require.NoError(t, json.Unmarshal([]byte(r["json"].(string)), &doc))
			assert.Equal(t, "2012-10-17", doc["Version"])
			st := doc["Statement"].([]any)[0].(map[string]any)
			assert.Equal(t, "Allow", st["Effect"])
			assert.Equal(t, "sts:AssumeRole", st["Action"])
			assert.Equal(t, map[string]any{"Service": "ec2.amazonaws.com"}, st["Principal"])
			assert.JSONEq(t, r["json"].(string), r["minifiedJson"].(string))
		}},
		{"unknown invoke", "aws:foo/getBar:getBar", env, nil, "UnsupportedOperation", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := a.Invoke(tt.env, tt.token, tt.args)
			if tt.code != "" {
				assert.Equal(t, tt.code, ErrorCode(err), "%v", err)
				return
			}
			require.NoError(t, err)
			tt.check(t, r)
		})
	}
	// Without an account, account-independent invokes still work.
	var none *Account
	r, err := none.Invoke(env, InvokeGetParameter, m("name", ubuntu2404arm))
	require.NoError(t, err)
	assert.Equal(t, AMIFor(DefaultRegion, ubuntu2404arm), r["value"])
}

func TestNames(t *testing.T) {
	assert.Equal(t, "web-", AutoName("web", "urn:x", 0, false)[:4])
	assert.Len(t, AutoName("web", "urn:x", 0, false), len("web-")+7)
	assert.Equal(t, AutoName("web", "urn:x", 0, false), AutoName("web", "urn:x", 0, false))
	assert.NotEqual(t, AutoName("web", "urn:x", 0, false), AutoName("web", "urn:y", 0, false))
	assert.Len(t, AutoName("a-very-long-name", "urn:x", 8, false), 8)
	assert.Equal(t, "mybucket-", AutoName("MyBucket", "u", 0, true)[:9])
	assert.Equal(t, "name", LogicalName("urn:pulumi:s::p::aws:ec2/vpc:Vpc::name"))
	assert.Equal(t, "usw2-az3", azID("us-west-2c"))
	assert.True(t, ValidRegion("us-west-2"))
	assert.False(t, ValidRegion("mars"))
	assert.Equal(t, "ip-10-0-1-5.ec2.internal", dnsName("10.0.1.5", "us-east-1", false))
}

func TestGetVpcsByFleetTag(t *testing.T) {
	a := SeedAccount()
	east := Env{Region: "us-east-1"}
	filter := map[string]any{"filters": []any{map[string]any{"name": "tag:jaia_fleet", "values": []any{"0"}}}}
	res, err := a.Invoke(east, InvokeGetVpcs, filter)
	require.NoError(t, err)
	assert.Equal(t, []any{}, res["ids"], "no match is not an error")

	id, err := SeedLegacyFleet(a, 0, "jaia", "us-east-1")
	require.NoError(t, err)
	res, err = a.Invoke(east, InvokeGetVpcs, filter)
	require.NoError(t, err)
	assert.Equal(t, []any{id}, res["ids"])
	res, err = a.Invoke(Env{Region: "us-west-2"}, InvokeGetVpcs, filter)
	require.NoError(t, err)
	assert.Equal(t, []any{}, res["ids"], "another region's VPCs are not listed")

	// A VPC whose tag comes from the provider's default tags matches too (AWS holds one set of tags).
	vid, _, err := a.Create(Env{Region: "us-east-1", DefaultTags: map[string]string{"jaia_fleet": "7"}}, TypeVpc, "urn:x", map[string]any{"cidrBlock": "10.23.0.0/16"})
	require.NoError(t, err)
	res, err = a.Invoke(east, InvokeGetVpcs, map[string]any{"filters": []any{map[string]any{"name": "tag:jaia_fleet", "values": []any{"7"}}}})
	require.NoError(t, err)
	assert.Equal(t, []any{vid}, res["ids"])
	v, err := a.Invoke(east, InvokeGetVpc, map[string]any{"id": id})
	require.NoError(t, err)
	assert.Equal(t, "jaia", v["tags"].(map[string]any)["jaia_customer"])
}
