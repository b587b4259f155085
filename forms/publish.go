package forms

import (
	"encoding/json"
	"regexp"
	"strconv"
	"time"
)

// mandatorySections are the sections every published version of a kind
// must keep. For the KAP consent they are the topics Mathai et al. (2022)
// found weak in 23 US clinic consents (docs/DOMAIN.md §2).
var mandatorySections = map[string][]string{
	KindKAPConsent: {"long-term-effects", "alternatives", "pre-treatment-evaluation", "support-during-treatment", "dissociative-effects"},
}

var (
	versionRE = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}(\.[0-9]{1,3})?$`)
	idRE      = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// PublishRequest is the body an admin posts to publish a new version of a
// form. Published versions never change.
type PublishRequest struct {
	Version           string    `json:"version" validate:"required,max=16"`
	Title             string    `json:"title" validate:"required,max=200,text"`
	SignatureMeaning  string    `json:"signature_meaning" validate:"required,max=300,text"`
	Sections          []Section `json:"sections" validate:"required,min=1,max=60,dive"`
	Clauses           []Clause  `json:"clauses" validate:"max=16,dive"`
	Attestation       string    `json:"attestation" validate:"required,max=2000"`
	RecordsDisclosure string    `json:"electronic_records_disclosure" validate:"required,max=4000"`
	ReconsentRequired bool      `json:"reconsent_required"`
}

// ParsePublish decodes and checks a new version of the form kind based on
// current, the version in force. It returns the Definition to publish,
// dated now. When the body decoded, the Definition comes back even
// alongside a *ValidationError, so that the caller can add its own
// problems to the same list.
func ParsePublish(v *Validator, body []byte, current *Definition, now time.Time) (*Definition, error) {
	var req PublishRequest
	p := decode(body, &req, "")
	if p.fatal() {
		return nil, p.err()
	}
	p = append(p, v.check(&req, "")...)
	switch {
	case req.Version != "" && !versionRE.MatchString(req.Version):
		p.add("/version", "pattern", "must look like 2027-01 or 2027-01.2")
	case req.Version != "" && req.Version < current.Version:
		p.add("/version", "not_later", "must come after the current version, %s", current.Version)
	}
	seen := map[string]bool{}
	checkID := func(ptr, id string) {
		switch {
		case !idRE.MatchString(id) || len(id) > 64:
			p.add(ptr, "pattern", "must be lower-case words joined by hyphens, at most 64 characters")
		case seen[id]:
			p.add(ptr, "duplicate", "is used twice; section and clause ids must be unique")
		}
		seen[id] = true
	}
	for i, s := range req.Sections {
		base := Pointer("sections", strconv.Itoa(i))
		checkID(base+"/id", s.ID)
		checkLen(&p, base+"/title", s.Title, 200)
		checkLen(&p, base+"/text", s.Text, 10000)
	}
	for i, c := range req.Clauses {
		base := Pointer("clauses", strconv.Itoa(i))
		checkID(base+"/id", c.ID)
		checkLen(&p, base+"/title", c.Title, 200)
		checkLen(&p, base+"/text", c.Text, 4000)
	}
	for _, id := range mandatorySections[current.Kind] {
		if !seen[id] {
			p.add("/sections", "mandatory_section", "must include the section %q: every %s version covers it", id, current.Kind)
		}
	}
	return &Definition{
		Kind: current.Kind, Version: req.Version, Title: req.Title, Signers: current.Signers,
		SignatureMeaning: req.SignatureMeaning, Sections: req.Sections, Clauses: orEmptyClauses(req.Clauses),
		Attestation: req.Attestation, RecordsDisclosure: req.RecordsDisclosure,
		PublishedAt: now.UTC(), ReconsentRequired: req.ReconsentRequired,
	}, p.dedupe().err()
}

func checkLen(p *problems, ptr, s string, max int) {
	switch n := len([]rune(s)); {
	case n == 0:
		p.add(ptr, "required", "is required")
	case n > max:
		p.add(ptr, "max", "must be at most %d characters long", max)
	}
}

func orEmptyClauses(c []Clause) []Clause {
	if c == nil {
		return []Clause{}
	}
	return c
}

// MarshalDefinition encodes a definition for storage.
func MarshalDefinition(d *Definition) ([]byte, error) { return json.Marshal(d) }

// UnmarshalDefinition decodes a stored definition.
func UnmarshalDefinition(b []byte) (*Definition, error) {
	var d Definition
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, err
	}
	return &d, nil
}
