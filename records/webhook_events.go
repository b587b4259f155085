package records

import (
	"time"

	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/screening"
)

// webhookEvents are the webhook events a stored record tells of. Each
// carries ids, the form and its version, the hashes of the body and the
// sealed PDF, and flag rule ids with their severities (the store adds the
// audit seq); never names, answers, birth dates, scores, messages or
// anything else the patient or clinician wrote.
func webhookEvents(d draft, sub *models.Submission, doc *models.Document, flags []screening.Flag) []models.WebhookEvent {
	base := func() map[string]any {
		m := map[string]any{
			"submission_id": sub.ID, "patient_id": sub.PatientID, "form": sub.Form, "version": sub.Version,
			"created_at":  sub.CreatedAt.UTC().Format(time.RFC3339Nano),
			"body_sha256": sub.BodySHA256, "document_sha256": doc.SHA256, "pages": doc.Pages,
		}
		for k, v := range d.hook {
			m[k] = v
		}
		return m
	}
	switch d.action {
	case "submission.create":
		created := base()
		created["flags"] = hookFlags(flags, false)
		out := []models.WebhookEvent{{Type: models.WebhookSubmissionCreated, Data: created}}
		if urgent := hookFlags(flags, true); len(urgent) > 0 {
			u := base()
			u["flags"] = urgent
			out = append(out, models.WebhookEvent{Type: models.WebhookScreeningUrgent, Data: u})
		}
		return out
	case "withdrawal.create":
		m := base()
		m["withdrawal_id"], m["submission_id"] = sub.ID, sub.RefersTo
		return []models.WebhookEvent{{Type: models.WebhookConsentWithdrawn, Data: m}}
	case "review.create":
		m := base()
		m["review_id"], m["submission_id"] = sub.ID, sub.RefersTo
		return []models.WebhookEvent{{Type: models.WebhookReviewCompleted, Data: m}}
	}
	return nil
}

// hookFlag is a flag as a webhook shows it: its rule, severity and
// urgency, without its message (which quotes the patient's values).
type hookFlag struct {
	Rule     string             `json:"rule"`
	Severity screening.Severity `json:"severity"`
	Urgent   bool               `json:"urgent"`
}

// hookFlags are flags as webhooks show them, only the urgent ones when
// urgentOnly.
func hookFlags(flags []screening.Flag, urgentOnly bool) []hookFlag {
	out := []hookFlag{}
	for _, f := range flags {
		if urgentOnly && !f.Urgent {
			continue
		}
		out = append(out, hookFlag{Rule: f.Rule, Severity: f.Severity, Urgent: f.Urgent})
	}
	return out
}
