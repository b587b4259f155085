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
		{"محمد", false},
		{"שרה", false},
		{"王小明", false},
		{"Ana 🙂", false},
	}
	for _, tt := range tests {
		if got := pdf.Supported(tt.text); got != tt.want {
			t.Errorf("Supported(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
