package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/records"
)

// verifyCmd recomputes the audit chain and every stored hash, and checks
// the chain against the checkpoint log; it records no audit event.
func verifyCmd(ctx context.Context, cfg *config, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, commandUsage["verify"]) }
	asJSON := fs.Bool("json", false, "print the result as JSON")
	pdfFile := fs.String("pdf", "", "check this PDF instead: is it one of our records, sealed and unaltered?")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "consentry verify: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return 2
	}
	store, err := openStore(ctx, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "consentry verify:", err)
		return 1
	}
	defer store.Close()
	if *pdfFile != "" {
		return verifyPDF(ctx, cfg, store, *pdfFile, *asJSON, stdout, stderr)
	}
	sealer, err := loadSealer(cfg, quietLog)
	if err != nil {
		fmt.Fprintln(stderr, "consentry verify: load the signing certificate:", err)
		return 1
	}
	start := time.Now()
	bar := newProgress(stderr)
	anchor := records.Anchor{Log: cfg.CheckpointLog, Cert: sealer.Cert}
	v, err := records.Verify(ctx, store, anchor, func(done int64) {
		bar.update(func() string {
			return fmt.Sprintf("checked %d rows (%.0f/s)", done, float64(done)/max(time.Since(start).Seconds(), 1e-3))
		})
	})
	bar.done()
	if err != nil {
		fmt.Fprintln(stderr, "consentry verify:", err)
		return 1
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(v)
	} else {
		fmt.Fprintf(stdout, "%d events, %d records, %d documents checked, against %d checkpoints (%s), in %s\n",
			v.EventsChecked, v.SubmissionsChecked, v.DocumentsChecked, v.CheckpointsChecked, cfg.CheckpointLog,
			time.Since(start).Round(time.Millisecond))
		for _, p := range v.Problems {
			fmt.Fprintf(stdout, "PROBLEM %s %s: %s\n", p.Kind, p.Subject, p.Detail)
		}
		if v.OK {
			fmt.Fprintln(stdout, "OK: the audit chain and every stored record are intact, and the chain reaches every checkpoint")
		}
	}
	if !v.OK {
		return 1
	}
	return 0
}

// exportCmd writes a patient's auditor bundle to a file.
func exportCmd(ctx context.Context, cfg *config, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, commandUsage["export"]) }
	patient := fs.String("patient", "", "the patient's id")
	out := fs.String("out", "", "the ZIP file to write (default consentry-export-<patient>.zip)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 || *patient == "" {
		fs.Usage()
		return 2
	}
	if *out == "" {
		*out = "consentry-export-" + *patient + ".zip"
	}
	store, svc, err := openService(ctx, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "consentry export:", err)
		return 1
	}
	defer store.Close()
	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		fmt.Fprintln(stderr, "consentry export:", err)
		return 1
	}
	x, err := svc.Export(ctx, operator, *patient)
	if err != nil {
		f.Close()
		os.Remove(*out)
		var re *records.Error
		if errors.As(err, &re) && re.Code == records.NotFound {
			fmt.Fprintln(stderr, "consentry export: no such patient")
		} else {
			fmt.Fprintln(stderr, "consentry export:", err)
		}
		return 1
	}
	bar := newProgress(stderr)
	x.Progress = func(done, total int) {
		bar.update(func() string {
			if !bar.tty {
				return fmt.Sprintf("exported %d/%d records", done, total)
			}
			const width = 30
			fill := width * done / max(total, 1)
			return fmt.Sprintf("[%-*s] %d/%d records", width, strings.Repeat("#", fill), done, total)
		})
	}
	err = x.Write(ctx, f)
	bar.done()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(*out)
		fmt.Fprintln(stderr, "consentry export:", err)
		return 1
	}
	fmt.Fprintln(stdout, "wrote", *out)
	return 0
}

// verifyPDF checks one PDF against the clinic's certificate and the store,
// offline.
func verifyPDF(ctx context.Context, cfg *config, store *models.Store, path string, asJSON bool, stdout, stderr io.Writer) int {
	doc, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(stderr, "consentry verify:", err)
		return 1
	}
	svc, err := newService(ctx, cfg, store, quietLog)
	if err != nil {
		fmt.Fprintln(stderr, "consentry verify:", err)
		return 1
	}
	v, err := svc.VerifyDocument(ctx, operator, doc)
	if err != nil {
		fmt.Fprintln(stderr, "consentry verify:", err)
		return 1
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(v)
	} else {
		if v.RecordID != "" {
			fmt.Fprintln(stdout, "record:", v.RecordID)
		}
		if v.Signer != nil {
			fmt.Fprintf(stdout, "signed by: %s (clinic certificate: %t)\n", v.Signer.Subject, v.Signer.ClinicCertificate)
		}
		if v.Level != "" {
			fmt.Fprintln(stdout, "level: PAdES", v.Level)
		}
		if v.Timestamp != nil {
			fmt.Fprintf(stdout, "time-stamped: %s by %s\n", v.Timestamp.Time.Format(time.RFC3339), v.Timestamp.TSASubject)
		}
		if v.Indication != "" {
			fmt.Fprintln(stdout, "indication:", strings.TrimSuffix(v.Indication+" / "+v.SubIndication, " / "))
		}
		for _, p := range v.Problems {
			fmt.Fprintln(stdout, "PROBLEM:", p)
		}
		if v.Valid {
			fmt.Fprintln(stdout, "VALID: a stored record, sealed by this clinic, unaltered")
		} else {
			fmt.Fprintln(stdout, "NOT VALID")
		}
	}
	if !v.Valid {
		return 1
	}
	return 0
}
