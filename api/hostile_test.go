package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
)

// hostileCase is one request a hostile or broken client might send.
type hostileCase struct {
	name        string
	method      string
	path        string
	key         string
	body        string
	contentType string
	header      http.Header
	// verdict marks a case answered, not refused: a PDF that is not ours
	// is a 200 that says valid:false (and its check is an audit event).
	verdict bool
}

// hostileCorpus builds the cases: classes of broken and hostile input
// (after the OWASP API Security Top 10: broken object and function level
// authorisation, mass assignment, unrestricted resource consumption,
// injection, and malformed input) against every route that takes them.
// Every case must be refused: a 4xx problem, nothing stored.
func hostileCorpus(patientID, submissionID string) []hostileCase {
	var cs []hostileCase
	add := func(c hostileCase) {
		if c.method == "" {
			c.method = http.MethodPost
		}
		cs = append(cs, c)
	}
	// Bodies that are not the request: every JSON route.
	bodies := map[string]string{
		"empty": "", "null": "null", "array": "[]", "number": "123", "string": `"x"`, "true": "true",
		"truncated": `{"form":`, "two documents": "{}{}", "trailing comma": `{"a":1,}`,
		"deep nesting": strings.Repeat("[", 100000) + strings.Repeat("]", 100000),
		"deep objects": strings.Repeat(`{"a":`, 5000) + "1" + strings.Repeat("}", 5000),
		"huge number":  `{"n":1e999999}`, "NUL byte": "{\"a\":\"\x00\"}",
		"invalid UTF-8": "{\"external_id\":\"\xff\xfe\"}", "lone surrogate": `{"given_name":"\ud800"}`,
		"prototype pollution": `{"__proto__":{"role":"admin"},"constructor":{"prototype":{"x":1}}}`,
		"single quotes":       `{'a':1}`, "comments": `{/* c */}`, "BOM": "\ufeff{}",
		"too large": `{"x":"` + strings.Repeat("a", 2<<20) + `"}`,
	}
	routes := []string{
		"/v1/patients", "/v1/submissions", "/v1/submissions/" + submissionID + "/withdrawal",
		"/v1/submissions/" + submissionID + "/reviews", "/v1/forms/kap-consent/versions",
	}
	keyFor := map[string]string{
		"/v1/patients": "portal", "/v1/submissions": "portal", routes[2]: "portal", routes[3]: "clinician",
		"/v1/forms/kap-consent/versions": "admin",
	}
	for _, r := range routes {
		for name, b := range bodies {
			add(hostileCase{name: r + " " + name, path: r, key: keyFor[r], body: b})
		}
		for _, ct := range []string{"", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "application/json-patch+json", "application/pdf"} {
			add(hostileCase{name: r + " content type " + ct, path: r, key: keyFor[r], body: "{}", contentType: ct})
		}
	}
	// Mass assignment: members the server sets itself, or that don't exist.
	patient := `{"external_id":"MRN-H","given_name":"A","family_name":"B","birth_date":"1990-01-02","sex":"female"`
	for _, extra := range []string{`"id":"` + uuid.NewString() + `"`, `"created_by":"x"`, `"created_at":"2020-01-01T00:00:00Z"`, `"role":"admin"`, `"CreatedBy":"x"`, `"given_name":"A","given_name":"C","ssn":"1"`} {
		add(hostileCase{name: "patient with " + extra, path: "/v1/patients", key: "portal", body: patient + "," + extra + "}"})
	}
	// Injection and odd text in fields: refused by their checks.
	for _, v := range []string{
		"'; DROP TABLE patients;--", "<script>alert(1)</script>", "../../etc/passwd", "${jndi:ldap://x}",
		"\u202eevil", "a\u200bb", " leading", "trailing ", "tab\there", "new\nline", strings.Repeat("A", 10000),
	} {
		js, _ := json.Marshal(v)
		add(hostileCase{name: "birth_date " + v, path: "/v1/patients", key: "portal", body: strings.Replace(patient, `"1990-01-02"`, string(js), 1) + "}"})
		add(hostileCase{name: "sex " + v, path: "/v1/patients", key: "portal", body: strings.Replace(patient, `"female"`, string(js), 1) + "}"})
		add(hostileCase{name: "submission form " + v, path: "/v1/submissions", key: "portal",
			body: fmt.Sprintf(`{"form":%s,"version":"2026-11","patient_id":%q,"answers":{},"signature":{"typed_name":"A","intent":true},"electronic_records_consent":true}`, js, patientID)})
		add(hostileCase{name: "submission patient " + v, path: "/v1/submissions", key: "portal",
			body: fmt.Sprintf(`{"form":"phq-9","version":"2026-11","patient_id":%s,"answers":{"items":[0,0,0,0,0,0,0,0,0]},"signature":{"typed_name":"A","intent":true},"electronic_records_consent":true}`, js)})
	}
	// Wrong types in the envelope.
	for _, field := range []string{"form", "version", "patient_id", "answers", "initials", "signature", "electronic_records_consent"} {
		for _, v := range []string{"1", "[]", `{"x":1}`, "false", `"x"`} {
			env := map[string]json.RawMessage{
				"form": json.RawMessage(`"phq-9"`), "version": json.RawMessage(`"2026-11"`),
				"patient_id": json.RawMessage(`"` + patientID + `"`), "answers": json.RawMessage(`{"items":[0,0,0,0,0,0,0,0,0]}`),
				"signature": json.RawMessage(`{"typed_name":"A","intent":true}`), "electronic_records_consent": json.RawMessage("true"),
			}
			env[field] = json.RawMessage(v)
			b, _ := json.Marshal(env)
			add(hostileCase{name: "envelope " + field + "=" + v, path: "/v1/submissions", key: "portal", body: string(b)})
		}
	}
	// Object level authorisation: the other portal's patient and record.
	for _, p := range []string{"/v1/patients/" + patientID, "/v1/patients/" + patientID + "/submissions", "/v1/patients/" + patientID + "/consents",
		"/v1/submissions/" + submissionID, "/v1/submissions/" + submissionID + "/pdf"} {
		add(hostileCase{name: "another portal reads " + p, method: http.MethodGet, path: p, key: "portal2"})
	}
	add(hostileCase{name: "another portal withdraws", path: routes[2], key: "portal2", body: `{"scope":"all","signature":{"typed_name":"A","intent":true}}`})
	// Function level authorisation.
	for _, c := range []hostileCase{
		{path: "/v1/forms/kap-consent/versions", key: "portal", body: "{}"}, {path: "/v1/forms/kap-consent/versions", key: "clinician", body: "{}"},
		{path: "/v1/patients", key: "auditor", body: patient + "}"}, {path: "/v1/patients", key: "admin", body: patient + "}"},
		{method: http.MethodGet, path: "/v1/audit/events", key: "portal"}, {method: http.MethodGet, path: "/v1/audit/verify", key: "clinician"},
		{method: http.MethodGet, path: "/v1/patients/" + patientID + "/export", key: "clinician"},
		{method: http.MethodGet, path: "/v1/patients/" + patientID, key: "admin"},
		{path: routes[3], key: "portal", body: "{}"}, {path: routes[2], key: "clinician", body: "{}"},
	} {
		c.name = "role " + c.key + " " + c.path
		add(c)
	}
	// Path and query parameters.
	for _, id := range []string{"not-a-uuid", "%27%20OR%201=1--", "..%2F..%2Fetc%2Fpasswd", "%2e%2e", strings.Repeat("9", 5000), "0", uuid.NewString(), "%E2%80%AE", "%C0%AF"} {
		for _, p := range []string{"/v1/patients/", "/v1/submissions/"} {
			add(hostileCase{name: "id " + p + id, method: http.MethodGet, path: p + id, key: "clinician"})
		}
	}
	for _, q := range []string{
		"limit=-1", "limit=0", "limit=1000000", "limit=abc", "cursor=garbage", "cursor=" + strings.Repeat("A", 5000), "cursor=djE6Jyc=",
		"limit=%00", "form=%ff",
	} {
		add(hostileCase{name: "list " + q, method: http.MethodGet, path: "/v1/patients/" + patientID + "/submissions?" + q, key: "clinician"})
	}
	for _, q := range []string{"at=yesterday", "at=2026-13-01T00:00:00Z", "at=%00", "at=" + strings.Repeat("1", 500)} {
		add(hostileCase{name: "consents " + q, method: http.MethodGet, path: "/v1/patients/" + patientID + "/consents?" + q, key: "clinician"})
	}
	for _, q := range []string{"patient=%27%20OR%201%3D1--", "since=never", "until=2026-02-30T00:00:00Z", "limit=201", "cursor=x", "patient=%ff"} {
		add(hostileCase{name: "audit " + q, method: http.MethodGet, path: "/v1/audit/events?" + q, key: "auditor"})
	}
	for _, q := range []string{"", "external_id=", "external_id=" + strings.Repeat("x", 129), "external_id=%00"} {
		add(hostileCase{name: "search " + q, method: http.MethodGet, path: "/v1/patients?" + q, key: "clinician"})
	}
	// Headers.
	for _, auth := range []string{"Bearer", "Bearer ", "Basic YTpi", "Bearer " + strings.Repeat("k", 300), "bearer  x y", "Token abc"} {
		add(hostileCase{name: "authorization " + auth[:min(len(auth), 20)], method: http.MethodGet, path: "/v1/forms", header: http.Header{"Authorization": {auth}}})
	}
	for _, k := range []string{strings.Repeat("k", 256), "has space", "tab\tkey", "ünïcode"} {
		add(hostileCase{name: "idempotency key " + k[:min(len(k), 12)], path: "/v1/patients", key: "portal", body: patient + "}", header: http.Header{"Idempotency-Key": {k}}})
	}
	// Methods no route takes.
	for _, m := range []string{http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodTrace, http.MethodOptions} {
		for _, p := range []string{"/v1/patients", "/v1/submissions/" + submissionID, "/v1/forms"} {
			add(hostileCase{name: m + " " + p, method: m, path: p, key: "clinician"})
		}
	}
	// PDFs that are not ours.
	for name, b := range map[string]string{"empty": "", "text": "hello", "fake header": "%PDF-1.7\n%%EOF", "too large": "%PDF-" + strings.Repeat("x", 21<<20)} {
		add(hostileCase{name: "verify " + name, path: "/v1/documents/verify", key: "auditor", body: b, contentType: "application/pdf", verdict: name != "too large"})
	}
	return cs
}

