package forms

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"

	"github.com/go-playground/validator/v10"
)

// initialsPattern is the one pattern for initials, shared by the server check
// and the published JSON Schema: one to four letters of any script.
const initialsPattern = `^\p{L}{1,4}$`

var initialsRE = regexp.MustCompile(initialsPattern)

// Validator checks request shapes by their `validate` tags and reports every
// failure as a FieldError with a JSON pointer built from the `json` tags.
type Validator struct {
	v *validator.Validate
}

// NewValidator returns a Validator with Consentry's custom tags registered.
func NewValidator() *Validator {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			return ""
		}
		if name == "" {
			return f.Name
		}
		return name
	})
	// A trimmed string of printable characters: no control characters,
	// and none of the invisible ones that make printed text read
	// differently from what is stored.
	_ = v.RegisterValidation("text", func(fl validator.FieldLevel) bool {
		s := fl.Field().String()
		return s == strings.TrimSpace(s) && !strings.ContainsFunc(s, isControl) && !strings.ContainsFunc(s, isInvisible)
	})
	// e164 replaces validator's own, whose pattern makes the plus
	// optional: the published schemas (e164Pattern) and the server must
	// accept the same numbers, and a number without its plus is
	// ambiguous (a national number or an international one).
	_ = v.RegisterValidation("e164", func(fl validator.FieldLevel) bool {
		return e164Regexp.MatchString(fl.Field().String())
	})
	return &Validator{v: v}
}

// e164Regexp is e164Pattern compiled.
var e164Regexp = regexp.MustCompile(e164Pattern)

func isControl(r rune) bool {
	return r < 0x20 || (r >= 0x7f && r < 0xa0) || r == 0x2028 || r == 0x2029
}

// invisibleChars are the format characters refused in names and other
// short text: direction marks, embeddings, overrides and isolates, which
// reorder what a reader sees (a printed name could read differently from
// the stored one), and characters that show nothing at all. The zero-width
// non-joiner and joiner (U+200C, U+200D) are allowed: Persian and Indic
// names need them.
const invisibleChars = "\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb"

// isInvisible reports one of invisibleChars.
func isInvisible(r rune) bool {
	switch {
	case r == 0xad, r == 0x61c, r == 0x180e, r == 0x200b, r == 0x200e, r == 0x200f, r == 0xfeff:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2060 && r <= 0x2064, r >= 0x2066 && r <= 0x2069, r >= 0xfff9 && r <= 0xfffb:
		return true
	}
	return false
}

// Validate checks s (a pointer to a struct) and returns a *ValidationError
// listing every failed tag, or nil. It satisfies echo's Validator interface.
func (v *Validator) Validate(s any) error {
	return v.check(s, "").err()
}

// check validates a request s by its tags and prefixes every pointer
// with prefix.
func (v *Validator) check(s any, prefix string) problems {
	return v.checkTags(s, prefix, tagMessage)
}

// checkAnswers validates an answers struct by its tags, like check, with
// messages that read right for numbers and lists ("must be at most 3",
// "must have exactly 9 items").
func (v *Validator) checkAnswers(s any, prefix string) problems {
	return v.checkTags(s, prefix, answerTagMessage)
}

// checkTags validates s by its tags and reports each failed tag at its
// pointer (prefixed by prefix), in the words message gives it.
func (v *Validator) checkTags(s any, prefix string, message func(validator.FieldError) string) problems {
	err := v.v.Struct(s)
	if err == nil {
		return nil
	}
	var ves validator.ValidationErrors
	if !errors.As(err, &ves) {
		return problems{{Pointer: prefix, Code: "invalid", Message: "could not be checked"}}
	}
	out := make(problems, 0, len(ves))
	for _, fe := range ves {
		out = append(out, FieldError{
			Pointer: prefix + namespacePointer(fe.Namespace()),
			Code:    fe.Tag(),
			Message: message(fe),
		})
	}
	return out
}

// namespacePointer turns validator's "Request.signature.typed_name" or
// "Request.initials[intro]" into "/signature/typed_name", "/initials/intro".
func namespacePointer(ns string) string {
	_, rest, _ := strings.Cut(ns, ".")
	var tokens []string
	for _, part := range strings.Split(rest, ".") {
		for {
			i := strings.IndexByte(part, '[')
			if i < 0 || !strings.HasSuffix(part, "]") {
				tokens = append(tokens, part)
				break
			}
			tokens = append(tokens, part[:i])
			part = part[i+1 : len(part)-1]
		}
	}
	return Pointer(tokens...)
}

// tagMessage says in words what a failed tag asked for.
func tagMessage(fe validator.FieldError) string {
	switch fe.Tag() {
	case "required":
		return "is required"
	case "max":
		if fe.Kind() == reflect.String {
			return fmt.Sprintf("must be at most %s characters long", fe.Param())
		}
		return fmt.Sprintf("must have at most %s entries", fe.Param())
	case "min":
		if fe.Kind() == reflect.String {
			return fmt.Sprintf("must be at least %s characters long", fe.Param())
		}
		return fmt.Sprintf("must have at least %s entries", fe.Param())
	case "oneof":
		return "must be one of: " + strings.ReplaceAll(fe.Param(), " ", ", ")
	case "email":
		return "must be an email address"
	case "e164":
		return "must be a phone number in E.164 form, e.g. +14155550123"
	case "uuid":
		return "must be a UUID"
	case "datetime":
		return "must be a date as YYYY-MM-DD"
	case "text":
		return "must not start or end with spaces or contain control characters or invisible formatting characters (such as direction overrides)"
	case "printascii":
		return "must be printable ASCII"
	default:
		return "is invalid (" + fe.Tag() + ")"
	}
}

// answerTagMessage says in words what a failed tag of an answers struct
// asked for: like tagMessage, but for numbers and lists.
func answerTagMessage(fe validator.FieldError) string {
	numeric := false
	switch fe.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Float32, reflect.Float64:
		numeric = true
	}
	list := fe.Kind() == reflect.Slice || fe.Kind() == reflect.Array
	switch {
	case numeric && (fe.Tag() == "min" || fe.Tag() == "gte"):
		return fmt.Sprintf("must be at least %s", fe.Param())
	case numeric && (fe.Tag() == "max" || fe.Tag() == "lte"):
		return fmt.Sprintf("must be at most %s", fe.Param())
	case numeric && fe.Tag() == "gt":
		return fmt.Sprintf("must be more than %s", fe.Param())
	case numeric && fe.Tag() == "lt":
		return fmt.Sprintf("must be less than %s", fe.Param())
	case list && fe.Tag() == "len":
		return fmt.Sprintf("must have exactly %s items", fe.Param())
	case list && fe.Tag() == "unique":
		return "must not list the same value twice"
	}
	return tagMessage(fe)
}
