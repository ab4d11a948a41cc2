package userdata

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/textproto"
	"strings"
)

const (
	// MaxPayloadBytes is EC2's limit on user data, counted before base64
	// encoding. A larger raw document is gzipped; cloud-init unpacks it.
	MaxPayloadBytes = 16384

	// Boundary is the fixed MIME boundary of every document. A random one
	// (as cloud-init devel make-mime and mime/multipart pick) would change
	// the user data, and so stop the instance, on every run.
	Boundary = "==JAIA-CLOUD-USERDATA=="

	// CloudConfigFilename is the file name given to the cloud-config part.
	CloudConfigFilename = "cloud-config.yaml"

	// ShellFilename is the file name given to the shell part. cloud-init
	// saves the script under this name in /var/lib/cloud/instance/scripts/
	// and runs that directory in sorted order in its final stage, so a
	// cloud-config runcmd (saved there as "runcmd") would run before it.
	ShellFilename = "user-data.sh"

	// Media types of the two parts, as cloud-init names them.
	CloudConfigType = "text/cloud-config"
	ShellType       = "text/x-shellscript"
)

// Template is the source of one part of a document.
type Template struct {
	// Name labels errors, e.g. "servers/docs/user-data.sh.in".
	Name string
	// Body is the template text.
	Body []byte
	// Literal means Body is used verbatim, without expansion (jaiabot's
	// user-data.sh, as opposed to user-data.sh.in).
	Literal bool
}

// Input is everything [Render] needs for one server.
type Input struct {
	// Server names the server in errors, e.g. the stack's key "docs".
	Server string
	// Shell is the shell-script part; its result must start with "#!".
	Shell Template
	// CloudConfig is the cloud-config part; its result must start with the
	// line "#cloud-config" and hold a YAML mapping (or nothing).
	CloudConfig Template
	// Vars are the template variables. Nothing comes from the environment.
	Vars map[string]string
}

// Document is the rendered user data of one server.
type Document struct {
	// Server is Input.Server.
	Server string
	// Raw is the multipart/mixed text.
	Raw []byte
	// Payload is what EC2 receives: Raw, or Raw gzipped when Raw is larger
	// than MaxPayloadBytes.
	Payload []byte
	// Gzipped tells whether Payload is gzipped.
	Gzipped bool
}

// Base64 returns Payload in standard base64, the form of an instance's
// UserDataBase64.
func (d *Document) Base64() string {
	return base64.StdEncoding.EncodeToString(d.Payload)
}

// Part is one part of a parsed document.
type Part struct {
	// ContentType is the part's media type without parameters, e.g.
	// "text/cloud-config".
	ContentType string
	// Filename is the Content-Disposition file name.
	Filename string
	// Body is the decoded content.
	Body []byte
}

// Render expands both templates, checks the results and assembles the
// document: a multipart/mixed text in the layout of cloud-init devel
// make-mime, but with a fixed boundary, the cloud-config part first, the shell
// part second, and parts in plain 7-bit text (base64 only for a part that is
// not ASCII), so that the document reads well in a golden file or a diff.
//
// The part order does not change what cloud-init does: it merges every
// cloud-config part at boot and runs the saved scripts in its final stage
// (after package installation and deferred write_files), whatever their
// position in the document.
//
// Every error names the server and, where it applies, the template.
func Render(in Input) (*Document, error) {
	if in.Server == "" {
		return nil, errors.New("userdata: Input.Server is empty")
	}
	fail := func(err error) (*Document, error) {
		return nil, fmt.Errorf("userdata: server %s: %w", in.Server, err)
	}
	cc, err := in.CloudConfig.render(in.Vars)
	if err != nil {
		return fail(err)
	}
	if err := CheckCloudConfig(in.CloudConfig.Name, cc); err != nil {
		return fail(err)
	}
	sh, err := in.Shell.render(in.Vars)
	if err != nil {
		return fail(err)
	}
	if !bytes.HasPrefix(sh, []byte("#!")) {
		return fail(fmt.Errorf("%s:1: a shell part must start with a #! line", in.Shell.Name))
	}
	raw, err := assemble([]Part{
		{ContentType: CloudConfigType, Filename: CloudConfigFilename, Body: cc},
		{ContentType: ShellType, Filename: ShellFilename, Body: sh},
	})
	if err != nil {
		return fail(err)
	}
	doc := &Document{Server: in.Server, Raw: raw, Payload: raw}
	if len(raw) > MaxPayloadBytes {
		gz, err := gzipBytes(raw)
		if err != nil {
			return fail(err)
		}
		if len(gz) > MaxPayloadBytes {
			return fail(fmt.Errorf("user data is %d bytes (%d gzipped), over EC2's limit of %d bytes",
				len(raw), len(gz), MaxPayloadBytes))
		}
		doc.Payload, doc.Gzipped = gz, true
	}
	return doc, nil
}

