package servers

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/jaiarobotics/jaia-cloud/userdata"
)

var update = flag.Bool("update", false, "rewrite servers/testdata/*.golden from the current templates")

var allTypes = []string{"cc_db", "cloud", "cloudhub", "data", "docs", "iridium", "packages", "virtualfleet", "vpn"}

func TestTypes(t *testing.T) {
	assert.Equal(t, allTypes, Types())
	// Every embedded directory is a known type and the other way round.
	entries, err := fs.ReadDir(files, ".")
	require.NoError(t, err)
	var dirs []string
	for _, e := range entries {
		dirs = append(dirs, e.Name())
	}
	assert.Equal(t, allTypes, dirs)
}

func TestLoad(t *testing.T) {
	for _, typ := range Types() {
		t.Run(typ, func(t *testing.T) {
			shell, cc, err := Load(typ)
			require.NoError(t, err)
			assert.Equal(t, "servers/"+typ+"/user-data.yaml.in", cc.Name)
			assert.True(t, bytes.HasPrefix(cc.Body, []byte("#cloud-config\n")))
			assert.False(t, cc.Literal)
			assert.True(t, bytes.HasPrefix(shell.Body, []byte("#!/bin/bash\n")))
			if shell.Literal {
				assert.Equal(t, "servers/"+typ+"/user-data.sh", shell.Name)
			} else {
				assert.Equal(t, "servers/"+typ+"/user-data.sh.in", shell.Name)
			}
		})
	}
	_, _, err := Load("nope")
	require.ErrorIs(t, err, ErrUnknownType)
	assert.ErrorContains(t, err, `"nope"`)
}

func TestContractOf(t *testing.T) {
	c, err := ContractOf("cloud")
	require.NoError(t, err)
	assert.Equal(t, Specialty, c.Kind)
	assert.Contains(t, c.Supplied, "CADDY_FLEET_ROUTES")
	c.Supplied[0] = "CHANGED" // a copy
	again, _ := ContractOf("cloud")
	assert.Equal(t, "SERVER_NAME", again.Supplied[0])
	docs, _ := ContractOf("docs")
	assert.NotContains(t, docs.Supplied, "CADDY_FLEET_ROUTES")
	_, err = ContractOf("")
	assert.ErrorIs(t, err, ErrUnknownType)
	assert.Equal(t, "virtualfleet", VirtualFleet.String())
}

// TestRequiredVarsMatchContract fails when a template references a variable
// that neither the infrastructure code supplies nor the type's documented
// templateVars list, or when a documented templateVar is not used.
func TestRequiredVarsMatchContract(t *testing.T) {
	versionKeys := slices.Sorted(maps.Keys(versionsForTest(t)))
	for _, typ := range Types() {
		t.Run(typ, func(t *testing.T) {
			c, err := ContractOf(typ)
			require.NoError(t, err)
			req, err := RequiredVars(typ)
			require.NoError(t, err)
			allowed := slices.Concat(c.Supplied, c.TemplateVars)
			if c.Versions {
				allowed = append(allowed, versionKeys...)
			}
			for _, n := range req {
				assert.Contains(t, allowed, n, "%s references ${%s}, which is outside its contract", typ, n)
			}
			for _, n := range c.TemplateVars {
				assert.Contains(t, req, n, "templateVar %s of %s is documented but not used", n, typ)
				assert.NotContains(t, c.Supplied, n)
			}
			// The test fixture supplies exactly the contract.
			want := slices.Concat(c.Supplied, c.TemplateVars)
			if c.Versions {
				want = append(want, versionKeys...)
			}
			slices.Sort(want)
			assert.Equal(t, want, slices.Sorted(maps.Keys(testVars(t, typ))))
		})
	}
}

func TestMissingVars(t *testing.T) {
	vars := testVars(t, "docs")
	missing, err := MissingVars("docs", vars)
	require.NoError(t, err)
	assert.Empty(t, missing)
	delete(vars, "DOCS_ALIAS")
	delete(vars, "REGION")
	missing, err = MissingVars("docs", vars)
	require.NoError(t, err)
	assert.Equal(t, []string{"DOCS_ALIAS"}, missing, "docs does not use REGION")
	_, err = MissingVars("nope", vars)
	assert.ErrorIs(t, err, ErrUnknownType)
}

