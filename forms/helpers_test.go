package forms

import (
	"regexp"
	"sort"
	"testing"

	"github.com/consentry/consentry/forms/formstest"
)

var kebab = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func sortStrings(s []string) { sort.Strings(s) }

// validBody returns a complete, valid submission body of a kind, the
// consent included.
func validBody(tb testing.TB, kind string) map[string]any {
	tb.Helper()
	if kind == KindKAPConsent {
		return validConsent(tb)
	}
	return formstest.Body(tb, kind)
}
