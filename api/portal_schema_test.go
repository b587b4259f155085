package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/consentry/consentry/forms"
)

// TestPortalChecksLikeTheServer holds the patient portal's own JSON
// Schema checker (portal/assets/schema.js, run with node) against the
// server: for valid and invalid bodies of the consent, the medical history
// and the PHQ-9, the page must find exactly the fields the server's 422
// names (and none for a body the server stores).
func TestPortalChecksLikeTheServer(t *testing.T) {
	node, _, _ := browserTools(t)
	s := newTestServer(t)
	pid := s.mustPatient("portal", "MRN-SCHEMA")
	cat := forms.Builtin()
	schemaOf := func(kind string) map[string]any {
		d, err := cat.Current(kind)
		if err != nil {
			t.Fatal(err)
		}
		return d.Schema()
	}
	edit := func(b map[string]any, f func(map[string]any)) map[string]any {
		raw, _ := json.Marshal(b)
		var c map[string]any
		json.Unmarshal(raw, &c)
		f(c)
		return c
	}
	consent := consentBody(t, pid)
	phq := pathwayBody(pid, forms.KindPHQ9, map[string]any{"items": []any{0, 1, 2, 3, 0, 1, 2, 3, 0}})
	cases := []struct {
		name string
		kind string
		body map[string]any
	}{
		{"valid consent", forms.KindKAPConsent, consent},
		{"missing initials", forms.KindKAPConsent, edit(consent, func(b map[string]any) {
			in := b["initials"].(map[string]any)
			delete(in, "acute-risks")
			in["pregnancy"] = "J3"
		})},
		{"clause undecided, no intent", forms.KindKAPConsent, edit(consent, func(b map[string]any) {
			delete(b["answers"].(map[string]any)["clauses"].(map[string]any), "research-data")
			b["signature"].(map[string]any)["intent"] = false
			b["electronic_records_consent"] = false
		})},
		{"support person missing", forms.KindKAPConsent, edit(consent, func(b map[string]any) {
			delete(b["answers"].(map[string]any), "support_person")
		})},
		{"support person's phone", forms.KindKAPConsent, edit(consent, func(b map[string]any) {
			b["answers"].(map[string]any)["support_person"].(map[string]any)["phone"] = "call me"
		})},
		{"typed name with a trailing space", forms.KindKAPConsent, edit(consent, func(b map[string]any) {
			b["signature"].(map[string]any)["typed_name"] = "Nguyễn Thị Minh "
		})},
		{"valid PHQ-9", forms.KindPHQ9, phq},
		{"PHQ-9 item out of range, unanswered", forms.KindPHQ9, edit(phq, func(b map[string]any) {
			b["answers"].(map[string]any)["items"] = []any{0, 1, 2, 4, 0, 1, 2, 3, nil}
		})},
		{"PHQ-9 short", forms.KindPHQ9, edit(phq, func(b map[string]any) {
			b["answers"].(map[string]any)["items"] = []any{0, 1, 2}
		})},
	}
	var in []map[string]any
	for _, c := range cases {
		in = append(in, map[string]any{"schema": schemaOf(c.kind), "body": c.body})
	}
	raw, _ := json.Marshal(in)
	script, _ := filepath.Abs("../portal/e2e/schema-check.mjs")
	cmd := exec.Command(node, script)
	cmd.Stdin = bytes.NewReader(raw)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var client [][]string
	if err := json.Unmarshal(out, &client); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := s.do(request{method: http.MethodPost, path: "/v1/submissions", key: "portal", body: c.body})
			var server []string
			switch rec.Code {
			case http.StatusCreated:
			case http.StatusUnprocessableEntity:
				for _, e := range decode[Problem](t, rec).Errors {
					server = append(server, e.Pointer)
				}
			default:
				t.Fatalf("server: %d %s", rec.Code, rec.Body.String())
			}
			slices.Sort(server)
			if !slices.Equal(server, client[i]) && !(len(server) == 0 && len(client[i]) == 0) {
				t.Errorf("the server names %v, the page %v", server, client[i])
			}
		})
	}
}
