package records

import (
	"encoding/json"
	"time"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
)

// StatusFromBodies is consent status computed as it was before consent
// facts were kept: the replay below is the earlier code, word for word,
// decoding every record's body. Tests compare it with ConsentStatus.
func (s *Service) StatusFromBodies(records []models.Submission, at time.Time) ([]*ConsentStatus, []AcknowledgementRef) {
	items := legacyConsentStatuses(records, s.catalogue, at, s.reconsent)
	if items == nil {
		items = []*ConsentStatus{}
	}
	acks := []AcknowledgementRef{}
	for i := range records {
		if ack, ok := legacyAcknowledgementRef(&records[i]); ok {
			acks = append(acks, ack)
		}
	}
	return items, acks
}

// legacyConsentStatuses replays a patient's records, all signed at or before at,
// oldest first, and says where each consent stood at that moment.
// reconsent is the re-consent interval; zero means consents never expire.
func legacyConsentStatuses(records []models.Submission, cat *forms.Catalogue, at time.Time, reconsent time.Duration) []*ConsentStatus {
	var out []*ConsentStatus
	byID := map[string]*ConsentStatus{}
	latest := map[string]*ConsentStatus{} // newest consent per form
	for i := range records {
		r := &records[i]
		switch r.Form {
		case forms.KindWithdrawal:
			cs := byID[r.RefersTo]
			if cs == nil {
				continue
			}
			var w withdrawalBody
			if json.Unmarshal([]byte(r.Body), &w) != nil {
				continue
			}
			when := r.CreatedAt.UTC()
			cs.Withdrawals = append(cs.Withdrawals, r.ID)
			if w.Scope == forms.ScopeAll {
				if cs.withdrawnAt == nil {
					cs.withdrawnAt = &when
				}
				continue
			}
			for _, id := range w.Clauses {
				if cs.clauseWithdrawn[id] == nil {
					cs.clauseWithdrawn[id] = &when
				}
			}
		case forms.KindReview:
			if cs := byID[r.RefersTo]; cs != nil {
				var rv reviewBody
				if json.Unmarshal([]byte(r.Body), &rv) == nil {
					cs.Reviews = append(cs.Reviews, ReviewRef{ID: r.ID, Decision: rv.Decision, ReviewedAt: r.CreatedAt.UTC()})
				}
			}
		default:
			def, err := cat.Version(r.Form, r.Version)
			if err != nil || len(def.Clauses) == 0 && r.Form != forms.KindKAPConsent {
				continue
			}
			var body struct {
				Answers forms.ConsentAnswers `json:"answers"`
			}
			_ = json.Unmarshal([]byte(r.Body), &body)
			cs := &ConsentStatus{
				SubmissionID: r.ID, Form: r.Form, Version: r.Version, SignedAt: r.CreatedAt.UTC(),
				Withdrawals: []string{}, Reviews: []ReviewRef{},
				accepted: map[string]bool{}, clauseWithdrawn: map[string]*time.Time{},
			}
			for _, cl := range def.Clauses {
				cs.accepted[cl.ID] = body.Answers.Accepted(cl.ID)
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

// legacyAcknowledgementRef reads a stored acknowledgement, or false.
func legacyAcknowledgementRef(r *models.Submission) (AcknowledgementRef, bool) {
	var ab acknowledgementBody
	if r.Form != forms.KindAcknowledgement || json.Unmarshal([]byte(r.Body), &ab) != nil {
		return AcknowledgementRef{}, false
	}
	by := ""
	if ab.Signature != nil {
		by = signerName(ab.Signature.TypedName, ab.Signature.Credentials)
	}
	return AcknowledgementRef{ID: r.ID, Acknowledges: ab.Acknowledges, Rule: ab.Rule, Actions: ab.Actions, Note: ab.Note,
		By: by, AcknowledgedAt: r.CreatedAt.UTC()}, true
}
