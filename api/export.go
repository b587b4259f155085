package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/consentry/consentry/records"
)

// exportHandler serves GET /v1/patients/{id}/export.
type exportHandler struct {
	records *records.Service
}

func (h *exportHandler) register(g *echo.Group) {
	g.GET("/patients/:id/export", h.get, allow(auditorOnly...))
}

func (h *exportHandler) get(c echo.Context) error {
	ctx := c.Request().Context()
	x, err := h.records.Export(ctx, actorOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	hdr := c.Response().Header()
	hdr.Set(echo.HeaderContentType, "application/zip")
	hdr.Set("Content-Disposition", `attachment; filename="consentry-export-`+x.PatientID()+`.zip"`)
	c.Response().WriteHeader(http.StatusOK)
	// Once streaming has begun an error can only cut the download short;
	// the truncated ZIP fails to open, and errorHandler logs the error.
	return x.Write(ctx, c.Response())
}
