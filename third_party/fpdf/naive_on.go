//go:build naivefpdf

// Copyright ©2026 The Consentry Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

// This file is not part of upstream fpdf; see PATCHES.md.
//
// Built with the naivefpdf tag, every speed patch is off and fpdf does
// what upstream v0.12.0 does: each document parses its fonts (and makes
// their IDs), cuts and compresses them, assigns every drawn rune to the
// used-rune map, makes a new standard-library zlib writer for every
// stream, and searches the width map's keys the quadratic way; UseRunes
// marks nothing. The APIs Consentry added (glyph runs, UseRunes) stay, so
// that Consentry's own renderer builds unchanged: bench/naivefpdf measures
// it against this build side by side.
const naive = true
