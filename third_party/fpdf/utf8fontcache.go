// Copyright ©2026 The Consentry Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import "sync"

// This file is not part of upstream fpdf; see PATCHES.md.
//
// AddUTF8FontFromBytes parses the whole font, and JSON-encodes its 65,536
// character widths to make the font's ID, for every document; at output,
// GenerateCutFont parses the font again before it subsets it. None of that
// depends on the document, so it is done once per font bytes and font key
// and kept for the life of the process. Each document gets a shallow copy
// of the parsed font with its own reader: everything a copy changes while
// subsetting, it first replaces with a new map or slice, so the cached
// maps and slices are only ever read.

// utf8FontKey names one font's bytes, by their address and length, under
// one font key. The bytes must not change once they have been passed to
// AddUTF8FontFromBytes.
type utf8FontKey struct {
	data    *byte
	size    int
	fontkey string
}

// parsedUTF8Font is what is cached for a utf8FontKey: the font as parseFile
// left it, its ID, and the font as the document-independent start of
// GenerateCutFont leaves it.
type parsedUTF8Font struct {
	file *utf8FontFile
	id   string
	cut  *utf8FontFile
}

// utf8FontCache maps a utf8FontKey to its *parsedUTF8Font.
var utf8FontCache sync.Map

// parseUTF8FontCached returns a parsed copy of the font in b, with its own
// reader, and its ID under fontkey. The ID is computed by id the first time
// the font is seen.
func parseUTF8FontCached(b []byte, fontkey string, id func(*utf8FontFile) string) (*utf8FontFile, string, error) {
	if len(b) == 0 {
		utf := newUTF8Font(&fileReader{array: b})
		return utf, "", utf.parseFile()
	}
	if naive {
		utf := newUTF8Font(&fileReader{array: b})
		if err := utf.parseFile(); err != nil {
			return nil, "", err
		}
		return utf, id(utf), nil
	}
	key := utf8FontKey{data: &b[0], size: len(b), fontkey: fontkey}
	if v, ok := utf8FontCache.Load(key); ok {
		p := v.(*parsedUTF8Font)
		return p.copyFor(b), p.id, nil
	}
	file := newUTF8Font(&fileReader{array: b})
	if err := file.parseFile(); err != nil {
		return nil, "", err
	}
	cut := newUTF8Font(&fileReader{array: b})
	if !cut.startCut() {
		cut = nil
	}
	p := &parsedUTF8Font{file: file, id: id(file), cut: cut}
	v, _ := utf8FontCache.LoadOrStore(key, p)
	return v.(*parsedUTF8Font).copyFor(b), p.id, nil
}

// copyFor returns a shallow copy of the parsed font reading b, carrying
// the prepared start of GenerateCutFont.
func (p *parsedUTF8Font) copyFor(b []byte) *utf8FontFile {
	utf := *p.file
	utf.fileReader = &fileReader{array: b}
	utf.preparedCut = p.cut
	return &utf
}

// utf8FontDef returns the definition AddUTF8FontFromBytes makes for a
// parsed font, without its used runes and ID.
func utf8FontDef(fontkey string, utf8File *utf8FontFile) fontDefType {
	return fontDefType{
		Tp:   "UTF8",
		Name: fontkey,
		Desc: FontDescType{
			Ascent:       int(utf8File.Ascent),
			Descent:      int(utf8File.Descent),
			CapHeight:    utf8File.CapHeight,
			Flags:        utf8File.Flags,
			FontBBox:     utf8File.Bbox,
			ItalicAngle:  utf8File.ItalicAngle,
			StemV:        utf8File.StemV,
			MissingWidth: round(utf8File.DefaultWidth),
		},
		Up:       int(round(utf8File.UnderlinePosition)),
		Ut:       round(utf8File.UnderlineThickness),
		Cw:       utf8File.CharWidths,
		utf8File: utf8File,
	}
}
