package forms

import (
	"bytes"
	"encoding/json"
)

// CanonicalJSON re-encodes a JSON document in Consentry's canonical form:
// compact, object members sorted by key, numbers as written, no HTML
// escaping. The same content always gives the same bytes, which is what a
// body's SHA-256 is taken over.
func CanonicalJSON(raw []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
