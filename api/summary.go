package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/pdf"
	"github.com/consentry/consentry/screening"
)

// summary renders, on demand, the clinician's view of a record: its
// scores and flags, which the signed record does not show. It is not a
// record and is not stored.
func (h *submissionHandler) summary(c echo.Context) error {
	s, err := h.readable(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	def, err := h.catalogue.Version(s.Form, s.Version)
	switch {
	case s.Form == forms.KindWithdrawal:
		def, err = forms.WithdrawalDefinition(), nil
	case s.Form == forms.KindReview:
		def, err = forms.ReviewDefinition(), nil
	}
	if err != nil {
		return err
	}
	doc, err := h.store.DocumentInfo(ctx, s.ID)
	if err != nil {
		return err
	}
	pt, err := h.store.Patient(ctx, s.PatientID)
	if err != nil {
		return err
	}
	var flags []screening.Flag
	_ = json.Unmarshal([]byte(s.Flags), &flags)
	var scores map[string]any
	_ = json.Unmarshal([]byte(s.Scores), &scores)
	sum := &pdf.Summary{
		ClinicName: h.clinic, RecordID: s.ID, DocumentSHA256: doc.SHA256, Form: def, Patient: pdfPatient(pt),
		SignedAt: s.CreatedAt.UTC(), GeneratedAt: h.now().UTC(), Ruleset: s.Ruleset, Scores: scoreFields(scores),
	}
	for _, f := range flags {
		sum.Flags = append(sum.Flags, pdf.FlagLine{Severity: string(f.Severity), Rule: f.Rule, Message: f.Message, Source: f.Source, Urgent: f.Urgent})
	}
	var out bytes.Buffer
	if _, err := pdf.RenderSummary(&out, sum); err != nil {
		return err
	}
	if err := h.store.Record(ctx, event(c, "summary.read", "submission/"+s.ID, s.PatientID)); err != nil {
		return err
	}
	hdr := c.Response().Header()
	hdr.Set("Content-Disposition", `attachment; filename="`+s.ID+`-clinician-summary.pdf"`)
	hdr.Set("Cache-Control", "private, no-store")
	hdr.Set("Content-Length", strconv.Itoa(out.Len()))
	return c.Blob(http.StatusOK, "application/pdf", out.Bytes())
}

// scoreFields lists scores as label and value, nested ones flattened, in
// a stable order.
func scoreFields(scores map[string]any) []pdf.Field {
	var out []pdf.Field
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch t := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(t))
			for k := range t {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				walk(joinLabel(prefix, k), t[k])
			}
		default:
			out = append(out, pdf.Field{Label: prefix, Value: fmt.Sprint(v)})
		}
	}
	walk("", scores)
	return out
}

func joinLabel(prefix, k string) string {
	if prefix == "" {
		return k
	}
	return prefix + " › " + k
}