// renderAll renders every type with its test variables.
func renderAll(t *testing.T) map[string]*userdata.Document {
	t.Helper()
	docs := map[string]*userdata.Document{}
	for _, typ := range Types() {
		doc, err := Render(typ, typ, testVars(t, typ))
		require.NoError(t, err, typ)
		docs[typ] = doc
	}
	return docs
}

func TestRenderAll(t *testing.T) {
	for typ, doc := range renderAll(t) {
		parts, err := userdata.Parse(doc.Payload)
		require.NoError(t, err, typ)
		require.Len(t, parts, 2, typ)
		assert.Equal(t, userdata.CloudConfigType, parts[0].ContentType)
		assert.Equal(t, userdata.ShellType, parts[1].ContentType)
		// A ${ in the output comes only from a $${ in a template (or a
		// literal shell part).
		shell, cc, err := Load(typ)
		require.NoError(t, err)
		escapes := bytes.Count(cc.Body, []byte("$${")) + bytes.Count(shell.Body, []byte("$${"))
		if shell.Literal {
			escapes = bytes.Count(cc.Body, []byte("$${")) + bytes.Count(shell.Body, []byte("${"))
		}
		assert.Equal(t, escapes, bytes.Count(doc.Raw, []byte("${")), "%s: ${ in the output", typ)
		t.Logf("%-12s raw %5d bytes, payload %5d bytes, gzipped %v", typ, len(doc.Raw), len(doc.Payload), doc.Gzipped)
	}
}

// TestEscapedDollarBraces lists where a template passes ${ through to the
// shell or to Apache/apt, so a new one is a deliberate change.
func TestEscapedDollarBraces(t *testing.T) {
	found := map[string]int{}
	require.NoError(t, fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := files.ReadFile(p)
		if n := bytes.Count(b, []byte("$${")); n > 0 {
			found[p] = n
		}
		return nil
	}))
	assert.Equal(t, map[string]int{
		"docs/user-data.yaml.in":     2, // ${APACHE_LOG_DIR}
		"cloudhub/user-data.yaml.in": 2, // ${distro_id}, ${distro_codename}
	}, found)
}

func TestRenderMissingVariable(t *testing.T) {
	vars := testVars(t, "data")
	delete(vars, "DATA_BUCKET")
	_, err := Render("data", "data", vars)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "server data:")
	assert.Contains(t, err.Error(), "servers/data/user-data.yaml.in:")
	assert.Contains(t, err.Error(), "DATA_BUCKET")
}

// TestGolden compares each rendered document with testdata/<type>.golden,
// with junk in the environment to show that nothing is read from it.
func TestGolden(t *testing.T) {
	for _, k := range []string{"REGION", "HOME", "HOSTNAME", "DNS_NAME", "FLEET_IDS", "REPO", "SSH_AUTHORIZED_KEYS_JSON", "TZ", "LANG"} {
		t.Setenv(k, "junk")
	}
	for typ, doc := range renderAll(t) {
		path := filepath.Join("testdata", typ+".golden")
		if *update {
			require.NoError(t, os.MkdirAll("testdata", 0o755))
			require.NoError(t, os.WriteFile(path, doc.Raw, 0o644))
			continue
		}
		want, err := os.ReadFile(path)
		require.NoError(t, err, "run: go test ./servers/ -update")
		assert.Equal(t, string(want), string(doc.Raw), "%s differs from %s; run go test ./servers/ -update and review the diff", typ, path)
	}
}

// cloudConfig decodes the cloud-config part of a document.
func cloudConfig(t *testing.T, doc *userdata.Document) map[string]any {
	t.Helper()
	parts, err := userdata.Parse(doc.Payload)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, yaml.Unmarshal(parts[0].Body, &m))
	return m
}

