package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"time"
)

// retimestampCmd adds a fresh document time-stamp to every stored record
// whose latest time-stamp's TSA certificate expires within --before.
func retimestampCmd(ctx context.Context, cfg *config, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("retimestamp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	before := fs.Duration("before", 365*24*time.Hour, "renew time-stamps whose TSA certificate expires within this long")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 || *before < 0 {
		fmt.Fprintln(stderr, "usage: consentry retimestamp [--before DURATION] [--json]")
		return 2
	}
	if cfg.TSA.URL == "" {
		fmt.Fprintln(stderr, "consentry retimestamp: set CONSENTRY_TSA_URL: a document time-stamp needs a time-stamping authority")
		return 2
	}
	store, svc, err := openService(ctx, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "consentry retimestamp:", err)
		return 1
	}
	defer store.Close()
	rep, err := svc.Retimestamp(ctx, operator, *before)
	if rep != nil {
		if *asJSON {
			enc := json.NewEncoder(stdout)
			enc.SetIndent("", "  ")
			_ = enc.Encode(rep)
		} else {
			for _, r := range rep.Renewed {
				fmt.Fprintf(stdout, "RENEWED submission/%s revision %d sha256 %s (TSA certificate expires %s)\n",
					r.SubmissionID, r.Revision, r.SHA256, r.Expiring.Format(time.RFC3339))
			}
			for _, s := range rep.Skipped {
				fmt.Fprintf(stdout, "SKIPPED submission/%s: %s\n", s.SubmissionID, s.Reason)
			}
			fmt.Fprintf(stdout, "checked %d records: %d renewed, %d skipped, %d without a time-stamp\n",
				rep.Checked, len(rep.Renewed), len(rep.Skipped), rep.Untimestamped)
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "consentry retimestamp:", err)
		return 1
	}
	if len(rep.Skipped) > 0 {
		return 1
	}
	return 0
}
