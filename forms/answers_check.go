package forms

import (
	"errors"
	"fmt"
	"reflect"

	"github.com/go-playground/validator/v10"
)

// checkAnswers validates an answers struct by its tags, like check, with
// messages that read right for numbers and lists ("must be at most 3",
// "must have exactly 9 items").
func (v *Validator) checkAnswers(s any, prefix string) problems {
	err := v.v.Struct(s)
	if err == nil {
		return nil
	}
	var ves validator.ValidationErrors
	if !errors.As(err, &ves) {
		return problems{{Pointer: prefix, Code: "invalid", Message: "the answers could not be checked"}}
	}
	out := make(problems, 0, len(ves))
	for _, fe := range ves {
		out = append(out, FieldError{
			Pointer: prefix + namespacePointer(fe.Namespace()),
			Code:    fe.Tag(),
			Message: answerTagMessage(fe),
		})
	}
	return out
}

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
