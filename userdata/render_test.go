package userdata

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func testInput() Input {
	return Input{
		Server: "docs",
		Shell: Template{Name: "servers/docs/user-data.sh.in", Body: []byte(
			"#!/bin/bash\nset -eu\necho \"region ${REGION}\" $HOME $(id -u) $${HOME:-/root}\n")},
		CloudConfig: Template{Name: "servers/docs/user-data.yaml.in", Body: []byte(
			"#cloud-config\nhostname: ${HOSTNAME}\nssh_pwauth: false\n")},
		Vars: map[string]string{"REGION": "us-west-2", "HOSTNAME": "jaia-docs"},
	}
}

const wantSmall = `Content-Type: multipart/mixed; boundary="==JAIA-CLOUD-USERDATA=="
MIME-Version: 1.0

--==JAIA-CLOUD-USERDATA==
Content-Type: text/cloud-config; charset="us-ascii"
MIME-Version: 1.0
Content-Transfer-Encoding: 7bit
Content-Disposition: attachment; filename="cloud-config.yaml"

#cloud-config
hostname: jaia-docs
ssh_pwauth: false

--==JAIA-CLOUD-USERDATA==
Content-Type: text/x-shellscript; charset="us-ascii"
MIME-Version: 1.0
Content-Transfer-Encoding: 7bit
Content-Disposition: attachment; filename="user-data.sh"

#!/bin/bash
set -eu
echo "region us-west-2" $HOME $(id -u) ${HOME:-/root}

--==JAIA-CLOUD-USERDATA==--
`

func TestRenderLayout(t *testing.T) {
	doc, err := Render(testInput())
	require.NoError(t, err)
	assert.Equal(t, "docs", doc.Server)
	assert.Equal(t, wantSmall, string(doc.Raw))
	assert.False(t, doc.Gzipped)
	assert.Equal(t, doc.Raw, doc.Payload)
	dec, err := base64.StdEncoding.DecodeString(doc.Base64())
	require.NoError(t, err)
	assert.Equal(t, doc.Payload, dec)
}

func TestRenderRoundTrip(t *testing.T) {
	in := testInput()
	doc, err := Render(in)
	require.NoError(t, err)
	parts, err := Parse(doc.Payload)
	require.NoError(t, err)
	require.Len(t, parts, 2)
	cc, _ := Expand("", in.CloudConfig.Body, in.Vars)
	sh, _ := Expand("", in.Shell.Body, in.Vars)
	assert.Equal(t, Part{ContentType: CloudConfigType, Filename: CloudConfigFilename, Body: cc}, parts[0])
	assert.Equal(t, Part{ContentType: ShellType, Filename: ShellFilename, Body: sh}, parts[1])
}

func TestRenderIgnoresEnvironment(t *testing.T) {
	before, err := Render(testInput())
	require.NoError(t, err)
	for k, v := range map[string]string{
		"REGION": "junk", "HOSTNAME": "junk", "HOME": "/junk", "TZ": "Pacific/Chatham",
		"LANG": "tr_TR.UTF-8", "LC_ALL": "tr_TR.UTF-8", "SOURCE_DATE_EPOCH": "1", "GZIP": "-1",
	} {
		t.Setenv(k, v)
	}
	after, err := Render(testInput())
	require.NoError(t, err)
	assert.Equal(t, before.Raw, after.Raw)
	assert.Equal(t, before.Payload, after.Payload)
}

func TestRenderLiteralShell(t *testing.T) {
	in := testInput()
	in.Shell = Template{Name: "user-data.sh", Literal: true, Body: []byte("#!/bin/sh\necho ${UNDEFINED:-x} ${ALSO}\n")}
	doc, err := Render(in)
	require.NoError(t, err)
	parts, err := Parse(doc.Payload)
	require.NoError(t, err)
	assert.Equal(t, in.Shell.Body, parts[1].Body)
}

func TestRenderNonASCIIPartIsBase64(t *testing.T) {
	in := testInput()
	in.Shell.Body = []byte("#!/bin/sh\necho 'Jaia — ✓'\n")
	doc, err := Render(in)
	require.NoError(t, err)
	assert.Contains(t, string(doc.Raw), "Content-Transfer-Encoding: base64")
	assert.Contains(t, string(doc.Raw), `charset="utf-8"`)
	parts, err := Parse(doc.Payload)
	require.NoError(t, err)
	assert.Equal(t, in.Shell.Body, parts[1].Body)
}

