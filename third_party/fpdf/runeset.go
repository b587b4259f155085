// Copyright ©2026 The Consentry Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

// This file is not part of upstream fpdf; see PATCHES.md.
//
// Every rune a UTF-8 font draws is recorded in the font's usedRunes map,
// one map assignment per rune drawn: about a tenth of rendering a page of
// text. runeSet remembers which runes of the Basic Multilingual Plane have
// been recorded, so that each is assigned once per document.

// runeSet is a bit per rune of the Basic Multilingual Plane (8 KB).
type runeSet [0x10000 / 64]uint64

// useRune records r in the font's used runes, as upstream does for every
// rune drawn (usedRunes[r] = r), once per rune.
func (font *fontDefType) useRune(r rune) {
	s := font.runesSeen
	if s == nil || naive || r < 0 || r >= 0x10000 {
		font.usedRunes[int(r)] = int(r)
		return
	}
	if s[r>>6]&(1<<(r&63)) != 0 {
		return
	}
	s[r>>6] |= 1 << (r & 63)
	font.usedRunes[int(r)] = int(r)
}
