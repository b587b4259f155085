package api

import (
	"encoding/csv"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/consentry/consentry/forms/formstest"
	"github.com/consentry/consentry/records"
)

// dosingBody is a dosing-day record signed by a clinician.
func dosingBody(pid, form string, answers map[string]any) map[string]any {
	b := pathwayBody(pid, form, answers)
	b["signature"] = map[string]any{"typed_name": "Sam Okafor", "credentials": "RN", "intent": true}
	return b
}

func flagRulesOf(r records.Receipt) []string {
	var out []string
	for _, f := range r.Flags {
		out = append(out, f.(map[string]any)["rule"].(string))
	}
	return out
}

// TestDosingDayThroughTheAPI records a whole dosing day (checklist,
// administration, monitoring), screens and seals each record, lists the
// sessions, and exports the administrations for a controlled-substance
// audit.
func TestDosingDayThroughTheAPI(t *testing.T) {
	s := newTestServer(t)
	today := s.now.Format(time.DateOnly)
	pid := s.mustPatient("portal", "MRN-DOSE")
	post := func(key string, body map[string]any) records.Receipt {
		t.Helper()
		rec := s.do(request{method: http.MethodPost, path: "/v1/submissions", key: key, body: body})
		mustStatus(t, rec, http.StatusCreated)
		return decode[records.Receipt](t, rec)
	}
	admin := formstest.Administration()
	admin["session_date"] = today
	// Without a plan the dosing-day records are refused, as the checklist is.
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/submissions", key: "clinician", body: dosingBody(pid, "administration-record", admin)}),
		http.StatusUnprocessableEntity)
	post("clinician", pathwayBody(pid, "treatment-plan", plan(today)))

	cl := checklist(today, 124)
	cl["new_benzodiazepines"] = []any{map[string]any{"drug": "alprazolam", "mg_per_dose": 0.5, "doses_per_day": 2, "as_needed": false}}
	rc := post("portal", pathwayBody(pid, "pre-session-checklist", cl))
	if rules := strings.Join(flagRulesOf(rc), ","); !strings.Contains(rules, "new-benzodiazepine-dose") {
		t.Errorf("a new alprazolam 0.5 mg twice a day: flags %s", rules)
	}

	// The administration is the clinician's: a portal key is a 403.
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/submissions", key: "portal", body: dosingBody(pid, "administration-record", admin)}),
		http.StatusForbidden)
	ra := post("clinician", dosingBody(pid, "administration-record", admin))
	if ra.Scores["mg_per_kg"] != 0.5 || ra.Scores["dose_mg"] != 35.0 || len(ra.Flags) != 0 {
		t.Errorf("administration receipt scores %v flags %v", ra.Scores, ra.Flags)
	}
	text := strings.Join(strings.Fields(pdfText(t, s.do(request{method: http.MethodGet, path: ra.Document.URL, key: "clinician"}).Body.Bytes())), " ")
	for _, want := range []string{"Ketamine Administration Record", "KX2611A", "2027-06-30", "10:05", "Sam Okafor", "Sam Okafor, RN", "21 CFR 1304.04"} {
		if !strings.Contains(text, want) {
			t.Errorf("the administration's PDF lacks %q", want)
		}
	}

	mon := formstest.Monitoring()
	mon["session_date"], mon["discharge_time"] = today, "11:40"
	formstest.At(mon, "before_discharge")["time"], formstest.At(mon, "before_discharge")["systolic"] = "11:35", 150
	mon["discharge"] = map[string]any{"decision": "discharged", "vital_signs_acceptable": true, "alert_and_oriented": true, "escort": false}
	rm := post("clinician", dosingBody(pid, "monitoring-record", mon))
	if got := strings.Join(flagRulesOf(rm), ","); got != "discharge-no-escort,monitoring-short,post-dose-bp-discharge" || rm.Scores["monitoring_minutes"] != 95.0 {
		t.Errorf("monitoring receipt flags %s scores %v", got, rm.Scores)
	}
	mtext := strings.Join(strings.Fields(pdfText(t, s.do(request{method: http.MethodGet, path: rm.Document.URL, key: "clinician"}).Body.Bytes())), " ")
	for _, want := range []string{"Post-Dose Monitoring Record", "11:40", "Spravato REMS"} {
		if !strings.Contains(mtext, want) {
			t.Errorf("the monitoring record's PDF lacks %q", want)
		}
	}

	// The sessions: the day's three records together; racemic ketamine
	// has no REMS form.
	mustStatus(t, s.do(request{method: http.MethodGet, path: "/v1/patients/" + pid + "/sessions", key: "portal"}), http.StatusForbidden)
	rec := s.do(request{method: http.MethodGet, path: "/v1/patients/" + pid + "/sessions", key: "auditor"})
	mustStatus(t, rec, http.StatusOK)
	sl := decode[records.SessionList](t, rec)
	if len(sl.Items) != 1 {
		t.Fatalf("sessions %+v", sl.Items)
	}
	ss := sl.Items[0]
	if ss.SessionDate != today || ss.Drug != "ketamine" || ss.Route != "iv" || len(ss.Checklists) != 1 || len(ss.Administrations) != 1 ||
		len(ss.Monitoring) != 1 || ss.REMS != nil || ss.Administrations[0].ID != ra.ID {
		t.Errorf("session %+v", ss)
	}

	// An esketamine patient: the REMS form is due 7 days after the
	// session, and complete once both records are signed.
	pid2 := s.mustPatient("portal", "MRN-SPRAVATO")
	ep := map[string]any{"route": "intranasal", "dose": map[string]any{"amount": 84, "unit": "mg"}, "sessions": 8, "spacing_days": 3,
		"setting": "clinic", "certified_setting": true, "start_date": today, "capacity_to_consent": "confirmed"}
	post("clinician", pathwayBody(pid2, "treatment-plan", ep))
	ea := formstest.Administration()
	ea["session_date"], ea["drug"], ea["route"], ea["dose_mg"] = today, "esketamine", "intranasal", 84
	delete(ea, "end_time")
	formstest.At(ea, "monitoring")["rems_setting_id"] = "REMS-12345"
	post("clinician", dosingBody(pid2, "administration-record", ea))
	sessions := func() *records.Session {
		rec := s.do(request{method: http.MethodGet, path: "/v1/patients/" + pid2 + "/sessions", key: "clinician"})
		mustStatus(t, rec, http.StatusOK)
		l := decode[records.SessionList](t, rec)
		if len(l.Items) != 1 || l.Items[0].REMS == nil {
			t.Fatalf("esketamine sessions %+v", l.Items)
		}
		return l.Items[0]
	}
	r := sessions().REMS
	due := s.now.AddDate(0, 0, 7).Format(time.DateOnly)
	if r.DueDate != due || r.Complete || len(r.Missing) != 1 || r.Missing[0] != "monitoring-record" || r.Overdue {
		t.Errorf("REMS before monitoring %+v", r)
	}
	em := formstest.Monitoring()
	em["session_date"], em["route"] = today, "intranasal"
	post("clinician", dosingBody(pid2, "monitoring-record", em))
	if r := sessions().REMS; !r.Complete || len(r.Missing) != 0 || r.DueDate != due {
		t.Errorf("REMS after monitoring %+v", r)
	}

	// The controlled-substance export, for auditors only.
	q := "/v1/administrations?since=" + today + "&until=" + today
	mustStatus(t, s.do(request{method: http.MethodGet, path: q, key: "clinician"}), http.StatusForbidden)
	mustStatus(t, s.do(request{method: http.MethodGet, path: "/v1/administrations?since=2026-12-01&until=2026-11-01", key: "auditor"}), http.StatusUnprocessableEntity)
	mustStatus(t, s.do(request{method: http.MethodGet, path: "/v1/administrations?since=yesterday", key: "auditor"}), http.StatusUnprocessableEntity)
	rec = s.do(request{method: http.MethodGet, path: q, key: "auditor"})
	mustStatus(t, rec, http.StatusOK)
	list := decode[administrationList](t, rec)
	if len(list.Items) != 2 || list.Items[0].LotNumber != "KX2611A" || list.Items[0].AdministeredBy != "Sam Okafor, RN" {
		t.Fatalf("administrations %+v", list.Items)
	}
	var esk records.AdministrationRow
	for _, it := range list.Items {
		if it.Drug == "esketamine" {
			esk = it
		}
	}
	if esk.DoseMg != 84 || esk.REMSSettingID != "REMS-12345" || esk.PatientID != pid2 {
		t.Errorf("esketamine row %+v", esk)
	}
	rec = s.do(request{method: http.MethodGet, path: q + "&format=csv", key: "auditor"})
	mustStatus(t, rec, http.StatusOK)
	rows, err := csv.NewReader(rec.Body).ReadAll()
	if err != nil || len(rows) != 3 || rows[0][0] != "record_id" || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") {
		t.Errorf("CSV %v %v", rows, err)
	}
	rec = s.do(request{method: http.MethodGet, path: "/v1/administrations?since=2026-10-01&until=2026-10-31", key: "auditor"})
	mustStatus(t, rec, http.StatusOK)
	if l := decode[administrationList](t, rec); len(l.Items) != 0 {
		t.Errorf("October: %+v", l.Items)
	}
}
