package api

import (
	"bytes"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/consentry/consentry/records"
)

// pdfsig runs poppler's pdfsig on a document and returns its output.
// pdfsig exits 0 even when a digest does not match, so callers read it.
func pdfsig(t *testing.T, doc []byte) string {
	t.Helper()
	bin := requireTool(t, "pdfsig")
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	out, _ := exec.Command(bin, path).CombinedOutput()
	return string(out)
}

func sealedOK(out string) bool {
	return strings.Contains(out, "Signature is Valid.") && strings.Contains(out, "Total document signed")
}

func (s *testServer) verifyDoc(doc []byte) records.DocumentVerification {
	s.t.Helper()
	rec := s.do(request{method: http.MethodPost, path: "/v1/documents/verify", key: "auditor", body: doc, contentType: "application/pdf"})
	mustStatus(s.t, rec, http.StatusOK)
	return decode[records.DocumentVerification](s.t, rec)
}

func TestStoredRecordsAreSealed(t *testing.T) {
	s := newTestServer(t)
	pid := s.mustPatient("portal", "MRN-SEAL")
	r := s.signConsent(pid)
	doc := s.do(request{method: http.MethodGet, path: r.Document.URL, key: "clinician"}).Body.Bytes()

	if out := pdfsig(t, doc); !sealedOK(out) {
		t.Fatalf("pdfsig does not find a valid seal over the whole file:\n%s", out)
	}
	if out, err := exec.Command(requireTool(t, "qpdf"), "--check", writeTemp(t, doc)).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
	v := s.verifyDoc(doc)
	if !v.Valid || v.RecordID != r.ID || !v.SignatureValid || !v.MatchesStored || v.Signer == nil || !v.Signer.ClinicCertificate || len(v.Problems) != 0 {
		t.Fatalf("verification of the stored record: %+v", v)
	}
	if v.SigningTime == nil || !v.SigningTime.Equal(r.CreatedAt.Truncate(1e9)) {
		t.Errorf("signing time %v, record time %v", v.SigningTime, r.CreatedAt)
	}

	// Tampering: each must be caught by pdfsig and by the API.
	flipAt := bytes.Index(doc, []byte("/Contents")) / 2 // inside the rendered record, well before the seal
	flipped := bytes.Clone(doc)
	flipped[flipAt] ^= 0x01
	tests := []struct {
		name    string
		doc     []byte
		record  bool // the API still names the record
		pdfsigs bool // pdfsig can judge it at all
	}{
		{"one byte flipped inside the signed range", flipped, true, true},
		{"bytes appended", append(bytes.Clone(doc), []byte("\n% appended\n")...), true, true},
		{"truncated by 100 bytes", doc[:len(doc)-100], false, false},
		{"truncated to half", doc[:len(doc)/2], false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.pdfsigs {
				if out := pdfsig(t, tt.doc); sealedOK(out) {
					t.Errorf("pdfsig calls the altered file valid:\n%s", out)
				}
			}
			v := s.verifyDoc(tt.doc)
			if v.Valid || v.MatchesStored || len(v.Problems) == 0 {
				t.Errorf("verification of an altered file: %+v", v)
			}
			if tt.record && v.RecordID != r.ID {
				t.Errorf("record id %q, want %s", v.RecordID, r.ID)
			}
		})
	}
}

func TestVerifyForeignDocuments(t *testing.T) {
	s := newTestServer(t)
	pid := s.mustPatient("portal", "MRN-FOREIGN")
	r := s.signConsent(pid)
	doc := s.do(request{method: http.MethodGet, path: r.Document.URL, key: "clinician"}).Body.Bytes()

	v := s.verifyDoc([]byte("this is not a PDF"))
	if v.Valid || v.RecordID != "" || len(v.Problems) == 0 {
		t.Errorf("not a PDF: %+v", v)
	}
	// Another clinic's key seals a copy of the unsigned record: the seal
	// itself is sound, but it is not ours.
	unsigned := doc[:bytes.LastIndex(doc[:len(doc)-10], []byte("%%EOF"))+len("%%EOF\n")]
	other, err := testSealer(t, "Another Clinic").Seal(unsigned, s.now, "Another Clinic", "forged")
	if err != nil {
		t.Fatal(err)
	}
	{
		v = s.verifyDoc(other)
		if v.Valid || v.Signer == nil || v.Signer.ClinicCertificate {
			t.Errorf("re-sealed copy: %+v", v)
		}
	}
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/documents/verify", key: "portal", body: doc, contentType: "application/json"}),
		http.StatusUnsupportedMediaType)
	mustStatus(t, s.do(request{method: http.MethodPost, path: "/v1/documents/verify", body: doc, contentType: "application/pdf"}),
		http.StatusUnauthorized)
}

func writeTemp(t *testing.T, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "f.pdf")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
