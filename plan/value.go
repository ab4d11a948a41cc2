package plan

import (
	"sort"

	"github.com/jaiarobotics/jaia-cloud/awsmodel"
	"github.com/jaiarobotics/jaia-cloud/stackconfig"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Markers stand in for values a plan cannot or must not show.
const (
	// SecretMarker replaces every secret value (the same text
	// stackconfig uses for secure configuration values).
	SecretMarker = stackconfig.SecretPlaceholder
	// UnknownMarker replaces a value that is not known when planning.
	UnknownMarker = "[unknown]"
)

// recordMap converts a property map into the plan's plain values: nulls are
// dropped, secrets become SecretMarker, unknowns UnknownMarker, resource
// references their URN, assets and archives their hash.
func recordMap(m resource.PropertyMap) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if v.IsNull() {
			continue
		}
		out[string(k)] = recordValue(v)
	}
	return out
}

func recordValue(v resource.PropertyValue) any {
	switch {
	case v.IsSecret():
		return SecretMarker
	case v.IsComputed():
		return UnknownMarker
	case v.IsOutput():
		o := v.OutputValue()
		switch {
		case o.Secret:
			return SecretMarker
		case !o.Known:
			return UnknownMarker
		}
		return recordValue(o.Element)
	case v.IsNull():
		return nil
	case v.IsBool():
		return v.BoolValue()
	case v.IsNumber():
		return v.NumberValue()
	case v.IsString():
		if v.StringValue() == awsmodel.Unknown {
			return UnknownMarker
		}
		return v.StringValue()
	case v.IsArray():
		arr := v.ArrayValue()
		out := make([]any, len(arr))
		for i, e := range arr {
			out[i] = recordValue(e)
		}
		return out
	case v.IsObject():
		return recordMap(v.ObjectValue())
	case v.IsResourceReference():
		return string(v.ResourceReferenceValue().URN)
	case v.IsAsset():
		return v.AssetValue().Hash
	case v.IsArchive():
		return v.ArchiveValue().Hash
	}
	return nil
}

// simMap converts a property map into awsmodel's plain values for the
// simulated account: secrets are unwrapped (their top-level keys are
// returned so that outputs can be marked secret again), unknowns become
// awsmodel.Unknown, resource references their id or URN.
func simMap(m resource.PropertyMap) (map[string]any, map[string]bool) {
	out := make(map[string]any, len(m))
	var secrets map[string]bool
	for k, v := range m {
		if v.ContainsSecrets() {
			if secrets == nil {
				secrets = map[string]bool{}
			}
			secrets[string(k)] = true
		}
		if v.IsNull() {
			continue
		}
		out[string(k)] = simValue(v)
	}
	return out, secrets
}

func simValue(v resource.PropertyValue) any {
	switch {
	case v.IsSecret():
		return simValue(v.SecretValue().Element)
	case v.IsComputed():
		return awsmodel.Unknown
	case v.IsOutput():
		o := v.OutputValue()
		if !o.Known {
			return awsmodel.Unknown
		}
		return simValue(o.Element)
	case v.IsNull():
		return nil
	case v.IsBool():
		return v.BoolValue()
	case v.IsNumber():
		return v.NumberValue()
	case v.IsString():
		return v.StringValue()
	case v.IsArray():
		arr := v.ArrayValue()
		out := make([]any, len(arr))
		for i, e := range arr {
			out[i] = simValue(e)
		}
		return out
	case v.IsObject():
		out := map[string]any{}
		for k, e := range v.ObjectValue() {
			if !e.IsNull() {
				out[string(k)] = simValue(e)
			}
		}
		return out
	case v.IsResourceReference():
		ref := v.ResourceReferenceValue()
		if id, ok := ref.IDString(); ok {
			return id
		}
		return string(ref.URN)
	case v.IsAsset():
		return v.AssetValue().Hash
	case v.IsArchive():
		return v.ArchiveValue().Hash
	}
	return nil
}

// toProperties converts plain values back into a property map; keys in
// secrets become secret.
func toProperties(m map[string]any, secrets map[string]bool) resource.PropertyMap {
	out := make(resource.PropertyMap, len(m))
	for k, v := range m {
		pv := toProperty(v)
		if secrets[k] {
			pv = resource.MakeSecret(pv)
		}
		out[resource.PropertyKey(k)] = pv
	}
	return out
}

func toProperty(v any) resource.PropertyValue {
	switch x := v.(type) {
	case nil:
		return resource.NewNullProperty()
	case bool:
		return resource.NewBoolProperty(x)
	case float64:
		return resource.NewNumberProperty(x)
	case int:
		return resource.NewNumberProperty(float64(x))
	case string:
		if x == awsmodel.Unknown {
			return resource.MakeComputed(resource.NewStringProperty(""))
		}
		return resource.NewStringProperty(x)
	case []any:
		arr := make([]resource.PropertyValue, len(x))
		for i, e := range x {
			arr[i] = toProperty(e)
		}
		return resource.NewArrayProperty(arr)
	case map[string]any:
		return resource.NewObjectProperty(toProperties(x, nil))
	}
	n, err := awsmodel.Normalize(v)
	if err != nil {
		return resource.NewNullProperty()
	}
	return toProperty(n)
}

// plainExport converts a resolved Go value of a stack export into plain
// JSON values (maps with string keys, []any, float64, string, bool).
func plainExport(v any) (any, error) {
	return awsmodel.Normalize(v)
}

// sortedSet returns the distinct, non-empty strings of s in order, never nil.
func sortedSet(s []string) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, e := range s {
		if e != "" && !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	sort.Strings(out)
	return out
}
