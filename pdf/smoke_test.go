package pdf

import (
	"os"
	"testing"
)

func TestSmoke(t *testing.T) {
	r := testRecord(t)
	r.Signers[0].DrawnPNG = testPNG(t, 600, 200)
	doc, pages := render(t, r)
	t.Log(pages, len(doc))
	os.WriteFile("/tmp/smoke.pdf", doc, 0o644)
}
