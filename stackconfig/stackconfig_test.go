package stackconfig

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

const testKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINuk/PT9roFYeDDFVEs9xpeN9+aVNjhpFy1WuJk5P8Z9 test"

// minimal returns a valid raw configuration with one server and one fleet.
func minimal() map[string]any {
	return map[string]any{
		"sshAuthorizedKeys": []any{testKey},
		"adminSources":      map[string]any{"office": map[string]any{"ipv4": []any{"203.0.113.7"}, "ipv6": []any{"2001:db8::/48"}}},
		"servers": map[string]any{
			"docs": map[string]any{
				"elasticIpAllocationId": "eipalloc-01248c637bd50502e",
				"ingress":               []any{map[string]any{"name": "https", "protocol": "tcp", "ports": "443", "ipv4": []any{"0.0.0.0/0"}, "ipv6": []any{"::/0"}}},
			},
		},
		"fleets": []any{map[string]any{"id": 3, "customer": "acme", "region": "us-east-1", "availabilityZone": "us-east-1c"}},
	}
}

// raw turns a generic config into what Pulumi hands a program.
func raw(t *testing.T, m map[string]any) map[string]string {
	t.Helper()
	out := map[string]string{"aws:region": "us-west-2"}
	for k, v := range m {
		if s, ok := v.(string); ok {
			out[Namespace+":"+k] = s
			continue
		}
		b, err := json.Marshal(v)
		require.NoError(t, err)
		out[Namespace+":"+k] = string(b)
	}
	return out
}

func TestLoadDefaults(t *testing.T) {
	cfg, err := Load("test", raw(t, minimal()))
	require.NoError(t, err)
	require.Len(t, cfg.Servers, 1)
	s := cfg.Servers[0]
	assert.Equal(t, "docs", s.Type)
	assert.Equal(t, "docs.jaia.tech", s.DNSName)
	assert.Equal(t, "jaia-docs", s.Hostname)
	assert.Equal(t, "arm64", s.Arch)
	assert.Equal(t, "t4g.nano", s.InstanceType)
	assert.Equal(t, "us-west-2", s.Region)
	assert.Equal(t, "subnet-f5f17b8d", s.SubnetID)
	assert.Equal(t, 8, s.DiskSizeGB)
	assert.Equal(t, 1, s.Backups())
	assert.Equal(t, "release", s.Repo)
	assert.Equal(t, []string{"office"}, s.SSHFrom)
	assert.Equal(t, "docs.jaia.tech", s.PriorServerHost)
	assert.True(t, s.Protected())
	assert.Equal(t, 443, s.Ingress[0].FromPort)
	assert.Equal(t, 443, s.Ingress[0].ToPort)

	require.Len(t, cfg.Fleets, 1)
	f := cfg.Fleets[0]
	assert.Equal(t, "t3a.micro", f.CloudHub.InstanceType)
	assert.Equal(t, 32, f.CloudHub.DiskSizeGB)
	assert.Equal(t, "jaia--cloudhub-data--fleet3", f.DataBucket)
	assert.Equal(t, "/jaia/cloudhub/smtp_credentials", f.Auth.SMTPCredentialsParameter)
	assert.Equal(t, "release", f.Repository)
	assert.Equal(t, []string{"203.0.113.7/32"}, cfg.AdminSources[0].IPv4, "a bare address is a single host")
}

func TestProtectOffForTestStacks(t *testing.T) {
	m := minimal()
	m["protect"] = "false"
	cfg, err := Load("dev", raw(t, m))
	require.NoError(t, err)
	assert.False(t, cfg.Protect)
	assert.False(t, cfg.Servers[0].Protected())

	m = minimal()
	m["servers"].(map[string]any)["docs"].(map[string]any)["terminationProtection"] = false
	cfg, err = Load("prod", raw(t, m))
	require.NoError(t, err)
	assert.True(t, cfg.Protect)
	assert.False(t, cfg.Servers[0].Protected())
}

// set walks a dotted path into a generic config and sets the value.
func set(m map[string]any, path string, v any) {
	parts := strings.Split(path, ".")
	var cur any = m
	for i, p := range parts {
		last := i == len(parts)-1
		switch c := cur.(type) {
		case map[string]any:
			if last {
				c[p] = v
				return
			}
			cur = c[p]
		case []any:
			idx, _ := strconv.Atoi(p)
			if last {
				c[idx] = v
				return
			}
			cur = c[idx]
		}
	}
}

