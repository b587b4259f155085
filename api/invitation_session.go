package api

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/records"
)

// invitationSessionHandler serves /v1/invitation: the routes the patient
// portal's page calls with the invitation token of its link
// (Authorization: Invitation <token>), never with an API key.
type invitationSessionHandler struct {
	records *records.Service
	maxBody int64
	// crisisText is shown to a patient whose answer raises an urgent
	// flag.
	crisisText string
}

func (h *invitationSessionHandler) register(g *echo.Group) {
	patient := allow(models.RolePatient)
	g.GET("/invitation", h.open, patient)
	g.POST("/invitation/submissions", h.submit, patient)
	g.GET("/invitation/submissions/:id", h.receipt, patient)
	g.GET("/invitation/submissions/:id/pdf", h.pdf, patient)
}

// portalSession is the session with the clinic's crisis text.
type portalSession struct {
	*records.PortalSession
	CrisisText string `json:"crisis_text"`
}

func (h *invitationSessionHandler) open(c echo.Context) error {
	s, err := h.records.OpenInvitation(c.Request().Context(), actorOf(c))
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, portalSession{PortalSession: s, CrisisText: h.crisisText})
}

func (h *invitationSessionHandler) submit(c echo.Context) error {
	body, err := readJSON(c, h.maxBody)
	if err != nil {
		return err
	}
	r, err := h.records.SubmitInvitation(c.Request().Context(), actorOf(c), body)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/v1/invitation/submissions/"+r.ID)
	return writeJSON(c, http.StatusCreated, r)
}

func (h *invitationSessionHandler) receipt(c echo.Context) error {
	r, err := h.records.InvitationRecord(c.Request().Context(), actorOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, r)
}

func (h *invitationSessionHandler) pdf(c echo.Context) error {
	d, err := h.records.InvitationDocument(c.Request().Context(), actorOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	hdr := c.Response().Header()
	hdr.Set("Content-Disposition", `attachment; filename="`+d.SubmissionID+`.pdf"`)
	hdr.Set("ETag", `"`+d.SHA256+`"`)
	hdr.Set("Cache-Control", "private, no-store")
	hdr.Set("Content-Length", strconv.Itoa(len(d.PDF)))
	return c.Blob(http.StatusOK, "application/pdf", d.PDF)
}
