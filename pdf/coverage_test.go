package pdf

import "testing"

func TestFacesCoverScripts(t *testing.T) {
	vietnamese := "ĂăÂâĐđÊêÔôƠơƯưÀÁẢÃẠàáảãạÈÉẺẼẸèéẻẽẹÌÍỈĨỊìíỉĩịÒÓỎÕỌòóỏõọÙÚỦŨỤùúủũụỲÝỶỸỴỳýỷỹỵ"
	for c := rune(0x1EA0); c <= 0x1EF9; c++ { // every Vietnamese letter with a tone mark
		vietnamese += string(c)
	}
	texts := map[string]string{
		"Vietnamese":  vietnamese,
		"Latin":       "José Ødegård Łukasz Şükrü Ærøskøbing ß ŒŸ",
		"Greek":       "Ελένη Παπαδοπούλου ΆΈΉΊΌΎΏάέήίόύώϊϋΐΰ",
		"Cyrillic":    "Дмитрий Иванович ЁёЇїЄєҐґЎўЉЊЏ",
		"punctuation": "–—‘’“”…•·€№",
	}
	for name, f := range map[string]face{"regular": regularFace(), "bold": boldFace()} {
		for script, text := range texts {
			for _, c := range text {
				if !f.coverage.has(c) {
					t.Errorf("%s face lacks %s %q (U+%04X)", name, script, c, c)
				}
			}
		}
		for _, c := range "حש王🙂" {
			if f.coverage.has(c) {
				t.Errorf("%s face claims %q (U+%04X), which the scripts' fonts draw", name, c, c)
			}
		}
	}
}

func TestReadCoverageRejectsGarbage(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("not a font"), dejaVuSans[:64]} {
		if _, err := readCoverage(b); err == nil {
			t.Errorf("readCoverage(%d bytes) succeeded", len(b))
		}
	}
}
