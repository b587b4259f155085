//go:build !naivefpdf

package fpdf

// naive is true in a build with the naivefpdf tag (naive_on.go).
const naive = false
