package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
)

// pinger is what the readiness check needs of the store.
type pinger interface {
	Ping(ctx context.Context) error
	Engine() string
	SchemaVersion(ctx context.Context) (int, error)
}

// systemHandler serves health, readiness, metrics and the contract.
type systemHandler struct {
	store   pinger
	openAPI []byte
	version string
	metrics *Metrics
}

func (h *systemHandler) register(e *echo.Echo) {
	e.GET("/healthz", h.healthz)
	e.GET("/readyz", h.readyz)
	e.GET("/metrics", echo.WrapHandler(h.metrics.handler()))
	e.GET("/openapi.yaml", h.spec)
}

// health is the body of /healthz and /readyz.
type health struct {
	Status  string `json:"status"`
	Version string `json:"version,omitempty"`
	Store   string `json:"store,omitempty"`
	// Engine and SchemaVersion describe the store (/readyz only).
	Engine        string `json:"engine,omitempty"`
	SchemaVersion int    `json:"schema_version,omitempty"`
}

func (h *systemHandler) healthz(c echo.Context) error {
	return writeJSON(c, http.StatusOK, health{Status: "ok", Version: h.version})
}

func (h *systemHandler) readyz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	v, err := h.store.SchemaVersion(ctx)
	if err == nil {
		err = h.store.Ping(ctx)
	}
	if err != nil {
		c.Response().Header().Set("Retry-After", strconv.Itoa(retryAfterSeconds))
		return writeJSON(c, statusUnavailable, health{Status: "unavailable", Store: "unreachable", Engine: h.store.Engine()})
	}
	return writeJSON(c, http.StatusOK, health{Status: "ready", Store: "ok", Engine: h.store.Engine(), SchemaVersion: v})
}

func (h *systemHandler) spec(c echo.Context) error {
	return c.Blob(http.StatusOK, "application/yaml", h.openAPI)
}
