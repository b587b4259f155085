package api

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/consentry/consentry/internal/fhirvalidate"
)

// fhirBundle is the part of a Bundle the tests read.
type fhirBundle struct {
	ResourceType string `json:"resourceType"`
	Type         string `json:"type"`
	Entry        []struct {
		FullURL  string          `json:"fullUrl"`
		Resource json.RawMessage `json:"resource"`
	} `json:"entry"`
}

// resources returns the Bundle's resources by type, each decoded.
func (b fhirBundle) resources(tb testing.TB) map[string][]map[string]any {
	tb.Helper()
	out := map[string][]map[string]any{}
	for _, e := range b.Entry {
		var r map[string]any
		if err := json.Unmarshal(e.Resource, &r); err != nil {
			tb.Fatal(err)
		}
		if e.FullURL != "urn:uuid:"+r["id"].(string) {
			tb.Errorf("fullUrl %s of %s/%s", e.FullURL, r["resourceType"], r["id"])
		}
		out[r["resourceType"].(string)] = append(out[r["resourceType"].(string)], r)
	}
	return out
}

func (s *testServer) patientFHIR(pid string) (fhirBundle, []byte) {
	s.t.Helper()
	rec := s.do(request{method: http.MethodGet, path: "/v1/patients/" + pid + "/fhir", key: "clinician"})
	mustStatus(s.t, rec, http.StatusOK)
	if ct := rec.Header().Get("Content-Type"); ct != "application/fhir+json" {
		s.t.Errorf("content type %q", ct)
	}
	return decode[fhirBundle](s.t, rec), rec.Body.Bytes()
}

// references lists every Reference (an object with a reference) in v.
func references(v any, out *[]map[string]any) {
	switch t := v.(type) {
	case map[string]any:
		if _, ok := t["reference"].(string); ok {
			*out = append(*out, t)
		}
		for _, x := range t {
			references(x, out)
		}
	case []any:
		for _, x := range t {
			references(x, out)
		}
	}
}

func pick(rs []map[string]any, f func(map[string]any) bool) map[string]any {
	for _, r := range rs {
		if f(r) {
			return r
		}
	}
	return nil
}

