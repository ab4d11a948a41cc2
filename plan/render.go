package plan

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// WriteTree writes the plan like `pulumi preview`: one line per resource,
// indented under its parent ("+" create, "=" import), then the count per
// type.
func WriteTree(w io.Writer, p *Plan) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Plan of stack %s (offline; %d resources)\n", p.Stack, len(p.Resources))
	fmt.Fprintf(&b, "Simulated: %s\n\n", p.Simulated)
	children := map[string][]*Resource{}
	var roots []*Resource
	known := map[string]bool{}
	for i := range p.Resources {
		known[p.Resources[i].URN] = true
	}
	for i := range p.Resources {
		r := &p.Resources[i]
		if r.Parent == "" || !known[r.Parent] {
			roots = append(roots, r)
		} else {
			children[r.Parent] = append(children[r.Parent], r)
		}
	}
	order := func(rs []*Resource) {
		sort.SliceStable(rs, func(i, j int) bool {
			if ci, cj := childRank(rs[i]), childRank(rs[j]); ci != cj {
				return ci < cj
			}
			if rs[i].Name != rs[j].Name {
				return rs[i].Name < rs[j].Name
			}
			return rs[i].Type < rs[j].Type
		})
	}
	var walk func(rs []*Resource, depth int)
	walk = func(rs []*Resource, depth int) {
		order(rs)
		for _, r := range rs {
			mark := "+"
			if r.Options.ImportID != "" {
				mark = "="
			}
			fmt.Fprintf(&b, "%s%s %s %s%s\n", strings.Repeat("    ", depth), mark, r.Type, r.Name, annotations(r))
			walk(children[r.URN], depth+1)
		}
	}
	walk(roots, 0)
	counts := p.CountByType()
	fmt.Fprintf(&b, "\nResources by type:\n")
	for _, t := range slices.Sorted(maps.Keys(counts)) {
		fmt.Fprintf(&b, "%6d %s\n", counts[t], t)
	}
	fmt.Fprintf(&b, "%6d total\n", len(p.Resources))
	_, err := io.WriteString(w, b.String())
	return err
}

// childRank puts providers first, then components, then custom resources.
func childRank(r *Resource) int {
	switch {
	case isProvider(r.Type):
		return 0
	case !r.Custom:
		return 1
	}
	return 2
}

func annotations(r *Resource) string {
	var a []string
	if r.Options.ImportID != "" {
		a = append(a, "import "+r.Options.ImportID)
	}
	if r.Options.Protect {
		a = append(a, "protect")
	}
	if r.Options.RetainOnDelete {
		a = append(a, "retainOnDelete")
	}
	if r.Options.DeleteBeforeReplace {
		a = append(a, "deleteBeforeReplace")
	}
	if len(r.Options.IgnoreChanges) > 0 {
		a = append(a, "ignoreChanges: "+strings.Join(r.Options.IgnoreChanges, ", "))
	}
	if len(a) == 0 {
		return ""
	}
	return " [" + strings.Join(a, "; ") + "]"
}

// maxInline is the longest value shown verbatim in a diff.
const maxInline = 96

