package records

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"regexp"
	"time"

	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/pdf/seal"
)

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

// DocumentTimestamp is a seal's RFC 3161 signature time-stamp: the time a
// time-stamping authority vouches the signature existed at.
type DocumentTimestamp struct {
	Time       time.Time `json:"time"`
	TSASubject string    `json:"tsa_subject"`
}

// DocumentSignature is one signature in a document: the record's seal
// or a document time-stamp.
type DocumentSignature struct {
	// Kind is "signature" (the record's seal) or "document-timestamp".
	Kind string `json:"kind"`
	// Field is the signature field's name.
	Field string `json:"field"`
	// Level is the seal's PAdES level; absent for a document time-stamp.
	Level string `json:"level,omitempty"`
	// Time is the time-stamp's time; for a seal without a signature
	// time-stamp, the signing time it claims (TimeStamped false).
	Time        time.Time `json:"time"`
	TimeStamped bool      `json:"time_stamped"`
	// TSASubject is the subject of the TSA's certificate, when
	// time-stamped.
	TSASubject string `json:"tsa_subject,omitempty"`
	// Indication and SubIndication are this signature's own ETSI EN 319
	// 102-1 result.
	Indication    string `json:"indication"`
	SubIndication string `json:"sub_indication,omitempty"`
	// Revocation is the status of its chain at Time from the DSS:
	// "good", "revoked", "unknown" or "not-needed".
	Revocation string `json:"revocation"`
}

// DocumentDSS describes a document's Document Security Store.
type DocumentDSS struct {
	Certificates int  `json:"certificates"`
	OCSPs        int  `json:"ocsps"`
	CRLs         int  `json:"crls"`
	VRI          int  `json:"vri"`
	Complete     bool `json:"complete"`
	// Missing says what keeps it from being complete.
	Missing []string `json:"missing"`
}

// DocumentVerification answers "is this PDF one of ours, and unaltered?".
type DocumentVerification struct {
	Valid          bool   `json:"valid"`
	RecordID       string `json:"record_id,omitempty"`
	SignatureValid bool   `json:"signature_valid"`
	MatchesStored  bool   `json:"matches_stored"`
	// Revision is the stored revision the bytes are, when they match a
	// re-time-stamped revision rather than the document as first stored
	// (revision 0, absent).
	Revision    int        `json:"revision,omitempty"`
	Signer      *Signer    `json:"signer,omitempty"`
	SigningTime *time.Time `json:"signing_time,omitempty"`
	// Level is the seal's PAdES baseline level, "B-B", "B-T", "B-LT" or
	// "B-LTA"; "" for a legacy (adbe.pkcs7.detached) seal or none.
	Level string `json:"level"`
	// Indication and SubIndication are the ETSI EN 319 102-1 validation
	// result: TOTAL-PASSED, TOTAL-FAILED or INDETERMINATE (with e.g.
	// HASH_FAILURE, SIG_CRYPTO_FAILURE, NO_POE); "" when unsigned.
	Indication    string `json:"indication"`
	SubIndication string `json:"sub_indication,omitempty"`
	// Timestamp is the seal's signature time-stamp (B-T), if any.
	Timestamp *DocumentTimestamp `json:"timestamp,omitempty"`
	// Signatures lists the seal, then each document time-stamp.
	Signatures []DocumentSignature `json:"signatures"`
	// DSS is the Document Security Store, if any.
	DSS *DocumentDSS `json:"dss,omitempty"`
	// ProofOfExistence is the earliest time a chain of valid
	// time-stamps proves the seal existed at (the verification time
	// without one); Revocation is the signer's chain's status then.
	ProofOfExistence *time.Time `json:"proof_of_existence,omitempty"`
	Revocation       string     `json:"revocation,omitempty"`
	Problems         []string   `json:"problems"`

	patientID string
}

// recordReason finds the record id a seal's /Reason names.
var recordReason = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// VerifyDocument checks a PDF against the clinic's certificate and the
// store, and records the check: the seal must be valid over the whole
// file, not TOTAL-FAILED (a broken time-stamp fails it too), made with
// the clinic's certificate, and the bytes must be exactly a stored
// record's. A damaged, truncated, appended-to or foreign file is
// reported in the result, not as an error.
func (s *Service) VerifyDocument(ctx context.Context, a Actor, doc []byte) (*DocumentVerification, error) {
	out, err := s.checkDocument(ctx, doc)
	if err != nil {
		return nil, err
	}
	subject := "document/unknown"
	if out.RecordID != "" {
		subject = "submission/" + out.RecordID
	}
	ev := a.event("document.verify", subject, out.patientID)
	ev.DataHash = sha256Hex(doc)
	if err := s.store.Record(ctx, ev); err != nil {
		return nil, err
	}
	return out, nil
}

// checkDocument answers VerifyDocument's question without recording it.
func (s *Service) checkDocument(ctx context.Context, doc []byte) (*DocumentVerification, error) {
	store, cert := s.store, s.sealer.Cert
	v, err := seal.Verify(doc)
	if err != nil {
		return nil, err
	}
	out := &DocumentVerification{
		SignatureValid: v.SignatureValid, Level: v.Level, Indication: v.Indication, SubIndication: v.SubIndication,
		Problems: append([]string{}, v.Problems...),
	}
	if ts := v.Timestamp; ts != nil {
		out.Timestamp = &DocumentTimestamp{Time: ts.Time.UTC(), TSASubject: ts.TSASubject}
	}
	out.Signatures = make([]DocumentSignature, 0, len(v.Signatures))
	for _, sg := range v.Signatures {
		out.Signatures = append(out.Signatures, DocumentSignature{
			Kind: sg.Kind, Field: sg.Field, Level: sg.Level, Time: sg.Time.UTC(), TimeStamped: sg.TimeStamped,
			TSASubject: sg.TSASubject, Indication: sg.Indication, SubIndication: sg.SubIndication, Revocation: sg.Revocation,
		})
	}
	if d := v.DSS; d != nil {
		out.DSS = &DocumentDSS{Certificates: d.Certificates, OCSPs: d.OCSPs, CRLs: d.CRLs, VRI: d.VRI, Complete: d.Complete,
			Missing: append([]string{}, d.Missing...)}
	}
	if !v.ProofOfExistence.IsZero() {
		t := v.ProofOfExistence.UTC()
		out.ProofOfExistence, out.Revocation = &t, v.Revocation
	}
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
		if r, err := store.DocumentRevisionBySHA256(ctx, whole); err == nil {
			out.RecordID, out.MatchesStored, out.Revision = r.SubmissionID, true, r.Revision
			break
		} else if !errors.Is(err, models.ErrNotFound) {
			return nil, err
		}
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
	out.Valid = v.Valid() && v.Indication != seal.TotalFailed && out.Signer != nil && out.Signer.ClinicCertificate && out.MatchesStored
	return out, nil
}
