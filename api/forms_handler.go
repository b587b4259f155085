package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/records"
)

// formHandler serves the form catalogue and publishes new versions.
type formHandler struct {
	records *records.Service
	maxBody int64
}

func (h *formHandler) register(g *echo.Group) {
	g.GET("/forms", h.list, allow(anyRole...))
	g.GET("/forms/:kind", h.current, allow(anyRole...))
	g.GET("/forms/:kind/versions/:version", h.version, allow(anyRole...))
	g.POST("/forms/:kind/versions", h.publish, allow(models.RoleAdmin))
}

func (h *formHandler) list(c echo.Context) error {
	return writeJSON(c, http.StatusOK, struct {
		Items []records.FormSummary `json:"items"`
	}{Items: h.records.Forms()})
}

func (h *formHandler) current(c echo.Context) error {
	d, err := h.records.Form(c.Param("kind"))
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, d)
}

func (h *formHandler) version(c echo.Context) error {
	d, err := h.records.FormVersion(c.Param("kind"), c.Param("version"))
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, d)
}

func (h *formHandler) publish(c echo.Context) error {
	// An unknown kind is a 404 whatever the body.
	if _, err := h.records.Form(c.Param("kind")); err != nil {
		return err
	}
	body, err := readJSON(c, h.maxBody)
	if err != nil {
		return err
	}
	d, err := h.records.Publish(c.Request().Context(), actorOf(c), c.Param("kind"), body)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/v1/forms/"+d.Kind+"/versions/"+d.Version)
	return writeJSON(c, http.StatusCreated, d)
}
