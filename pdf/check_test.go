package pdf_test

import (
	"testing"

	"github.com/consentry/consentry/pdf"
	"github.com/consentry/consentry/pdf/internal/pdftest"
)

func TestSupported(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{pdftest.NameVietnamese + " " + pdftest.NameNorwegian + " " + pdftest.NameRussian + " " + pdftest.NameGreek + " " + pdftest.NameSpanish, true},
		{"line one\nline two\tTabbed", true},
		{"", true},
		{"王芳 김민준 محمد שרה ग्रीष्मा สมชาย", true},
		{"Ana 🙂", false},
		{"\uE000", false},     // private use
		{"\u0378", false},     // unassigned
		{"\U00020000", false}, // CJK Extension B, outside the fonts' plane
		{"\u0D05", false},     // Malayalam, which no font has
	}
	for _, tt := range tests {
		if got := pdf.Supported(tt.text); got != tt.want {
			t.Errorf("Supported(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
