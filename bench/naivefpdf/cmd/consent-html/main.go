// Command consent-html writes the benchmark's consent as HTML to standard
// output, for scripts/bench-chromium to print with a headless Chromium.
package main

import (
	"fmt"
	"os"

	"github.com/consentry/consentry/bench/naivefpdf"
)

func main() {
	drawn, err := naivefpdf.SignaturePNG(600, 200)
	if err == nil {
		err = naivefpdf.WriteConsentHTML(os.Stdout, drawn)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "consent-html:", err)
		os.Exit(1)
	}
}