func writeFile(t *testing.T, cc map[string]any, path string) map[string]any {
	t.Helper()
	wf, _ := cc["write_files"].([]any)
	for _, f := range wf {
		if m := f.(map[string]any); m["path"] == path {
			return m
		}
	}
	return nil
}

// TestServerConventions checks the rules every server follows.
func TestServerConventions(t *testing.T) {
	docs := renderAll(t)
	for typ, doc := range docs {
		t.Run(typ, func(t *testing.T) {
			c, _ := ContractOf(typ)
			cc := cloudConfig(t, doc)
			assert.Equal(t, false, cc["ssh_pwauth"])
			assert.Equal(t, true, cc["disable_root"])
			assert.NotContains(t, cc, "runcmd", "imperative steps belong in the shell part, so their order is plain")
			users := cc["users"].([]any)
			jaia := users[0].(map[string]any)
			assert.Equal(t, "jaia", jaia["name"])
			assert.Equal(t, []any{testOperatorKey}, jaia["ssh_authorized_keys"])
			uu := writeFile(t, cc, "/etc/apt/apt.conf.d/52jaia-unattended-upgrades")
			if c.Kind != VirtualFleet {
				require.NotNil(t, uu, "unattended-upgrades settings")
				assert.Contains(t, uu["content"], `Unattended-Upgrade::Automatic-Reboot "false";`)
			}
			if c.Kind == Specialty {
				assert.Equal(t, testVars(t, typ)["HOSTNAME"], cc["hostname"])
			}
		})
	}
	// The dput user's keys come from their own variable.
	users := cloudConfig(t, docs["packages"])["users"].([]any)
	require.Len(t, users, 2)
	assert.Equal(t, "dput", users[1].(map[string]any)["name"])
	assert.Equal(t, []any{testDputKey}, users[1].(map[string]any)["ssh_authorized_keys"])
}

func TestSyncScripts(t *testing.T) {
	docs := renderAll(t)
	for _, typ := range []string{"packages", "vpn", "cloud"} {
		t.Run(typ, func(t *testing.T) {
			f := writeFile(t, cloudConfig(t, docs[typ]), "/home/jaia/sync_from_prior_"+typ+"_server.sh")
			require.NotNil(t, f)
			assert.Equal(t, "jaia:jaia", f["owner"])
			assert.Equal(t, "0755", f["permissions"])
			assert.Equal(t, true, f["defer"], "jaia exists only after write_files' first run")
			assert.Contains(t, f["content"], `prior="`+testVars(t, typ)["PRIOR_SERVER_HOST"]+`"`)
		})
	}
}

func TestFleetIDsAreIterated(t *testing.T) {
	vars := testVars(t, "iridium")
	vars["FLEET_IDS"] = "3 7 12"
	doc, err := Render("iridium", "iridium", vars)
	require.NoError(t, err)
	parts, err := userdata.Parse(doc.Payload)
	require.NoError(t, err)
	// Run the loop with systemctl stubbed: it must visit every fleet.
	script := string(parts[1].Body)
	loop := script[strings.Index(script, "fleet_ids="):]
	out, err := exec.Command("bash", "-c", "systemctl() { echo \"$@\"; }\n"+loop).CombinedOutput()
	require.NoError(t, err, string(out))
	assert.Equal(t, "daemon-reload\nenable --now jaiabot__iridium_fleet@3.service\nenable --now jaiabot__iridium_fleet@7.service\nenable --now jaiabot__iridium_fleet@12.service\n", string(out))
}

// scriptsOf returns the shell part and every write_files script of a
// document, keyed by a label.
func scriptsOf(t *testing.T, typ string, doc *userdata.Document) map[string]string {
	t.Helper()
	parts, err := userdata.Parse(doc.Payload)
	require.NoError(t, err)
	scripts := map[string]string{typ + " shell part": string(parts[1].Body)}
	wf, _ := cloudConfig(t, doc)["write_files"].([]any)
	for _, f := range wf {
		m := f.(map[string]any)
		content, _ := m["content"].(string)
		if strings.HasPrefix(content, "#!") {
			scripts[typ+" "+m["path"].(string)] = content
		}
	}
	return scripts
}

