//go:build !naivefpdf

package fpdf

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
)

// drawText makes a one-page document of text in the font ttf, with the
// runes of extra marked as used, optionally encrypted.
func drawText(t *testing.T, ttf []byte, text, extra string, encrypt bool) []byte {
	t.Helper()
	f := New("P", "mm", "Letter", "")
	f.SetCatalogSort(true)
	f.SetCreationDate(fixedTime)
	f.SetModificationDate(fixedTime)
	if encrypt {
		f.SetProtection(0, "", "owner")
	}
	f.AddUTF8FontFromBytes("dejavu", "", ttf)
	f.AddPage()
	f.SetFont("dejavu", "", 12)
	f.UseRunes("dejavu", "", extra)
	f.MultiCell(0, 6, text, "", "L", false)
	var out bytes.Buffer
	if err := f.Output(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestSubsetCacheSameOutput checks that a document whose font cut comes
// from the cut cache is byte for byte the document cut afresh, from any
// goroutine, and that an encrypted document neither uses nor spoils it.
func TestSubsetCacheSameOutput(t *testing.T) {
	ttf := testTTF(t)
	texts := []string{"Consent — Ødegård", "Дмитрий Ελένη", "abc"}
	for _, text := range texts {
		fresh := drawText(t, bytes.Clone(ttf), text, "", false) // not cacheable: new bytes
		var wg sync.WaitGroup
		got := make([][]byte, 8)
		for i := range got {
			wg.Go(func() { got[i] = drawText(t, ttf, text, "", false) })
		}
		wg.Wait()
		drawText(t, ttf, text, "", true)
		got = append(got, drawText(t, ttf, text, "", false))
		for i, g := range got {
			if !bytes.Equal(g, fresh) {
				t.Errorf("%q: document %d differs from the one cut afresh", text, i)
			}
		}
	}
}

// TestUseRunes checks that marked runes are kept in the cut, and that
// documents whose text lies within one marked set share a cut.
func TestUseRunes(t *testing.T) {
	ttf := testTTF(t)
	subsetCache.Lock()
	before := subsetCache.order.Len()
	subsetCache.Unlock()
	const common = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ "
	plain := drawText(t, ttf, "abc", "", false)
	marked := drawText(t, ttf, "abc", common, false)
	if len(marked) <= len(plain) {
		t.Errorf("marking %d runes kept no more glyphs: %d bytes, %d unmarked", len(common), len(marked), len(plain))
	}
	drawText(t, ttf, "Hello World", common, false)
	drawText(t, ttf, "zebra", common, false)
	subsetCache.Lock()
	added := subsetCache.order.Len() - before
	subsetCache.Unlock()
	if added != 2 { // "abc" unmarked, and the one marked set
		t.Errorf("%d cuts were cached, want 2", added)
	}
}

// TestSubsetCacheBounded checks that the cut cache drops its least
// recently used cuts beyond its size.
func TestSubsetCacheBounded(t *testing.T) {
	ttf := testTTF(t)
	for i := range subsetCacheSize + 10 {
		drawText(t, ttf, fmt.Sprintf("%c", 'A'+rune(i)), "", false)
	}
	subsetCache.Lock()
	n, m := subsetCache.order.Len(), len(subsetCache.byKey)
	subsetCache.Unlock()
	if n != subsetCacheSize || m != subsetCacheSize {
		t.Errorf("%d cuts in the list and %d in the map, want %d", n, m, subsetCacheSize)
	}
}
