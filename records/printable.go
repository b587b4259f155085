package records

import (
	"errors"
	"slices"
	"strings"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/pdf"
)

// unprintable reports, for each pointer, a value holding characters the
// record's fonts cannot show: a record must show exactly what was signed,
// never empty boxes.
func unprintable(values map[string]string) []forms.FieldError {
	var out []forms.FieldError
	for ptr, v := range values {
		if !pdf.Supported(v) {
			out = append(out, forms.FieldError{Pointer: ptr, Code: "unsupported_characters",
				Message: "contains characters the record's fonts cannot show; they support Latin (with Vietnamese), Greek, Cyrillic, Armenian, Georgian, Arabic, Hebrew, Devanagari, Thai, Chinese, Japanese and Korean"})
		}
	}
	slices.SortFunc(out, func(a, b forms.FieldError) int { return strings.Compare(a.Pointer, b.Pointer) })
	return out
}

// shownValues are the submitted strings a record prints, by pointer.
func shownValues(sub *forms.Submission) map[string]string {
	req := sub.Request
	out := map[string]string{}
	for id, v := range req.Initials {
		out[forms.Pointer("initials", id)] = v
	}
	if req.Signature != nil {
		out["/signature/typed_name"] = req.Signature.TypedName
		out["/signature/credentials"] = req.Signature.Credentials
	}
	if sub.Answers != nil {
		for _, l := range forms.AnswerLines(sub.Answers) {
			out[l.Pointer] = l.Value
		}
	}
	return out
}

// problemsOf splits a parser's error: with a decoded value, a
// *forms.ValidationError becomes a list the use case may add to; anything
// else is returned as it is.
func problemsOf(decoded bool, err error) ([]forms.FieldError, error) {
	var ve *forms.ValidationError
	switch {
	case err == nil:
		return nil, nil
	case decoded && errors.As(err, &ve):
		return ve.Errors, nil
	default:
		return nil, err
	}
}

// typedName is a signature's typed name, or "" when there is none.
func typedName(s *forms.Signature) string {
	if s == nil {
		return ""
	}
	return s.TypedName
}
