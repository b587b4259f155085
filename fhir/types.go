// Package fhir holds the FHIR R4 resources Consentry produces, as small
// typed structs of its own, and turns form definitions into
// Questionnaires.
//
// Why not a library: github.com/samply/golang-fhir-models (v0.3.2, the
// newest) resolves with go get, but it is 379 generated files (2.6 MB)
// for every R4 resource, unmaintained since 2021, and its types would
// make us carry all of R4 to emit nine resources. The structs here model
// only the elements we fill, each with its R4 name and cardinality, and
// the tests check every resource we emit against the R4
// StructureDefinitions with a real validator (Medplum's), which is what
// would catch a wrong shape either way.
package fhir

import "encoding/json"

// ContentType is the FHIR JSON media type.
const ContentType = "application/fhir+json"

// Base is the canonical base of Consentry's own FHIR artefacts
// (Questionnaires, code systems, identifier systems).
const Base = "https://consentry.org/fhir"

// Systems Consentry defines.
const (
	SystemAnswer    = Base + "/CodeSystem/answer"
	SystemClause    = Base + "/CodeSystem/consent-clause"
	SystemFlagRule  = Base + "/CodeSystem/flag-rule"
	SystemSHA256    = Base + "/sid/document-sha256"
	SystemRecordID  = "urn:ietf:rfc:3986"
	SystemExternal  = Base + "/sid/patient-external-id"
	SystemLOINC     = "http://loinc.org"
	SystemSignature = "urn:iso-astm:E1762-95:2013"
)

// QuestionnaireURL is the canonical URL of a form kind's Questionnaire.
func QuestionnaireURL(kind string) string { return Base + "/Questionnaire/" + kind }

type Coding struct {
	System  string `json:"system,omitempty"`
	Version string `json:"version,omitempty"`
	Code    string `json:"code,omitempty"`
	Display string `json:"display,omitempty"`
}

type CodeableConcept struct {
	Coding []Coding `json:"coding,omitempty"`
	Text   string   `json:"text,omitempty"`
}

type Identifier struct {
	Use    string `json:"use,omitempty"`
	System string `json:"system,omitempty"`
	Value  string `json:"value,omitempty"`
}

type Reference struct {
	Reference string `json:"reference,omitempty"`
	Type      string `json:"type,omitempty"`
	Display   string `json:"display,omitempty"`
}

type Period struct {
	Start string `json:"start,omitempty"`
	End   string `json:"end,omitempty"`
}

type HumanName struct {
	Family string   `json:"family,omitempty"`
	Given  []string `json:"given,omitempty"`
}

type ContactPoint struct {
	System string `json:"system,omitempty"`
	Value  string `json:"value,omitempty"`
}

type Attachment struct {
	ContentType string `json:"contentType,omitempty"`
	URL         string `json:"url,omitempty"`
	Size        int    `json:"size,omitempty"`
	// Hash is the base64 SHA-1 of the data, as R4 defines it.
	Hash     string `json:"hash,omitempty"`
	Title    string `json:"title,omitempty"`
	Creation string `json:"creation,omitempty"`
}

type Meta struct {
	Profile []string `json:"profile,omitempty"`
}

// Bundle is a Bundle of type collection.
type Bundle struct {
	ResourceType string        `json:"resourceType"`
	ID           string        `json:"id,omitempty"`
	Type         string        `json:"type"`
	Timestamp    string        `json:"timestamp,omitempty"`
	Entry        []BundleEntry `json:"entry,omitempty"`
}

type BundleEntry struct {
	FullURL  string `json:"fullUrl"`
	Resource any    `json:"resource"`
}

type Patient struct {
	ResourceType string         `json:"resourceType"`
	ID           string         `json:"id"`
	Identifier   []Identifier   `json:"identifier,omitempty"`
	Name         []HumanName    `json:"name,omitempty"`
	Telecom      []ContactPoint `json:"telecom,omitempty"`
	Gender       string         `json:"gender,omitempty"`
	BirthDate    string         `json:"birthDate,omitempty"`
}

type Consent struct {
	ResourceType     string            `json:"resourceType"`
	ID               string            `json:"id"`
	Identifier       []Identifier      `json:"identifier,omitempty"`
	Status           string            `json:"status"`
	Scope            CodeableConcept   `json:"scope"`
	Category         []CodeableConcept `json:"category"`
	Patient          *Reference        `json:"patient,omitempty"`
	DateTime         string            `json:"dateTime,omitempty"`
	PolicyRule       *CodeableConcept  `json:"policyRule,omitempty"`
	SourceAttachment *Attachment       `json:"sourceAttachment,omitempty"`
	SourceReference  *Reference        `json:"sourceReference,omitempty"`
	Provision        *Provision        `json:"provision,omitempty"`
}

type Provision struct {
	Type      string            `json:"type,omitempty"`
	Period    *Period           `json:"period,omitempty"`
	Code      []CodeableConcept `json:"code,omitempty"`
	Provision []Provision       `json:"provision,omitempty"`
}

type Questionnaire struct {
	ResourceType string              `json:"resourceType"`
	ID           string              `json:"id,omitempty"`
	Meta         *Meta               `json:"meta,omitempty"`
	URL          string              `json:"url"`
	Version      string              `json:"version"`
	Name         string              `json:"name,omitempty"`
	Title        string              `json:"title"`
	Status       string              `json:"status"`
	SubjectType  []string            `json:"subjectType,omitempty"`
	Date         string              `json:"date,omitempty"`
	Publisher    string              `json:"publisher,omitempty"`
	Description  string              `json:"description,omitempty"`
	Item         []QuestionnaireItem `json:"item,omitempty"`
}

