package plan

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"fmt"
	"io"
	"maps"
	"net/netip"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/jaiarobotics/jaia-cloud/awsmodel"
	"github.com/jaiarobotics/jaia-cloud/infra"
	"github.com/jaiarobotics/jaia-cloud/userdata"
)

// Violation is one policy failure.
type Violation struct {
	Check   string `json:"check"`
	URN     string `json:"urn"`
	Message string `json:"message"`
}

func (v Violation) String() string { return v.Check + ": " + v.URN + ": " + v.Message }

// Rule is one policy check over a plan.
type Rule struct {
	Name        string
	Description string
	Run         func(p *Plan) []Violation
}

// AdminPorts are SSH, RDP and the usual database ports. A world-open ingress
// rule must not reach them.
var AdminPorts = []int{22, 3389, 1433, 3306, 5432, 6379, 27017}

// WorldSSHKey is the part of an ingress rule resource's name that marks the
// explicit world-SSH opt-in: infra names the rules it adds for a server's
// (or CloudHub's) allowWorldSsh `<prefix>-in-ssh-world-v4|v6`, and adds them
// only then.
const WorldSSHKey = "ssh-world"

// Resource types the checks know.
const (
	typeInstance      = awsmodel.TypeInstance
	typeIngressRule   = awsmodel.TypeSecurityGroupIngressRule
	typeSGRule        = "aws:ec2/securityGroupRule:SecurityGroupRule"
	typeSecurityGroup = awsmodel.TypeSecurityGroup
	typeEip           = awsmodel.TypeEip
	typeBucketV2      = awsmodel.TypeBucketV2
	typeBucket        = "aws:s3/bucket:Bucket"
)

// Rules returns the policy checks, in order.
func Rules() []Rule {
	return []Rule{
		{"type-tokens", "every type token has three parts (package:module:type)", checkTypeTokens},
		{"no-world-admin-ingress", "no ingress from 0.0.0.0/0 or ::/0 to admin ports (22, 3389, 1433, 3306, 5432, 6379, 27017) except a rule named *" + WorldSSHKey + "* (allowWorldSsh) to port 22", checkWorldIngress},
		{"imdsv2", "every instance requires IMDSv2 (metadataOptions.httpTokens = required)", checkIMDSv2},
		{"encrypted-root", "every instance's root volume (and any EBS volume) is encrypted", checkEncrypted},
		{"no-secrets-in-userdata", "no user data holds a Pulumi secret or a secret-looking value", checkUserDataSecrets},
		{"retain-eips-and-buckets", "every Elastic IP and data bucket is retained on delete", checkRetain},
		{"termination-protection-implies-protect", "an instance with disableApiTermination is protected in Pulumi", checkProtect},
		{"project-tags", "every taggable custom resource carries jaia_project, jaia_stack and jaia_managed_by (its tags or its provider's defaultTags); resources adopted as they are (imported with their tags ignored) are exempt", checkTags},
	}
}

// Check runs every rule and returns the violations sorted by check and URN.
func Check(p *Plan) []Violation {
	var out []Violation
	for _, r := range Rules() {
		out = append(out, r.Run(p)...)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Check != out[j].Check {
			return out[i].Check < out[j].Check
		}
		if out[i].URN != out[j].URN {
			return out[i].URN < out[j].URN
		}
		return out[i].Message < out[j].Message
	})
	return out
}

func violation(check string, r *Resource, format string, args ...any) Violation {
	return Violation{Check: check, URN: r.URN, Message: fmt.Sprintf(format, args...)}
}

func checkTypeTokens(p *Plan) []Violation {
	var out []Violation
	for i := range p.Resources {
		r := &p.Resources[i]
		parts := strings.Split(r.Type, ":")
		ok := len(parts) == 3
		for _, s := range parts {
			ok = ok && s != ""
		}
		if !ok {
			out = append(out, violation("type-tokens", r, "type token %q does not have three parts (package:module:type)", r.Type))
		}
	}
	return out
}

