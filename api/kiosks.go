package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/records"
)

// kioskHandler serves kiosk mode: a clinician pairs a clinic tablet
// (/v1/kiosks), and the tablet's page takes the next waiting kiosk
// invitation (/v1/kiosk/next, Authorization: Kiosk <token>).
type kioskHandler struct {
	records   *records.Service
	maxBody   int64
	portalURL string
}

func (h *kioskHandler) register(g *echo.Group) {
	g.POST("/kiosks", h.create, allow(models.RoleClinician))
	g.GET("/kiosks/:id", h.get, allow(models.RoleClinician))
	g.POST("/kiosks/:id/revocation", h.revoke, allow(models.RoleClinician))
	g.POST("/kiosk/next", h.next, allow(models.RoleKiosk))
}

func (h *kioskHandler) get(c echo.Context) error {
	k, err := h.records.Kiosk(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, k)
}

func (h *kioskHandler) revoke(c echo.Context) error {
	k, err := h.records.RevokeKiosk(c.Request().Context(), actorOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, k)
}

// createdKiosk is a paired tablet with the link that opens kiosk mode.
type createdKiosk struct {
	*records.CreatedKiosk
	Link string `json:"link"`
}

func (h *kioskHandler) create(c echo.Context) error {
	body, err := readJSON(c, h.maxBody)
	if err != nil {
		return err
	}
	k, err := h.records.CreateKiosk(c.Request().Context(), actorOf(c), body)
	if err != nil {
		return err
	}
	base := h.portalURL
	if base == "" {
		base = c.Scheme() + "://" + c.Request().Host + "/portal/"
	}
	c.Response().Header().Set(echo.HeaderLocation, "/v1/kiosks/"+k.ID)
	return writeJSON(c, http.StatusCreated, createdKiosk{CreatedKiosk: k, Link: base + "#" + k.Token})
}

func (h *kioskHandler) next(c echo.Context) error {
	hand, err := h.records.KioskNext(c.Request().Context(), actorOf(c))
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, hand)
}
