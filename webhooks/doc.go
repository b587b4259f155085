// Package webhooks delivers the outbox's webhook events: a dispatcher
// claims due deliveries, signs each message as Standard Webhooks does
// (webhook-id, webhook-timestamp, webhook-signature: v1,<base64
// HMAC-SHA256>), sends it over an HTTP client that refuses disallowed
// addresses when it dials, and retries failures with exponential backoff
// and full jitter until the delivery is delivered or dead. The Guard that
// refuses endpoint URLs (SSRF) is here too, for registration and delivery
// alike.
package webhooks
