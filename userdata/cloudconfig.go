package userdata

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// CloudConfigHeader is the exact first line of a cloud-config part.
const CloudConfigHeader = "#cloud-config"

// yaml11Hazard matches plain scalars that cloud-init's YAML 1.1 parser
// (PyYAML) reads differently from a YAML 1.2 parser such as yaml.v3:
// yes/no/on/off become booleans, 0644 an octal number, 1:30 a base-60 number.
var (
	yaml11Bool   = regexp.MustCompile(`^(?i:yes|no|on|off)$`)
	yaml11Octal  = regexp.MustCompile(`^[-+]?0[0-7_]+$`)
	yaml11Base60 = regexp.MustCompile(`^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$`)
)

// CheckCloudConfig checks a rendered cloud-config part: its first line must
// be exactly #cloud-config, the rest a single YAML document holding a mapping
// (or nothing), without plain scalars that YAML 1.1 would read as something
// else (write true/false, and quote modes such as '0644'). name labels errors.
//
// This is a syntax check only; cloud-init's own schema validator
// (cloud-init schema --config-file FILE) checks keys and values.
func CheckCloudConfig(name string, body []byte) error {
	first, _, _ := bytes.Cut(body, []byte("\n"))
	if string(first) != CloudConfigHeader {
		return fmt.Errorf("%s:1: first line must be exactly %q, got %q", name, CloudConfigHeader, first)
	}
	dec := yaml.NewDecoder(bytes.NewReader(body))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil // only the header and comments
		}
		return fmt.Errorf("%s: invalid YAML: %w", name, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		if err != nil {
			return fmt.Errorf("%s: invalid YAML: %w", name, err)
		}
		return fmt.Errorf("%s:%d: a second YAML document; cloud-config is one mapping", name, extra.Line)
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind != yaml.MappingNode {
		return fmt.Errorf("%s:%d: top level must be a mapping of cloud-config keys", name, root.Line)
	}
	var decoded any
	if err := root.Decode(&decoded); err != nil { // e.g. a duplicate key
		return fmt.Errorf("%s: invalid YAML: %w", name, err)
	}
	var problems []string
	var visit func(n *yaml.Node)
	visit = func(n *yaml.Node) {
		if n.Kind == yaml.ScalarNode && n.Style == 0 {
			switch v := n.Value; {
			case yaml11Bool.MatchString(v):
				problems = append(problems, fmt.Sprintf("%s:%d: plain %q is a boolean to cloud-init's YAML 1.1 parser; write true/false, or quote it", name, n.Line, v))
			case yaml11Octal.MatchString(v) && v != "0":
				problems = append(problems, fmt.Sprintf("%s:%d: plain %q is an octal number to YAML 1.1; quote it", name, n.Line, v))
			case yaml11Base60.MatchString(v):
				problems = append(problems, fmt.Sprintf("%s:%d: plain %q is a base-60 number to YAML 1.1; quote it", name, n.Line, v))
			}
		}
		for _, c := range n.Content {
			visit(c)
		}
	}
	visit(root)
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "\n"))
	}
	return nil
}