type QuestionnaireItem struct {
	LinkID       string              `json:"linkId"`
	Text         string              `json:"text,omitempty"`
	Type         string              `json:"type"`
	EnableWhen   []EnableWhen        `json:"enableWhen,omitempty"`
	EnableBehav  string              `json:"enableBehavior,omitempty"`
	Required     *bool               `json:"required,omitempty"`
	Repeats      *bool               `json:"repeats,omitempty"`
	ReadOnly     *bool               `json:"readOnly,omitempty"`
	MaxLength    int                 `json:"maxLength,omitempty"`
	AnswerOption []AnswerOption      `json:"answerOption,omitempty"`
	Item         []QuestionnaireItem `json:"item,omitempty"`
}

type EnableWhen struct {
	Question      string   `json:"question"`
	Operator      string   `json:"operator"`
	AnswerBoolean *bool    `json:"answerBoolean,omitempty"`
	AnswerInteger *int     `json:"answerInteger,omitempty"`
	AnswerCoding  *Coding  `json:"answerCoding,omitempty"`
	AnswerString  *string  `json:"answerString,omitempty"`
	AnswerDecimal *float64 `json:"answerDecimal,omitempty"`
}

type AnswerOption struct {
	ValueCoding  *Coding `json:"valueCoding,omitempty"`
	ValueInteger *int    `json:"valueInteger,omitempty"`
}

type QuestionnaireResponse struct {
	ResourceType  string      `json:"resourceType"`
	ID            string      `json:"id"`
	Identifier    *Identifier `json:"identifier,omitempty"`
	Questionnaire string      `json:"questionnaire"`
	Status        string      `json:"status"`
	Subject       *Reference  `json:"subject,omitempty"`
	Authored      string      `json:"authored,omitempty"`
	Author        *Reference  `json:"author,omitempty"`
	Item          []QRItem    `json:"item,omitempty"`
}

type QRItem struct {
	LinkID string     `json:"linkId"`
	Text   string     `json:"text,omitempty"`
	Answer []QRAnswer `json:"answer,omitempty"`
	Item   []QRItem   `json:"item,omitempty"`
}

type QRAnswer struct {
	ValueBoolean  *bool    `json:"valueBoolean,omitempty"`
	ValueInteger  *int     `json:"valueInteger,omitempty"`
	ValueDecimal  *float64 `json:"valueDecimal,omitempty"`
	ValueString   *string  `json:"valueString,omitempty"`
	ValueDate     string   `json:"valueDate,omitempty"`
	ValueDateTime string   `json:"valueDateTime,omitempty"`
	ValueCoding   *Coding  `json:"valueCoding,omitempty"`
}

type Quantity struct {
	Value  json.Number `json:"value"`
	Unit   string      `json:"unit,omitempty"`
	System string      `json:"system,omitempty"`
	Code   string      `json:"code,omitempty"`
}

type Observation struct {
	ResourceType      string            `json:"resourceType"`
	ID                string            `json:"id"`
	Status            string            `json:"status"`
	Category          []CodeableConcept `json:"category,omitempty"`
	Code              CodeableConcept   `json:"code"`
	Subject           *Reference        `json:"subject,omitempty"`
	EffectiveDateTime string            `json:"effectiveDateTime,omitempty"`
	Issued            string            `json:"issued,omitempty"`
	ValueInteger      *int              `json:"valueInteger,omitempty"`
	Interpretation    []CodeableConcept `json:"interpretation,omitempty"`
	DerivedFrom       []Reference       `json:"derivedFrom,omitempty"`
}

type DocumentReference struct {
	ResourceType string                     `json:"resourceType"`
	ID           string                     `json:"id"`
	Identifier   []Identifier               `json:"identifier,omitempty"`
	Status       string                     `json:"status"`
	DocStatus    string                     `json:"docStatus,omitempty"`
	Type         *CodeableConcept           `json:"type,omitempty"`
	Subject      *Reference                 `json:"subject,omitempty"`
	Date         string                     `json:"date,omitempty"`
	Description  string                     `json:"description,omitempty"`
	Content      []DocumentReferenceContent `json:"content"`
}

type DocumentReferenceContent struct {
	Attachment Attachment `json:"attachment"`
}

type Provenance struct {
	ResourceType string            `json:"resourceType"`
	ID           string            `json:"id"`
	Target       []Reference       `json:"target"`
	Recorded     string            `json:"recorded"`
	Agent        []ProvenanceAgent `json:"agent"`
	Signature    []Signature       `json:"signature,omitempty"`
}

type ProvenanceAgent struct {
	Type *CodeableConcept  `json:"type,omitempty"`
	Role []CodeableConcept `json:"role,omitempty"`
	Who  Reference         `json:"who"`
}

type Signature struct {
	Type []Coding  `json:"type"`
	When string    `json:"when"`
	Who  Reference `json:"who"`
	// SigFormat and Data are absent: the signature itself is in the
	// sealed PDF the DocumentReference names.
}

type Flag struct {
	ResourceType string            `json:"resourceType"`
	ID           string            `json:"id"`
	Status       string            `json:"status"`
	Category     []CodeableConcept `json:"category,omitempty"`
	Code         CodeableConcept   `json:"code"`
	Subject      Reference         `json:"subject"`
	Period       *Period           `json:"period,omitempty"`
}
