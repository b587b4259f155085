package forms

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"
)

// Signer roles a form may require.
const (
	SignerPatient   = "patient"
	SignerClinician = "clinician"
)

// Section is one numbered part of a form's text, shown to the signer in full.
type Section struct {
	ID               string `json:"id"`
	Title            string `json:"title"`
	Text             string `json:"text"`
	InitialsRequired bool   `json:"initials_required"`
}

// Clause is an optional part of a consent that the patient accepts or
// declines on its own, with its own initials and its own withdrawal.
type Clause struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Text  string `json:"text"`
}

// Definition is one published version of a form: everything the signer sees
// and everything the server enforces. A published Definition never changes.
type Definition struct {
	Kind    string `json:"kind"`
	Version string `json:"version"`
	Title   string `json:"title"`
	// Signers lists who signs the form, in signing order.
	Signers []string `json:"signers"`
	// SignatureMeaning is what the signer's signature means, in words
	// printed beside it (21 CFR 11.50).
	SignatureMeaning string    `json:"signature_meaning"`
	Sections         []Section `json:"sections"`
	Clauses          []Clause  `json:"clauses"`
	// Attestation is the statement printed above the signature.
	Attestation string `json:"attestation"`
	// RecordsDisclosure is the ESIGN disclosure the signer agrees to with
	// electronic_records_consent.
	RecordsDisclosure string `json:"electronic_records_disclosure"`
	// PublishedAt is when the version took effect.
	PublishedAt time.Time `json:"published_at"`
	// ReconsentRequired says whether patients who signed an earlier version
	// must sign this one before their next session.
	ReconsentRequired bool `json:"reconsent_required"`
}

// Section returns the section with the given id.
func (d *Definition) Section(id string) (Section, bool) {
	for _, s := range d.Sections {
		if s.ID == id {
			return s, true
		}
	}
	return Section{}, false
}

// Clause returns the optional clause with the given id.
func (d *Definition) Clause(id string) (Clause, bool) {
	for _, c := range d.Clauses {
		if c.ID == id {
			return c, true
		}
	}
	return Clause{}, false
}

// canonicalText is the exact byte form that TextSHA256 hashes. Its field
// order is fixed by this struct and documented in the README.
type canonicalText struct {
	Kind              string    `json:"kind"`
	Version           string    `json:"version"`
	Title             string    `json:"title"`
	SignatureMeaning  string    `json:"signature_meaning"`
	Sections          []Section `json:"sections"`
	Clauses           []Clause  `json:"clauses"`
	Attestation       string    `json:"attestation"`
	RecordsDisclosure string    `json:"electronic_records_disclosure"`
}

// CanonicalText returns the bytes that identify the text the signer saw:
// compact JSON of kind, version, title, signature meaning, sections, clauses,
// attestation and records disclosure, in that order, without HTML escaping.
func (d *Definition) CanonicalText() []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	sections, clauses := d.Sections, d.Clauses
	if sections == nil {
		sections = []Section{}
	}
	if clauses == nil {
		clauses = []Clause{}
	}
	// Encoding a struct of strings and slices of structs of strings and
	// bools cannot fail.
	_ = enc.Encode(canonicalText{
		Kind: d.Kind, Version: d.Version, Title: d.Title,
		SignatureMeaning: d.SignatureMeaning, Sections: sections,
		Clauses: clauses, Attestation: d.Attestation,
		RecordsDisclosure: d.RecordsDisclosure,
	})
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// TextSHA256 is the hex SHA-256 of CanonicalText.
func (d *Definition) TextSHA256() string {
	sum := sha256.Sum256(d.CanonicalText())
	return hex.EncodeToString(sum[:])
}

// FullText is every word the signer reads, paragraphs separated by blank
// lines: sections, clauses, attestation and records disclosure. Its
// readability is what the catalogue reports.
func (d *Definition) FullText() string {
	var parts []string
	for _, s := range d.Sections {
		parts = append(parts, s.Title+".", s.Text)
	}
	for _, c := range d.Clauses {
		parts = append(parts, c.Title+".", c.Text)
	}
	parts = append(parts, d.Attestation, d.RecordsDisclosure)
	return strings.Join(parts, "\n\n")
}
