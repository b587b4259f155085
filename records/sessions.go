package records

import (
	"context"
	"encoding/json"
	"sort"
	"strconv"
	"time"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
)

// REMSFormTitle is the form a Spravato REMS certified setting files after
// every esketamine session.
const REMSFormTitle = "Spravato REMS Patient Monitoring Form"

// remsDueDays is how long after the session the REMS form is due.
const remsDueDays = 7

// SessionRecord is one record of a dosing session: its receipt and its
// answers.
type SessionRecord struct {
	Receipt
	Answers json.RawMessage `json:"answers"`
}

// REMSStatus is where an esketamine session's REMS Patient Monitoring
// Form stands: due 7 days after the session, complete when the session has
// an administration record and a monitoring record (together they hold
// every item the form asks).
type REMSStatus struct {
	Form     string   `json:"form"`
	DueDate  string   `json:"due_date"`
	Complete bool     `json:"complete"`
	Missing  []string `json:"missing"`
	Overdue  bool     `json:"overdue"`
}

// Session is one dosing session: its date, what was given, and its
// checklist, administration and monitoring records, oldest first.
type Session struct {
	SessionDate     string          `json:"session_date"`
	Route           string          `json:"route,omitempty"`
	Drug            string          `json:"drug,omitempty"`
	Checklists      []SessionRecord `json:"checklists"`
	Administrations []SessionRecord `json:"administrations"`
	Monitoring      []SessionRecord `json:"monitoring"`
	REMS            *REMSStatus     `json:"rems,omitempty"`
}

// SessionList is a patient's dosing sessions, oldest first.
type SessionList struct {
	PatientID string     `json:"patient_id"`
	At        time.Time  `json:"at"`
	Items     []*Session `json:"items"`
}

// sessionForms are the records a session groups, by their session_date.
var sessionForms = []string{forms.KindPreSessionChecklist, forms.KindAdministrationRecord, forms.KindMonitoringRecord}