func TestInvalidConfigs(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(m map[string]any)
		wantKey string
		wantMsg string
	}{
		{"unknown top-level key", func(m map[string]any) { m["serverz"] = "x" }, "jaia-cloud:serverz", "unknown configuration key"},
		{"unknown server key", func(m map[string]any) { set(m, "servers.docs.instanceTipe", "t4g.nano") }, "jaia-cloud:servers.docs.instanceTipe", "allowed here: adopt, allowWorldSsh, ami, arch"},
		{"unknown nested rule key", func(m map[string]any) { set(m, "servers.docs.ingress.0.port", "443") }, "jaia-cloud:servers.docs.ingress[0].port", "unknown key"},
		{"unknown fleet key", func(m map[string]any) { set(m, "fleets.0.cloudHub", map[string]any{"size": "big"}) }, "jaia-cloud:fleets[0].cloudHub.size", "unknown key"},
		{"wrong type", func(m map[string]any) { set(m, "servers.docs.diskSizeGb", "big") }, "jaia-cloud:servers.docs.diskSizeGb", "expected a whole number"},
		{"bad arch", func(m map[string]any) { set(m, "servers.docs.arch", "x86") }, "jaia-cloud:servers.docs.arch", "allowed: amd64, arm64"},
		{"arch vs family", func(m map[string]any) { set(m, "servers.docs.instanceType", "t3a.micro") }, "jaia-cloud:servers.docs.instanceType", "amd64 instance type but the architecture is arm64"},
		{"graviton for amd64", func(m map[string]any) {
			set(m, "servers.docs.arch", "amd64")
			set(m, "servers.docs.instanceType", "c7gn.large")
		}, "jaia-cloud:servers.docs.instanceType", "arm64 instance type"},
		{"bad instance type", func(m map[string]any) { set(m, "servers.docs.instanceType", "huge") }, "jaia-cloud:servers.docs.instanceType", "not an EC2 instance type"},
		{"bad allocation id", func(m map[string]any) { set(m, "servers.docs.elasticIpAllocationId", "44.248.80.31") }, "jaia-cloud:servers.docs.elasticIpAllocationId", "not an Elastic IP allocation id"},
		{"bad ipv6", func(m map[string]any) { set(m, "servers.docs.ipv6Address", "2600:zz::1") }, "jaia-cloud:servers.docs.ipv6Address", "not an IPv6 address"},
		{"ipv4 as ipv6", func(m map[string]any) { set(m, "servers.docs.ipv6Address", "10.0.0.1") }, "jaia-cloud:servers.docs.ipv6Address", "not an IPv6 address"},
		{"ula ipv6", func(m map[string]any) { set(m, "servers.docs.ipv6Address", "fd91:5457:1e5c::1") }, "jaia-cloud:servers.docs.ipv6Address", "not a global unicast"},
		{"ipv6 outside subnet", func(m map[string]any) {
			set(m, "servers.docs.ipv6Address", "2600:1f13:501:a401:44e2:99f1:4f72:cc31")
			set(m, "servers.docs.subnetIpv6Cidr", "2600:1f13:501:a400::/64")
		}, "jaia-cloud:servers.docs.ipv6Address", "outside the subnet's 2600:1f13:501:a400::/64"},
		{"subnet not /64", func(m map[string]any) { set(m, "servers.docs.subnetIpv6Cidr", "2600:1f13:501:a400::/56") }, "jaia-cloud:servers.docs.subnetIpv6Cidr", "not an IPv6 /64"},
		{"disk too small", func(m map[string]any) { set(m, "servers.docs.diskSizeGb", 4) }, "jaia-cloud:servers.docs.diskSizeGb", "the Ubuntu image needs 8 GB"},
		{"negative backups", func(m map[string]any) { set(m, "servers.docs.dailyBackups", -1) }, "jaia-cloud:servers.docs.dailyBackups", "allowed: 0-1000"},
		{"bad protocol", func(m map[string]any) { set(m, "servers.docs.ingress.0.protocol", "sctp") }, "jaia-cloud:servers.docs.ingress[0].protocol", "allowed: all, icmp, icmpv6, tcp, udp"},
		{"port out of range", func(m map[string]any) { set(m, "servers.docs.ingress.0.ports", "0-70000") }, "jaia-cloud:servers.docs.ingress[0].ports", "out of range"},
		{"reversed port range", func(m map[string]any) { set(m, "servers.docs.ingress.0.ports", "500-400") }, "jaia-cloud:servers.docs.ingress[0].ports", "out of range"},
		{"missing ports", func(m map[string]any) { set(m, "servers.docs.ingress.0.ports", "") }, "jaia-cloud:servers.docs.ingress[0].ports", "ports are required"},
		{"bad cidr", func(m map[string]any) { set(m, "servers.docs.ingress.0.ipv4", []any{"10.0.0.0/33"}) }, "jaia-cloud:servers.docs.ingress[0].ipv4[0]", "not a CIDR"},
		{"host bits", func(m map[string]any) { set(m, "servers.docs.ingress.0.ipv4", []any{"10.1.2.3/24"}) }, "jaia-cloud:servers.docs.ingress[0].ipv4[0]", "did you mean 10.1.2.0/24"},
		{"v6 in v4 list", func(m map[string]any) { set(m, "servers.docs.ingress.0.ipv4", []any{"::/0"}) }, "jaia-cloud:servers.docs.ingress[0].ipv4[0]", "not an IPv4 network"},
		{"ssh via ingress", func(m map[string]any) { set(m, "servers.docs.ingress.0.ports", "20-25") }, "jaia-cloud:servers.docs.ingress[0].ports", "covers SSH (22)"},
		{"world-open database", func(m map[string]any) { set(m, "servers.docs.ingress.0.ports", "3306") }, "jaia-cloud:servers.docs.ingress[0]", "admin port 3306 to the whole internet"},
		{"duplicate rule name", func(m map[string]any) {
			r := m["servers"].(map[string]any)["docs"].(map[string]any)["ingress"].([]any)
			m["servers"].(map[string]any)["docs"].(map[string]any)["ingress"] = append(r, r[0])
		}, "jaia-cloud:servers.docs.ingress[1].name", "used twice"},
		{"unknown sshFrom", func(m map[string]any) { set(m, "servers.docs.sshFrom", []any{"home"}) }, "jaia-cloud:servers.docs.sshFrom[0]", `"home" is not an admin source (declared: office)`},
		{"world admin source", func(m map[string]any) { set(m, "adminSources.office.ipv4", []any{"0.0.0.0/0"}) }, "jaia-cloud:adminSources.office.ipv4[0]", "whole internet"},
		{"profile and role", func(m map[string]any) {
			set(m, "servers.docs.iamInstanceProfile", "P")
			set(m, "servers.docs.iamRole", map[string]any{"name": "X", "policy": map[string]any{"Statement": []any{}}})
		}, "jaia-cloud:servers.docs.iamRole", "not both"},
		{"duplicate allocation", func(m map[string]any) {
			m["servers"].(map[string]any)["docs2"] = map[string]any{"type": "docs", "dnsName": "docs2.jaia.tech", "elasticIpAllocationId": "eipalloc-01248c637bd50502e"}
		}, "jaia-cloud:servers.docs2.elasticIpAllocationId", "already used by server \"docs\""},
		{"bad server name", func(m map[string]any) {
			m["servers"].(map[string]any)["Docs Server"] = map[string]any{"type": "docs"}
		}, "jaia-cloud:servers.Docs Server", "server name must match"},
		{"reserved template var", func(m map[string]any) { set(m, "servers.docs.templateVars", map[string]any{"REGION": "x"}) }, "jaia-cloud:servers.docs.templateVars.REGION", "cannot be overridden"},
		{"reserved default tag", func(m map[string]any) { m["defaultTags"] = map[string]any{"jaia_stack": "other"} }, "jaia-cloud:defaultTags.jaia_stack", "is set by the program"},
		{"secret template var", func(m map[string]any) {
			set(m, "servers.docs.templateVars", map[string]any{"KEY": "-----BEGIN OPENSSH PRIVATE KEY-----"})
		}, "jaia-cloud:servers.docs.templateVars.KEY", "looks like a secret"},
		{"no ssh keys", func(m map[string]any) { m["sshAuthorizedKeys"] = []any{} }, "jaia-cloud:sshAuthorizedKeys", "at least one OpenSSH public key"},
		{"private key as ssh key", func(m map[string]any) { m["sshAuthorizedKeys"] = []any{"-----BEGIN OPENSSH PRIVATE KEY-----"} }, "jaia-cloud:sshAuthorizedKeys[0]", "is a private key"},
		{"vpn ports not covering fleets", func(m map[string]any) {
			m["servers"].(map[string]any)["vpn"] = map[string]any{"ingress": []any{map[string]any{"name": "wg", "protocol": "udp", "ports": "51820-51822", "ipv4": []any{"0.0.0.0/0"}}}}
		}, "jaia-cloud:servers.vpn.ingress", "fleet VPN (wg_fleet<F>) port 51824 for fleet 3"},
		{"iridium fleet beyond port plan", func(m map[string]any) {
			m["externalFleets"] = []any{1000}
			m["servers"].(map[string]any)["iridium"] = map[string]any{"ingress": []any{map[string]any{"name": "d", "protocol": "tcp", "ports": "11800-13799", "ipv4": []any{"12.47.179.0/24"}}}}
		}, "jaia-cloud:servers.iridium", "fleet 1000 is beyond the Iridium port plan"},
		{"bad protect", func(m map[string]any) { m["protect"] = "maybe" }, "jaia-cloud:protect", "allowed: true, false"},
		{"duplicate fleet id", func(m map[string]any) {
			m["fleets"] = append(m["fleets"].([]any), map[string]any{"id": 3, "customer": "other", "region": "us-west-2", "availabilityZone": "us-west-2a"})
		}, "jaia-cloud:fleets[1].id", "declared twice"},
		{"fleet id out of range", func(m map[string]any) { set(m, "fleets.0.id", 65536) }, "jaia-cloud:fleets[0].id", "allowed: 0-65535"},
		{"negative fleet id", func(m map[string]any) { set(m, "fleets.0.id", -1) }, "jaia-cloud:fleets[0].id", "allowed: 0-65535"},
		{"bad AZ for region", func(m map[string]any) { set(m, "fleets.0.availabilityZone", "us-west-2a") }, "jaia-cloud:fleets[0].availabilityZone", "not a zone of region us-east-1"},
		{"bad region", func(m map[string]any) { set(m, "fleets.0.region", "mars-1") }, "jaia-cloud:fleets[0].region", "not an AWS region"},
		{"bad cloudhub key", func(m map[string]any) {
			set(m, "fleets.0.virtualFleet", map[string]any{"bots": 2, "cloudHubPublicKey": "abc"})
		}, "jaia-cloud:fleets[0].virtualFleet.cloudHubPublicKey", "not a WireGuard public key"},
		{"bots too many", func(m map[string]any) { set(m, "fleets.0.virtualFleet", map[string]any{"bots": 76}) }, "jaia-cloud:fleets[0].virtualFleet.bots", "allowed: 1-75"},
		{"bots zero", func(m map[string]any) { set(m, "fleets.0.virtualFleet", map[string]any{"bots": 0}) }, "jaia-cloud:fleets[0].virtualFleet.bots", "allowed: 1-75"},
		{"bad customer", func(m map[string]any) { set(m, "fleets.0.customer", "Acme Corp") }, "jaia-cloud:fleets[0].customer", "lower-case letters, digits and hyphens"},
		{"graviton cloudhub", func(m map[string]any) { set(m, "fleets.0.cloudHub", map[string]any{"instanceType": "t4g.micro"}) }, "jaia-cloud:fleets[0].cloudHub.instanceType", "arm64 instance type but the architecture is amd64"},
		{"small cloudhub disk", func(m map[string]any) { set(m, "fleets.0.cloudHub", map[string]any{"diskSizeGb": 8}) }, "jaia-cloud:fleets[0].cloudHub.diskSizeGb", "allowed: 16-16384"},
		{"bad repository", func(m map[string]any) { set(m, "fleets.0.repository", "nightly") }, "jaia-cloud:fleets[0].repository", "allowed: beta, continuous, release, test"},
		{"bad bucket", func(m map[string]any) { set(m, "fleets.0.dataBucket", "Jaia_Data") }, "jaia-cloud:fleets[0].dataBucket", "not an S3 bucket name"},
		{"external fleet also hosted", func(m map[string]any) { m["externalFleets"] = []any{3} }, "jaia-cloud:externalFleets", "also declared"},
		{"external fleet out of range", func(m map[string]any) { m["externalFleets"] = []any{70000} }, "jaia-cloud:externalFleets[0]", "allowed: 0-65535"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := minimal()
			tc.edit(m)
			cfg, err := Load("test", raw(t, m))
			require.Error(t, err)
			assert.Nil(t, cfg)
			var es Errors
			require.ErrorAs(t, err, &es)
			var found bool
			for _, e := range es {
				if e.Key == tc.wantKey && strings.Contains(e.Msg, tc.wantMsg) {
					found = true
				}
			}
			assert.True(t, found, "want %s: …%s…\ngot: %v", tc.wantKey, tc.wantMsg, err)
		})
	}
}

