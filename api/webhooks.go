package api

import (
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/records"
)

// webhookHandler lets admins register webhook endpoints and follow their
// deliveries.
type webhookHandler struct {
	records *records.Service
	maxBody int64
}

// secretRoutes answer with a signing secret. Idempotency-Key is ignored
// on them, so that the secret is never stored for a replay.
var secretRoutes = map[string]bool{"/v1/webhooks": true, "/v1/webhooks/:id/secret": true}

func (h *webhookHandler) register(g *echo.Group) {
	admin := allow(models.RoleAdmin)
	g.POST("/webhooks", h.create, admin)
	g.GET("/webhooks", h.list, admin)
	g.GET("/webhooks/:id", h.get, admin, knownWebhook)
	g.PATCH("/webhooks/:id", h.update, admin, knownWebhook)
	g.DELETE("/webhooks/:id", h.delete, admin, knownWebhook)
	g.POST("/webhooks/:id/secret", h.rotate, admin, knownWebhook)
	g.GET("/webhooks/:id/deliveries", h.deliveries, admin, knownWebhook)
}

// knownWebhook answers 404 for an id that is no endpoint id at all.
func knownWebhook(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if uuid.Validate(c.Param("id")) != nil {
			return models.ErrNotFound
		}
		return next(c)
	}
}

func (h *webhookHandler) create(c echo.Context) error {
	body, err := readJSON(c, h.maxBody)
	if err != nil {
		return err
	}
	w, err := h.records.CreateWebhook(c.Request().Context(), actorOf(c), body)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/v1/webhooks/"+w.ID)
	return writeJSON(c, http.StatusCreated, w)
}

// webhookList is GET /v1/webhooks: every endpoint, on one page.
type webhookList struct {
	Items []records.Webhook `json:"items"`
}

func (h *webhookHandler) list(c echo.Context) error {
	ws, err := h.records.Webhooks(c.Request().Context())
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, webhookList{Items: ws})
}

func (h *webhookHandler) get(c echo.Context) error {
	w, err := h.records.Webhook(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, w)
}

func (h *webhookHandler) update(c echo.Context) error {
	body, err := readJSON(c, h.maxBody)
	if err != nil {
		return err
	}
	w, err := h.records.UpdateWebhook(c.Request().Context(), actorOf(c), c.Param("id"), body)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, w)
}

func (h *webhookHandler) delete(c echo.Context) error {
	if err := h.records.DeleteWebhook(c.Request().Context(), actorOf(c), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (h *webhookHandler) rotate(c echo.Context) error {
	w, err := h.records.RotateWebhookSecret(c.Request().Context(), actorOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, w)
}

// deliveryList is a page of an endpoint's deliveries.
type deliveryList struct {
	Items      []records.Delivery `json:"items"`
	NextCursor string             `json:"next_cursor,omitempty"`
}

func (h *webhookHandler) deliveries(c echo.Context) error {
	after, limit, errs := pageParams(c)
	if len(errs) > 0 {
		return invalidQuery(errs...)
	}
	page, err := h.records.WebhookDeliveries(c.Request().Context(), c.Param("id"), c.QueryParam("status"), after, limit)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, deliveryList{Items: page.Items, NextCursor: encodeCursor(page.Next)})
}
