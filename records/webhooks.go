package records

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
)

// URLChecker refuses webhook endpoint URLs (the webhooks package's Guard
// is the one implementation). A refusal's error has a RefusalReason
// method saying why, in words fit for the client.
type URLChecker interface {
	CheckURL(ctx context.Context, raw string) error
}

// refusal is an error that says why a URL is refused.
type refusal interface{ RefusalReason() string }

// secretOverlap is how long a rotated-out secret keeps signing beside the
// new one, so that receivers can switch without dropping events.
const secretOverlap = 24 * time.Hour

// maxDescription bounds an endpoint's description, in characters.
const maxDescription = 200

// WebhookRequest registers an endpoint (POST) or changes one (PATCH:
// every member optional, at least one given).
type WebhookRequest struct {
	URL         *string  `json:"url"`
	Events      []string `json:"events"`
	Active      *bool    `json:"active"`
	Description *string  `json:"description"`
}

// Webhook is an endpoint as admins see it. Secret is set only in the
// answers to creation and rotation: it is shown once.
type Webhook struct {
	ID          string    `json:"id"`
	URL         string    `json:"url"`
	Events      []string  `json:"events"`
	Description string    `json:"description"`
	Active      bool      `json:"active"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	Secret      string    `json:"secret,omitempty"`
	// PreviousSecretUntil is when the secret before the last rotation
	// stops signing, while it still does.
	PreviousSecretUntil *time.Time `json:"previous_secret_until,omitempty"`
}

func webhookOf(ep *models.WebhookEndpoint, now time.Time) Webhook {
	w := Webhook{
		ID: ep.ID, URL: ep.URL, Events: ep.EventList(), Description: ep.Description, Active: ep.Active,
		CreatedAt: ep.CreatedAt.UTC(), UpdatedAt: ep.UpdatedAt.UTC(),
	}
	if w.Events == nil {
		w.Events = []string{}
	}
	if u := ep.PreviousSecretUntil; u != nil && now.Before(*u) {
		t := u.UTC()
		w.PreviousSecretUntil = &t
	}
	return w
}

// CreateWebhook registers an endpoint and returns it with its new
// signing secret, shown this once.
func (s *Service) CreateWebhook(ctx context.Context, a Actor, body []byte) (*Webhook, error) {
	var req WebhookRequest
	if err := forms.Decode(body, &req); err != nil {
		return nil, err
	}
	var errs []forms.FieldError
	if req.URL == nil {
		errs = append(errs, forms.FieldError{Pointer: "/url", Code: "required", Message: "the endpoint's URL is required"})
	}
	if req.Events == nil {
		errs = append(errs, forms.FieldError{Pointer: "/events", Code: "required", Message: "the event types to send are required"})
	}
	errs = append(errs, s.checkWebhook(ctx, &req)...)
	if len(errs) > 0 {
		return nil, invalid(errs)
	}
	ep := &models.WebhookEndpoint{
		URL: *req.URL, Events: models.EncodeWebhookEvents(req.Events), Active: true, CreatedBy: a.KeyID,
	}
	if req.Active != nil {
		ep.Active = *req.Active
	}
	if req.Description != nil {
		ep.Description = *req.Description
	}
	if err := s.store.CreateWebhookEndpoint(ctx, ep, a.event("webhook.create", "", "")); err != nil {
		return nil, err
	}
	w := webhookOf(ep, s.clock.Now())
	w.Secret = ep.Secret
	return &w, nil
}

// checkWebhook checks the members a request gives: a URL the checker
// allows, known event types without repeats, a short printable
// description.
func (s *Service) checkWebhook(ctx context.Context, req *WebhookRequest) []forms.FieldError {
	var errs []forms.FieldError
	if req.URL != nil {
		if s.webhookURLs == nil {
			errs = append(errs, forms.FieldError{Pointer: "/url", Code: "url_refused", Message: "this server delivers no webhooks"})
		} else if err := s.webhookURLs.CheckURL(ctx, *req.URL); err != nil {
			var r refusal
			msg := "the URL is refused"
			if errors.As(err, &r) {
				msg = r.RefusalReason()
			}
			errs = append(errs, forms.FieldError{Pointer: "/url", Code: "url_refused", Message: msg})
		}
	}
	if req.Events != nil {
		if len(req.Events) == 0 {
			errs = append(errs, forms.FieldError{Pointer: "/events", Code: "min", Message: "name at least one event type"})
		}
		for i, e := range req.Events {
			p := forms.Pointer("events", strconv.Itoa(i))
			switch {
			case !slices.Contains(models.WebhookEventTypes, e):
				errs = append(errs, forms.FieldError{Pointer: p, Code: "oneof",
					Message: "unknown event type; use one of " + strings.Join(models.WebhookEventTypes, ", ")})
			case slices.Index(req.Events, e) < i:
				errs = append(errs, forms.FieldError{Pointer: p, Code: "unique", Message: "this event type is listed twice"})
			}
		}
	}
	if req.Description != nil {
		if utf8.RuneCountInString(*req.Description) > maxDescription {
			errs = append(errs, forms.FieldError{Pointer: "/description", Code: "max", Message: "at most 200 characters"})
		}
		errs = append(errs, unprintable(map[string]string{"/description": *req.Description})...)
	}
	return errs
}

// Webhooks lists every registered endpoint, without secrets.
func (s *Service) Webhooks(ctx context.Context) ([]Webhook, error) {
	eps, err := s.store.WebhookEndpoints(ctx)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	out := make([]Webhook, len(eps))
	for i := range eps {
		out[i] = webhookOf(&eps[i], now)
	}
	return out, nil
}

// Webhook returns one endpoint, without its secret.
func (s *Service) Webhook(ctx context.Context, id string) (*Webhook, error) {
	ep, err := s.webhookEndpoint(ctx, id)
	if err != nil {
		return nil, err
	}
	w := webhookOf(ep, s.clock.Now())
	return &w, nil
}

func (s *Service) webhookEndpoint(ctx context.Context, id string) (*models.WebhookEndpoint, error) {
	ep, err := s.store.WebhookEndpoint(ctx, id)
	if errors.Is(err, models.ErrNotFound) {
		return nil, notFound("webhook endpoint")
	}
	return ep, err
}

// UpdateWebhook changes an endpoint's URL, events, description or active
// flag. An inactive endpoint gets no new deliveries, and its pending ones
// wait until it is active again.
func (s *Service) UpdateWebhook(ctx context.Context, a Actor, id string, body []byte) (*Webhook, error) {
	ep, err := s.webhookEndpoint(ctx, id)
	if err != nil {
		return nil, err
	}
	var req WebhookRequest
	if err := forms.Decode(body, &req); err != nil {
		return nil, err
	}
	errs := s.checkWebhook(ctx, &req)
	if req.URL == nil && req.Events == nil && req.Active == nil && req.Description == nil {
		errs = append(errs, forms.FieldError{Pointer: "", Code: "required", Message: "give at least one of url, events, active, description"})
	}
	if len(errs) > 0 {
		return nil, invalid(errs)
	}
	if req.URL != nil {
		ep.URL = *req.URL
	}
	if req.Events != nil {
		ep.Events = models.EncodeWebhookEvents(req.Events)
	}
	if req.Active != nil {
		ep.Active = *req.Active
	}
	if req.Description != nil {
		ep.Description = *req.Description
	}
	if err := s.store.UpdateWebhookEndpoint(ctx, ep, a.event("webhook.update", "", "")); err != nil {
		if errors.Is(err, models.ErrNotFound) {
			return nil, notFound("webhook endpoint")
		}
		return nil, err
	}
	w := webhookOf(ep, s.clock.Now())
	return &w, nil
}

// RotateWebhookSecret gives an endpoint a new secret, shown this once;
// the old one keeps signing beside it for 24 hours.
func (s *Service) RotateWebhookSecret(ctx context.Context, a Actor, id string) (*Webhook, error) {
	ep, err := s.store.RotateWebhookSecret(ctx, id, secretOverlap, a.event("webhook.rotate_secret", "", ""))
	if errors.Is(err, models.ErrNotFound) {
		return nil, notFound("webhook endpoint")
	}
	if err != nil {
		return nil, err
	}
	w := webhookOf(ep, s.clock.Now())
	w.Secret = ep.Secret
	return &w, nil
}

// DeleteWebhook removes an endpoint; its pending deliveries are never
// sent.
func (s *Service) DeleteWebhook(ctx context.Context, a Actor, id string) error {
	err := s.store.DeleteWebhookEndpoint(ctx, id, a.event("webhook.delete", "", ""))
	if errors.Is(err, models.ErrNotFound) {
		return notFound("webhook endpoint")
	}
	return err
}

// Delivery is one event's delivery to an endpoint, as admins see it.
type Delivery struct {
	ID            string     `json:"id"`
	EventID       string     `json:"event_id"`
	EventType     string     `json:"event_type"`
	Status        string     `json:"status"`
	Attempts      int        `json:"attempts"`
	LastError     string     `json:"last_error,omitempty"`
	LastStatus    int        `json:"last_http_status,omitempty"`
	NextAttemptAt *time.Time `json:"next_attempt_at,omitempty"`
	LastAttemptAt *time.Time `json:"last_attempt_at,omitempty"`
	DeliveredAt   *time.Time `json:"delivered_at,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
}

