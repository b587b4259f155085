package forms

import (
	"fmt"
	"sort"
	"strings"
)

// FieldError names one bad field of a request by its JSON pointer.
type FieldError struct {
	// Pointer is an RFC 6901 JSON pointer into the request body.
	Pointer string `json:"pointer"`
	// Code is a short machine-readable reason, e.g. "required" or "max".
	Code string `json:"code"`
	// Message says in plain words what is wrong and how to fix it.
	Message string `json:"message"`
}

// ValidationError is a request that failed validation. It carries every
// problem found, not just the first.
type ValidationError struct {
	Errors []FieldError
}

// Error summarises the problems without echoing any submitted value.
func (e *ValidationError) Error() string {
	ptrs := make([]string, len(e.Errors))
	for i, fe := range e.Errors {
		ptrs[i] = fe.Pointer
	}
	return fmt.Sprintf("invalid request: %d problem(s) at %s", len(e.Errors), strings.Join(ptrs, ", "))
}

// problems collects field errors as a request is checked.
type problems []FieldError

func (p *problems) add(pointer, code, format string, args ...any) {
	*p = append(*p, FieldError{Pointer: pointer, Code: code, Message: fmt.Sprintf(format, args...)})
}

// err returns nil when nothing was found, so that callers can return it.
func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	return &ValidationError{Errors: p}
}

// Pointer joins tokens into a JSON pointer, escaping "~" and "/".
func Pointer(tokens ...string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		t = strings.ReplaceAll(t, "~", "~0")
		b.WriteString(strings.ReplaceAll(t, "/", "~1"))
	}
	return b.String()
}

// sortProblems orders problems by pointer, so that problems found while
// ranging over a map come out the same every time.
func sortProblems(p problems) {
	sort.SliceStable(p, func(i, j int) bool { return p[i].Pointer < p[j].Pointer })
}

// fatal reports a body that could not be decoded at all, so that checking
// its fields would only add noise.
func (p problems) fatal() bool {
	for _, fe := range p {
		if fe.Code == "json" || (fe.Code == "type" && fe.Pointer == "") || (fe.Code == "required" && fe.Pointer == "") {
			return true
		}
	}
	return false
}

// dedupe keeps the first problem of each pointer (a member of the wrong
// type is also missing to the later checks) and sorts the rest.
func (p problems) dedupe() problems { return Dedupe(p) }

// Dedupe keeps the first problem of each pointer and sorts them stably
// by pointer, for a caller that adds its own problems to a
// *ValidationError's. It does not change errs.
func Dedupe(errs []FieldError) []FieldError {
	seen := make(map[string]bool, len(errs))
	var out []FieldError
	for _, fe := range errs {
		if !seen[fe.Pointer] {
			seen[fe.Pointer] = true
			out = append(out, fe)
		}
	}
	sortProblems(out)
	return out
}