// TestScriptSyntax runs bash -n on every rendered shell script, and Python's
// compiler on the Python ones.
func TestScriptSyntax(t *testing.T) {
	python, pyErr := exec.LookPath("python3")
	n := 0
	for typ, doc := range renderAll(t) {
		for label, script := range scriptsOf(t, typ, doc) {
			first, _, _ := strings.Cut(script, "\n")
			f := filepath.Join(t.TempDir(), "script")
			require.NoError(t, os.WriteFile(f, []byte(script), 0o600))
			var cmd *exec.Cmd
			switch {
			case strings.Contains(first, "bash"), strings.HasSuffix(first, "/sh"):
				cmd = exec.Command("bash", "-n", f)
			case strings.Contains(first, "python3"):
				if pyErr != nil {
					t.Logf("python3 not found; %s not compiled", label)
					continue
				}
				cmd = exec.Command(python, "-c", "import sys; compile(open(sys.argv[1]).read(), sys.argv[1], 'exec')", f)
			default:
				t.Fatalf("%s: unknown interpreter %q", label, first)
			}
			out, err := cmd.CombinedOutput()
			assert.NoError(t, err, "%s:\n%s", label, out)
			n++
		}
	}
	assert.GreaterOrEqual(t, n, 15, "scripts checked")
}

// secretPatterns are things no template may contain.
var secretPatterns = map[string]*regexp.Regexp{
	"private key block":   regexp.MustCompile(`-----BEGIN [A-Z ]*PRIVATE KEY`),
	"SSH public key":      regexp.MustCompile(`(ssh-(rsa|dss|ed25519)|ecdsa-sha2-nistp\d+|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) +AAAA`),
	"WireGuard key":       regexp.MustCompile(`(?i)(PrivateKey|PresharedKey)\s*=\s*[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=`),
	"AWS access key":      regexp.MustCompile(`\b(AKIA|ASIA)[0-9A-Z]{16}\b`),
	"password literal":    regexp.MustCompile(`(?i)\w*(password|passwd|secret|token|api_?key)\w*["']?\s*[:=]\s*["'][^"'$\s]{8,}["']`),
	"password assignment": regexp.MustCompile(`(?i)\w*(password|passwd|secret)\w*=[A-Za-z0-9+_.-][A-Za-z0-9+/_.-]{7,}`),
}

func findSecrets(text string) []string {
	var hits []string
	for _, name := range slices.Sorted(maps.Keys(secretPatterns)) {
		if m := secretPatterns[name].FindString(text); m != "" {
			hits = append(hits, name+": "+m)
		}
	}
	return hits
}

func TestFindSecretsDetects(t *testing.T) {
	for _, bad := range []string{
		"-----BEGIN OPENSSH PRIVATE KEY-----",
		"-----BEGIN PRIVATE KEY-----",
		"      ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCW toby@yubikey",
		"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMCh7V7HKNaY2LIDd1gIdkFsQnnY6uLsWi49/rFUo76+ dput",
		"PrivateKey = yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=",
		"aws_access_key_id=AKIAIOSFODNN7EXAMPLE",
		`password: 'hunter2hunter2'`,
		`"SECRET_KEY": "django-insecure-abcdefgh"`,
		"LLDAP_LDAP_USER_PASS=x LLDAP_JWT_SECRET=abcdefgh12345",
		"mysql -uroot --password=abcdefgh1234",
	} {
		assert.NotEmpty(t, findSecrets(bad), "%q not detected", bad)
	}
	for _, ok := range []string{
		`echo "LLDAP_JWT_SECRET=$(cat "$s/jwt_secret")"`,
		`"SECRET_KEY": "$django_secret_key",`,
		"AUTHELIA_SESSION_SECRET_FILE=/etc/authelia/secrets/session_secret",
		`keyid: "954A004CD5D8CF32"`,
		`ssh_authorized_keys: ${SSH_AUTHORIZED_KEYS_JSON}`,
		"PostUp = wg set %i private-key /etc/wireguard/privatekey",
	} {
		assert.Empty(t, findSecrets(ok), "%q flagged", ok)
	}
}

