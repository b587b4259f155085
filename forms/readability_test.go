package forms

import (
	"math"
	"testing"
)

func TestFleschKincaidGrade(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		min, max float64
	}{
		{name: "empty", text: "", min: 0, max: 0},
		{name: "only spaces and punctuation", text: "  ... \n\n !? ", min: 0, max: 0},
		{name: "short simple sentence", text: "The cat sat on the mat.", min: -5, max: 1},
		{
			name: "long polysyllabic sentence",
			text: "Notwithstanding considerable methodological heterogeneity, contemporary pharmacological investigations " +
				"characterizing intravenous dissociative anesthetics demonstrate substantial, clinically meaningful " +
				"antidepressant responsiveness among treatment-resistant populations.",
			min: 20, max: 60,
		},
		{
			name: "plain prose",
			text: "You will get the drug in a quiet room. Staff will stay with you. " +
				"They will check your blood pressure before and after the dose.",
			min: 0, max: 6,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := FleschKincaidGrade(tt.text)
			if got < tt.min || got > tt.max {
				t.Errorf("FleschKincaidGrade(%q) = %.2f, want in [%v, %v]", tt.text, got, tt.min, tt.max)
			}
		})
	}
}

func TestFleschKincaidGradeFormula(t *testing.T) {
	// 6 words, 1 sentence, 6 syllables: 0.39*6 + 11.8*1 - 15.59 = -1.45.
	got := FleschKincaidGrade("The cat sat on the mat.")
	if math.Abs(got-(-1.45)) > 1e-9 {
		t.Errorf("FleschKincaidGrade = %v, want -1.45", got)
	}
}

func TestMeasureReadability(t *testing.T) {
	tests := []struct {
		name string
		text string
		want Readability
		// anyGrade skips the grade check where only the counts matter.
		anyGrade bool
	}{
		{name: "empty", text: "", want: Readability{}},
		{
			// 0.39*8/1 + 11.8*8/8 - 15.59 = -0.67.
			name: "one sentence",
			text: "The dog ran to the big red barn.",
			want: Readability{FleschKincaidGrade: -0.7, Words: 8, Sentences: 1},
		},
		{
			name:     "decimal point does not end a sentence",
			text:     "Take 0.5 mg now. Then rest!",
			want:     Readability{Words: 6, Sentences: 2},
			anyGrade: true,
		},
		{
			name:     "paragraph break ends a sentence",
			text:     "Rest well\n\nDrink water? Yes.",
			want:     Readability{Words: 5, Sentences: 3},
			anyGrade: true,
		},
		{
			name:     "text without a final stop is one sentence",
			text:     "no stop at the end",
			want:     Readability{Words: 5, Sentences: 1},
			anyGrade: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := MeasureReadability(tt.text)
			if got.Words != tt.want.Words || got.Sentences != tt.want.Sentences {
				t.Errorf("MeasureReadability(%q) = %+v, want %d words, %d sentences",
					tt.text, got, tt.want.Words, tt.want.Sentences)
			}
			if !tt.anyGrade && got.FleschKincaidGrade != tt.want.FleschKincaidGrade {
				t.Errorf("MeasureReadability(%q).FleschKincaidGrade = %v, want %v",
					tt.text, got.FleschKincaidGrade, tt.want.FleschKincaidGrade)
			}
			if r := math.Round(got.FleschKincaidGrade*10) / 10; r != got.FleschKincaidGrade {
				t.Errorf("FleschKincaidGrade %v is not rounded to one decimal", got.FleschKincaidGrade)
			}
		})
	}
}

func TestWordSyllables(t *testing.T) {
	tests := []struct {
		word string
		want int
	}{
		{"cat", 1},
		{"the", 1},
		{"take", 1},
		{"table", 2},
		{"agree", 2},
		{"ketamine", 3},
		{"water", 2},
		{"psychotherapy", 5},
		{"rhythm", 1},
		{"by", 1},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			if got := wordSyllables(tt.word); got != tt.want {
				t.Errorf("wordSyllables(%q) = %d, want %d", tt.word, got, tt.want)
			}
		})
	}
}
