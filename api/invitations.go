package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/records"
)

// invitationHandler serves /v1/invitations: the links a portal or a
// clinician makes for a patient to sign forms in the patient portal.
type invitationHandler struct {
	records *records.Service
	maxBody int64
	// portalURL is the patient portal's address that links start with,
	// or "" for this server's /portal/ as the request reached it.
	portalURL string
}

// invitationIssuers are the roles that make and manage invitations.
var invitationIssuers = []string{models.RolePortal, models.RoleClinician}

func (h *invitationHandler) register(g *echo.Group) {
	g.POST("/invitations", h.create, allow(invitationIssuers...))
	g.GET("/invitations/:id", h.get, allow(invitationIssuers...))
	g.POST("/invitations/:id/revocation", h.revoke, allow(invitationIssuers...))
}

// createdInvitation is a new invitation with its link: the token goes in
// the URL's fragment, which browsers never send to a server, so that it
// reaches no access log.
type createdInvitation struct {
	*records.CreatedInvitation
	Link string `json:"link"`
}

func (h *invitationHandler) create(c echo.Context) error {
	body, err := readJSON(c, h.maxBody)
	if err != nil {
		return err
	}
	inv, err := h.records.CreateInvitation(c.Request().Context(), actorOf(c), body)
	if err != nil {
		return err
	}
	base := h.portalURL
	if base == "" {
		base = c.Scheme() + "://" + c.Request().Host + "/portal/"
	}
	c.Response().Header().Set(echo.HeaderLocation, inv.URL())
	return writeJSON(c, http.StatusCreated, createdInvitation{CreatedInvitation: inv, Link: base + "#" + inv.Token})
}

func (h *invitationHandler) get(c echo.Context) error {
	v, err := h.records.Invitation(c.Request().Context(), actorOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, v)
}

func (h *invitationHandler) revoke(c echo.Context) error {
	v, err := h.records.RevokeInvitation(c.Request().Context(), actorOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, v)
}