// WriteDiff writes a diff for review: per resource its operation and changed
// properties (old → new), long values as a size and hash, with a line diff
// of their decoded text where there is one.
func WriteDiff(w io.Writer, d *Diff) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Diff of stack %s → %s (offline; provider-computed values are simulated)\n", d.Old, d.New)
	if d.Empty() {
		b.WriteString("\nNo changes.\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	marks := map[Op]string{OpCreate: "+", OpDelete: "-", OpUpdate: "~", OpReplace: "+-", OpSame: "="}
	for _, r := range d.Resources {
		fmt.Fprintf(&b, "\n%s %s (%s)\n", marks[r.Op], r.URN, r.Op)
		for _, c := range r.Changes {
			writeChange(&b, c, r.Op == OpCreate || r.Op == OpDelete)
		}
	}
	if len(d.Outputs) > 0 {
		b.WriteString("\nStack outputs:\n")
		for _, c := range d.Outputs {
			writeChange(&b, c, false)
		}
	}
	n := d.Count()
	fmt.Fprintf(&b, "\nResources: %d to create, %d to update, %d to replace, %d to delete, %d unchanged apart from ignored or no-op changes; %d stack output(s) changed.\n",
		n[OpCreate], n[OpUpdate], n[OpReplace], n[OpDelete], n[OpSame], len(d.Outputs))
	_, err := io.WriteString(w, b.String())
	return err
}

func writeChange(b *strings.Builder, c Change, whole bool) {
	const ind = "    "
	mark := map[Kind]string{Add: "+", Update: "~", Delete: "-"}[c.Kind]
	note := ""
	switch {
	case c.Ignored:
		mark, note = "=", " (ignored: ignoreChanges)"
	case c.NoOp:
		mark, note = "=", " (no-op: "+c.Reason+")"
	case c.Replace:
		mark, note = "+-", " [replaces: "+c.Reason+"]"
	case c.Reason != "":
		note = " (" + c.Reason + ")"
	}
	if whole {
		fmt.Fprintf(b, "%s%s %s: %s\n", ind, mark, c.Path, short(pick(c)))
		return
	}
	switch c.Kind {
	case Add:
		fmt.Fprintf(b, "%s%s %s: %s%s\n", ind, mark, c.Path, short(c.New), note)
	case Delete:
		fmt.Fprintf(b, "%s%s %s: %s%s\n", ind, mark, c.Path, short(c.Old), note)
	default:
		fmt.Fprintf(b, "%s%s %s: %s → %s%s\n", ind, mark, c.Path, short(c.Old), short(c.New), note)
		if lines := textDiff(c.Old, c.New); lines != "" {
			b.WriteString(lines)
		}
	}
}

func pick(c Change) any {
	if c.Kind == Delete {
		return c.Old
	}
	return c.New
}

// short renders a value on one line; a long one as its size and hash.
func short(v any) string {
	s := compactJSON(v)
	if len(s) <= maxInline && !strings.Contains(s, `\n`) {
		return s
	}
	if str, ok := v.(string); ok {
		return fmt.Sprintf("<%d bytes, sha256:%s>", len(str), hash8(str))
	}
	return fmt.Sprintf("<%d bytes of JSON, sha256:%s>", len(s), hash8(s))
}

func hash8(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])[:12]
}

func compactJSON(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

// readable returns the text of a long value: base64 user data decoded (and
// gunzipped, parts decoded), JSON pretty-printed, other text as is.
func readable(v any) (string, bool) {
	s, ok := v.(string)
	if !ok {
		if v == nil {
			return "", false
		}
		b, err := json.MarshalIndent(v, "", "  ")
		return string(b), err == nil
	}
	if raw, err := base64.StdEncoding.DecodeString(s); err == nil && len(s) >= 16 {
		if text, err := decodePayload(raw); err == nil && utf8.ValidString(text) {
			return text, true
		}
	}
	var js any
	if json.Unmarshal([]byte(s), &js) == nil {
		if b, err := json.MarshalIndent(js, "", "  "); err == nil {
			return string(b), true
		}
	}
	return s, utf8.ValidString(s)
}

// maxDiffLines caps a line diff in the output.
const maxDiffLines = 200

// textDiff returns a line diff of two long values ("" when either is short
// or not text).
func textDiff(o, n any) string {
	if len(compactJSON(o)) <= maxInline && len(compactJSON(n)) <= maxInline {
		return ""
	}
	a, ok1 := readable(o)
	b, ok2 := readable(n)
	if !ok1 || !ok2 {
		return ""
	}
	lines := lineDiff(strings.Split(a, "\n"), strings.Split(b, "\n"))
	if len(lines) == 0 {
		return ""
	}
	var out strings.Builder
	for i, l := range lines {
		if i == maxDiffLines {
			fmt.Fprintf(&out, "        … %d more changed lines\n", len(lines)-maxDiffLines)
			break
		}
		out.WriteString("        " + l + "\n")
	}
	return out.String()
}

// lineDiff returns the removed ("- ") and added ("+ ") lines between a and
// b, in order (longest common subsequence; inputs are capped at a few
// thousand lines).
func lineDiff(a, b []string) []string {
	const maxLines = 4000
	if len(a) > maxLines || len(b) > maxLines {
		return []string{fmt.Sprintf("(too long for a line diff: %d and %d lines)", len(a), len(b))}
	}
	// Trim the common prefix and suffix first.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	a, b = a[pre:len(a)-suf], b[pre:len(b)-suf]
	n, m := len(a), len(b)
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []string
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i] == b[j]:
			i++
			j++
		case i < n && (j == m || lcs[i+1][j] >= lcs[i][j+1]):
			out = append(out, "- "+a[i])
			i++
		default:
			out = append(out, "+ "+b[j])
			j++
		}
	}
	return out
}
