package api

import (
	"context"
	"errors"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/records"
)

// keyStore is what authentication needs of the store.
type keyStore interface {
	KeyBySecret(ctx context.Context, secret string) (*models.APIKey, error)
}

const principalKey = "principal"

// principal is the API key a request authenticated with, or the
// invitation link a patient came with.
type principal struct {
	KeyID string
	Name  string
	Role  string
	// Invitation is set for a patient with an invitation link (Role is
	// models.RolePatient; KeyID and Name are its issuer's).
	Invitation *records.Invitee
	// Kiosk is set for a clinic's tablet in kiosk mode: the kiosk's id
	// (Role is models.RoleKiosk; KeyID is the key that paired it).
	Kiosk string
}

// scope names whose requests these are, for rate limits and
// Idempotency-Keys: the key, or the invitation.
func (p principal) scope() string {
	switch {
	case p.Invitation != nil:
		return "invitation/" + p.Invitation.ID
	case p.Kiosk != "":
		return "kiosk/" + p.Kiosk
	}
	return p.KeyID
}

// invitees resolves invitation and kiosk tokens; *records.Service is the
// one.
type invitees interface {
	Invitee(ctx context.Context, token string) (records.Actor, error)
	KioskActor(ctx context.Context, token string) (records.Actor, error)
}

// principalOf returns the request's principal; authenticate has set it on
// every /v1 route.
func principalOf(c echo.Context) principal {
	p, _ := c.Get(principalKey).(principal)
	return p
}

func roleOf(c echo.Context) string { return principalOf(c).Role }

// authenticate requires a valid bearer key, or an invitation token
// (Authorization: Invitation <token>, the patient's page): none or an
// unknown one is 401. A client address that keeps failing, with keys or
// tokens alike, is refused with 429 before its keys are looked at, and a
// key or invitation that goes too fast is refused with 429.
func authenticate(store keyStore, inv invitees, limits Limits) echo.MiddlewareFunc {
	failures := newLimiter(float64(limits.AuthFailuresPerMinute)/60, limits.AuthFailuresPerMinute)
	perKey := newLimiter(float64(limits.RequestsPerSecond), 2*limits.RequestsPerSecond)
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			ip := c.RealIP()
			if blocked, wait := failures.blocked(ip); blocked {
				return rateLimited(wait)
			}
			fail := func() error {
				failures.allow(ip)
				return errUnauthorized
			}
			scheme, secret, ok := strings.Cut(c.Request().Header.Get(echo.HeaderAuthorization), " ")
			if !ok || secret == "" || len(secret) > 256 {
				return fail()
			}
			if strings.EqualFold(scheme, "Invitation") || strings.EqualFold(scheme, "Kiosk") {
				resolve := inv.Invitee
				if strings.EqualFold(scheme, "Kiosk") {
					resolve = inv.KioskActor
				}
				a, err := resolve(c.Request().Context(), strings.TrimSpace(secret))
				if errors.Is(err, models.ErrNotFound) {
					return fail()
				}
				if err != nil {
					return err
				}
				p := principal{KeyID: a.KeyID, Name: a.KeyName, Role: a.Role, Invitation: a.Invitation, Kiosk: a.Kiosk}
				if ok, wait := perKey.allow(p.scope()); !ok {
					return rateLimited(wait)
				}
				c.Set(principalKey, p)
				c.Response().Header().Set("Cache-Control", "no-store")
				return next(c)
			}
			if !strings.EqualFold(scheme, "Bearer") {
				return fail()
			}
			k, err := store.KeyBySecret(c.Request().Context(), strings.TrimSpace(secret))
			if errors.Is(err, models.ErrNotFound) {
				return fail()
			}
			if err != nil {
				return err
			}
			if ok, wait := perKey.allow(k.ID); !ok {
				return rateLimited(wait)
			}
			c.Set(principalKey, principal{KeyID: k.ID, Name: k.Name, Role: k.Role})
			// Answers under /v1 carry patient data: no cache may keep them.
			c.Response().Header().Set("Cache-Control", "no-store")
			return next(c)
		}
	}
}

// allow lets only the given roles through; any other is 403.
func allow(roles ...string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if !slices.Contains(roles, roleOf(c)) {
				return errForbidden
			}
			return next(c)
		}
	}
}

// Role sets used by the routes.
var (
	anyRole        = []string{models.RolePortal, models.RoleClinician, models.RoleAuditor, models.RoleAdmin}
	patientReaders = []string{models.RolePortal, models.RoleClinician, models.RoleAuditor}
	portalOnly     = []string{models.RolePortal}
)

// actorOf is who acts in this request, for the use cases and their audit
// events.
func actorOf(c echo.Context) records.Actor {
	p := principalOf(c)
	return records.Actor{
		KeyID: p.KeyID, KeyName: p.Name, Role: p.Role,
		IP: c.RealIP(), UserAgent: cleanUserAgent(c.Request().UserAgent()),
		Invitation: p.Invitation, Kiosk: p.Kiosk,
	}
}

// cleanUserAgent keeps a user agent to visible ASCII, as HTTP defines it,
// so that the same string can go into the audit event and onto the record.
func cleanUserAgent(ua string) string {
	ua = truncate(ua, 512)
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e {
			return '?'
		}
		return r
	}, ua)
}

// truncate cuts s to at most n bytes on a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
