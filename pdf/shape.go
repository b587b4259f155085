package pdf

import (
	"bytes"
	"slices"
	"sync"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
	"github.com/go-text/typesetting/bidi"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/harfbuzz"
	"github.com/go-text/typesetting/language"
)

// plainText reports whether fpdf draws s as it is, rune by rune in the
// DejaVu face of the style: every character is in DejaVu Sans's
// repertoire and none asks for bidirectional reordering. Such text takes
// the path it always took, and its PDF is what it always was; other text
// is shaped (shapeLine) and drawn by glyph.
func plainText(s string, bold bool) bool {
	cv := regularFace().coverage
	if bold {
		cv = boldFace().coverage
	}
	for _, c := range s {
		if c < 0x80 {
			continue
		}
		if !cv.has(c) || bidiControl(c) {
			return false
		}
	}
	return true
}

// bidiControl reports whether c is an explicit bidirectional formatting
// character or mark, which only the shaped path honours.
func bidiControl(c rune) bool {
	return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)
}

// shaper is a typeface made ready for shaping. A harfbuzz font is not
// safe for concurrent use, so each typeface keeps a pool of them over one
// parsed font.
type shaper struct {
	font *font.Font
	upem float64
	pool sync.Pool
}

type shaperState struct {
	font *harfbuzz.Font
	buf  *harfbuzz.Buffer
}

var shapers sync.Map // *typeface -> *shaper

// shaperOf returns the shaper of t, parsing its font the first time.
func shaperOf(t *typeface) *shaper {
	if s, ok := shapers.Load(t); ok {
		return s.(*shaper)
	}
	face, err := font.ParseTTF(bytes.NewReader(t.ttf()))
	if err != nil {
		panic("pdf: embedded font " + t.family + ": " + err.Error())
	}
	s := &shaper{font: face.Font, upem: float64(face.Upem())}
	s.pool.New = func() any {
		return &shaperState{font: harfbuzz.NewFont(font.NewFace(s.font)), buf: harfbuzz.NewBuffer()}
	}
	got, _ := shapers.LoadOrStore(t, s)
	return got.(*shaper)
}

// A run is part of a shaped line drawn in one typeface: its glyphs, placed
// from the run's left end, and the text it shows in logical order.
type run struct {
	face   *typeface
	glyphs []fpdf.Glyph
	x      float64 // the run's left end, from the line's, in user units
	width  float64
	text   string
	rtl    bool
}

// A shapedLine is one line of text shaped for drawing, its runs in visual
// order from left to right.
type shapedLine struct {
	runs  []run
	width float64
}

// shapeLine shapes one line of text (no newline) in the style, at the
// font size size in user units: it resolves the bidirectional levels,
// orders the runs for display, picks for each character the first
// typeface that has it, and shapes each run with HarfBuzz.
func shapeLine(text string, bold bool, size float64) shapedLine {
	runes := []rune(text)
	var line shapedLine
	if len(runes) == 0 {
		return line
	}
	var par bidi.Paragraph
	levelRuns := par.Segment(runes, bidi.Neutral)
	type piece struct {
		start, end int
		level      bidi.Level
	}
	var pieces []piece
	for i := range levelRuns.NumRuns() {
		r := levelRuns.Run(i)
		pieces = append(pieces, piece{r.Start, r.End, r.Level})
	}
	// Rule L2 of the bidirectional algorithm: from the highest level down
	// to the lowest odd one, reverse every sequence of runs at that level
	// or higher.
	highest, lowestOdd := bidi.Level(0), bidi.Level(127)
	for _, p := range pieces {
		highest = max(highest, p.level)
		if p.level%2 == 1 {
			lowestOdd = min(lowestOdd, p.level)
		}
	}
	for lvl := highest; lvl >= lowestOdd && lvl > 0; lvl-- {
		for i := 0; i < len(pieces); {
			if pieces[i].level < lvl {
				i++
				continue
			}
			j := i
			for j < len(pieces) && pieces[j].level >= lvl {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				pieces[a], pieces[b] = pieces[b], pieces[a]
			}
			i = j
		}
	}
	x := 0.0
	for _, p := range pieces {
		rtl := p.level%2 == 1
		segs := faceSegments(runes, p.start, p.end, bold)
		if rtl {
			for a, b := 0, len(segs)-1; a < b; a, b = a+1, b-1 {
				segs[a], segs[b] = segs[b], segs[a]
			}
		}
		for _, sg := range segs {
			r := shapeRun(runes, sg.start, sg.end, sg.face, rtl, size)
			r.x = x
			x += r.width
			line.runs = append(line.runs, r)
		}
	}
	line.width = x
	return line
}

