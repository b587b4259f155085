package api

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/records"
)

// submissionHandler serves /v1/submissions and a patient's submissions.
type submissionHandler struct {
	records *records.Service
	maxBody int64
}

func (h *submissionHandler) register(g *echo.Group) {
	g.POST("/submissions", h.create, allow(models.RolePortal, models.RoleClinician))
	g.GET("/submissions/:id", h.get, allow(patientReaders...))
	g.GET("/submissions/:id/pdf", h.pdf, allow(patientReaders...))
	g.GET("/submissions/:id/summary", h.summary, allow(clinicalReaders...))
	g.GET("/patients/:id/submissions", h.list, allow(patientReaders...))
	g.POST("/submissions/:id/withdrawal", h.withdraw, allow(portalOnly...))
	g.POST("/submissions/:id/reviews", h.review, allow(models.RoleClinician))
	g.POST("/submissions/:id/acknowledgements", h.acknowledge, allow(models.RoleClinician))
}

func (h *submissionHandler) acknowledge(c echo.Context) error {
	body, err := readJSON(c, h.maxBody)
	if err != nil {
		return err
	}
	r, err := h.records.Acknowledge(c.Request().Context(), actorOf(c), c.Param("id"), body)
	if err != nil {
		return err
	}
	return created(c, r)
}

func (h *submissionHandler) create(c echo.Context) error {
	body, err := readJSON(c, h.maxBody)
	if err != nil {
		return err
	}
	r, err := h.records.Submit(c.Request().Context(), actorOf(c), body)
	if err != nil {
		return err
	}
	return created(c, r)
}

func (h *submissionHandler) withdraw(c echo.Context) error {
	body, err := readJSON(c, h.maxBody)
	if err != nil {
		return err
	}
	r, err := h.records.Withdraw(c.Request().Context(), actorOf(c), c.Param("id"), body)
	if err != nil {
		return err
	}
	return created(c, r)
}

func (h *submissionHandler) review(c echo.Context) error {
	body, err := readJSON(c, h.maxBody)
	if err != nil {
		return err
	}
	r, err := h.records.Review(c.Request().Context(), actorOf(c), c.Param("id"), body)
	if err != nil {
		return err
	}
	return created(c, r)
}

// created answers 201 with a stored record's receipt and its Location.
func created(c echo.Context, r *records.Receipt) error {
	c.Response().Header().Set(echo.HeaderLocation, r.URL())
	return writeJSON(c, http.StatusCreated, r)
}

func (h *submissionHandler) get(c echo.Context) error {
	s, err := h.records.Submission(c.Request().Context(), actorOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, s)
}

func (h *submissionHandler) pdf(c echo.Context) error {
	ctx, a, id := c.Request().Context(), actorOf(c), c.Param("id")
	var (
		sha, name string
		body      []byte
		revision  int
	)
	switch c.QueryParam("revision") {
	case "", "original":
		d, err := h.records.Document(ctx, a, id)
		if err != nil {
			return err
		}
		sha, body, name = d.SHA256, d.PDF, d.SubmissionID
	case "latest":
		d, err := h.records.LatestDocument(ctx, a, id)
		if err != nil {
			return err
		}
		sha, body, name, revision = d.SHA256, d.PDF, d.SubmissionID, d.Revision
	default:
		return invalidQuery(forms.FieldError{Code: "revision",
			Message: "query parameter revision must be original (the PDF as signed, the default) or latest (with every document time-stamp added since)"})
	}
	hdr := c.Response().Header()
	hdr.Set("Content-Disposition", `attachment; filename="`+name+`.pdf"`)
	hdr.Set("ETag", `"`+sha+`"`)
	hdr.Set("Cache-Control", "private, no-store")
	hdr.Set("Content-Length", strconv.Itoa(len(body)))
	hdr.Set("X-Document-Revision", strconv.Itoa(revision))
	return c.Blob(http.StatusOK, "application/pdf", body)
}

func (h *submissionHandler) summary(c echo.Context) error {
	doc, err := h.records.Summary(c.Request().Context(), actorOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	hdr := c.Response().Header()
	hdr.Set("Content-Disposition", `attachment; filename="`+c.Param("id")+`-clinician-summary.pdf"`)
	hdr.Set("Cache-Control", "private, no-store")
	hdr.Set("Content-Length", strconv.Itoa(len(doc)))
	return c.Blob(http.StatusOK, "application/pdf", doc)
}

// submissionList is a page of receipts.
type submissionList struct {
	Items      []records.Receipt `json:"items"`
	NextCursor string            `json:"next_cursor,omitempty"`
}

func (h *submissionHandler) list(c echo.Context) error {
	after, limit, errs := pageParams(c)
	if len(errs) > 0 {
		return invalidQuery(errs...)
	}
	page, err := h.records.ListSubmissions(c.Request().Context(), actorOf(c), c.Param("id"), c.QueryParam("form"), after, limit)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, submissionList{Items: page.Items, NextCursor: encodeCursor(page.Next)})
}
