package records_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/consentry/consentry/internal/tsatest"
	"github.com/consentry/consentry/pdf/seal"
)

func TestVerifyDocumentReportsTheLevel(t *testing.T) {
	tsa := tsatest.Start(t)
	tsa.SetTime(now)
	for _, tt := range []struct {
		name      string
		change    func(*seal.Sealer)
		level     string
		timestamp bool
	}{
		{"B-B", nil, "B-B", false},
		{"B-T", func(s *seal.Sealer) { s.TSA = &seal.TSAClient{URL: tsa.URL, Roots: tsa.Roots()} }, "B-T", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixtureWith(t, tt.change)
			ctx := context.Background()
			r, err := f.svc.Submit(ctx, f.portal, phq9(t, f.patient(), 0, 0, 0, 0, 0, 0, 0, 0, 0))
			if err != nil {
				t.Fatal(err)
			}
			doc, err := f.store.Document(ctx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			v, err := f.svc.VerifyDocument(ctx, f.portal, doc.PDF)
			if err != nil {
				t.Fatal(err)
			}
			if !v.Valid || v.Level != tt.level || v.Indication != seal.TotalPassed || v.SubIndication != "" ||
				(v.Timestamp != nil) != tt.timestamp {
				t.Fatalf("verification %+v", v)
			}
			out, _ := json.Marshal(v)
			for _, key := range []string{`"level":"` + tt.level + `"`, `"indication":"TOTAL-PASSED"`} {
				if !bytes.Contains(out, []byte(key)) {
					t.Errorf("JSON lacks %s: %s", key, out)
				}
			}
			if !tt.timestamp {
				return
			}
			if !v.Timestamp.Time.Equal(now) || v.Timestamp.TSASubject != tsa.Cert.Subject.String() ||
				!bytes.Contains(out, []byte(`"timestamp":{"time":"`+now.Format("2006-01-02T15:04:05Z")+`","tsa_subject":"`)) {
				t.Errorf("time-stamp %+v in %s", v.Timestamp, out)
			}
			// The token's last byte is its TSA's signature: change it and the
			// document is no longer valid, though its own signature is.
			m := bytes.LastIndex(doc.PDF, []byte("/Contents <")) + len("/Contents <")
			head, err := hex.DecodeString(string(doc.PDF[m : m+8])) // 30 82 hi lo: the CMS's length
			if err != nil || head[0] != 0x30 || head[1] != 0x82 {
				t.Fatalf("the CMS starts %x", head)
			}
			end := m + 2*(4+int(head[2])<<8+int(head[3]))
			changed := bytes.Clone(doc.PDF)
			changed[end-1] = "123456789abcdef0"[strings.IndexByte("0123456789abcdef", changed[end-1])]
			v, err = f.svc.VerifyDocument(ctx, f.portal, changed)
			if err != nil {
				t.Fatal(err)
			}
			if v.Valid || v.Indication != seal.TotalFailed || !v.SignatureValid {
				t.Errorf("a changed time-stamp: %+v", v)
			}
		})
	}
}
