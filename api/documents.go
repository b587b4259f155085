package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/consentry/consentry/records"
)

// documentHandler serves POST /v1/documents/verify.
type documentHandler struct {
	records *records.Service
	maxPDF  int64
}

func (h *documentHandler) register(g *echo.Group) {
	g.POST("/documents/verify", h.verify, allow(anyRole...))
}

func (h *documentHandler) verify(c echo.Context) error {
	doc, err := readBody(c, h.maxPDF, errNotPDF, errPDFTooLarge, "application/pdf")
	if err != nil {
		return err
	}
	res, err := h.records.VerifyDocument(c.Request().Context(), actorOf(c), doc)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, res)
}