func (t Template) render(vars map[string]string) ([]byte, error) {
	if len(t.Body) == 0 {
		return nil, fmt.Errorf("%s: empty template (keep at least its header line)", t.Name)
	}
	if t.Literal {
		return t.Body, nil
	}
	return Expand(t.Name, t.Body, vars)
}

// assemble writes the multipart/mixed document. Lines end in LF, as in
// cloud-init devel make-mime's output; cloud-init and mime/multipart both
// read that.
func assemble(parts []Part) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("Content-Type: multipart/mixed; boundary=\"" + Boundary + "\"\n")
	b.WriteString("MIME-Version: 1.0\n\n")
	for _, p := range parts {
		if bytes.Contains(p.Body, []byte("--"+Boundary)) {
			return nil, fmt.Errorf("part %s contains the MIME boundary %q", p.Filename, Boundary)
		}
		b.WriteString("--" + Boundary + "\n")
		ascii := isASCII(p.Body)
		if ascii {
			b.WriteString("Content-Type: " + p.ContentType + "; charset=\"us-ascii\"\n")
			b.WriteString("MIME-Version: 1.0\nContent-Transfer-Encoding: 7bit\n")
		} else {
			b.WriteString("Content-Type: " + p.ContentType + "; charset=\"utf-8\"\n")
			b.WriteString("MIME-Version: 1.0\nContent-Transfer-Encoding: base64\n")
		}
		b.WriteString("Content-Disposition: attachment; filename=\"" + p.Filename + "\"\n\n")
		if ascii {
			b.Write(p.Body)
		} else {
			writeBase64Lines(&b, p.Body)
		}
		// The line break before a boundary belongs to the boundary, so the
		// body is read back exactly as written.
		b.WriteString("\n")
	}
	b.WriteString("--" + Boundary + "--\n")
	return b.Bytes(), nil
}

func writeBase64Lines(b *bytes.Buffer, body []byte) {
	enc := base64.StdEncoding.EncodeToString(body)
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\n")
		enc = enc[76:]
	}
	b.WriteString(enc)
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 || (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}

// gzipBytes compresses deterministically: no file name, no time stamp, a
// fixed level.
func gzipBytes(raw []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(raw); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// maxUnpacked bounds how much Parse inflates, against gzip bombs.
const maxUnpacked = 8 << 20

// Parse reads a document produced by [Render] (or any multipart/mixed user
// data): it gunzips a gzipped payload, then returns the parts in order with
// their bodies decoded.
func Parse(payload []byte) ([]Part, error) {
	data := payload
	if len(payload) >= 2 && payload[0] == 0x1f && payload[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(payload))
		if err != nil {
			return nil, fmt.Errorf("userdata: gunzip: %w", err)
		}
		data, err = io.ReadAll(io.LimitReader(zr, maxUnpacked+1))
		if err != nil {
			return nil, fmt.Errorf("userdata: gunzip: %w", err)
		}
		if len(data) > maxUnpacked {
			return nil, fmt.Errorf("userdata: gunzipped document exceeds %d bytes", maxUnpacked)
		}
	}
	br := bufio.NewReader(bytes.NewReader(data))
	hdr, err := textproto.NewReader(br).ReadMIMEHeader()
	if err != nil {
		return nil, fmt.Errorf("userdata: document header: %w", err)
	}
	mt, params, err := mime.ParseMediaType(hdr.Get("Content-Type"))
	if err != nil {
		return nil, fmt.Errorf("userdata: document Content-Type: %w", err)
	}
	if mt != "multipart/mixed" || params["boundary"] == "" {
		return nil, fmt.Errorf("userdata: document is %q, want multipart/mixed with a boundary", mt)
	}
	mr := multipart.NewReader(br, params["boundary"])
	var parts []Part
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("userdata: part %d: %w", len(parts)+1, err)
		}
		pt, _, err := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if err != nil {
			return nil, fmt.Errorf("userdata: part %d Content-Type: %w", len(parts)+1, err)
		}
		var r io.Reader = p
		switch cte := strings.ToLower(p.Header.Get("Content-Transfer-Encoding")); cte {
		case "", "7bit", "8bit", "binary":
		case "base64":
			r = base64.NewDecoder(base64.StdEncoding, p)
		default:
			return nil, fmt.Errorf("userdata: part %d: unsupported Content-Transfer-Encoding %q", len(parts)+1, cte)
		}
		body, err := io.ReadAll(r)
		if err != nil {
			return nil, fmt.Errorf("userdata: part %d body: %w", len(parts)+1, err)
		}
		parts = append(parts, Part{ContentType: pt, Filename: p.FileName(), Body: body})
	}
	return parts, nil
}