// Sessions groups a patient's pre-session checklists, administration and
// monitoring records by session date, and says for each esketamine
// session when its REMS Patient Monitoring Form is due and whether the
// records it needs are complete. It records the read.
func (s *Service) Sessions(ctx context.Context, a Actor, patientID string) (*SessionList, error) {
	pt, err := s.readablePatient(ctx, a, patientID)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	recs, err := s.store.PatientRecords(ctx, pt.ID, now, sessionForms...)
	if err != nil {
		return nil, err
	}
	byDate := map[string]*Session{}
	for i := range recs {
		r := &recs[i]
		var body struct {
			Answers json.RawMessage `json:"answers"`
		}
		var head struct {
			SessionDate string `json:"session_date"`
			Route       string `json:"route"`
			Drug        string `json:"drug"`
		}
		if json.Unmarshal([]byte(r.Body), &body) != nil || json.Unmarshal(body.Answers, &head) != nil || head.SessionDate == "" {
			continue
		}
		doc, err := s.store.DocumentInfo(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		ss := byDate[head.SessionDate]
		if ss == nil {
			ss = &Session{SessionDate: head.SessionDate, Checklists: []SessionRecord{}, Administrations: []SessionRecord{}, Monitoring: []SessionRecord{}}
			byDate[head.SessionDate] = ss
		}
		if head.Route != "" {
			ss.Route = head.Route
		}
		sr := SessionRecord{Receipt: receiptOf(r, doc), Answers: body.Answers}
		switch r.Form {
		case forms.KindPreSessionChecklist:
			ss.Checklists = append(ss.Checklists, sr)
		case forms.KindAdministrationRecord:
			ss.Drug = head.Drug
			ss.Administrations = append(ss.Administrations, sr)
		case forms.KindMonitoringRecord:
			ss.Monitoring = append(ss.Monitoring, sr)
		}
	}
	if err := s.store.Record(ctx, a.event("session.list", "patient/"+pt.ID, pt.ID)); err != nil {
		return nil, err
	}
	out := &SessionList{PatientID: pt.ID, At: now, Items: []*Session{}}
	for _, ss := range byDate {
		if ss.Drug == "" && ss.Route == forms.RouteIntranasal {
			ss.Drug = forms.DrugEsketamine
		}
		if ss.Drug == forms.DrugEsketamine {
			ss.REMS = remsStatus(ss, now)
		}
		out.Items = append(out.Items, ss)
	}
	sort.Slice(out.Items, func(i, j int) bool { return out.Items[i].SessionDate < out.Items[j].SessionDate })
	return out, nil
}

// remsStatus says where a session's REMS Patient Monitoring Form stands.
func remsStatus(ss *Session, now time.Time) *REMSStatus {
	st := &REMSStatus{Form: REMSFormTitle, Missing: []string{}}
	if d, err := time.Parse(time.DateOnly, ss.SessionDate); err == nil {
		due := d.AddDate(0, 0, remsDueDays)
		st.DueDate = due.Format(time.DateOnly)
		st.Overdue = now.UTC().After(due.Add(24 * time.Hour))
	}
	if len(ss.Administrations) == 0 {
		st.Missing = append(st.Missing, forms.KindAdministrationRecord)
	}
	if len(ss.Monitoring) == 0 {
		st.Missing = append(st.Missing, forms.KindMonitoringRecord)
	}
	st.Complete = len(st.Missing) == 0
	st.Overdue = st.Overdue && !st.Complete
	return st
}

// AdministrationRow is one dose given, as a controlled-substance audit
// lists it.
type AdministrationRow struct {
	RecordID       string    `json:"record_id"`
	PatientID      string    `json:"patient_id"`
	SessionDate    string    `json:"session_date"`
	StartTime      string    `json:"start_time"`
	Drug           string    `json:"drug"`
	Route          string    `json:"route"`
	DoseMg         float64   `json:"dose_mg"`
	MgPerKg        *float64  `json:"mg_per_kg,omitempty"`
	LotNumber      string    `json:"lot_number"`
	ExpiryDate     string    `json:"expiry_date"`
	NDC            string    `json:"ndc,omitempty"`
	Compounded     bool      `json:"compounded"`
	AdministeredBy string    `json:"administered_by"`
	MonitoredBy    string    `json:"monitored_by"`
	Setting        string    `json:"setting"`
	REMSSettingID  string    `json:"rems_setting_id,omitempty"`
	Mode           string    `json:"mode"`
	SignedAt       time.Time `json:"signed_at"`
	DocumentSHA256 string    `json:"document_sha256"`
}

// AdministrationColumns are the CSV columns of an administration export,
// in AdministrationRow's order.
var AdministrationColumns = []string{"record_id", "patient_id", "session_date", "start_time", "drug", "route", "dose_mg", "mg_per_kg",
	"lot_number", "expiry_date", "ndc", "compounded", "administered_by", "monitored_by", "setting", "rems_setting_id", "mode", "signed_at", "document_sha256"}

// CSV is the row's CSV fields, in AdministrationColumns' order.
func (r AdministrationRow) CSV() []string {
	mgkg := ""
	if r.MgPerKg != nil {
		mgkg = strconv.FormatFloat(*r.MgPerKg, 'f', -1, 64)
	}
	return []string{r.RecordID, r.PatientID, r.SessionDate, r.StartTime, r.Drug, r.Route, strconv.FormatFloat(r.DoseMg, 'f', -1, 64), mgkg,
		r.LotNumber, r.ExpiryDate, r.NDC, strconv.FormatBool(r.Compounded), r.AdministeredBy, r.MonitoredBy, r.Setting, r.REMSSettingID, r.Mode,
		r.SignedAt.UTC().Format(time.RFC3339), r.DocumentSHA256}
}

// MaxAdministrationRangeDays bounds one administration export.
const MaxAdministrationRangeDays = 366

// Administrations lists every administration record, across patients,
// whose session date is in [since, until] (dates), oldest first: the
// controlled-substance audit's export. A range with until before since, or
// longer than MaxAdministrationRangeDays, is a *forms.ValidationError. It
// records the read.
func (s *Service) Administrations(ctx context.Context, a Actor, since, until time.Time) ([]AdministrationRow, error) {
	if until.Before(since) || until.Sub(since) > MaxAdministrationRangeDays*24*time.Hour {
		return nil, invalid([]forms.FieldError{{Code: "date_range",
			Message: "query parameter until must not be before since, and the range must be at most " + strconv.Itoa(MaxAdministrationRangeDays) + " days"}})
	}
	// A record's session date is within a day of its signing.
	recs, err := s.store.FormRecords(ctx, forms.KindAdministrationRecord, since.Add(-24*time.Hour), until.Add(48*time.Hour))
	if err != nil {
		return nil, err
	}
	out := []AdministrationRow{}
	from, to := since.Format(time.DateOnly), until.Format(time.DateOnly)
	for i := range recs {
		row, ok, err := s.administrationRow(ctx, &recs[i])
		if err != nil {
			return nil, err
		}
		if ok && row.SessionDate >= from && row.SessionDate <= to {
			out = append(out, row)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].SessionDate != out[j].SessionDate {
			return out[i].SessionDate < out[j].SessionDate
		}
		return out[i].StartTime < out[j].StartTime
	})
	subject := "administrations/" + from + ".." + to
	if err := s.store.Record(ctx, a.event("administration.export", subject, "")); err != nil {
		return nil, err
	}
	return out, nil
}

func (s *Service) administrationRow(ctx context.Context, r *models.Submission) (AdministrationRow, bool, error) {
	var body struct {
		Answers   forms.AdministrationAnswers `json:"answers"`
		Signature forms.Signature             `json:"signature"`
	}
	if json.Unmarshal([]byte(r.Body), &body) != nil || body.Answers.DoseMg == nil {
		return AdministrationRow{}, false, nil
	}
	doc, err := s.store.DocumentInfo(ctx, r.ID)
	if err != nil {
		return AdministrationRow{}, false, err
	}
	a := body.Answers
	row := AdministrationRow{
		RecordID: r.ID, PatientID: r.PatientID, SessionDate: a.SessionDate, StartTime: a.StartTime, Drug: a.Drug, Route: a.Route,
		DoseMg: *a.DoseMg, AdministeredBy: signerName(body.Signature.TypedName, body.Signature.Credentials),
		SignedAt: r.CreatedAt.UTC(), DocumentSHA256: doc.SHA256,
	}
	var scores map[string]any
	decodeJSON(r.Scores, &scores)
	if v, ok := scores["mg_per_kg"].(float64); ok {
		row.MgPerKg = &v
	}
	if p := a.Product; p != nil {
		row.LotNumber, row.ExpiryDate, row.NDC, row.Compounded = p.LotNumber, p.ExpiryDate, p.NDC, p.Compounded != nil && *p.Compounded
	}
	if m := a.Monitoring; m != nil {
		row.MonitoredBy, row.Setting, row.REMSSettingID, row.Mode = signerName(m.Clinician, m.Credentials), m.Setting, m.REMSSettingID, m.Mode
	}
	return row, true, nil
}