// ingressSource is one source of one ingress permission.
type ingressSource struct {
	cidr     string
	protocol string
	from, to int
}

// ingressSources lists the ingress permissions a resource grants: a
// per-rule resource (vpc.SecurityGroupIngressRule), an ec2.SecurityGroupRule
// of type ingress, or a security group's inline ingress blocks.
func ingressSources(r *Resource) []ingressSource {
	num := func(m map[string]any, k string) int {
		f, _ := m[k].(float64)
		return int(f)
	}
	strs := func(m map[string]any, k string) []string {
		var out []string
		l, _ := m[k].([]any)
		for _, e := range l {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	var out []ingressSource
	switch r.Type {
	case typeIngressRule:
		for _, k := range []string{"cidrIpv4", "cidrIpv6"} {
			if c := GetString(r.Inputs, k); c != "" {
				out = append(out, ingressSource{c, GetString(r.Inputs, "ipProtocol"), num(r.Inputs, "fromPort"), num(r.Inputs, "toPort")})
			}
		}
	case typeSGRule:
		if GetString(r.Inputs, "type") != "ingress" {
			return nil
		}
		for _, c := range append(strs(r.Inputs, "cidrBlocks"), strs(r.Inputs, "ipv6CidrBlocks")...) {
			out = append(out, ingressSource{c, GetString(r.Inputs, "protocol"), num(r.Inputs, "fromPort"), num(r.Inputs, "toPort")})
		}
	case typeSecurityGroup:
		blocks, _ := r.Inputs["ingress"].([]any)
		for _, b := range blocks {
			m, _ := b.(map[string]any)
			for _, c := range append(strs(m, "cidrBlocks"), strs(m, "ipv6CidrBlocks")...) {
				out = append(out, ingressSource{c, GetString(m, "protocol"), num(m, "fromPort"), num(m, "toPort")})
			}
		}
	}
	return out
}

// isWorld reports whether a CIDR is the whole IPv4 or IPv6 Internet.
func isWorld(cidr string) bool {
	p, err := netip.ParsePrefix(strings.TrimSpace(cidr))
	return err == nil && p.Bits() == 0
}

// exposedAdminPorts returns the admin ports a protocol and port range reach.
func exposedAdminPorts(protocol string, from, to int) []int {
	switch strings.ToLower(protocol) {
	case "-1", "all":
		return AdminPorts
	case "icmp", "icmpv6", "1", "58":
		return nil
	}
	if from == 0 && to == 0 {
		return nil
	}
	var out []int
	for _, p := range AdminPorts {
		if from <= p && p <= to {
			out = append(out, p)
		}
	}
	return out
}

func checkWorldIngress(p *Plan) []Violation {
	var out []Violation
	for i := range p.Resources {
		r := &p.Resources[i]
		optIn := r.Type == typeIngressRule && strings.Contains(r.Name, WorldSSHKey)
		for _, s := range ingressSources(r) {
			if !isWorld(s.cidr) {
				continue
			}
			ports := exposedAdminPorts(s.protocol, s.from, s.to)
			if len(ports) == 0 {
				continue
			}
			if optIn && len(ports) == 1 && ports[0] == 22 && strings.EqualFold(s.protocol, "tcp") {
				continue
			}
			var ps []string
			for _, x := range ports {
				ps = append(ps, strconv.Itoa(x))
			}
			out = append(out, violation("no-world-admin-ingress", r, "%s %s %d-%d from %s reaches admin port(s) %s",
				r.Type, s.protocol, s.from, s.to, s.cidr, strings.Join(ps, ", ")))
		}
	}
	return out
}

func checkIMDSv2(p *Plan) []Violation {
	var out []Violation
	for _, r := range p.OfType(typeInstance) {
		if t := GetString(r.Inputs, "metadataOptions.httpTokens"); t != "required" {
			out = append(out, violation("imdsv2", r, "metadataOptions.httpTokens is %q, want \"required\" (IMDSv2 only)", t))
		}
	}
	return out
}

func checkEncrypted(p *Plan) []Violation {
	var out []Violation
	for _, r := range p.OfType(typeInstance) {
		if v, _ := Get(r.Inputs, "rootBlockDevice.encrypted"); v != true {
			out = append(out, violation("encrypted-root", r, "rootBlockDevice.encrypted is %v, want true", show(v)))
		}
		devs, _ := r.Inputs["ebsBlockDevices"].([]any)
		for i, d := range devs {
			m, _ := d.(map[string]any)
			if m["encrypted"] != true {
				out = append(out, violation("encrypted-root", r, "ebsBlockDevices[%d].encrypted is %v, want true", i, show(m["encrypted"])))
			}
		}
	}
	return out
}

func show(v any) string {
	if v == nil {
		return "unset"
	}
	return fmt.Sprint(v)
}

// secretPatterns are what a secret looks like in user data. A pattern with
// a keep function reports only the matches it keeps.
var secretPatterns = []struct {
	name string
	re   *regexp.Regexp
	keep func(m []string) bool
}{
	{"Pulumi secret or secure config value", regexp.MustCompile(regexp.QuoteMeta(SecretMarker)), nil},
	{"private key block", regexp.MustCompile(`-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----`), nil},
	{"AWS access key id", regexp.MustCompile(`\b(AKIA|ASIA)[0-9A-Z]{16}\b`), nil},
	{"AWS secret access key", regexp.MustCompile(`(?i)aws_?secret_?access_?key\s*[=:]\s*["']?[A-Za-z0-9/+]{40}`), nil},
	{"WireGuard private key", regexp.MustCompile(`(?i)(PrivateKey|PresharedKey)\s*=\s*[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=`), nil},
	// NAME=value with a literal value: not $VAR or $(command), not a file
	// path, not a NAME_FILE/_PATH/_DIR setting.
	{"password assignment", regexp.MustCompile(`(?i)\b(\w*(?:password|passwd|secret)\w*)=([^\s"'\x60;|&]*)`), func(m []string) bool {
		name, value := strings.ToUpper(m[1]), m[2]
		for _, suffix := range []string{"_FILE", "_PATH", "_DIR"} {
			if strings.HasSuffix(name, suffix) {
				return false
			}
		}
		return value != "" && !strings.HasPrefix(value, "$") && !strings.HasPrefix(value, "/")
	}},
	{"password literal", regexp.MustCompile(`(?i)\w*(password|passwd|secret|token|api_?key)\w*["']?\s*:\s*["'][^"'$\s]{8,}["']`), nil},
}

// SecretsIn returns a description of every secret-looking value in a text
// (the first match of each kind).
func SecretsIn(text string) []string {
	var out []string
	for _, p := range secretPatterns {
		for _, m := range p.re.FindAllStringSubmatch(text, -1) {
			if p.keep == nil || p.keep(m) {
				out = append(out, fmt.Sprintf("%s (%q)", p.name, excerpt(m[0])))
				break
			}
		}
	}
	return out
}

func excerpt(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// DecodeUserData returns the text of a userDataBase64 value: base64-decoded,
// gunzipped when gzipped, and — for a multipart document — followed by the
// decoded body of every part.
func DecodeUserData(b64 string) (string, error) {
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return "", fmt.Errorf("not base64: %w", err)
	}
	return decodePayload(raw)
}

func decodePayload(raw []byte) (string, error) {
	text := raw
	if len(raw) >= 2 && raw[0] == 0x1f && raw[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return "", fmt.Errorf("gunzip: %w", err)
		}
		if text, err = io.ReadAll(io.LimitReader(zr, 8<<20)); err != nil {
			return "", fmt.Errorf("gunzip: %w", err)
		}
	}
	var b strings.Builder
	b.Write(text)
	if parts, err := userdata.Parse(text); err == nil {
		for _, part := range parts {
			b.WriteString("\n")
			b.Write(part.Body)
		}
	}
	return b.String(), nil
}

func checkUserDataSecrets(p *Plan) []Violation {
	var out []Violation
	for _, r := range p.OfType(typeInstance) {
		for _, k := range []string{"userDataBase64", "userData"} {
			v, ok := r.Inputs[k].(string)
			if !ok || v == "" {
				continue
			}
			if v == SecretMarker {
				out = append(out, violation("no-secrets-in-userdata", r, "%s is a Pulumi secret", k))
				continue
			}
			text := v
			if k == "userDataBase64" {
				var err error
				if text, err = DecodeUserData(v); err != nil {
					out = append(out, violation("no-secrets-in-userdata", r, "%s cannot be read: %v", k, err))
					continue
				}
			} else {
				text, _ = decodePayload([]byte(v))
			}
			for _, s := range SecretsIn(text) {
				out = append(out, violation("no-secrets-in-userdata", r, "%s holds a %s", k, s))
			}
		}
	}
	return out
}

func checkRetain(p *Plan) []Violation {
	var out []Violation
	for i := range p.Resources {
		r := &p.Resources[i]
		switch r.Type {
		case typeEip, typeBucketV2, typeBucket:
			if !r.Options.RetainOnDelete {
				out = append(out, violation("retain-eips-and-buckets", r, "retainOnDelete is false: deleting the resource would release the address or the data"))
			}
		}
	}
	return out
}

func checkProtect(p *Plan) []Violation {
	var out []Violation
	for _, r := range p.OfType(typeInstance) {
		if r.Inputs["disableApiTermination"] == true && !r.Options.Protect {
			out = append(out, violation("termination-protection-implies-protect", r, "disableApiTermination is true but the resource is not protected (pulumi.Protect)"))
		}
	}
	return out
}

// taggable reports whether a custom resource type has tags: what awsmodel
// says, or — for a type it does not know — whether the program set tags.
func taggable(r *Resource) bool {
	if !r.Custom || strings.HasPrefix(r.Type, "pulumi:providers:") {
		return false
	}
	if s, ok := awsmodel.Lookup(r.Type); ok {
		return s.Tags
	}
	_, has := r.Inputs["tags"]
	return has
}

// EffectiveTags are the tags AWS puts on a resource: its provider's default
// tags, overlaid with its own tags — except that a resource imported with
// "tagsAll" (or "tags") in ignoreChanges keeps the tags it had, so nothing
// the program says reaches it.
func EffectiveTags(p *Plan, r *Resource) map[string]string {
	out := map[string]string{}
	if r.Options.ImportID != "" && (covered(r.Options.IgnoreChanges, "tagsAll") || covered(r.Options.IgnoreChanges, "tags")) {
		return out
	}
	if prov := p.Resource(r.Provider); prov != nil {
		for k, v := range providerDefaultTags(prov.Inputs) {
			out[k] = v
		}
	}
	if tags, ok := r.Inputs["tags"].(map[string]any); ok {
		for k, v := range tags {
			if s, ok := v.(string); ok {
				out[k] = s
			}
		}
	}
	return out
}

// adopted reports whether a resource is adopted as it is: imported with its
// tags ignored (the servers' existing Elastic IPs). An import must match the
// live object, which carries none of the project's tags, so the program
// leaves its tags alone; the policy exempts it rather than demand the
// impossible.
func adopted(r *Resource) bool {
	return r.Options.ImportID != "" && (covered(r.Options.IgnoreChanges, "tagsAll") || covered(r.Options.IgnoreChanges, "tags"))
}

func checkTags(p *Plan) []Violation {
	want := infra.ProjectTags(p.Stack)
	var out []Violation
	for i := range p.Resources {
		r := &p.Resources[i]
		if !taggable(r) || adopted(r) {
			continue
		}
		have := EffectiveTags(p, r)
		var missing []string
		for _, k := range slices.Sorted(maps.Keys(want)) {
			if have[k] != want[k] {
				missing = append(missing, fmt.Sprintf("%s=%s", k, want[k]))
			}
		}
		if len(missing) > 0 {
			out = append(out, violation("project-tags", r, "missing or wrong tag(s) %s", strings.Join(missing, ", ")))
		}
	}
	return out
}
