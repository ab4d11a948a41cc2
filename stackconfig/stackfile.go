package stackconfig

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"

	"go.yaml.in/yaml/v3"
)

// SecretPlaceholder replaces secure (encrypted) values read from a stack
// file outside Pulumi, so offline tools show where a secret goes without
// being able to read it.
const SecretPlaceholder = "[secret]"

// ReadStackFile reads the config section of a Pulumi.<stack>.yaml file and
// returns it as a Pulumi program sees it: string values verbatim, structured
// values as JSON text, secure values as SecretPlaceholder. The second result
// lists the keys that held secure values.
func ReadStackFile(path string) (map[string]string, []string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	return ParseStackFile(path, data)
}

// ParseStackFile is ReadStackFile on bytes already read; name is used in errors.
func ParseStackFile(name string, data []byte) (map[string]string, []string, error) {
	var doc struct {
		Config map[string]yaml.Node `yaml:"config"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	out := map[string]string{}
	var secrets []string
	for k, node := range doc.Config {
		if isSecure(&node) {
			out[k] = SecretPlaceholder
			secrets = append(secrets, k)
			continue
		}
		if node.Kind == yaml.ScalarNode {
			out[k] = node.Value
			continue
		}
		var v any
		if err := node.Decode(&v); err != nil {
			return nil, nil, fmt.Errorf("%s: config %s: %w", name, k, err)
		}
		b, err := json.Marshal(v)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: config %s: %w", name, k, err)
		}
		out[k] = string(b)
	}
	sort.Strings(secrets)
	return out, secrets, nil
}

func isSecure(n *yaml.Node) bool {
	if n.Kind != yaml.MappingNode || len(n.Content) != 2 {
		return false
	}
	return n.Content[0].Value == "secure"
}