func TestRenderGzip(t *testing.T) {
	in := testInput()
	var b strings.Builder
	b.WriteString("#!/bin/bash\n")
	for i := 0; b.Len() < 3*MaxPayloadBytes; i++ {
		fmt.Fprintf(&b, "echo 'line %d of a long but compressible script'\n", i)
	}
	in.Shell.Body = []byte(b.String())
	doc, err := Render(in)
	require.NoError(t, err)
	assert.Greater(t, len(doc.Raw), MaxPayloadBytes)
	require.True(t, doc.Gzipped)
	assert.LessOrEqual(t, len(doc.Payload), MaxPayloadBytes)
	// gzip header: magic, deflate, no flags (no file name), zero mtime.
	assert.Equal(t, []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0}, doc.Payload[:8])
	parts, err := Parse(doc.Payload)
	require.NoError(t, err)
	require.Len(t, parts, 2)
	assert.Equal(t, in.Shell.Body, parts[1].Body)
	again, err := Render(in)
	require.NoError(t, err)
	assert.Equal(t, doc.Payload, again.Payload, "gzip output must be deterministic")
}

func TestRenderTooBig(t *testing.T) {
	in := testInput()
	r := rand.New(rand.NewPCG(1, 2))
	noise := make([]byte, 2*MaxPayloadBytes)
	for i := range noise {
		noise[i] = byte(r.Uint32())
	}
	in.Shell.Body = []byte("#!/bin/sh\n: " + base64.StdEncoding.EncodeToString(noise) + "\n")
	_, err := Render(in)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "server docs:")
	assert.Contains(t, err.Error(), "over EC2's limit of 16384 bytes")
}

func TestRenderErrors(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*Input)
		want   []string
	}{
		{"no server", func(in *Input) { in.Server = "" }, []string{"Input.Server is empty"}},
		{"empty shell", func(in *Input) { in.Shell.Body = nil },
			[]string{"server docs:", "servers/docs/user-data.sh.in: empty template"}},
		{"empty cloud-config", func(in *Input) { in.CloudConfig.Body = []byte{} },
			[]string{"servers/docs/user-data.yaml.in: empty template"}},
		{"no shebang", func(in *Input) { in.Shell.Body = []byte("echo hi\n") },
			[]string{"server docs:", "servers/docs/user-data.sh.in:1: a shell part must start with a #! line"}},
		{"undefined in shell", func(in *Input) { delete(in.Vars, "REGION") },
			[]string{"server docs:", "servers/docs/user-data.sh.in:3: undefined variable ${REGION}"}},
		{"undefined in cloud-config", func(in *Input) { in.Vars = nil },
			[]string{"server docs:", "servers/docs/user-data.yaml.in:2: undefined variable ${HOSTNAME}"}},
		{"bad cloud-config", func(in *Input) { in.CloudConfig.Body = []byte("#cloud-config\n- a\n") },
			[]string{"server docs:", "servers/docs/user-data.yaml.in:2: top level must be a mapping"}},
		{"boundary in a part", func(in *Input) { in.Shell.Body = []byte("#!/bin/sh\n: --" + Boundary + "\n") },
			[]string{"server docs:", "contains the MIME boundary"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := testInput()
			tc.modify(&in)
			doc, err := Render(in)
			require.Error(t, err)
			assert.Nil(t, doc)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

// makeMimeOutput is what cloud-init 22.4.2's "cloud-init devel make-mime -a
// s.sh:x-shellscript -a c.yaml:cloud-config" printed.
const makeMimeOutput = `Content-Type: multipart/mixed; boundary="===============8241233817826004129=="
MIME-Version: 1.0

--===============8241233817826004129==
Content-Type: text/x-shellscript; charset="utf-8"
MIME-Version: 1.0
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="s.sh"

IyEvYmluL2Jhc2gKZWNobyBoaQo=

--===============8241233817826004129==
Content-Type: text/cloud-config; charset="utf-8"
MIME-Version: 1.0
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="c.yaml"

I2Nsb3VkLWNvbmZpZwpob3N0bmFtZTogeAo=

--===============8241233817826004129==--
`

func TestParseMakeMimeOutput(t *testing.T) {
	parts, err := Parse([]byte(makeMimeOutput))
	require.NoError(t, err)
	assert.Equal(t, []Part{
		{ContentType: ShellType, Filename: "s.sh", Body: []byte("#!/bin/bash\necho hi\n")},
		{ContentType: CloudConfigType, Filename: "c.yaml", Body: []byte("#cloud-config\nhostname: x\n")},
	}, parts)
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, payload, want string
	}{
		{"not MIME", "#!/bin/sh\necho\n", "document"},
		{"not multipart", "Content-Type: text/plain\n\nhi\n", `document is "text/plain"`},
		{"bad gzip", "\x1f\x8b\x08junk", "gunzip"},
		{"bad encoding", "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\nContent-Transfer-Encoding: uuencode\n\nx\n--b--\n",
			"unsupported Content-Transfer-Encoding"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.payload))
			require.ErrorContains(t, err, tc.want)
		})
	}
}