func TestNoSecretsInTemplates(t *testing.T) {
	n := 0
	require.NoError(t, fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := files.ReadFile(p)
		require.NoError(t, err)
		assert.Empty(t, findSecrets(string(b)), p)
		n++
		return nil
	}))
	assert.Equal(t, 2*len(allTypes), n, "template files scanned")
}

// TestCloudInitSchema validates every rendered cloud-config part with
// cloud-init's own schema validator (Debian package cloud-init). Without the
// binary it skips, unless JAIA_REQUIRE_CLOUD_INIT=1 (as in CI).
func TestCloudInitSchema(t *testing.T) {
	bin := cloudInit(t)
	version, _ := exec.Command(bin, "--version").CombinedOutput()
	t.Logf("validator: %s", bytes.TrimSpace(version))
	dir := t.TempDir()
	for typ, doc := range renderAll(t) {
		parts, err := userdata.Parse(doc.Payload)
		require.NoError(t, err)
		f := filepath.Join(dir, typ+".yaml")
		require.NoError(t, os.WriteFile(f, parts[0].Body, 0o600))
		out, err := exec.Command(bin, "schema", "--config-file", f).CombinedOutput()
		assert.NoError(t, err, "%s: cloud-init schema:\n%s", typ, out)
		assert.Contains(t, string(out), "Valid cloud-config", typ)
	}
	// The validator does catch errors (so a pass means something).
	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("#cloud-config\nusers: 3\nssh_pwauth: [1]\n"), 0o600))
	out, err := exec.Command(bin, "schema", "--config-file", bad).CombinedOutput()
	var exitErr *exec.ExitError
	require.True(t, errors.As(err, &exitErr), "invalid config accepted:\n%s", out)
}

// cloudInit returns the path of the cloud-init binary, or skips the test
// when it is absent, unless JAIA_REQUIRE_CLOUD_INIT=1.
func cloudInit(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("cloud-init")
	if err != nil {
		if os.Getenv("JAIA_REQUIRE_CLOUD_INIT") == "1" {
			t.Fatalf("JAIA_REQUIRE_CLOUD_INIT=1 but cloud-init is not installed (apt-get install -y cloud-init): %v", err)
		}
		t.Skip("cloud-init not installed; set JAIA_REQUIRE_CLOUD_INIT=1 to make this a failure")
	}
	return bin
}

// cloudInitParse is run by the Python of the cloud-init installation: it
// reads a user-data payload with cloud-init's own UserDataProcessor (which
// gunzips and splits MIME documents as on an instance) and prints each
// part's type, file name and SHA-256.
const cloudInitParse = `
import hashlib, sys
from cloudinit import helpers, user_data
msg = user_data.UserDataProcessor(helpers.Paths({})).process(open(sys.argv[1], "rb").read())
for part in msg.walk():
    if part.get_content_maintype() != "multipart":
        body = part.get_payload(decode=True)
        print(part.get_content_type(), part.get_filename(), hashlib.sha256(body).hexdigest())
`

// TestCloudInitReadsDocuments checks that cloud-init itself splits every
// rendered payload, and a gzipped one, into the parts Render wrote.
func TestCloudInitReadsDocuments(t *testing.T) {
	bin := cloudInit(t)
	head, err := os.ReadFile(bin)
	require.NoError(t, err)
	shebang, _, _ := strings.Cut(string(head), "\n")
	python, ok := strings.CutPrefix(shebang, "#!")
	require.True(t, ok, "cloud-init is not a script: %q", shebang)
	python = strings.Fields(python)[0]

	docs := renderAll(t)
	// Many fleets make the login server's document big enough to be gzipped.
	vars := testVars(t, "cloud")
	var routes []FleetRoute
	for id := range uint16(400) {
		routes = append(routes, FleetRoute{ID: id, Upstream: netip.AddrFrom16([16]byte{0xfd, 0x0f, 0x77, 0xac, 0x4f, 0xdf, byte(id >> 8), byte(id), 15: 0x1e})})
	}
	vars["CADDY_FLEET_ROUTES"], err = CaddyFleetRoutes("cloud.jaia.tech", routes)
	require.NoError(t, err)
	big, err := Render("cloud-400-fleets", "cloud", vars)
	require.NoError(t, err)
	require.True(t, big.Gzipped, "raw %d bytes", len(big.Raw))
	docs["cloud-400-fleets"] = big

	dir := t.TempDir()
	for name, doc := range docs {
		f := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(f, doc.Payload, 0o600))
		out, err := exec.Command(python, "-c", cloudInitParse, f).CombinedOutput()
		require.NoError(t, err, "%s:\n%s", name, out)
		parts, err := userdata.Parse(doc.Payload)
		require.NoError(t, err)
		var want strings.Builder
		for _, p := range parts {
			fmt.Fprintf(&want, "%s %s %x\n", p.ContentType, p.Filename, sha256.Sum256(p.Body))
		}
		assert.Equal(t, want.String(), string(out), name)
	}
}

