package screening

import (
	"errors"
	"sort"

	"github.com/consentry/consentry/forms"
)

func sortStrings(s []string) { sort.Strings(s) }

// pointers lists a *forms.ValidationError's problems as "pointer code",
// sorted.
func pointers(err error) []string {
	var ve *forms.ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	var out []string
	for _, fe := range ve.Errors {
		out = append(out, fe.Pointer+" "+fe.Code)
	}
	sort.Strings(out)
	return out
}
