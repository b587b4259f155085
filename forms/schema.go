package forms

// JSONSchemaDialect is the JSON Schema version of every published schema.
const JSONSchemaDialect = "https://json-schema.org/draft/2020-12/schema"

// textPattern matches what the "text" validation tag accepts: no control
// or invisible characters and no leading or trailing white space. The
// invisible characters stand in it as themselves, which both Go's and
// ECMA-262's regular expressions read.
const textPattern = `^[^\s\x00-\x1f\x7f-\x9f` + invisibleChars + `]([^\x00-\x1f\x7f-\x9f` + invisibleChars + `]*[^\s\x00-\x1f\x7f-\x9f` + invisibleChars + `])?$`

// uuidPattern is the pattern of validator's uuid tag.
const uuidPattern = `^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`

// e164Pattern is an E.164 number as the e164 tag checks it (validator.go):
// a plus, a country code's non-zero first digit, then 7 to 14 digits more.
const e164Pattern = `^\+[1-9][0-9]{7,14}$`

func textSchema(maxLen int) map[string]any {
	return map[string]any{"type": "string", "minLength": 1, "maxLength": maxLen, "pattern": textPattern}
}

func phoneSchema() map[string]any {
	return map[string]any{"type": "string", "pattern": e164Pattern, "description": "E.164, e.g. +14155550123"}
}

// Schema returns the JSON Schema (2020-12) of a submission body for this
// form version: the envelope, the initials each section needs and the
// form's own answers. The server enforces all of it; a few checks are beyond
// what JSON Schema can say (the drawn PNG must decode; the patient must
// exist) and are described in the schema's descriptions.
func (d *Definition) Schema() map[string]any {
	initialsProps := map[string]any{}
	var required []string
	for _, s := range d.Sections {
		initialsProps[s.ID] = map[string]any{"type": "string", "pattern": initialsPattern, "description": "Initials for section: " + s.Title}
		if s.InitialsRequired {
			required = append(required, s.ID)
		}
	}
	for _, c := range d.Clauses {
		initialsProps[c.ID] = map[string]any{"type": "string", "pattern": initialsPattern, "description": "Initials for the decision on clause: " + c.Title}
		required = append(required, c.ID)
	}
	if required == nil {
		required = []string{}
	}
	envelopeRequired := []string{"form", "version", "patient_id", "signature", "electronic_records_consent"}
	props := map[string]any{
		"form":       map[string]any{"const": d.Kind},
		"version":    map[string]any{"const": d.Version},
		"patient_id": map[string]any{"type": "string", "format": "uuid", "pattern": uuidPattern, "description": "The id of a patient created with POST /v1/patients."},
		"initials": map[string]any{
			"type":                 "object",
			"description":          "The patient's initials (one to four letters) for each section that asks for them and for each clause decision.",
			"properties":           initialsProps,
			"required":             required,
			"additionalProperties": false,
		},
		"signature": map[string]any{
			"type": "object",
			"properties": map[string]any{
				"typed_name": textSchema(200),
				"drawn_png": map[string]any{
					"type": "string", "maxLength": MaxDrawnPNGLength,
					"contentEncoding": "base64", "contentMediaType": "image/png",
					"description": "Optional drawn signature: base64 of a PNG (a data:image/png;base64, prefix is accepted), at most 512 KiB and 2000 x 1000 pixels.",
				},
				"intent": map[string]any{"const": true, "description": "The signer's explicit statement of intent to sign."},
			},
			"required":             []string{"typed_name", "intent"},
			"additionalProperties": false,
		},
		"electronic_records_consent": map[string]any{"const": true, "description": "Agreement to the electronic records disclosure."},
	}
	if len(d.Signers) > 0 && d.Signers[0] == SignerClinician {
		sig := props["signature"].(map[string]any)
		cred := textSchema(100)
		cred["description"] = "The signing clinician's credentials, e.g. \"MD, DEA-registered\"."
		sig["properties"].(map[string]any)["credentials"] = cred
		sig["required"] = []string{"typed_name", "intent", "credentials"}
	}
	if k, ok := kinds[d.Kind]; ok && k.answersSchema != nil {
		props["answers"] = k.answersSchema(d)
		envelopeRequired = append(envelopeRequired, "answers")
	}
	if len(required) > 0 {
		envelopeRequired = append(envelopeRequired, "initials")
	}
	return map[string]any{
		"$schema":              JSONSchemaDialect,
		"$id":                  "urn:consentry:form:" + d.Kind + ":" + d.Version,
		"title":                d.Title + " (" + d.Version + ") submission",
		"type":                 "object",
		"properties":           props,
		"required":             envelopeRequired,
		"additionalProperties": false,
	}
}
