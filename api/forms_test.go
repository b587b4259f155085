package api

import (
	"net/http"
	"testing"

	"github.com/consentry/consentry/forms"

	"github.com/consentry/consentry/records"
)

func TestFormCatalogue(t *testing.T) {
	s := newTestServer(t)
	for _, role := range []string{"portal", "clinician", "auditor", "admin"} {
		t.Run(role, func(t *testing.T) {
			rec := s.do(request{method: http.MethodGet, path: "/v1/forms", key: role})
			mustStatus(t, rec, http.StatusOK)
			list := decode[struct {
				Items []records.FormSummary `json:"items"`
			}](t, rec)
			kinds := map[string]bool{}
			for _, it := range list.Items {
				kinds[it.Kind] = true
			}
			for _, k := range []string{forms.KindKAPConsent, "medical-history", "phq-9", "gad-7", "pcl-5", "audit-c",
				"treatment-plan", "preparation", "pre-session-checklist", "integration-followup"} {
				if !kinds[k] {
					t.Errorf("the catalogue lacks %s", k)
				}
			}
		})
	}

	rec := s.do(request{method: http.MethodGet, path: "/v1/forms/kap-consent", key: "portal"})
	mustStatus(t, rec, http.StatusOK)
	def := decode[struct {
		forms.Definition
		TextSHA256  string            `json:"text_sha256"`
		Readability forms.Readability `json:"readability"`
		Schema      map[string]any    `json:"schema"`
	}](t, rec)
	if def.TextSHA256 != def.Definition.TextSHA256() {
		t.Errorf("text_sha256 %s does not hash the text served (%s)", def.TextSHA256, def.Definition.TextSHA256())
	}
	if len(def.Sections) < 15 || len(def.Clauses) != 4 {
		t.Errorf("%d sections, %d clauses", len(def.Sections), len(def.Clauses))
	}
	if def.Schema["$schema"] != forms.JSONSchemaDialect {
		t.Errorf("schema dialect %v", def.Schema["$schema"])
	}
	if g := def.Readability.FleschKincaidGrade; g <= 0 || g > 9.5 {
		t.Errorf("readability grade %v", g)
	}

	for _, tt := range []struct {
		path string
		want int
	}{
		{"/v1/forms/kap-consent/versions/" + def.Version, http.StatusOK},
		{"/v1/forms/kap-consent/versions/1999-01", http.StatusNotFound},
		{"/v1/forms/astrology", http.StatusNotFound},
		{"/v1/forms/astrology/versions/2026-11", http.StatusNotFound},
	} {
		mustStatus(t, s.do(request{method: http.MethodGet, path: tt.path, key: "clinician"}), tt.want)
	}
}
