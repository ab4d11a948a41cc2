package plan

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	ingressType = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	eipType     = "aws:ec2/eip:Eip"
	bucketType  = "aws:s3/bucketV2:BucketV2"
)

func rule(name string, in map[string]any) Resource {
	in["securityGroupId"] = "sg-0123456789abcdef0"
	in["tags"] = projectTags()
	return res(ingressType, name, in)
}

func gzipB64(s string) string {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	_, _ = zw.Write([]byte(s))
	_ = zw.Close()
	return base64.StdEncoding.EncodeToString(b.Bytes())
}

func TestChecks(t *testing.T) {
	tests := []struct {
		name string
		plan *Plan
		want []string // the checks that fail
		msg  string   // part of the first violation's message
	}{
		{"a plan of good resources passes", testPlan(
			goodInstance("web"),
			rule("web-in-https-0.0.0.0_0", m("ipProtocol", "tcp", "fromPort", 443.0, "toPort", 443.0, "cidrIpv4", "0.0.0.0/0")),
			rule("web-in-ssh-office", m("ipProtocol", "tcp", "fromPort", 22.0, "toPort", 22.0, "cidrIpv4", "203.0.113.7/32")),
			res(eipType, "web-eip", m("domain", "vpc"), retain),
			res(bucketType, "data", m("bucket", "data"), retain),
		), nil, ""},

		{"type token with two parts", testPlan(res("aws:Thing", "x", m())), []string{"type-tokens"}, `"aws:Thing"`},
		{"type token with an empty part", testPlan(res("aws::Thing", "x", m())), []string{"type-tokens"}, "three parts"},

		{"world SSH without the opt-in name", testPlan(
			rule("web-in-admin-0.0.0.0_0", m("ipProtocol", "tcp", "fromPort", 22.0, "toPort", 22.0, "cidrIpv4", "0.0.0.0/0"))),
			[]string{"no-world-admin-ingress"}, "admin port(s) 22"},
		{"world SSH over IPv6", testPlan(
			rule("web-in-x", m("ipProtocol", "tcp", "fromPort", 22.0, "toPort", 22.0, "cidrIpv6", "::/0"))),
			[]string{"no-world-admin-ingress"}, "::/0"},
		{"world SSH with the allowWorldSsh rule name is allowed", testPlan(
			rule("web-in-ssh-world-v4", m("ipProtocol", "tcp", "fromPort", 22.0, "toPort", 22.0, "cidrIpv4", "0.0.0.0/0")),
			rule("web-in-ssh-world-v6", m("ipProtocol", "tcp", "fromPort", 22.0, "toPort", 22.0, "cidrIpv6", "::/0"))),
			nil, ""},
		{"the world-SSH opt-in does not cover other admin ports", testPlan(
			rule("web-in-ssh-world-v4", m("ipProtocol", "tcp", "fromPort", 22.0, "toPort", 3389.0, "cidrIpv4", "0.0.0.0/0"))),
			[]string{"no-world-admin-ingress"}, "22, 3389"},
		{"a database port in a world-open range", testPlan(
			rule("db-in-range", m("ipProtocol", "tcp", "fromPort", 5000.0, "toPort", 6000.0, "cidrIpv4", "0.0.0.0/0"))),
			[]string{"no-world-admin-ingress"}, "5432"},
		{"all protocols from the world", testPlan(
			rule("web-in-all", m("ipProtocol", "-1", "cidrIpv6", "::/0"))),
			[]string{"no-world-admin-ingress"}, "22, 3389, 1433, 3306, 5432, 6379, 27017"},
		{"ICMP from the world is fine", testPlan(
			rule("web-in-ping", m("ipProtocol", "icmp", "fromPort", -1.0, "toPort", -1.0, "cidrIpv4", "0.0.0.0/0"))),
			nil, ""},
		{"inline security group ingress", testPlan(
			res("aws:ec2/securityGroup:SecurityGroup", "sg", m("tags", projectTags(),
				"ingress", l(m("protocol", "tcp", "fromPort", 3306.0, "toPort", 3306.0, "cidrBlocks", l("0.0.0.0/0")))))),
			[]string{"no-world-admin-ingress"}, "3306"},
		{"ec2 security group rule of type ingress", testPlan(
			res("aws:ec2/securityGroupRule:SecurityGroupRule", "r", m("type", "ingress", "protocol", "tcp",
				"fromPort", 27017.0, "toPort", 27017.0, "ipv6CidrBlocks", l("::/0")))),
			[]string{"no-world-admin-ingress"}, "27017"},

		{"IMDSv1 allowed", testPlan(goodInstance("web", "metadataOptions", m("httpTokens", "optional"))),
			[]string{"imdsv2"}, `"optional"`},
		{"no metadata options", testPlan(func() Resource {
			r := goodInstance("web")
			delete(r.Inputs, "metadataOptions")
			return r
		}()), []string{"imdsv2"}, `""`},

		{"unencrypted root volume", testPlan(goodInstance("web", "rootBlockDevice", m("volumeSize", 8.0))),
			[]string{"encrypted-root"}, "unset"},
		{"unencrypted EBS volume", testPlan(goodInstance("web", "ebsBlockDevices", l(m("deviceName", "/dev/sdf", "encrypted", false)))),
			[]string{"encrypted-root"}, "ebsBlockDevices[0]"},

		{"private key in user data", testPlan(goodInstance("web", "userDataBase64",
			b64("#!/bin/sh\ncat >/root/k <<EOF\n-----BEGIN OPENSSH PRIVATE KEY-----\nabc\nEOF\n"))),
			[]string{"no-secrets-in-userdata"}, "private key block"},
		{"password in gzipped user data", testPlan(goodInstance("web", "userDataBase64", gzipB64("#!/bin/sh\nmysql --password=hunter2hunter2\n"))),
			[]string{"no-secrets-in-userdata"}, "password assignment"},
		{"AWS access key in plain user data", testPlan(goodInstance("web", "userDataBase64", nil, "userData", "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n")),
			[]string{"no-secrets-in-userdata"}, "AWS access key id"},
		{"a Pulumi secret as user data", testPlan(goodInstance("web", "userDataBase64", SecretMarker)),
			[]string{"no-secrets-in-userdata"}, "is a Pulumi secret"},
		{"a secure config value rendered into user data", testPlan(goodInstance("web", "userDataBase64", b64("token: [secret]\n"))),
			[]string{"no-secrets-in-userdata"}, "Pulumi secret or secure config value"},
		{"secrets generated on the machine or read from files are fine", testPlan(goodInstance("web", "userDataBase64",
			b64("db_password=$(openssl rand -hex 24)\nAUTHELIA_SESSION_SECRET_FILE=/etc/authelia/secrets/session\nlock_passwd: true\n"))),
			nil, ""},

		{"Elastic IP not retained", testPlan(res(eipType, "eip", m("domain", "vpc", "tags", projectTags()))),
			[]string{"retain-eips-and-buckets"}, "retainOnDelete is false"},
		{"bucket not retained", testPlan(res(bucketType, "data", m("bucket", "data", "tags", projectTags()))),
			[]string{"retain-eips-and-buckets"}, "retainOnDelete"},

		{"termination protection without protect", testPlan(goodInstance("web", "disableApiTermination", true)),
			[]string{"termination-protection-implies-protect"}, "not protected"},
		{"termination protection with protect", testPlan(func() Resource {
			r := goodInstance("web", "disableApiTermination", true)
			r.Options.Protect = true
			return r
		}()), nil, ""},

		{"provider without default tags and no tags", testPlan(res("aws:ec2/vpc:Vpc", "net", m("cidrBlock", "10.0.0.0/16"),
			provider(URN(testStack, StackURN(testStack), ProviderTypeAWS, "bare")))),
			[]string{"project-tags"}, "jaia_managed_by=pulumi, jaia_project=jaia-cloud, jaia_stack=test"},
		{"own tags suffice", testPlan(res("aws:ec2/vpc:Vpc", "net", m("cidrBlock", "10.0.0.0/16", "tags", projectTags()),
			provider(URN(testStack, StackURN(testStack), ProviderTypeAWS, "bare")))),
			nil, ""},
		{"wrong stack tag", testPlan(res("aws:ec2/vpc:Vpc", "net", m("tags", m("jaia_stack", "prod")))),
			[]string{"project-tags"}, "jaia_stack=test"},
		{"adopted as it is (imported, tags ignored) is exempt", testPlan(res(eipType, "eip", m("domain", "vpc"),
			retain, imported("eipalloc-0123456789abcdef0"), ignoring("tags", "tagsAll"))),
			nil, ""},
		{"imported but tags managed: must carry them", testPlan(res(eipType, "eip", m("domain", "vpc"),
			retain, imported("eipalloc-0123456789abcdef0"), provider(URN(testStack, StackURN(testStack), ProviderTypeAWS, "bare")))),
			[]string{"project-tags"}, "jaia_project=jaia-cloud"},
		{"untaggable types need no tags", testPlan(res("aws:iam/rolePolicy:RolePolicy", "p", m("role", "r", "policy", "{}"),
			provider(URN(testStack, StackURN(testStack), ProviderTypeAWS, "bare")))),
			nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for i := range tc.plan.Resources { // drop nil inputs set by the table
				for k, v := range tc.plan.Resources[i].Inputs {
					if v == nil {
						delete(tc.plan.Resources[i].Inputs, k)
					}
				}
			}
			vs := Check(tc.plan)
			assert.Equal(t, tc.want, checksOf(vs), "violations: %v", vs)
			if tc.msg != "" && len(vs) > 0 {
				assert.Contains(t, vs[0].Message, tc.msg)
			}
		})
	}
}

