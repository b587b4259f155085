package pdf_test

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/consentry/consentry/pdf/internal/pdftest"
)

// Rendered-page comparison: each kind's pages, rasterised by pdftoppm at a
// low resolution in gray, against the reference PNGs in testdata/golden.
// A layout change fails the test until the references are rewritten with
// CONSENTRY_UPDATE_GOLDEN=1 (and the new pages looked at). With
// CONSENTRY_LOOK_DIR set, the PDFs are also written there for a person to
// look at.

const (
	goldenDir = "testdata/golden"
	goldenDPI = "30"
	// A pixel differs when its gray levels are more than pixelTolerance
	// apart; a page differs when more than pageTolerance of its pixels do
	// (anti-aliasing may vary a little between poppler versions).
	pixelTolerance = 48
	pageTolerance  = 0.004
)

func TestKindsMatchReferencePages(t *testing.T) {
	pdftest.RequireTool(t, "pdftoppm")
	update := os.Getenv("CONSENTRY_UPDATE_GOLDEN") == "1"
	look := os.Getenv("CONSENTRY_LOOK_DIR")
	docs := map[string][]byte{}
	for _, rd := range renderKinds(t) {
		docs[rd.kind] = rd.doc
	}
	docs["summary"] = renderSummary(t)
	if update {
		old, _ := filepath.Glob(filepath.Join(goldenDir, "*.png"))
		for _, f := range old {
			os.Remove(f)
		}
		if err := os.MkdirAll(goldenDir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for kind, doc := range docs {
		t.Run(kind, func(t *testing.T) {
			if look != "" {
				if err := os.WriteFile(filepath.Join(look, kind+".pdf"), doc, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			pages := rasterise(t, doc)
			if update {
				for i, pg := range pages {
					if err := os.WriteFile(goldenPath(kind, i+1), compact(t, pg), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				return
			}
			refs, _ := filepath.Glob(filepath.Join(goldenDir, kind+"-p*.png"))
			if len(refs) != len(pages) {
				t.Fatalf("%d pages, %d reference pages: rewrite them with CONSENTRY_UPDATE_GOLDEN=1 if the change is meant", len(pages), len(refs))
			}
			for i, pg := range pages {
				ref, err := os.ReadFile(goldenPath(kind, i+1))
				if err != nil {
					t.Fatal(err)
				}
				if frac, err := pageDifference(pg, ref); err != nil || frac > pageTolerance {
					t.Errorf("page %d differs from %s (%.2f%% of pixels, %v): rewrite with CONSENTRY_UPDATE_GOLDEN=1 if the change is meant",
						i+1, goldenPath(kind, i+1), 100*frac, err)
				}
			}
		})
	}
}

// compact re-encodes a gray page PNG as small as it goes, for the
// repository.
func compact(t *testing.T, page []byte) []byte {
	t.Helper()
	im, err := png.Decode(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	g := image.NewGray(im.Bounds())
	draw.Draw(g, g.Bounds(), im, im.Bounds().Min, draw.Src)
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, g); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func goldenPath(kind string, page int) string {
	return filepath.Join(goldenDir, fmt.Sprintf("%s-p%02d.png", kind, page))
}

// rasterise returns each page of doc as a gray PNG at goldenDPI.
func rasterise(t *testing.T, doc []byte) [][]byte {
	t.Helper()
	dir := t.TempDir()
	pdftest.RunTool(t, doc, "pdftoppm", "-r", goldenDPI, "-gray", "-png", "{pdf}", filepath.Join(dir, "page"))
	files, _ := filepath.Glob(filepath.Join(dir, "page-*.png"))
	var out [][]byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// pageDifference is the fraction of pixels that differ between two PNGs
// of the same size.
func pageDifference(a, b []byte) (float64, error) {
	ia, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		return 1, err
	}
	ib, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return 1, err
	}
	if ia.Bounds() != ib.Bounds() {
		return 1, fmt.Errorf("size %v, reference %v", ia.Bounds(), ib.Bounds())
	}
	r := ia.Bounds()
	differ := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if d := gray(ia, x, y) - gray(ib, x, y); d > pixelTolerance || d < -pixelTolerance {
				differ++
			}
		}
	}
	return float64(differ) / float64(r.Dx()*r.Dy()), nil
}

func gray(im image.Image, x, y int) int {
	r, g, b, _ := im.At(x, y).RGBA()
	return int((r + g + b) / 3 >> 8)
}
