package sim

import (
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/jaiarobotics/jaia-cloud/awsmodel"
)

// ToPlain converts a Pulumi property map into awsmodel's plain values: unknowns become awsmodel.Unknown, secrets
// are unwrapped (their top-level keys are returned so that outputs can be marked secret again), resource
// references become their id (or URN), assets and archives their hash.
func ToPlain(m property.Map) (map[string]any, map[string]bool) {
	out := map[string]any{}
	secrets := map[string]bool{}
	for k, v := range m.All {
		if v.HasSecrets() {
			secrets[k] = true
		}
		if v.IsNull() {
			continue
		}
		out[k] = valueToPlain(v)
	}
	return out, secrets
}

func valueToPlain(v property.Value) any {
	switch {
	case v.IsComputed():
		return awsmodel.Unknown
	case v.IsNull():
		return nil
	case v.IsBool():
		return v.AsBool()
	case v.IsNumber():
		return v.AsNumber()
	case v.IsString():
		return v.AsString()
	case v.IsArray():
		arr := v.AsArray()
		out := make([]any, 0, arr.Len())
		for _, e := range arr.All {
			out = append(out, valueToPlain(e))
		}
		return out
	case v.IsMap():
		out := map[string]any{}
		for k, e := range v.AsMap().All {
			if !e.IsNull() {
				out[k] = valueToPlain(e)
			}
		}
		return out
	case v.IsResourceReference():
		ref := v.AsResourceReference()
		if ref.ID.IsComputed() {
			return awsmodel.Unknown
		}
		if id, ok := ref.IDString(); ok {
			return id
		}
		return string(ref.URN)
	case v.IsAsset():
		return v.AsAsset().Hash
	case v.IsArchive():
		return v.AsArchive().Hash
	}
	return nil
}

// FromPlain converts plain values back into a property map; keys in secrets become secret, awsmodel.Unknown becomes
// a computed value.
func FromPlain(m map[string]any, secrets map[string]bool) property.Map {
	out := make(map[string]property.Value, len(m))
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := plainToValue(m[k])
		if secrets[k] {
			v = v.WithSecret(true)
		}
		out[k] = v
	}
	return property.NewMap(out)
}

func plainToValue(v any) property.Value {
	switch x := v.(type) {
	case nil:
		return property.New(property.Null)
	case bool:
		return property.New(x)
	case float64:
		return property.New(x)
	case int:
		return property.New(float64(x))
	case string:
		if x == awsmodel.Unknown {
			return property.New(property.Computed)
		}
		return property.New(x)
	case []any:
		arr := make([]property.Value, len(x))
		for i, e := range x {
			arr[i] = plainToValue(e)
		}
		return property.New(arr)
	case []string:
		arr := make([]property.Value, len(x))
		for i, e := range x {
			arr[i] = property.New(e)
		}
		return property.New(arr)
	case map[string]any:
		mm := make(map[string]property.Value, len(x))
		for k, e := range x {
			mm[k] = plainToValue(e)
		}
		return property.New(mm)
	}
	n, err := awsmodel.Normalize(v)
	if err != nil {
		return property.New(property.Null)
	}
	return plainToValue(n)
}
