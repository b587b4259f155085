package api

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"io"
	"mime"
	"net/http"
	"regexp"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/pdf/seal"
)

// DocumentStore is what document verification needs of the store.
type DocumentStore interface {
	DocumentBySHA256(ctx context.Context, sha string) (*models.Document, error)
	DocumentInfo(ctx context.Context, submissionID string) (*models.Document, error)
	Submission(ctx context.Context, id string) (*models.Submission, error)
}

// Signer describes the certificate that signed a document.
type Signer struct {
	Subject   string    `json:"subject"`
	Issuer    string    `json:"issuer"`
	Serial    string    `json:"serial"`
	SHA256    string    `json:"sha256"`
	NotBefore time.Time `json:"not_before"`
	NotAfter  time.Time `json:"not_after"`
	// ClinicCertificate says whether it is this server's signing
	// certificate.
	ClinicCertificate bool `json:"clinic_certificate"`
}

// DocumentVerification answers "is this PDF one of ours, and unaltered?".
type DocumentVerification struct {
	Valid          bool       `json:"valid"`
	RecordID       string     `json:"record_id,omitempty"`
	SignatureValid bool       `json:"signature_valid"`
	MatchesStored  bool       `json:"matches_stored"`
	Signer         *Signer    `json:"signer,omitempty"`
	SigningTime    *time.Time `json:"signing_time,omitempty"`
	Problems       []string   `json:"problems"`

	patientID string
}

// recordReason finds the record id a seal's /Reason names.
var recordReason = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// VerifyDocument checks a PDF against the clinic's certificate and the
// store: the seal must be valid over the whole file, made with cert, and
// the bytes must be exactly a stored record's. A damaged, truncated,
// appended-to or foreign file is reported in the result, not as an error.
func VerifyDocument(ctx context.Context, store DocumentStore, cert *x509.Certificate, doc []byte) (*DocumentVerification, error) {
	v, err := seal.Verify(doc)
	if err != nil {
		return nil, err
	}
	out := &DocumentVerification{SignatureValid: v.SignatureValid, Problems: append([]string{}, v.Problems...)}
	if v.Signer != nil {
		fp := sha256.Sum256(v.Signer.Raw)
		out.Signer = &Signer{
			Subject: v.Signer.Subject.String(), Issuer: v.Signer.Issuer.String(), Serial: v.Signer.SerialNumber.String(),
			SHA256: hex.EncodeToString(fp[:]), NotBefore: v.Signer.NotBefore.UTC(), NotAfter: v.Signer.NotAfter.UTC(),
			ClinicCertificate: v.SignedBy(cert),
		}
		if !out.Signer.ClinicCertificate {
			out.Problems = append(out.Problems, "it was not signed with this clinic's certificate")
		}
	}
	if !v.SigningTime.IsZero() {
		t := v.SigningTime.UTC()
		out.SigningTime = &t
	}

	// Which record is it? The whole file's hash, else the signed
	// revision's (bytes were appended), else the id the seal names.
	sum := sha256.Sum256(doc)
	whole := hex.EncodeToString(sum[:])
	d, err := store.DocumentBySHA256(ctx, whole)
	switch {
	case err == nil:
		out.RecordID, out.MatchesStored = d.SubmissionID, true
	case !errors.Is(err, models.ErrNotFound):
		return nil, err
	default:
		if v.SignedRevision != nil && len(v.SignedRevision) < len(doc) {
			rs := sha256.Sum256(v.SignedRevision)
			if d, err := store.DocumentBySHA256(ctx, hex.EncodeToString(rs[:])); err == nil {
				out.RecordID = d.SubmissionID
			}
		}
		if id := recordReason.FindString(v.Reason); out.RecordID == "" && id != "" {
			if _, err := store.DocumentInfo(ctx, id); err == nil {
				out.RecordID = id
			}
		}
		if out.RecordID != "" {
			out.Problems = append(out.Problems, "its bytes differ from the stored record "+out.RecordID)
		} else {
			out.Problems = append(out.Problems, "it is not a record stored by this Consentry")
		}
	}
	if out.RecordID != "" {
		if s, err := store.Submission(ctx, out.RecordID); err == nil {
			out.patientID = s.PatientID
		}
	}
	out.Valid = v.Valid() && out.Signer != nil && out.Signer.ClinicCertificate && out.MatchesStored
	return out, nil
}

// documentHandler serves POST /v1/documents/verify.
type documentHandler struct {
	store interface {
		DocumentStore
		Record(ctx context.Context, ev models.Event) error
	}
	cert   *x509.Certificate
	maxPDF int64
}

func (h *documentHandler) register(g *echo.Group) {
	g.POST("/documents/verify", h.verify, allow(anyRole...))
}

func (h *documentHandler) verify(c echo.Context) error {
	mt, _, err := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	if err != nil || mt != "application/pdf" {
		return newProblem(http.StatusUnsupportedMediaType, "unsupported-media-type", "send the PDF itself as application/pdf")
	}
	doc, err := io.ReadAll(http.MaxBytesReader(c.Response(), c.Request().Body, h.maxPDF))
	if err != nil {
		var mbe *http.MaxBytesError
		if asMaxBytes(err, &mbe) {
			return newProblem(http.StatusRequestEntityTooLarge, "too-large", "the PDF is larger than the server accepts")
		}
		return newProblem(http.StatusBadRequest, "unreadable-body", "the request body could not be read")
	}
	res, err := VerifyDocument(c.Request().Context(), h.store, h.cert, doc)
	if err != nil {
		return err
	}
	subject := "document/unknown"
	if res.RecordID != "" {
		subject = "submission/" + res.RecordID
	}
	ev := event(c, "document.verify", subject, res.patientID)
	ev.DataHash = sha256Hex(doc)
	if err := h.store.Record(c.Request().Context(), ev); err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, res)
}