// A segment is a stretch of characters drawn in one typeface.
type segment struct {
	start, end int
	face       *typeface
}

// faceSegments splits runes[start:end] into stretches drawn in one
// typeface. A character of no script of its own (a space, punctuation, a
// combining mark) stays in the typeface of the characters before it when
// that typeface has it.
func faceSegments(runes []rune, start, end int, bold bool) []segment {
	var segs []segment
	for i := start; i < end; i++ {
		c := runes[i]
		if n := len(segs); n > 0 && !strongScript(c) && segs[n-1].face.cover().has(c) {
			segs[n-1].end = i + 1
			continue
		}
		face := faceFor(c, bold)
		if n := len(segs); n > 0 && segs[n-1].face == face {
			segs[n-1].end = i + 1
			continue
		}
		segs = append(segs, segment{i, i + 1, face})
	}
	return segs
}

// strongScript reports whether c belongs to a script of its own.
func strongScript(c rune) bool {
	return !unicode.Is(unicode.Common, c) && !unicode.Is(unicode.Inherited, c)
}

// faceFor returns the first typeface of the style that has c, or DejaVu
// Sans (whose missing glyph is drawn) when none has it; Render has
// refused such text before it draws.
func faceFor(c rune, bold bool) *typeface {
	fs := faces(bold)
	for _, t := range fs {
		if t.cover().has(c) {
			return t
		}
	}
	return fs[0]
}

// shapeRun shapes runes[start:end] in face, right to left if rtl, with
// the rest of runes as context.
func shapeRun(runes []rune, start, end int, face *typeface, rtl bool, size float64) run {
	sh := shaperOf(face)
	st := sh.pool.Get().(*shaperState)
	defer sh.pool.Put(st)
	buf := st.buf
	buf.Clear()
	buf.ClusterLevel = harfbuzz.MonotoneGraphemes
	buf.AddRunes(runes, start, end-start)
	buf.Props.Direction = harfbuzz.LeftToRight
	if rtl {
		buf.Props.Direction = harfbuzz.RightToLeft
	}
	for _, c := range runes[start:end] {
		if s := language.LookupScript(c); s.Strong() {
			buf.Props.Script = s
			break
		}
	}
	buf.GuessSegmentProperties()
	buf.Shape(st.font, nil)

	scale := size / sh.upem
	r := run{face: face, text: string(runes[start:end]), rtl: rtl}
	// A cluster's characters run from its value to the next greater
	// cluster value of the run; its first glyph in logical order carries
	// them.
	infos, pos := buf.Info, buf.Pos
	x := 0.0
	for i, in := range infos {
		g := fpdf.Glyph{ID: int(in.Glyph), X: x + float64(pos[i].XOffset)*scale, Y: float64(pos[i].YOffset) * scale,
			Width: int(float64(pos[i].XAdvance)*1000/sh.upem + 0.5)}
		x += float64(pos[i].XAdvance) * scale
		r.glyphs = append(r.glyphs, g)
	}
	// The glyphs are drawn in visual order, as HarfBuzz gives them, and
	// each cluster's text goes to its first glyph in logical order: the
	// first left to right, the last right to left. Extractors read a
	// line's glyphs left to right and put right-to-left runs back in
	// logical order themselves.
	seen := make(map[int]bool, len(infos))
	order := make([]int, len(infos))
	for i := range order {
		order[i] = i
		if rtl {
			order[i] = len(infos) - 1 - i
		}
	}
	for _, i := range order {
		cl := infos[i].Cluster
		if seen[cl] {
			continue
		}
		seen[cl] = true
		next := end
		for _, in := range infos {
			if in.Cluster > cl && in.Cluster < next {
				next = in.Cluster
			}
		}
		text := runes[cl:next]
		if rtl && len(text) > 1 {
			// A right-to-left cluster of several characters (a letter and
			// its marks, a lam-alef ligature): extractors such as poppler
			// lay a glyph's characters out left to right over it, and then
			// read the line's right-to-left characters backwards, so they
			// are given in visual order.
			text = append([]rune(nil), text...)
			slices.Reverse(text)
		}
		r.glyphs[i].Text = string(text)
	}
	r.width = x
	return r
}