func TestAllErrorsReportedTogether(t *testing.T) {
	m := minimal()
	set(m, "servers.docs.arch", "x86")
	set(m, "fleets.0.id", 70000)
	set(m, "fleets.0.customer", "BAD")
	_, err := Load("test", raw(t, m))
	var es Errors
	require.ErrorAs(t, err, &es)
	assert.GreaterOrEqual(t, len(es), 3)
	assert.Contains(t, err.Error(), "invalid stack configuration (")
}

func TestFamilyOf(t *testing.T) {
	tests := []struct{ in, want string }{
		{"t4g.nano", "arm64"}, {"t4g.micro", "arm64"}, {"m7g.large", "arm64"}, {"c7gn.xlarge", "arm64"},
		{"x2gd.medium", "arm64"}, {"im4gn.large", "arm64"}, {"a1.medium", "arm64"}, {"g5g.xlarge", "arm64"},
		{"t3a.micro", "amd64"}, {"t3.small", "amd64"}, {"m6i.large", "amd64"}, {"g4dn.xlarge", "amd64"},
		{"c5n.large", "amd64"}, {"r7iz.large", "amd64"},
	}
	for _, tc := range tests {
		got, ok := familyOf(tc.in)
		assert.True(t, ok, tc.in)
		assert.Equal(t, tc.want, got, tc.in)
	}
	_, ok := familyOf("nano")
	assert.False(t, ok)
}

