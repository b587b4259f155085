// Copyright ©2026 The Consentry Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"container/list"
	"encoding/binary"
	"slices"
	"sync"
)

// This file is not part of upstream fpdf; see PATCHES.md.
//
// At output, every UTF-8 font is cut to the characters the document used,
// and the cut font and its 128 KB CIDToGIDMap are compressed: for a
// consent of a few pages that is about a third of the time a document
// takes. What is written depends only on the font and the used runes
// (when the document draws no glyph run with the font), so it is kept,
// for a bounded number of rune sets, and reused by any later document of
// any goroutine that uses the same font and the same runes. A caller that
// wants most documents to share one entry can widen the used runes to a
// common set first (UseRunes).

// subsetKey names one cut: the font (its prepared cut, which is cached per
// font bytes and key) and the used runes, as sorted (rune, value) pairs.
type subsetKey struct {
	font  *utf8FontFile
	runes string
}

// subsetOutput is what putfonts writes for a cut font, less its name.
type subsetOutput struct {
	widths       string // the /W entry of the CIDFont
	cidToGID     []byte // the compressed CIDToGIDMap stream
	fontStream   []byte // the compressed font program
	fontFileSize int    // its /Length1
}

// subsetCacheSize bounds the cached cuts; each holds a compressed font
// subset of some tens of KB.
const subsetCacheSize = 64

// subsetCache is a small LRU of cut fonts.
var subsetCache = struct {
	sync.Mutex
	order *list.List // of *subsetEntry, most recent first
	byKey map[subsetKey]*list.Element
}{order: list.New(), byKey: map[subsetKey]*list.Element{}}

type subsetEntry struct {
	key subsetKey
	out *subsetOutput
}

// subsetKeyOf returns the cache key of a cut of utf with usedRunes, and
// false when the cut is not cacheable (a font not from the parse cache).
func subsetKeyOf(utf *utf8FontFile, usedRunes map[int]int) (subsetKey, bool) {
	if utf == nil || utf.preparedCut == nil {
		return subsetKey{}, false
	}
	keys := make([]int, 0, len(usedRunes))
	for k := range usedRunes {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b := make([]byte, 0, len(keys)*6)
	for _, k := range keys {
		b = binary.AppendUvarint(b, uint64(k))
		b = binary.AppendUvarint(b, uint64(usedRunes[k]))
	}
	return subsetKey{font: utf.preparedCut, runes: string(b)}, true
}

// cachedSubset returns the cached output for k, if any.
func cachedSubset(k subsetKey) *subsetOutput {
	c := &subsetCache
	c.Lock()
	defer c.Unlock()
	e, ok := c.byKey[k]
	if !ok {
		return nil
	}
	c.order.MoveToFront(e)
	return e.Value.(*subsetEntry).out
}

// storeSubset keeps out under k, dropping the least recently used cut
// beyond subsetCacheSize.
func storeSubset(k subsetKey, out *subsetOutput) {
	c := &subsetCache
	c.Lock()
	defer c.Unlock()
	if _, ok := c.byKey[k]; ok {
		return
	}
	c.byKey[k] = c.order.PushFront(&subsetEntry{key: k, out: out})
	for c.order.Len() > subsetCacheSize {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.byKey, last.Value.(*subsetEntry).key)
	}
}

// UseRunes marks every rune of s as used by the UTF-8 font of the family
// and style, as if it had been drawn, so that it is kept in the font's
// subset. Documents that mark the same common set share one cached cut
// (subsetcache.go) when all they draw is within it. Runes the font has no
// glyph for are left out of the cut as usual. It does nothing for a font
// that is not a UTF-8 font of this document.
func (f *Fpdf) UseRunes(familyStr, styleStr, s string) {
	if naive {
		return
	}
	key := getFontKey(familyStr, styleStr)
	font, ok := f.fonts[key]
	if !ok || font.Tp != "UTF8" || font.usedRunes == nil {
		return
	}
	for _, r := range s {
		font.usedRunes[int(r)] = int(r)
	}
}

// cutFont returns what putfonts writes for the UTF-8 font named key with
// usedRunes: from the cache when the font is drawn without glyph runs and
// the same cut was made before, else made now. The key it returns, when
// not nil, is where the caller keeps the new cut once written.
func (f *Fpdf) cutFont(key string, font *fontDefType, usedRunes map[int]int) (*subsetOutput, *subsetKey) {
	glyphs := f.glyphRunGIDs(key)
	var ck *subsetKey
	// An encrypted document's streams are enciphered in place, so its
	// cuts are neither shared nor kept.
	if len(glyphs) == 0 && !f.protect.encrypted {
		if k, ok := subsetKeyOf(font.utf8File, usedRunes); ok {
			if out := cachedSubset(k); out != nil {
				return out, nil
			}
			ck = &k
		}
	}
	stream := font.utf8File.generateCutFont(usedRunes, glyphs)
	codes := font.utf8File.CodeSymbolDictionary
	delete(codes, 0)
	out := &subsetOutput{
		widths:       f.generateCIDFontMap(font, font.utf8File.LastRune),
		fontFileSize: len(stream),
	}
	cidToGidMap := make([]byte, 256*256*2)
	for cc, glyph := range codes {
		cidToGidMap[cc*2] = byte(glyph >> 8)
		cidToGidMap[cc*2+1] = byte(glyph & 0xFF)
	}
	mem := xmem.compress(cidToGidMap)
	out.cidToGID = mem.copy()
	mem.release()
	mem = xmem.compress(stream)
	out.fontStream = mem.copy()
	mem.release()
	return out, ck
}