func TestRulesAreDocumented(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules() {
		assert.NotEmpty(t, r.Description, r.Name)
		assert.NotNil(t, r.Run, r.Name)
		assert.False(t, seen[r.Name], "duplicate rule %s", r.Name)
		seen[r.Name] = true
	}
	assert.Len(t, seen, 8)
}

func TestSecretsIn(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"-----BEGIN RSA PRIVATE KEY-----", 1},
		{"aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", 1},
		{"PrivateKey = yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=", 1},
		{`password: 'hunter2hunter2'`, 1},
		{"LLDAP_JWT_SECRET=abcdefgh12345", 1},
		{`echo "LLDAP_JWT_SECRET=$(cat "$s/jwt_secret")"`, 0},
		{"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINuk/PT9roFYeDDFVEs9xpeN9+aVNjhpFy1WuJk5P8Z9 ops", 0},
		{"PostUp = wg set %i private-key /etc/wireguard/privatekey", 0},
		{"AUTHELIA_STORAGE_ENCRYPTION_KEY_FILE=/etc/authelia/secrets/key", 0},
	}
	for _, tc := range tests {
		assert.Len(t, SecretsIn(tc.text), tc.want, tc.text)
	}
}

func TestDecodeUserData(t *testing.T) {
	text, err := DecodeUserData(gzipB64("#!/bin/sh\necho hi\n"))
	require.NoError(t, err)
	assert.Equal(t, "#!/bin/sh\necho hi\n", text)
	_, err = DecodeUserData("not base64!")
	assert.ErrorContains(t, err, "not base64")
}