// TestStackFilesLoad loads every committed stack file through the same
// path the plan tool uses, so a typo in a stack file fails here.
func TestStackFilesLoad(t *testing.T) {
	files, err := filepath.Glob("../Pulumi.*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			raw, _, err := ReadStackFile(f)
			require.NoError(t, err)
			stack := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "Pulumi."), ".yaml")
			cfg, err := Load(stack, raw)
			require.NoError(t, err)
			assert.NotEmpty(t, len(cfg.Servers)+len(cfg.Fleets), "every stack file declares something")
		})
	}
}

func TestParseStackFile(t *testing.T) {
	doc := []byte(`config:
  aws:region: us-west-2
  jaia-cloud:protect: false
  jaia-cloud:externalFleets: [1, 2]
  jaia-cloud:token:
    secure: AAABAOx3
`)
	raw, secrets, err := ParseStackFile("x.yaml", doc)
	require.NoError(t, err)
	assert.Equal(t, "us-west-2", raw["aws:region"])
	assert.Equal(t, "false", raw["jaia-cloud:protect"])
	assert.Equal(t, "[1,2]", raw["jaia-cloud:externalFleets"])
	assert.Equal(t, SecretPlaceholder, raw["jaia-cloud:token"])
	assert.Equal(t, []string{"jaia-cloud:token"}, secrets)

	_, _, err = ParseStackFile("bad.yaml", []byte("config: [unclosed"))
	assert.ErrorContains(t, err, "bad.yaml")
	_, _, err = ReadStackFile(filepath.Join(t.TempDir(), "missing.yaml"))
	assert.True(t, os.IsNotExist(err))
}

// TestProjectFileDeclaresEveryKey: Pulumi.yaml parses and its config section
// declares exactly the keys this package reads, each with a type and a
// description.
func TestProjectFileDeclaresEveryKey(t *testing.T) {
	b, err := os.ReadFile("../Pulumi.yaml")
	require.NoError(t, err)
	var project struct {
		Name    string `yaml:"name"`
		Runtime string `yaml:"runtime"`
		Config  map[string]struct {
			Type        string `yaml:"type"`
			Description string `yaml:"description"`
		} `yaml:"config"`
	}
	require.NoError(t, yaml.Unmarshal(b, &project))
	assert.Equal(t, Namespace, project.Name)
	assert.Equal(t, "go", project.Runtime)
	var declared []string
	for k, v := range project.Config {
		declared = append(declared, strings.TrimPrefix(k, Namespace+":"))
		assert.NotEmpty(t, v.Type, k)
		assert.NotEmpty(t, v.Description, k)
	}
	assert.ElementsMatch(t, Keys(), declared)
}