// TestHostileCorpus sends every case: each is answered below 500 with a
// problem, nothing is stored, and the server still serves.
func TestHostileCorpus(t *testing.T) {
	s := newTestServer(t)
	patientID := s.mustPatient("portal", "MRN-HOSTILE")
	rec := s.do(request{method: http.MethodPost, path: "/v1/submissions", key: "portal", body: consentBody(t, patientID)})
	mustStatus(t, rec, http.StatusCreated)
	submissionID := decode[map[string]any](t, rec)["id"].(string)
	cases := hostileCorpus(patientID, submissionID)
	if len(cases) < 200 {
		t.Fatalf("the corpus has %d cases, want at least 200", len(cases))
	}
	tables := []string{"patients", "submissions", "documents", "form_versions", "audit_events"}
	before := map[string]int64{}
	for _, tb := range tables {
		before[tb] = s.count(tb)
	}
	verdicts := 0
	for i, c := range cases {
		ct := c.contentType
		if ct == "" && c.body != "" {
			ct = "application/json"
		}
		r := request{method: c.method, path: c.path, key: c.key, header: c.header, contentType: ct, remote: fmt.Sprintf("203.0.113.%d", i%250)}
		if c.body != "" || c.method == http.MethodPost {
			r.body = []byte(c.body)
			if r.contentType == "" {
				r.contentType = "application/json"
			}
		}
		if c.contentType == "" && strings.Contains(c.name, "content type ") {
			r.contentType = "-"
		}
		rec := s.do(r)
		switch {
		case c.verdict:
			verdicts++
			if rec.Code != http.StatusOK || decode[map[string]any](t, rec)["valid"] != false {
				t.Errorf("%s: %d %.200s, want 200 valid:false", c.name, rec.Code, rec.Body.String())
			}
		case rec.Code < 400 || rec.Code >= 500 || rec.Header().Get("Content-Type") != "application/problem+json":
			t.Errorf("%s: %d %s %.200s", c.name, rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
		}
	}
	before["audit_events"] += int64(verdicts)
	for _, tb := range tables {
		if n := s.count(tb); n != before[tb] {
			t.Errorf("%s: %d rows before the corpus, %d after", tb, before[tb], n)
		}
	}
	mustStatus(t, s.do(request{method: http.MethodGet, path: "/healthz"}), http.StatusOK)
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/patients", key: "portal", body: newPatient("MRN-AFTER")}), http.StatusCreated)
	t.Logf("%d hostile cases refused", len(cases))
}
