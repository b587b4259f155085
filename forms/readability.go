package forms

import (
	"math"
	"strings"
	"unicode"
)

// Readability is a summary of how hard a text is to read. Mathai et al.
// (2022) found KAP consents hard to read, so each published consent version
// reports one (DOMAIN §2).
type Readability struct {
	// FleschKincaidGrade is the Flesch-Kincaid grade level, rounded to one
	// decimal place.
	FleschKincaidGrade float64 `json:"flesch_kincaid_grade"`
	// Words is the number of words counted.
	Words int `json:"words"`
	// Sentences is the number of sentences counted.
	Sentences int `json:"sentences"`
}

// MeasureReadability counts the words and sentences of text and returns them
// with its Flesch-Kincaid grade level rounded to one decimal place.
func MeasureReadability(text string) Readability {
	c := countText(text)
	return Readability{
		FleschKincaidGrade: math.Round(c.grade()*10) / 10,
		Words:              c.words,
		Sentences:          c.sentences,
	}
}

// FleschKincaidGrade returns the Flesch-Kincaid grade level of text:
// 0.39 × words/sentences + 11.8 × syllables/words − 15.59. Syllables are
// estimated by a heuristic, so the grade is an estimate too. Very simple
// text can score below zero; text with no words scores 0.
func FleschKincaidGrade(text string) float64 {
	return countText(text).grade()
}

// textCounts holds the counts the Flesch-Kincaid formula needs.
type textCounts struct {
	words, sentences, syllables int
}

func (c textCounts) grade() float64 {
	if c.words == 0 || c.sentences == 0 {
		return 0
	}
	w, s, y := float64(c.words), float64(c.sentences), float64(c.syllables)
	return 0.39*w/s + 11.8*y/w - 15.59
}

// countText splits text into sentences at '.', '!', '?' and paragraph
// breaks ("\n\n"), then counts words and syllables in each sentence.
func countText(text string) textCounts {
	var c textCounts
	for _, para := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		for _, sentence := range splitSentences(para) {
			words := 0
			for _, token := range strings.Fields(sentence) {
				if n := tokenSyllables(token); n > 0 {
					words++
					c.syllables += n
				}
			}
			if words > 0 {
				c.words += words
				c.sentences++
			}
		}
	}
	return c
}

// splitSentences splits a paragraph after each run of '.', '!' or '?'. A
// full stop between two digits, as in "0.5", does not end a sentence.
func splitSentences(para string) []string {
	r := []rune(para)
	var out []string
	start := 0
	for i := 0; i < len(r); i++ {
		if !isTerminator(r[i]) {
			continue
		}
		if r[i] == '.' && i > 0 && i+1 < len(r) && unicode.IsDigit(r[i-1]) && unicode.IsDigit(r[i+1]) {
			continue
		}
		for i+1 < len(r) && isTerminator(r[i+1]) {
			i++
		}
		out = append(out, string(r[start:i+1]))
		start = i + 1
	}
	return append(out, string(r[start:]))
}

func isTerminator(r rune) bool { return r == '.' || r == '!' || r == '?' }

// tokenSyllables returns the syllables in a whitespace-separated token, or 0
// if the token holds no letters or digits and so is not a word. Each run of
// letters (so each part of "mg/kg" or "long-term") counts at least one
// syllable; each digit counts one, a rough stand-in for spoken numbers.
func tokenSyllables(token string) int {
	n := 0
	var run []rune
	flush := func() {
		if len(run) > 0 {
			n += wordSyllables(string(run))
			run = run[:0]
		}
	}
	for _, r := range token {
		switch {
		case unicode.IsLetter(r):
			run = append(run, unicode.ToLower(r))
		case r == '\'' || r == '’':
			// Keep contractions such as "don't" in one run.
		case unicode.IsDigit(r):
			flush()
			n++
		default:
			flush()
		}
	}
	flush()
	return n
}

// wordSyllables estimates the syllables in a lower-case word: one per group
// of vowels (counting 'y'), less a silent trailing 'e' as in "take" but not
// "table", and at least one.
func wordSyllables(word string) int {
	r := []rune(word)
	n := 0
	prevVowel := false
	for _, c := range r {
		v := isVowel(c)
		if v && !prevVowel {
			n++
		}
		prevVowel = v
	}
	if l := len(r); n > 1 && l >= 3 && r[l-1] == 'e' && !isVowel(r[l-2]) &&
		!(r[l-2] == 'l' && !isVowel(r[l-3])) {
		n--
	}
	return max(n, 1)
}

func isVowel(r rune) bool {
	switch r {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}