func get(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

// TestPatientFHIR builds a patient's pathway (consent, instruments,
// intake with a flag), exports it as a Bundle, checks its resources,
// LOINC codes, references and hashes, validates it with the FHIR
// validator, then withdraws a clause and the whole consent and checks
// the Consent's status and provisions across both.
func TestPatientFHIR(t *testing.T) {
	s := newTestServer(t)
	pid := s.mustPatient("portal", "MRN-FHIR")
	consent := s.signConsent(pid)
	for _, b := range []map[string]any{
		pathwayBody(pid, "phq-9", map[string]any{"items": []any{2, 2, 1, 1, 1, 1, 1, 0, 1}}),
		pathwayBody(pid, "gad-7", map[string]any{"items": []any{1, 1, 1, 1, 0, 0, 0}}),
		pathwayBody(pid, "pcl-5", map[string]any{"items": []any{1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2}}),
		pathwayBody(pid, "audit-c", map[string]any{"items": []any{1, 1, 0}}),
	} {
		mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/submissions", key: "portal", body: b}), http.StatusCreated)
	}
	today := s.now.Format(time.DateOnly)
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/submissions", key: "clinician", body: pathwayBody(pid, "treatment-plan", plan(today))}), http.StatusCreated)
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/submissions", key: "portal", body: pathwayBody(pid, "pre-session-checklist", checklist(today, 170))}), http.StatusCreated)

	b, raw := s.patientFHIR(pid)
	if b.ResourceType != "Bundle" || b.Type != "collection" {
		t.Fatalf("bundle %s %s", b.ResourceType, b.Type)
	}
	rs := b.resources(t)
	urls := map[string]bool{}
	for _, e := range b.Entry {
		if urls[e.FullURL] {
			t.Errorf("fullUrl %s twice", e.FullURL)
		}
		urls[e.FullURL] = true
	}
	types := map[string]string{}
	for typ, l := range rs {
		for _, r := range l {
			types["urn:uuid:"+r["id"].(string)] = typ
		}
	}
	var refs []map[string]any
	var whole any
	_ = json.Unmarshal(raw, &whole)
	references(whole, &refs)
	for _, r := range refs {
		if got := types[r["reference"].(string)]; got == "" || got != r["type"] {
			t.Errorf("reference %v resolves to %q in the Bundle", r, got)
		}
	}
	for typ, n := range map[string]int{"Patient": 1, "Consent": 1, "QuestionnaireResponse": 7, "Observation": 4, "DocumentReference": 7, "Provenance": 7} {
		if len(rs[typ]) != n {
			t.Errorf("%d %s, want %d", len(rs[typ]), typ, n)
		}
	}
	if len(rs["Flag"]) == 0 {
		t.Error("no Flag for the checklist's blood pressure")
	}

	// LOINC codes and totals.
	want := map[string]float64{"44261-6": 10, "70274-6": 4, "101698-9": 17, "75626-2": 2}
	for _, o := range rs["Observation"] {
		code := get(o, "code", "coding", 0, "code").(string)
		if get(o, "code", "coding", 0, "system") != "http://loinc.org" || get(o, "valueInteger") != want[code] {
			t.Errorf("observation %s = %v, want %v", code, get(o, "valueInteger"), want[code])
		}
		if code == "44261-6" && get(o, "interpretation", 0, "text") != "moderate" {
			t.Errorf("PHQ-9 of 10 interpreted %v", get(o, "interpretation"))
		}
		delete(want, code)
		if get(o, "subject", "reference") != "urn:uuid:"+pid || get(o, "effectiveDateTime") == nil || get(o, "derivedFrom", 0, "reference") == nil {
			t.Errorf("observation %s lacks subject, time or source: %v", code, o)
		}
	}
	if len(want) > 0 {
		t.Errorf("no observation for %v", want)
	}

	// The Consent, its source and the PDF's hashes.
	c := rs["Consent"][0]
	if c["id"] != consent.ID || c["status"] != "active" || get(c, "scope", "coding", 0, "code") != "treatment" {
		t.Errorf("consent %v", c)
	}
	src := get(c, "sourceReference", "reference").(string)
	qr := pick(rs["QuestionnaireResponse"], func(r map[string]any) bool { return "urn:uuid:"+r["id"].(string) == src })
	if qr == nil || !strings.HasPrefix(qr["questionnaire"].(string), "https://consentry.org/fhir/Questionnaire/kap-consent|") {
		t.Errorf("consent's source %s is %v", src, qr)
	}
	pdf := s.do(request{method: http.MethodGet, path: consent.Document.URL, key: "clinician"}).Body.Bytes()
	s1, s256 := sha1.Sum(pdf), sha256.Sum256(pdf)
	dr := pick(rs["DocumentReference"], func(r map[string]any) bool {
		return get(r, "content", 0, "attachment", "hash") == base64.StdEncoding.EncodeToString(s1[:])
	})
	if dr == nil || get(dr, "identifier", 1, "value") != hex.EncodeToString(s256[:]) || get(dr, "content", 0, "attachment", "url") != consent.Document.URL {
		t.Errorf("no DocumentReference with the consent PDF's SHA-1 and SHA-256: %v", dr)
	}
	prov := pick(rs["Provenance"], func(r map[string]any) bool { return get(r, "target", 0, "reference") == "urn:uuid:"+consent.ID })
	if prov == nil || get(prov, "signature", 0, "type", 0, "code") != "1.2.840.10065.1.12.1.7" || get(prov, "signature", 0, "who", "reference") != "urn:uuid:"+pid {
		t.Errorf("consent provenance %v", prov)
	}
	// Every item a response answers is one its Questionnaire asks.
	phq := pick(rs["QuestionnaireResponse"], func(r map[string]any) bool {
		return strings.HasPrefix(r["questionnaire"].(string), "https://consentry.org/fhir/Questionnaire/phq-9|")
	})
	if get(phq, "item", 0, "linkId") != "/answers/items/0" || get(phq, "item", 0, "answer", 0, "valueCoding", "code") != "2" {
		t.Errorf("PHQ-9 response %v", phq)
	}
	s.validateBundle(raw)

	// Withdraw a clause: the consent stays active, the clause is denied.
	path := "/v1/submissions/" + consent.ID + "/withdrawal"
	s.now = s.now.Add(24 * time.Hour)
	mustStatus(t, s.do(request{method: http.MethodPost, path: path, key: "portal", body: withdrawal("clauses", "session-recording")}), http.StatusCreated)
	b, _ = s.patientFHIR(pid)
	c = b.resources(t)["Consent"][0]
	rec := clauseProvision(c, "session-recording")
	if c["status"] != "active" || get(rec, "type") != "deny" || get(rec, "period", "start") == nil {
		t.Errorf("after the clause's withdrawal: consent %v, clause %v", c["status"], rec)
	}
	if sp := clauseProvision(c, "support-person-contact"); get(sp, "type") != "permit" {
		t.Errorf("support-person-contact %v", sp)
	}
	if ad := clauseProvision(c, "at-home-dosing"); get(ad, "type") != "deny" {
		t.Errorf("declined at-home-dosing %v", ad)
	}

	// Withdraw the whole consent: inactive, its provision ends.
	s.now = s.now.Add(24 * time.Hour)
	mustStatus(t, s.do(request{method: http.MethodPost, path: path, key: "portal", body: withdrawal("all")}), http.StatusCreated)
	b, raw = s.patientFHIR(pid)
	c = b.resources(t)["Consent"][0]
	if c["status"] != "inactive" || get(c, "provision", "period", "end") == nil {
		t.Errorf("after withdrawal: %v", c)
	}
	s.validateBundle(raw)

	// Every read was recorded.
	n := 0
	for _, e := range decode[eventList](t, s.do(request{method: http.MethodGet, path: "/v1/audit/events?patient=" + pid, key: "auditor"})).Items {
		if e.Action == "fhir.read" {
			n++
		}
	}
	if n != 3 {
		t.Errorf("%d fhir.read events, want 3", n)
	}
}

func clauseProvision(c map[string]any, id string) any {
	l, _ := get(c, "provision", "provision").([]any)
	for _, p := range l {
		if get(p, "code", 0, "coding", 0, "code") == id {
			return p
		}
	}
	return nil
}

// validateBundle runs the FHIR validator on a Bundle and its entries.
func (s *testServer) validateBundle(raw []byte) {
	s.t.Helper()
	s.t.Log(fhirvalidate.Validate(s.t, map[string][]byte{"bundle": raw}))
}

// TestConsentRejectedFHIR: a consent a clinician's review declined is
// rejected; a later approval makes it active again. The clinician's
// counter-signature is a verification signature.
func TestConsentRejectedFHIR(t *testing.T) {
	s := newTestServer(t)
	pid := s.mustPatient("portal", "MRN-FHIR-R")
	consent := s.signConsent(pid)
	review := func(decision string) {
		s.now = s.now.Add(time.Hour)
		mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/submissions/" + consent.ID + "/reviews", key: "clinician",
			body: map[string]any{"decision": decision, "note": "Discussed in person.",
				"signature": map[string]any{"typed_name": "Dr. Ana Rivera", "credentials": "MD", "intent": true}}}), http.StatusCreated)
	}
	review("decline")
	b, raw := s.patientFHIR(pid)
	rs := b.resources(t)
	if c := rs["Consent"][0]; c["status"] != "rejected" {
		t.Errorf("after a declining review: %v", c["status"])
	}
	verified := pick(rs["Provenance"], func(r map[string]any) bool {
		return get(r, "signature", 0, "type", 0, "code") == "1.2.840.10065.1.12.1.5" && get(r, "agent", 0, "who", "display") == "Dr. Ana Rivera, MD"
	})
	if verified == nil {
		t.Errorf("no verification signature by the clinician: %v", rs["Provenance"])
	}
	s.validateBundle(raw)
	review("approve")
	b, _ = s.patientFHIR(pid)
	if c := b.resources(t)["Consent"][0]; c["status"] != "active" {
		t.Errorf("after an approving review: %v", c["status"])
	}
}

