package records

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/pdf"
	"github.com/consentry/consentry/screening"
)

// acknowledgementBody is what a stored acknowledgement's body holds: the
// request, with the record whose urgent flag it answers.
type acknowledgementBody struct {
	forms.AcknowledgementRequest
	Acknowledges       string `json:"acknowledges"`
	AcknowledgesSHA256 string `json:"acknowledges_document_sha256"`
	// FlagMessage is the flag's message as the record raised it.
	FlagMessage string `json:"flag_message"`
}

// Acknowledge records a clinician's acknowledgement of an urgent flag
// that a record raised, and the actions taken, as a sealed record of its
// own that names the flagged record, its PDF's hash and the rule. Until a
// flag is acknowledged it stays in the patient's screening.
//
// It answers an *Error: NotFound for an unknown record, Conflict
// ("already-acknowledged"); a *forms.ValidationError naming every bad
// field (a rule the record did not raise as urgent is /rule
// "not_flagged"); or the store's error.
func (s *Service) Acknowledge(ctx context.Context, a Actor, submissionID string, body []byte) (*Receipt, error) {
	ref, err := s.referencedRecord(ctx, a, submissionID)
	if err != nil {
		return nil, err
	}
	orig := ref.record
	req, sig, err := forms.ParseAcknowledgement(s.validator, body)
	errs, err := problemsOf(req != nil, err)
	if err != nil {
		return nil, err
	}
	errs = append(errs, unprintable(map[string]string{"/signature/typed_name": typedName(req.Signature), "/note": req.Note})...)
	var flag *screening.Flag
	if req.Rule != "" {
		flags, err := s.recordUrgentFlags(ref)
		if err != nil {
			return nil, err
		}
		var ids []string
		for i := range flags {
			ids = append(ids, flags[i].Rule)
			if flags[i].Rule == req.Rule {
				flag = &flags[i]
			}
		}
		if flag == nil {
			msg := "the record raised no urgent flag"
			if len(ids) > 0 {
				msg = "the record's urgent flags are " + strings.Join(ids, ", ")
			}
			errs = append(errs, forms.FieldError{Pointer: "/rule", Code: "not_flagged", Message: "is not an urgent flag of this record: " + msg})
		}
	}
	if len(errs) > 0 {
		return nil, invalid(errs)
	}
	refs, err := s.store.References(ctx, orig.ID)
	if err != nil {
		return nil, err
	}
	for _, r := range refs {
		var ab acknowledgementBody
		if r.Form == forms.KindAcknowledgement && json.Unmarshal([]byte(r.Body), &ab) == nil && ab.Rule == req.Rule {
			return nil, conflict("already-acknowledged", "this flag was already acknowledged by record "+r.ID)
		}
	}
	fields := []pdf.Field{
		{Label: "Record flagged", Value: orig.ID},
		{Label: "Its form", Value: orig.Form + " " + orig.Version},
		{Label: "Its PDF SHA-256", Value: ref.doc.SHA256},
		{Label: "Signed on", Value: signedOn(orig)},
		{Label: "Urgent flag", Value: flag.Rule},
		{Label: "What it found", Value: flag.Message},
		{Label: "Actions taken", Value: strings.Join(req.Actions, ", ")},
	}
	if req.Note != "" {
		fields = append(fields, pdf.Field{Label: "Note", Value: req.Note})
	}
	stored := acknowledgementBody{AcknowledgementRequest: *req, Acknowledges: orig.ID, AcknowledgesSHA256: ref.doc.SHA256, FlagMessage: flag.Message}
	meaning := "Acknowledged by the clinician named here; actions: " + strings.Join(req.Actions, ", ")
	d, err := s.referenceDraft("acknowledgement.create", forms.AcknowledgementDefinition(), ref, stored, fields, req.Signature, sig.PNG, meaning, forms.SignerClinician)
	if err != nil {
		return nil, err
	}
	return s.sealRecord(ctx, a, d)
}

