package userdata

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExpand(t *testing.T) {
	vars := map[string]string{"A": "alpha", "B_2": "beta", "_x": "under", "EMPTY": "", "DOLLAR": "$${X}"}
	tests := []struct {
		name, src, want string
	}{
		{"empty", "", ""},
		{"no dollar", "plain text\n", "plain text\n"},
		{"variable", "x=${A}\n", "x=alpha\n"},
		{"adjacent", "${A}${B_2}${_x}", "alphabetaunder"},
		{"empty value", "[${EMPTY}]", "[]"},
		{"value inserted verbatim, not re-expanded", "${DOLLAR}", "$${X}"},
		{"escape", "echo $${HOME:-/root}", "echo ${HOME:-/root}"},
		{"escape of a name", "$${A}", "${A}"},
		{"escape then variable", "$${A}${A}", "${A}alpha"},
		{"bare shell variable", "echo $A $HOME", "echo $A $HOME"},
		{"command substitution", "d=$(date -u)", "d=$(date -u)"},
		{"positional and specials", "$1 $@ $# $? $$ $! $- $*", "$1 $@ $# $? $$ $! $- $*"},
		{"pid before brace text", "$$ {A}", "$$ {A}"},
		{"dollar at end", "cost $", "cost $"},
		{"three dollars", "$$${A}", "$${A}"},
		{"awk field", "awk '{print $1}'", "awk '{print $1}'"},
		{"brace without dollar", "{A} ${A}", "{A} alpha"},
		{"multi-line", "a\n${A}\n$${B}\n", "a\nalpha\n${B}\n"},
		{"non-ASCII passes", "é ${A} ✓", "é alpha ✓"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Expand("t.in", []byte(tc.src), vars)
			require.NoError(t, err)
			assert.Equal(t, tc.want, string(got))
		})
	}
}

func TestExpandErrors(t *testing.T) {
	tests := []struct {
		name, src string
		undefined []string
		want      []string // substrings of the error
	}{
		{"undefined", "x\n${NOPE}\n", []string{"NOPE"}, []string{"t.in:2: undefined variable ${NOPE}"}},
		{"all undefined, sorted", "${ZED}\n${ALPHA}\n${ZED}", []string{"ALPHA", "ZED"},
			[]string{"undefined variable(s): ALPHA, ZED", "t.in:1: undefined variable ${ZED}", "t.in:2: undefined variable ${ALPHA}", "t.in:3: undefined variable ${ZED}"}},
		{"default value", "${HOME:-/root}", nil, []string{`t.in:1: "${HOME:-/root}" is not a template variable`, "write $${"}},
		{"length", "n=${#arr}", nil, []string{`"${#arr}"`}},
		{"array", "${arr[@]}", nil, []string{`"${arr[@]}"`}},
		{"positional", "${1}", nil, []string{`"${1}"`}},
		{"empty name", "${}", nil, []string{`"${}"`}},
		{"unterminated", "${A", nil, []string{`"${A"`}},
		{"unterminated at line end", "${A\n}", nil, []string{`"${A"`}},
		{"space", "${ A }", nil, []string{`"${ A }"`}},
		{"dash", "${A-B}", nil, []string{`"${A-B}"`}},
		{"at end", "x ${", nil, []string{`"${"`}},
		{"long excerpt cut", "${" + strings.Repeat("-", 40) + "}", nil, []string{"…"}},
		{"mixed", "${A:+x}\n${UNDEF}", []string{"UNDEF"}, []string{"2 template error(s)", "t.in:1:", "t.in:2: undefined variable ${UNDEF}"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Expand("t.in", []byte(tc.src), map[string]string{"A": "a"})
			require.Error(t, err)
			var te *TemplateError
			require.True(t, errors.As(err, &te))
			assert.Equal(t, "t.in", te.File)
			assert.Equal(t, tc.undefined, te.Undefined())
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestExpandIgnoresEnvironment(t *testing.T) {
	t.Setenv("JAIA_TEST_FROM_ENV", "leak")
	_, err := Expand("t.in", []byte("${JAIA_TEST_FROM_ENV}"), nil)
	var te *TemplateError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, []string{"JAIA_TEST_FROM_ENV"}, te.Undefined())
}

func TestReferences(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"none", "echo $HOME $(id) $${X}", nil},
		{"sorted and unique", "${B} ${A} ${B} $${C} ${_d}", []string{"A", "B", "_d"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := References("t.in", []byte(tc.src))
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
	_, err := References("t.in", []byte("ok\n${A:-x}"))
	require.ErrorContains(t, err, "t.in:2:")
}

func TestValidName(t *testing.T) {
	for s, want := range map[string]bool{
		"A": true, "_": true, "a1_B": true, "jaia_version_npm": true,
		"": false, "1A": false, "A-B": false, "A B": false, "é": false,
	} {
		assert.Equal(t, want, ValidName(s), "%q", s)
	}
}

// FuzzExpand checks properties of the expander on arbitrary input.
func FuzzExpand(f *testing.F) {
	for _, s := range []string{
		"", "plain", "${A}", "$${A}", "$$${A}", "${A:-x}", "${", "$", "$$", "a\n${B}\n$(c)",
		"${#x}", "${1}", "${A}${B}", "$${", "é${A}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		// Never panics; an error is always a *TemplateError with problems.
		out, err := Expand("f", src, nil)
		if err != nil {
			var te *TemplateError
			if !errors.As(err, &te) || len(te.Problems) == 0 {
				t.Fatalf("error %v is not a *TemplateError with problems", err)
			}
		}
		// Text without "${" is unchanged.
		if !bytes.Contains(src, []byte("${")) {
			if err != nil || !bytes.Equal(out, src) {
				t.Fatalf("text without ${ changed: %q -> %q, %v", src, out, err)
			}
		}
		// With every referenced name defined, expansion never errors, and it
		// is the same as References says.
		names, rerr := References("f", src)
		vars := map[string]string{}
		for _, n := range names {
			if !ValidName(n) {
				t.Fatalf("References returned invalid name %q", n)
			}
			vars[n] = "<" + n + ">"
		}
		_, xerr := Expand("f", src, vars)
		if (rerr == nil) != (xerr == nil) {
			t.Fatalf("References error %v but Expand error %v", rerr, xerr)
		}
		// Escaping every "${" as "$${" gives back the text itself.
		esc := bytes.ReplaceAll(src, []byte("${"), []byte("$${"))
		back, err := Expand("f", esc, nil)
		if err != nil || !bytes.Equal(back, src) {
			t.Fatalf("escape round trip: %q -> %q -> %q, %v", src, esc, back, err)
		}
	})
}