// TestPatientFHIRAccess: another portal's patient and an admin are
// refused; an unknown patient is a 404; a patient without records is a
// Bundle of the Patient alone, and valid.
func TestPatientFHIRAccess(t *testing.T) {
	s := newTestServer(t)
	pid := s.mustPatient("portal", "MRN-FHIR-A")
	mustStatus(t, s.do(request{method: http.MethodGet, path: "/v1/patients/" + pid + "/fhir", key: "admin"}), http.StatusForbidden)
	mustStatus(t, s.do(request{method: http.MethodGet, path: "/v1/patients/" + pid + "/fhir", key: "portal2"}), http.StatusNotFound)
	rec := s.do(request{method: http.MethodGet, path: "/v1/patients/" + pid + "/fhir", key: "portal"})
	mustStatus(t, rec, http.StatusOK)
	if b := decode[fhirBundle](t, rec); len(b.Entry) != 1 {
		t.Errorf("%d entries for a patient without records", len(b.Entry))
	}
	s.validateBundle(rec.Body.Bytes())
	mustStatus(t, s.do(request{method: http.MethodGet, path: "/v1/patients/0193a5b2-7c4e-7d1a-9b3f-2a6c8e1f4d57/fhir", key: "auditor"}), http.StatusNotFound)
}

// TestFormQuestionnaire serves every shipped form, current and by
// version, as a Questionnaire that validates.
func TestFormQuestionnaire(t *testing.T) {
	s := newTestServer(t)
	docs := map[string][]byte{}
	for _, k := range []string{"kap-consent", "medical-history", "phq-9", "gad-7", "pcl-5", "audit-c", "treatment-plan", "pre-session-checklist"} {
		rec := s.do(request{method: http.MethodGet, path: "/v1/forms/" + k + "/fhir", key: "portal"})
		mustStatus(t, rec, http.StatusOK)
		q := decode[map[string]any](t, rec)
		if q["url"] != "https://consentry.org/fhir/Questionnaire/"+k || q["status"] != "active" || rec.Header().Get("Content-Type") != "application/fhir+json" {
			t.Errorf("%s: %v %v", k, q["url"], q["status"])
		}
		docs[k] = rec.Body.Bytes()
		mustStatus(t, s.do(request{method: http.MethodGet, path: "/v1/forms/" + k + "/versions/" + q["version"].(string) + "/fhir", key: "auditor"}), http.StatusOK)
	}
	mustStatus(t, s.do(request{method: http.MethodGet, path: "/v1/forms/nope/fhir", key: "portal"}), http.StatusNotFound)
	mustStatus(t, s.do(request{method: http.MethodGet, path: "/v1/forms/phq-9/versions/1999-01/fhir", key: "portal"}), http.StatusNotFound)
	t.Log(fhirvalidate.Validate(t, docs))
}
