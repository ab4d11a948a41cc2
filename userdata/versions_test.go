package userdata

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseVersions(t *testing.T) {
	tests := []struct {
		name, src string
		want      map[string]string
	}{
		{"empty", "", map[string]string{}},
		{"jaiabot format", "jaia_version_release_branch=2.y\njaia_version_ubuntu=24.04\n",
			map[string]string{"jaia_version_release_branch": "2.y", "jaia_version_ubuntu": "24.04"}},
		{"comments and blanks", "# header\n\n  # indented comment\nA=1\n\n", map[string]string{"A": "1"}},
		{"no final newline", "A=1", map[string]string{"A": "1"}},
		{"indented, trailing blanks", "  A=1 \t\n", map[string]string{"A": "1"}},
		{"empty value", "A=\n", map[string]string{"A": ""}},
		{"single quotes keep everything", `A='$HOME ${X} "q" \n'`, map[string]string{"A": `$HOME ${X} "q" \n`}},
		{"double quotes", `A="two words"`, map[string]string{"A": "two words"}},
		{"empty quotes", `A=''` + "\n" + `B=""`, map[string]string{"A": "", "B": ""}},
		{"hash inside word", "A=v#1", map[string]string{"A": "v#1"}},
		{"equals in value", "A=x=y", map[string]string{"A": "x=y"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseVersions("v.env", strings.NewReader(tc.src))
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestParseVersionsErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"duplicate", "A=1\n# c\nA=2\n", "v.env:3: duplicate key A (first set on line 1)"},
		{"no equals", "A=1\njust words\n", "v.env:2: expected KEY=value"},
		{"bad key", "1A=x", "v.env:1: expected KEY=value"},
		{"space before equals", "A =x", "v.env:1: expected KEY=value"},
		{"export", "export A=1", "v.env:1: expected KEY=value"},
		{"space in value", "A=two words", "v.env:1: A: unquoted value"},
		{"expansion", "A=$HOME", "v.env:1: A: unquoted value"},
		{"braced expansion", "A=${B}", "v.env:1: A: unquoted value"},
		{"command", "A=`id`", "v.env:1: A: unquoted value"},
		{"tilde", "A=~/x", "v.env:1: A: unquoted value"},
		{"inline comment", "A=1 # c", "v.env:1: A: unquoted value"},
		{"unterminated quote", "A='x", "v.env:1: A: unterminated"},
		{"lone quote", `A="`, "v.env:1: A: unterminated"},
		{"text after quote", "A='x'y", "v.env:1: A: unterminated"},
		{"quote inside", "A='x'y'", "v.env:1: A: value"},
		{"dollar in double quotes", `A="$B"`, "v.env:1: A: value"},
		{"backslash in double quotes", `A="a\"`, "v.env:1: A: value"},
		{"CRLF", "A=1\r\n", "v.env:1: carriage return"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseVersions("v.env", strings.NewReader(tc.src))
			require.ErrorContains(t, err, tc.want)
		})
	}
}

func TestParseVersionsShippedFile(t *testing.T) {
	f, err := os.Open("../versions/common-versions.env")
	require.NoError(t, err)
	defer f.Close()
	got, err := ParseVersions("common-versions.env", f)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{
		"jaia_version_release_branch":  "2.y",
		"jaia_version_ubuntu":          "24.04",
		"jaia_version_ubuntu_codename": "noble",
		"jaia_version_nodejs":          "v24.14.0",
		"jaia_version_arduino_cli":     "v1.0.4",
		"jaia_version_nvm":             "v0.40.2",
		"jaia_version_npm":             "11.2.0",
		"jaia_version_webpack":         "5.105.4",
		"jaia_version_webpack_cli":     "6.0.1",
	}, got)
}

// FuzzParseVersions checks that the parser never panics, returns only valid
// names, and that what it returns, written back in quotes, parses to
// the same map.
func FuzzParseVersions(f *testing.F) {
	for _, s := range []string{
		"", "A=1\n", "# c\nA='x y'\nB=\"z\"\n", "A=1\nA=2\n", "A=${B}", "  A=1  \n", "A='", "=x", "A=\r\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		got, err := ParseVersions("f", strings.NewReader(src))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f:") {
				t.Fatalf("error %q does not start with the file name", err)
			}
			return
		}
		keys := make([]string, 0, len(got))
		for k, v := range got {
			if !ValidName(k) {
				t.Fatalf("invalid key %q", k)
			}
			if strings.ContainsAny(v, "\n\r") || strings.Contains(v, "'") && strings.Contains(v, `"`) {
				t.Fatalf("value %q of %s holds a line break or both kinds of quote", v, k)
			}
			keys = append(keys, k)
		}
		slices.Sort(keys)
		var b strings.Builder
		for _, k := range keys {
			q := "'"
			if strings.Contains(got[k], "'") {
				q = `"`
			}
			b.WriteString(k + "=" + q + got[k] + q + "\n")
		}
		again, err := ParseVersions("f", strings.NewReader(b.String()))
		if err != nil {
			t.Fatalf("re-parse of %q: %v", b.String(), err)
		}
		assert.Equal(t, got, again)
	})
}
