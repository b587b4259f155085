package records

import (
	"time"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
)

// Consent statuses, as of a moment.
const (
	StatusActive     = "active"
	StatusWithdrawn  = "withdrawn"
	StatusSuperseded = "superseded"
	StatusExpired    = "expired"
	StatusOutdated   = "outdated"
	StatusDeclined   = "declined" // a clause the patient did not accept
)

// ClauseStatus is one optional clause of a consent, as of a moment.
type ClauseStatus struct {
	ID          string     `json:"id"`
	Accepted    bool       `json:"accepted"`
	Status      string     `json:"status"`
	WithdrawnAt *time.Time `json:"withdrawn_at,omitempty"`
}

// ReviewRef is a clinician's review of a consent.
type ReviewRef struct {
	ID         string    `json:"id"`
	Decision   string    `json:"decision"`
	ReviewedAt time.Time `json:"reviewed_at"`
}

// ConsentStatus is one signed consent, as of a moment.
type ConsentStatus struct {
	SubmissionID string         `json:"submission_id"`
	Form         string         `json:"form"`
	Version      string         `json:"version"`
	Status       string         `json:"status"`
	Clauses      []ClauseStatus `json:"clauses"`
	SignedAt     time.Time      `json:"signed_at"`
	WithdrawnAt  *time.Time     `json:"withdrawn_at,omitempty"`
	ExpiresAt    *time.Time     `json:"expires_at,omitempty"`
	Withdrawals  []string       `json:"withdrawals"`
	Reviews      []ReviewRef    `json:"reviews"`

	// accepted and clauseWithdrawn serve the withdrawal checks.
	accepted        map[string]bool
	clauseWithdrawn map[string]*time.Time
	withdrawnAt     *time.Time
}

// consentStatuses replays a patient's records, all signed at or before at,
// oldest first, and says where each consent stood at that moment.
// reconsent is the re-consent interval; zero means consents never expire.
// It reads each record's ConsentFacts, never a body.
func consentStatuses(records []models.StatusRecord, cat *forms.Catalogue, at time.Time, reconsent time.Duration) []*ConsentStatus {
	var out []*ConsentStatus
	byID := map[string]*ConsentStatus{}
	latest := map[string]*ConsentStatus{} // newest consent per form
	for i := range records {
		r := &records[i]
		switch r.Form {
		case forms.KindWithdrawal:
			cs := byID[r.RefersTo]
			if cs == nil || r.Facts.Invalid {
				continue
			}
			when := r.CreatedAt.UTC()
			cs.Withdrawals = append(cs.Withdrawals, r.ID)
			if r.Facts.Scope == forms.ScopeAll {
				if cs.withdrawnAt == nil {
					cs.withdrawnAt = &when
				}
				continue
			}
			for _, id := range r.Facts.Clauses {
				if cs.clauseWithdrawn[id] == nil {
					cs.clauseWithdrawn[id] = &when
				}
			}
		case forms.KindReview:
			if cs := byID[r.RefersTo]; cs != nil && !r.Facts.Invalid {
				cs.Reviews = append(cs.Reviews, ReviewRef{ID: r.ID, Decision: r.Facts.Decision, ReviewedAt: r.CreatedAt.UTC()})
			}
		default:
			def, err := cat.Version(r.Form, r.Version)
			if err != nil || len(def.Clauses) == 0 && r.Form != forms.KindKAPConsent {
				continue
			}
			cs := &ConsentStatus{
				SubmissionID: r.ID, Form: r.Form, Version: r.Version, SignedAt: r.CreatedAt.UTC(),
				Withdrawals: []string{}, Reviews: []ReviewRef{},
				accepted: map[string]bool{}, clauseWithdrawn: map[string]*time.Time{},
			}
			for _, cl := range def.Clauses {
				cs.accepted[cl.ID] = r.Facts.ConsentAccepted(cl.ID)
			}
			if prev := latest[r.Form]; prev != nil {
				prev.Status = StatusSuperseded
			}
			latest[r.Form] = cs
			byID[r.ID] = cs
			out = append(out, cs)
		}
	}
	for _, cs := range out {
		finish(cs, cat, at, reconsent)
	}
	return out
}

// statusRecordsOf is records as consent status reads them, with facts
// derived from their bodies: for callers that hold the whole records
// anyway (export, FHIR).
func statusRecordsOf(records []models.Submission) []models.StatusRecord {
	out := make([]models.StatusRecord, len(records))
	for i := range records {
		out[i] = statusRecordOf(&records[i])
	}
	return out
}

// statusRecordOf is one record as consent status reads it.
func statusRecordOf(r *models.Submission) models.StatusRecord {
	return models.StatusRecord{ID: r.ID, Form: r.Form, Version: r.Version, CreatedAt: r.CreatedAt, RefersTo: r.RefersTo,
		Facts: models.ConsentFactsOf(r.Form, []byte(r.Body))}
}

// finish settles a consent's status and its clauses' once every record
// up to the moment has been replayed.
func finish(cs *ConsentStatus, cat *forms.Catalogue, at time.Time, reconsent time.Duration) {
	if reconsent > 0 {
		exp := cs.SignedAt.Add(reconsent)
		cs.ExpiresAt = &exp
	}
	switch {
	case cs.withdrawnAt != nil:
		cs.Status, cs.WithdrawnAt = StatusWithdrawn, cs.withdrawnAt
	case cs.Status == StatusSuperseded:
	case cs.ExpiresAt != nil && !at.Before(*cs.ExpiresAt):
		cs.Status = StatusExpired
	case newerVersionRequiresReconsent(cat, cs, at):
		cs.Status = StatusOutdated
	default:
		cs.Status = StatusActive
	}
	def, err := cat.Version(cs.Form, cs.Version)
	if err != nil {
		return
	}
	cs.Clauses = make([]ClauseStatus, 0, len(def.Clauses))
	for _, cl := range def.Clauses {
		c := ClauseStatus{ID: cl.ID, Accepted: cs.accepted[cl.ID], Status: cs.Status}
		switch {
		case !c.Accepted:
			c.Status = StatusDeclined
		case cs.Status == StatusWithdrawn:
			// A clause withdrawn on its own before the whole consent keeps
			// its own, earlier time.
			c.WithdrawnAt = cs.withdrawnAt
			if t := cs.clauseWithdrawn[cl.ID]; t != nil && t.Before(*cs.withdrawnAt) {
				c.WithdrawnAt = t
			}
		case cs.clauseWithdrawn[cl.ID] != nil:
			c.Status, c.WithdrawnAt = StatusWithdrawn, cs.clauseWithdrawn[cl.ID]
		}
		cs.Clauses = append(cs.Clauses, c)
	}
}

// newerVersionRequiresReconsent reports whether a version published after
// the signed one, and in force at the moment, asks for re-consent.
func newerVersionRequiresReconsent(cat *forms.Catalogue, cs *ConsentStatus, at time.Time) bool {
	signed, err := cat.Version(cs.Form, cs.Version)
	if err != nil {
		return false
	}
	for _, v := range cat.Versions(cs.Form) {
		if v.ReconsentRequired && v.PublishedAt.After(signed.PublishedAt) && !v.PublishedAt.After(at) {
			return true
		}
	}
	return false
}
