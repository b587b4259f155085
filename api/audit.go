package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/records"
)

// auditHandler serves the auditor's view of the audit trail.
type auditHandler struct {
	records *records.Service
}

var auditorOnly = []string{models.RoleAuditor}

func (h *auditHandler) register(g *echo.Group) {
	g.GET("/audit/events", h.events, allow(auditorOnly...))
	g.GET("/audit/verify", h.verify, allow(auditorOnly...))
}

// eventList is a page of audit events.
type eventList struct {
	Items      []models.AuditEvent `json:"items"`
	NextCursor string              `json:"next_cursor,omitempty"`
}

func (h *auditHandler) events(c echo.Context) error {
	f := models.EventFilter{
		PatientID: c.QueryParam("patient"), Subject: c.QueryParam("subject"),
		Actor: c.QueryParam("actor"), Action: c.QueryParam("action"),
	}
	var errs []forms.FieldError
	if f.PatientID != "" && uuid.Validate(f.PatientID) != nil {
		errs = append(errs, forms.FieldError{Code: "uuid", Message: "query parameter patient must be a patient id (a UUID)"})
	}
	after, limit, perrs := pageParamsOf(c, func(s string) bool {
		n, err := strconv.ParseInt(s, 10, 64)
		return err == nil && n >= 0
	})
	errs = append(errs, perrs...)
	f.Limit = limit
	if after != "" {
		f.AfterSeq, _ = strconv.ParseInt(after, 10, 64)
	}
	for _, p := range []struct {
		name string
		dst  *time.Time
	}{{"since", &f.Since}, {"until", &f.Until}} {
		if s := c.QueryParam(p.name); s != "" {
			t, err := time.Parse(time.RFC3339Nano, s)
			if err != nil {
				errs = append(errs, forms.FieldError{Code: "date-time",
					Message: "query parameter " + p.name + " must be an RFC 3339 time, e.g. 2026-11-20T15:04:05Z"})
			}
			*p.dst = t
		}
	}
	if len(errs) > 0 {
		return invalidQuery(errs...)
	}
	items, err := h.records.AuditEvents(c.Request().Context(), actorOf(c), f)
	if err != nil {
		return err
	}
	out := eventList{Items: items}
	if len(items) > limit {
		out.Items = items[:limit]
		out.NextCursor = encodeCursor(strconv.FormatInt(out.Items[limit-1].Seq, 10))
	}
	if out.Items == nil {
		out.Items = []models.AuditEvent{}
	}
	return writeJSON(c, http.StatusOK, out)
}

func (h *auditHandler) verify(c echo.Context) error {
	v, err := h.records.VerifyChain(c.Request().Context(), actorOf(c), nil)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, v)
}
