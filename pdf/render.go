package pdf

import (
	"fmt"
	"io"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// timeLayout is how the record prints times, always in UTC.
const timeLayout = "2006-01-02 15:04:05 UTC"

// Render draws r as a PDF, writes it to w and returns the number of pages.
// The same Record always renders to the same bytes. Render returns an error
// wrapping ErrIncompleteRecord when r lacks what its form requires,
// ErrUnsupportedText when r holds characters the fonts cannot show, and an
// error for a drawn signature that is not a usable PNG; in each case nothing
// is written to w.
func Render(w io.Writer, r *Record) (pages int, err error) {
	if err := check(r); err != nil {
		return 0, err
	}
	// fpdf panics on some malformed input rather than returning an error;
	// a panic here must fail one render, not the process.
	defer func() {
		if v := recover(); v != nil {
			pages, err = 0, fmt.Errorf("pdf: render record %s: fpdf panicked: %v", r.ID, v)
		}
	}()
	f := newDocument(r)
	p := pen{f}
	f.AddPage()
	writeHeader(p, r)
	writePatient(p, r.Patient)
	fields := r.Fields
	if writeSections(p, r) {
		fields = instrumentFields(fields, false)
	}
	writeClauses(p, r)
	writeFields(p, r, fields)
	writeRecordsDisclosure(p, r)
	if err := writeSignatures(p, r); err != nil {
		return 0, fmt.Errorf("pdf: render record %s: %w", r.ID, err)
	}
	if err := writeCertificate(p, r); err != nil {
		return 0, fmt.Errorf("pdf: render record %s: %w", r.ID, err)
	}
	pages = f.PageNo()
	if err := f.Output(w); err != nil {
		return 0, fmt.Errorf("pdf: render record %s: %w", r.ID, err)
	}
	return pages, nil
}

// newDocument returns a Letter, portrait, millimetre document with the
// fonts, metadata and footer of r, and nothing that depends on the clock.
func newDocument(r *Record) *fpdf.Fpdf {
	f := fpdf.New("P", "mm", "Letter", "")
	f.SetCompression(true)
	f.SetCatalogSort(true)
	at := r.ReceivedAt.UTC()
	f.SetCreationDate(at)
	f.SetModificationDate(at)
	f.SetTitle(r.Form.Title, true)
	f.SetAuthor(r.ClinicName, true)
	f.SetCreator("Consentry", true)
	f.SetMargins(margin, margin, margin)
	f.SetAutoPageBreak(true, bottomMargin)
	f.AliasNbPages("{nb}")
	addFonts(f)
	footer := fmt.Sprintf("Record %s · %s %s · Page ", r.ID, r.Form.Kind, r.Form.Version)
	f.SetFooterFunc(func() {
		f.SetY(-14)
		f.SetFont(fontFamily, "", smallSize)
		f.SetTextColor(90, 90, 90)
		// Left-aligned: "{nb}" is measured before it is replaced, so
		// centred or right-aligned text would drift.
		f.CellFormat(0, 4, fmt.Sprintf("%s%d of {nb}", footer, f.PageNo()), "", 0, "L", false, 0, "")
	})
	return f
}

// formatTime prints t in UTC the way every time on a record is printed.
func formatTime(t time.Time) string {
	return t.UTC().Format(timeLayout)
}
