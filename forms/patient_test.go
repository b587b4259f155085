package forms

import (
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/consentry/consentry/forms/formstest"
)

func TestParsePatient(t *testing.T) {
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	valid := func() map[string]any {
		return map[string]any{
			"external_id": "MRN-001", "given_name": "Thị Minh", "family_name": "Nguyễn",
			"birth_date": "1990-04-02", "sex": "female", "email": "minh@example.org", "phone": "+14155550123",
			"emergency_contact": map[string]any{"name": "Ola Ødegård", "relationship": "partner", "phone": "+4722334455"},
		}
	}
	tests := []struct {
		name   string
		mutate func(map[string]any)
		want   []string
	}{
		{name: "valid", mutate: func(map[string]any) {}},
		{name: "names in other scripts", mutate: func(b map[string]any) { b["given_name"], b["family_name"] = "Ελένη", "Дмитриева" }},
		{name: "optional contact fields absent", mutate: func(b map[string]any) {
			delete(b, "email")
			delete(b, "phone")
			delete(b, "emergency_contact")
		}},
		{name: "born today", mutate: func(b map[string]any) { b["birth_date"] = "2026-11-20" }},
		{name: "future birth date", mutate: func(b map[string]any) { b["birth_date"] = "2027-01-01" },
			want: []string{"/birth_date future"}},
		{name: "impossible date", mutate: func(b map[string]any) { b["birth_date"] = "1990-02-30" },
			want: []string{"/birth_date datetime"}},
		{name: "too old", mutate: func(b map[string]any) { b["birth_date"] = "1899-12-31" },
			want: []string{"/birth_date min"}},
		{name: "missing names", mutate: func(b map[string]any) { delete(b, "given_name"); delete(b, "family_name") },
			want: []string{"/family_name required", "/given_name required"}},
		{name: "name with control character", mutate: func(b map[string]any) { b["family_name"] = "Doe\u0000" },
			want: []string{"/family_name text"}},
		{name: "bad email and phone", mutate: func(b map[string]any) { b["email"], b["phone"] = "not-an-email", "555-0100" },
			want: []string{"/email email", "/phone e164"}},
		{name: "bad sex", mutate: func(b map[string]any) { b["sex"] = "F" }, want: []string{"/sex oneof"}},
		{name: "emergency contact incomplete", mutate: func(b map[string]any) {
			b["emergency_contact"] = map[string]any{"name": "Ola"}
		}, want: []string{"/emergency_contact/phone required", "/emergency_contact/relationship required"}},
		{name: "wrong type", mutate: func(b map[string]any) { b["given_name"] = 7 },
			want: []string{"/given_name type"}},
		{name: "unknown member", mutate: func(b map[string]any) { b["ssn"] = "123-45-6789" },
			want: []string{"/ssn unknown"}},
	}
	v := NewValidator()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := valid()
			tt.mutate(b)
			_, err := ParsePatient(v, formstest.JSON(t, b), now)
			got := pointers(err)
			sort.Strings(tt.want)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("problems %q, want %q (err %v)", got, tt.want, err)
			}
		})
	}
}
