package api

import (
	"net/http"
	"strings"
	"testing"

	"github.com/consentry/consentry/records"
)

func TestPatients(t *testing.T) {
	s := newTestServer(t)
	rec := s.do(request{method: http.MethodPost, path: "/v1/patients", key: "portal", body: newPatient("MRN-1")})
	mustStatus(t, rec, http.StatusCreated)
	p := decode[records.PatientView](t, rec)
	if p.GivenName != "Thị Minh" || p.FamilyName != "Nguyễn" || p.EmergencyContact == nil || p.EmergencyContact.Name != "Ola Ødegård" {
		t.Fatalf("patient = %+v", p)
	}
	if loc := rec.Header().Get("Location"); loc != "/v1/patients/"+p.ID {
		t.Errorf("Location %q", loc)
	}

	// The same external id again is a conflict, and stores nothing.
	before := s.count("patients")
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/patients", key: "portal", body: newPatient("MRN-1")}), http.StatusConflict)
	if s.count("patients") != before {
		t.Error("a conflicting patient was stored")
	}

	for _, key := range []string{"portal", "clinician", "auditor"} {
		rec := s.do(request{method: http.MethodGet, path: "/v1/patients/" + p.ID, key: key})
		mustStatus(t, rec, http.StatusOK)
		if got := decode[records.PatientView](t, rec); got.ID != p.ID || got.BirthDate != "1990-04-02" {
			t.Errorf("%s read %+v", key, got)
		}
		rec = s.do(request{method: http.MethodGet, path: "/v1/patients?external_id=MRN-1", key: key})
		mustStatus(t, rec, http.StatusOK)
		if got := decode[patientList](t, rec); len(got.Items) != 1 || got.Items[0].ID != p.ID {
			t.Errorf("%s search = %+v", key, got)
		}
	}
	// Another portal does not see this portal's patient.
	mustStatus(t, s.do(request{method: http.MethodGet, path: "/v1/patients/" + p.ID, key: "portal2"}), http.StatusNotFound)
	rec = s.do(request{method: http.MethodGet, path: "/v1/patients?external_id=MRN-1", key: "portal2"})
	mustStatus(t, rec, http.StatusOK)
	if got := decode[patientList](t, rec); len(got.Items) != 0 {
		t.Errorf("portal2 found %+v", got)
	}
	mustStatus(t, s.do(request{method: http.MethodGet, path: "/v1/patients/01a214a6-0000-7000-8000-000000000000", key: "clinician"}), http.StatusNotFound)
	mustStatus(t, s.do(request{method: http.MethodGet, path: "/v1/patients", key: "clinician"}), http.StatusUnprocessableEntity)
}

func TestPatientBadInput(t *testing.T) {
	s := newTestServer(t)
	future := newPatient("MRN-F")
	future["birth_date"] = "2030-01-01"
	future["email"] = "nope"
	// Chinese prints (issue 13); an emoji and Malayalam have no glyph in
	// any of the record's fonts.
	cjk := newPatient("MRN-C")
	cjk["given_name"] = "小明 🙂"
	cjk["email"] = "അമ്മ@例子.广告"
	tests := []struct {
		name        string
		body        any
		contentType string
		want        int
		pointers    []string
	}{
		{name: "future birth date and bad email", body: future, want: http.StatusUnprocessableEntity,
			pointers: []string{"/birth_date", "/email"}},
		{name: "a script the record cannot show", body: cjk, want: http.StatusUnprocessableEntity,
			pointers: []string{"/email", "/given_name"}},
		{name: "broken JSON", body: `{"external_id": "x",`, want: http.StatusUnprocessableEntity, pointers: []string{""}},
		{name: "not JSON", body: `external_id=x`, contentType: "application/x-www-form-urlencoded", want: http.StatusUnsupportedMediaType},
		{name: "too large", body: `{"external_id": "` + strings.Repeat("x", 2<<20) + `"}`, want: http.StatusRequestEntityTooLarge},
		{name: "JSON null", body: `null`, want: http.StatusUnprocessableEntity,
			pointers: []string{"/birth_date", "/external_id", "/family_name", "/given_name", "/sex"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := s.do(request{method: http.MethodPost, path: "/v1/patients", key: "portal", body: tt.body, contentType: tt.contentType})
			mustStatus(t, rec, tt.want)
			if ct := rec.Header().Get("Content-Type"); ct != "application/problem+json" {
				t.Errorf("content type %q", ct)
			}
			if tt.pointers != nil {
				pb := decode[Problem](t, rec)
				var got []string
				for _, fe := range pb.Errors {
					got = append(got, fe.Pointer)
				}
				if strings.Join(got, ",") != strings.Join(tt.pointers, ",") {
					t.Errorf("pointers %q, want %q", got, tt.pointers)
				}
			}
		})
	}
	if n := s.count("patients"); n != 0 {
		t.Errorf("%d patients stored from bad input", n)
	}
	if n := s.count("audit_events"); n != 0 {
		t.Errorf("%d audit events from bad input", n)
	}
}

// TestExternalIDsArePerPortal: a second portal learns nothing of the
// first portal's patients from an MRN: it can create its own patient
// with the same external id, and its search finds only its own; a
// clinician finds both; the same portal twice is still a 409.
func TestExternalIDsArePerPortal(t *testing.T) {
	s := newTestServer(t)
	first := s.mustPatient("portal", "MRN-SHARED")
	second := s.mustPatient("portal2", "MRN-SHARED")
	if first == second {
		t.Fatal("two portals share one patient")
	}
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/patients", key: "portal", body: newPatient("MRN-SHARED")}), http.StatusConflict)
	search := func(key string) []string {
		rec := s.do(request{method: http.MethodGet, path: "/v1/patients?external_id=MRN-SHARED", key: key})
		mustStatus(t, rec, http.StatusOK)
		var ids []string
		for _, p := range decode[patientList](t, rec).Items {
			ids = append(ids, p.ID)
		}
		return ids
	}
	if got := search("portal2"); len(got) != 1 || got[0] != second {
		t.Errorf("the second portal's search: %v, want only %s", got, second)
	}
	if got := search("clinician"); len(got) != 2 {
		t.Errorf("a clinician's search: %v, want both patients", got)
	}
}
