package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/consentry/consentry/models"
)

// idempotencyStore is what Idempotency-Key needs of the store.
type idempotencyStore interface {
	ClaimIdempotencyKey(ctx context.Context, keyID, idemKey, requestHash string) (*models.Claim, *models.IdempotentResponse, error)
	CompleteIdempotencyKey(ctx context.Context, c *models.Claim, r *models.IdempotentResponse) error
	ReleaseIdempotencyKey(ctx context.Context, c *models.Claim) error
}

// idempotencyHeader names the header a client sets to make a POST safe to
// retry.
const idempotencyHeader = "Idempotency-Key"

// idempotent makes every POST that carries an Idempotency-Key safe to
// retry: the first response under a key (per API key) is stored, and a
// retry with the same method, path and body gets it again without the
// write happening twice. The same key with another request is a 409.
// Server-side failures (5xx) are not stored, so that a retry runs again.
//
// The whole body is hashed and handed on: a body larger than the route
// accepts is passed to the handler unclaimed, which refuses it as too
// large, so that a key never changes what a request means.
func idempotent(store idempotencyStore, limits bodyLimits) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			key := c.Request().Header.Get(idempotencyHeader)
			if c.Request().Method != http.MethodPost || key == "" || secretRoutes[c.Path()] {
				return next(c)
			}
			if len(key) > 255 || !visibleASCII(key) {
				return errBadIdempotencyKey
			}
			limit := limits.of(c.Path())
			orig := c.Request().Body
			body, err := io.ReadAll(io.LimitReader(orig, limit+1))
			if err != nil {
				return errUnreadableBody
			}
			if int64(len(body)) > limit {
				c.Request().Body = struct {
					io.Reader
					io.Closer
				}{io.MultiReader(bytes.NewReader(body), orig), orig}
				return next(c)
			}
			c.Request().Body = io.NopCloser(bytes.NewReader(body))
			h := sha256.New()
			io.WriteString(h, c.Request().Method+" "+c.Request().URL.Path+"\n")
			h.Write(body)
			reqHash := hex.EncodeToString(h.Sum(nil))

			ctx := c.Request().Context()
			// A patient's invitation keeps its Idempotency-Keys apart from
			// those of the key that issued it.
			p := principalOf(c)
			if p.Invitation != nil || p.Kiosk != "" {
				key = p.scope() + " " + key
			}
			claim, prior, err := store.ClaimIdempotencyKey(ctx, p.KeyID, key, reqHash)
			if err != nil {
				return err
			}
			switch {
			case claim != nil:
			case prior.RequestHash != reqHash:
				return errIdempotencyConflict
			case prior.Pending():
				return errIdempotencyPending
			case prior.Unrecorded():
				return errIdempotencyUnrecorded
			default:
				hdr := c.Response().Header()
				if prior.Location != "" {
					hdr.Set(echo.HeaderLocation, prior.Location)
				}
				hdr.Set("Idempotent-Replayed", "true")
				return c.Blob(prior.Status, prior.ContentType, prior.Body)
			}

			// The handler's writes mark the claim committed in their own
			// transaction.
			c.SetRequest(c.Request().WithContext(models.WithClaim(ctx, claim)))
			rec := &teeWriter{ResponseWriter: c.Response().Writer}
			c.Response().Writer = rec
			if err := next(c); err != nil {
				c.Error(err)
			}
			status := c.Response().Status
			// The request's own context may be gone; the claim must still
			// be settled. If the store is down, a pending claim goes stale
			// and a retry takes it over; a committed one says so.
			settle := context.WithoutCancel(ctx)
			if status >= 500 {
				return store.ReleaseIdempotencyKey(settle, claim)
			}
			hdr := c.Response().Header()
			return store.CompleteIdempotencyKey(settle, claim, &models.IdempotentResponse{
				Status: status, ContentType: hdr.Get(echo.HeaderContentType),
				Location: hdr.Get(echo.HeaderLocation), Body: rec.buf.Bytes(),
			})
		}
	}
}

// bodyLimits are the largest request bodies the routes accept: maxBody,
// unless routes names the route template.
type bodyLimits struct {
	maxBody int64
	routes  map[string]int64
}

func (l bodyLimits) of(route string) int64 {
	if n, ok := l.routes[route]; ok {
		return n
	}
	return l.maxBody
}

// teeWriter keeps a copy of what a handler writes.
type teeWriter struct {
	http.ResponseWriter
	buf bytes.Buffer
}

func (w *teeWriter) Write(p []byte) (int, error) {
	w.buf.Write(p)
	return w.ResponseWriter.Write(p)
}

func visibleASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
