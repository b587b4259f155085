package forms

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/consentry/consentry/forms/formstest"
)

// compileSchema compiles a form's published schema with an independent
// JSON Schema 2020-12 implementation.
func compileSchema(t *testing.T, d *Definition) *jsonschema.Schema {
	t.Helper()
	raw, err := json.Marshal(d.Schema())
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource("schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("schema.json")
	if err != nil {
		t.Fatalf("published schema does not compile: %v", err)
	}
	return s
}

func schemaAccepts(t *testing.T, s *jsonschema.Schema, body []byte) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return err
	}
	return s.Validate(inst)
}

// TestSchemaAgreesWithServer checks that the JSON Schema a portal gets
// from GET /v1/forms/{kind} accepts what the server accepts and refuses
// what it refuses, for every check JSON Schema can express.
func TestSchemaAgreesWithServer(t *testing.T) {
	def, err := Builtin().Current(KindKAPConsent)
	if err != nil {
		t.Fatal(err)
	}
	s := compileSchema(t, def)
	valid := validConsent(t)
	valid["signature"].(map[string]any)["drawn_png"] = pngBase64(t, 40, 20)
	if err := schemaAccepts(t, s, formstest.JSON(t, valid)); err != nil {
		t.Fatalf("schema refuses a body the server accepts: %v", err)
	}
	withPerson := validConsent(t)
	withPerson["answers"].(map[string]any)["clauses"].(map[string]any)["support-person-contact"] = true
	withPerson["answers"].(map[string]any)["support_person"] = map[string]any{"name": "Дмитрий", "relationship": "brother", "phone": "+74951234567"}
	if err := schemaAccepts(t, s, formstest.JSON(t, withPerson)); err != nil {
		t.Fatalf("schema refuses a support person the server accepts: %v", err)
	}
	if _, err := Builtin().ParseSubmission(NewValidator(), formstest.JSON(t, withPerson)); err != nil {
		t.Fatalf("server refuses it: %v", err)
	}
	for _, tt := range invalidConsentCases(t) {
		if tt.schemaBlind || tt.mutate == nil {
			continue
		}
		t.Run(tt.name, func(t *testing.T) {
			b := validConsent(t)
			tt.mutate(b)
			if err := schemaAccepts(t, s, formstest.JSON(t, b)); err == nil {
				t.Errorf("schema accepts a body the server refuses with %v", tt.want)
			}
		})
	}
}