// recordUrgentFlags screens one stored record on its own and returns its
// urgent flags; a record screening does not read has none.
func (s *Service) recordUrgentFlags(ref *referenced) ([]screening.Flag, error) {
	r := ref.record
	ans, err := screening.DecodeStored(s.catalogue, r.ID, r.Form, r.Version, r.CreatedAt.UTC(), []byte(r.Body))
	if errors.Is(err, screening.ErrNotScreened) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	pt := screening.Patient{Sex: ref.patient.Sex, BirthDate: ref.patient.BirthDate}
	return s.screener.RecordUrgentFlags(pt, s.clock.Now(), ans), nil
}

// AcknowledgementRef is a clinician's acknowledgement of an urgent flag.
type AcknowledgementRef struct {
	ID string `json:"id"`
	// Acknowledges is the flagged record, Rule the flag.
	Acknowledges   string    `json:"acknowledges"`
	Rule           string    `json:"rule"`
	Actions        []string  `json:"actions"`
	Note           string    `json:"note,omitempty"`
	By             string    `json:"by"`
	AcknowledgedAt time.Time `json:"acknowledged_at"`
}

// acknowledgementRef reads a stored acknowledgement, or false.
func acknowledgementRef(r *models.Submission) (AcknowledgementRef, bool) {
	if r.Form != forms.KindAcknowledgement {
		return AcknowledgementRef{}, false
	}
	sr := statusRecordOf(r)
	return acknowledgementOf(&sr)
}

// acknowledgementOf reads an acknowledgement from its facts, or false.
func acknowledgementOf(r *models.StatusRecord) (AcknowledgementRef, bool) {
	f := &r.Facts
	if r.Form != forms.KindAcknowledgement || f.Invalid {
		return AcknowledgementRef{}, false
	}
	by := ""
	if f.SignerName != "" || f.SignerCredentials != "" {
		by = signerName(f.SignerName, f.SignerCredentials)
	}
	return AcknowledgementRef{ID: r.ID, Acknowledges: f.Acknowledges, Rule: f.Rule, Actions: f.Actions, Note: f.Note,
		By: by, AcknowledgedAt: r.CreatedAt.UTC()}, true
}

// UrgentFlag is an urgent flag a record raised, with its age and the
// acknowledgement that closed it, if one did.
type UrgentFlag struct {
	screening.Flag
	// Status is "open" until a clinician acknowledges the flag, then
	// "acknowledged".
	Status string `json:"status"`
	// AgeSeconds and Age are the time since the flagged record was
	// signed, as of the screening.
	AgeSeconds      int64               `json:"age_seconds"`
	Age             string              `json:"age"`
	Acknowledgement *AcknowledgementRef `json:"acknowledgement,omitempty"`
}

// Urgent flag statuses.
const (
	UrgentOpen         = "open"
	UrgentAcknowledged = "acknowledged"
)

// urgentFlags pairs every urgent flag with its acknowledgement: open ones
// first, oldest first.
func urgentFlags(flags []screening.Flag, acks []AcknowledgementRef, now time.Time) []UrgentFlag {
	byFlag := map[string]*AcknowledgementRef{}
	for i := range acks {
		k := acks[i].Acknowledges + " " + acks[i].Rule
		if byFlag[k] == nil {
			byFlag[k] = &acks[i]
		}
	}
	var open, closed []UrgentFlag
	for _, f := range flags {
		u := UrgentFlag{Flag: f, Status: UrgentOpen}
		if f.At != nil {
			age := now.Sub(*f.At)
			u.AgeSeconds, u.Age = int64(age/time.Second), humanAge(age)
		}
		if ack := byFlag[f.SubmissionID+" "+f.Rule]; ack != nil {
			u.Status, u.Acknowledgement = UrgentAcknowledged, ack
			closed = append(closed, u)
			continue
		}
		open = append(open, u)
	}
	return append(append([]UrgentFlag{}, open...), closed...)
}

// humanAge says an age in days, hours and minutes: "2d 3h", "45m".
func humanAge(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	days, hours, mins := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case days > 0:
		return fmt.Sprintf("%dd %dh", days, hours)
	case hours > 0:
		return fmt.Sprintf("%dh %dm", hours, mins)
	}
	return fmt.Sprintf("%dm", mins)
}
