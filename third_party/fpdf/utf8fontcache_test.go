package fpdf

import (
	"bytes"
	"os"
	"reflect"
	"testing"
	"time"
)

// fixedTime is the creation date of the test documents.
var fixedTime = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// testTTF returns a TrueType font with Latin, Greek and Cyrillic.
func testTTF(t *testing.T) []byte {
	t.Helper()
	ttf, err := os.ReadFile("../../pdf/fonts/DejaVuSans.ttf")
	if err != nil {
		t.Fatal(err)
	}
	return ttf
}

// TestUTF8FontCacheSameFont checks that a cached font has upstream's
// definition and ID, and cuts to upstream's subset for any runes.
func TestUTF8FontCacheSameFont(t *testing.T) {
	ttf := testTTF(t)
	utf8FontCache.Clear()
	parse := func() *utf8FontFile {
		utf := newUTF8Font(&fileReader{array: ttf})
		if err := utf.parseFile(); err != nil {
			t.Fatal(err)
		}
		return utf
	}
	upstream := parse()
	wantID, _ := generateFontID(utf8FontDef("dejavu", upstream))
	for _, runes := range []string{"abc", "Nguyễn Thị Minh Дмитрий Ελένη ∑→ﬁ", "", "Ødegård — {nb}"} {
		used := makeSubsetRange(32)
		for _, r := range runes {
			used[int(r)] = int(r)
		}
		want := parse().GenerateCutFont(used)
		for range 2 { // a cold cache, then a warm one
			cached, id, err := parseUTF8FontCached(ttf, "dejavu", func(utf *utf8FontFile) string {
				id, _ := generateFontID(utf8FontDef("dejavu", utf))
				return id
			})
			if err != nil {
				t.Fatal(err)
			}
			if id != wantID {
				t.Errorf("ID %s, want %s", id, wantID)
			}
			if !reflect.DeepEqual(utf8FontDef("dejavu", cached).Desc, utf8FontDef("dejavu", upstream).Desc) ||
				!reflect.DeepEqual(cached.CharWidths, upstream.CharWidths) {
				t.Error("the cached font has other metrics")
			}
			if got := cached.GenerateCutFont(used); !bytes.Equal(got, want) {
				t.Errorf("%q: the cached font cuts to a different subset", runes)
			}
		}
	}
}

// TestUTF8FontCacheSameOutput checks that a document drawn with a cached
// font, whether the cache is cold or warm and whatever runes the documents
// before it used, is byte for byte the document drawn without the cache.
func TestUTF8FontCacheSameOutput(t *testing.T) {
	ttf := testTTF(t)
	texts := []string{
		"Ketamine-assisted psychotherapy — page {nb}",
		"Nguyễn Thị Minh, Ødegård, Дмитрий, Ελένη, José ∑→ﬁ",
		"abc",
	}
	draw := func(t *testing.T, b []byte, text string) []byte {
		t.Helper()
		f := New("P", "mm", "Letter", "")
		f.SetCatalogSort(true)
		f.SetCreationDate(fixedTime)
		f.SetModificationDate(fixedTime)
		f.AliasNbPages("{nb}")
		f.AddUTF8FontFromBytes("dejavu", "", b)
		f.AddPage()
		f.SetFont("dejavu", "", 12)
		f.MultiCell(0, 6, text, "", "L", false)
		var out bytes.Buffer
		if err := f.Output(&out); err != nil {
			t.Fatal(err)
		}
		return out.Bytes()
	}
	for _, text := range texts {
		t.Run(text, func(t *testing.T) {
			utf8FontCache.Clear()
			cold := draw(t, ttf, text)
			for _, other := range texts {
				draw(t, ttf, other)
			}
			warm := draw(t, ttf, text)
			fresh := draw(t, bytes.Clone(ttf), text)
			if !bytes.Equal(cold, warm) || !bytes.Equal(cold, fresh) {
				t.Error("the cached font draws a different document")
			}
		})
	}
}