// DeliveryPage is one page of an endpoint's deliveries.
type DeliveryPage struct {
	Items []Delivery
	// Next is the position to continue after, or "".
	Next string
}

// deliveryStatuses are the states a delivery list may be filtered by.
var deliveryStatuses = []string{models.DeliveryPending, models.DeliveryDelivered, models.DeliveryDead}

// WebhookDeliveries lists an endpoint's deliveries, oldest first, after
// the delivery id after; status, if not "", keeps only that state.
func (s *Service) WebhookDeliveries(ctx context.Context, id, status, after string, limit int) (*DeliveryPage, error) {
	if status != "" && !slices.Contains(deliveryStatuses, status) {
		return nil, invalid([]forms.FieldError{{Pointer: "", Code: "status",
			Message: "query parameter status must be one of " + strings.Join(deliveryStatuses, ", ")}})
	}
	if _, err := s.webhookEndpoint(ctx, id); err != nil {
		return nil, err
	}
	p, err := s.store.WebhookDeliveries(ctx, models.DeliveryFilter{EndpointID: id, Status: status, After: after, Limit: limit})
	if err != nil {
		return nil, err
	}
	out := &DeliveryPage{Items: make([]Delivery, len(p.Items)), Next: p.Next}
	for i, d := range p.Items {
		v := Delivery{
			ID: d.ID, EventID: d.MessageID, EventType: d.EventType, Status: d.Status, Attempts: d.Attempts,
			LastError: d.LastError, LastStatus: d.LastStatus, CreatedAt: d.CreatedAt.UTC(),
			LastAttemptAt: utcPtr(d.LastAttemptAt), DeliveredAt: utcPtr(d.DeliveredAt),
		}
		if d.Status == models.DeliveryPending {
			t := d.NextAttemptAt.UTC()
			v.NextAttemptAt = &t
		}
		out.Items[i] = v
	}
	return out, nil
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