func TestCheckCloudConfig(t *testing.T) {
	tests := []struct {
		name, body, want string // want "" means valid
	}{
		{"header only", "#cloud-config\n", ""},
		{"header and comments", "#cloud-config\n# nothing yet\n", ""},
		{"mapping", "#cloud-config\nhostname: x\npackage_update: true\nusers: [{name: jaia}]\n", ""},
		{"quoted yes", "#cloud-config\na: 'yes'\nb: \"on\"\n", ""},
		{"quoted mode", "#cloud-config\nwrite_files: [{path: /x, permissions: '0644'}]\n", ""},
		{"block scalar with yes", "#cloud-config\nc: |\n  yes\n  0644\n", ""},
		{"JSON flow sequence", "#cloud-config\nk: [\"ssh-ed25519 AAAA x@y\"]\n", ""},
		{"zero", "#cloud-config\nn: 0\n", ""},
		{"missing header", "hostname: x\n", `:1: first line must be exactly "#cloud-config"`},
		{"header with space", "#cloud-config \nhostname: x\n", "first line must be exactly"},
		{"header not first", "\n#cloud-config\n", "first line must be exactly"},
		{"sequence", "#cloud-config\n- a\n", ":2: top level must be a mapping"},
		{"scalar", "#cloud-config\nhello\n", "top level must be a mapping"},
		{"invalid YAML", "#cloud-config\na: [\n", "invalid YAML"},
		{"duplicate key", "#cloud-config\na: 1\na: 2\n", "invalid YAML"},
		{"two documents", "#cloud-config\na: 1\n---\nb: 2\n", ":3: a second YAML document"},
		{"plain yes", "#cloud-config\nssh_pwauth: yes\n", `:2: plain "yes" is a boolean`},
		{"plain on as key", "#cloud-config\non: x\n", `plain "on" is a boolean`},
		{"plain Off", "#cloud-config\na: [Off]\n", `plain "Off" is a boolean`},
		{"octal mode", "#cloud-config\nwrite_files: [{path: /x, permissions: 0644}]\n", `plain "0644" is an octal number`},
		{"base 60", "#cloud-config\nports: [22:22]\n", `plain "22:22" is a base-60 number`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckCloudConfig("c.yaml", []byte(tc.body))
			if tc.want == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), "c.yaml")
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// FuzzRender checks that any shell body renders, or fails cleanly, and
// that what renders parses back to the same parts.
func FuzzRender(f *testing.F) {
	f.Add([]byte("#!/bin/sh\necho ${REGION}\n"))
	f.Add([]byte("#!/bin/sh\n\x00\xff"))
	f.Add([]byte("echo"))
	f.Fuzz(func(t *testing.T, shell []byte) {
		in := testInput()
		in.Shell.Body = shell
		doc, err := Render(in)
		if err != nil {
			return
		}
		parts, err := Parse(doc.Payload)
		if err != nil {
			t.Fatalf("Parse: %v", err)
		}
		want, _ := Expand("", shell, in.Vars)
		if len(parts) != 2 || !bytes.Equal(parts[1].Body, want) {
			t.Fatalf("round trip of %q failed: %+v", shell, parts)
		}
	})
}
