package forms

import (
	"encoding/json"
	"fmt"
	"sync"
)

var storedValidator = sync.OnceValue(NewValidator)

// DecodeStoredAnswers decodes the answers of a stored submission body (the
// body ParseSubmission accepted, as stored) of a form version, e.g. into
// a *MedicalHistoryAnswers. It returns ErrUnknownVersion (or another
// lookup error) for a version the catalogue does not hold, and an error
// for a body whose answers no longer decode or pass their checks.
func (c *Catalogue) DecodeStoredAnswers(form, version string, body []byte) (any, error) {
	k, ok := kinds[form]
	if !ok {
		return nil, fmt.Errorf("forms: %q is not a form in the catalogue", form)
	}
	def, err := c.Version(form, version)
	if err != nil {
		return nil, err
	}
	var env struct {
		Answers json.RawMessage `json:"answers"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, err
	}
	ans, p := k.parse(def, &SubmissionRequest{Answers: env.Answers}, storedValidator())
	if len(p) > 0 {
		return nil, p.err()
	}
	return ans, nil
}