func TestCaddyFleetRoutes(t *testing.T) {
	got, err := CaddyFleetRoutes("cloud.jaia.tech", []FleetRoute{
		{ID: 10, Upstream: netip.MustParseAddr("fd0f:77ac:4fdf:a::1e")},
		{ID: 2, Upstream: netip.MustParseAddr("10.23.255.40")},
		{ID: 1, Upstream: netip.MustParseAddr("::ffff:10.0.0.1")},
	})
	require.NoError(t, err)
	assert.Equal(t, `f1.cloud.jaia.tech {
	import authelia_forward_auth
	reverse_proxy 10.0.0.1:80
}

f2.cloud.jaia.tech {
	import authelia_forward_auth
	reverse_proxy 10.23.255.40:80
}

f10.cloud.jaia.tech {
	import authelia_forward_auth
	reverse_proxy [fd0f:77ac:4fdf:a::1e]:80
}`, got)

	empty, err := CaddyFleetRoutes("cloud.jaia.tech", nil)
	require.NoError(t, err)
	assert.Equal(t, "", empty)

	errs := []struct {
		name   string
		domain string
		routes []FleetRoute
		want   string
	}{
		{"duplicate", "cloud.jaia.tech", []FleetRoute{{1, netip.MustParseAddr("fd00::1")}, {1, netip.MustParseAddr("fd00::2")}}, "fleet 1 listed twice"},
		{"zero address", "cloud.jaia.tech", []FleetRoute{{1, netip.Addr{}}}, "fleet 1: invalid upstream"},
		{"unspecified", "cloud.jaia.tech", []FleetRoute{{1, netip.IPv6Unspecified()}}, "invalid upstream"},
		{"zone", "cloud.jaia.tech", []FleetRoute{{1, netip.MustParseAddr("fe80::1%eth0")}}, "invalid upstream"},
		{"empty domain", "", nil, "is not a DNS name"},
		{"brace in domain", "cloud.jaia.tech {", nil, "is not a DNS name"},
		{"newline in domain", "a\nb", nil, "is not a DNS name"},
		{"upper case", "Cloud.jaia.tech", nil, "is not a DNS name"},
		{"empty label", "cloud..tech", nil, "is not a DNS name"},
		{"leading hyphen", "-cloud.tech", nil, "is not a DNS name"},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) {
			_, err := CaddyFleetRoutes(tc.domain, tc.routes)
			assert.ErrorContains(t, err, tc.want)
		})
	}
}

// TestReadmeTemplateVars keeps README.md's templateVars table in step with
// the Go contract.
func TestReadmeTemplateVars(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	row := regexp.MustCompile("(?m)^\\| (\\w+) \\| `(\\w+)` \\|")
	documented := map[string][]string{}
	for _, m := range row.FindAllStringSubmatch(string(readme), -1) {
		documented[m[1]] = append(documented[m[1]], m[2])
	}
	for typ := range documented {
		assert.Contains(t, Types(), typ, "README.md names an unknown type")
	}
	for _, typ := range Types() {
		c, err := ContractOf(typ)
		require.NoError(t, err)
		assert.ElementsMatch(t, c.TemplateVars, documented[typ], "README.md templateVars of %s", typ)
	}
}
