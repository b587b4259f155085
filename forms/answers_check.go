package forms

import (
	"fmt"
	"reflect"

	"github.com/go-playground/validator/v10"
)

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
