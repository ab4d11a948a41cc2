package addressing

import (
	"errors"
	"net/netip"
	"strconv"
)

// ErrNotJaia is wrapped by every error of [Lookup]: the address is no node
// address of the Jaia plan.
var ErrNotJaia = errors.New("not a Jaia node address")

// parseError is the error of the Parse functions: the function, its input,
// the reason and, when known, the rest of the input at the fault.
type parseError struct {
	fn  string // "ParseSpec"
	in  string // the whole input
	msg string // why it failed
	at  string // rest of the input where it failed ("" if not positional)
}

func (e *parseError) Error() string {
	s := "addressing: " + e.fn + "(" + strconv.Quote(e.in) + "): " + e.msg
	if e.at != "" {
		s += " (at " + strconv.Quote(e.at) + ")"
	}
	return s
}

// planError is an error of the address plan: a valid request for something
// the plan does not define (a fleet or node without IPv4, a net without node
// addresses, a prefix of the wrong size).
type planError struct{ msg string }

func (e *planError) Error() string { return "addressing: " + e.msg }

func planErr(parts ...string) error {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	b := make([]byte, 0, n)
	for _, p := range parts {
		b = append(b, p...)
	}
	return &planError{string(b)}
}

// lookupError is the error of Lookup; it wraps ErrNotJaia.
type lookupError struct {
	addr netip.Addr
	why  string // optional detail
}

func (e *lookupError) Error() string {
	s := "addressing: " + e.addr.String() + " is " + ErrNotJaia.Error()
	if e.why != "" {
		s += " (" + e.why + ")"
	}
	return s
}

func (e *lookupError) Unwrap() error { return ErrNotJaia }

func itoa(v int) string { return strconv.Itoa(v) }
