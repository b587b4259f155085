package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/pdf"
)

func migrate(ctx context.Context, cfg *config, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintf(stderr, "consentry migrate: unexpected argument %q\n", args[0])
		return 2
	}
	store, err := dialStore(cfg)
	if err != nil {
		fmt.Fprintln(stderr, "consentry migrate:", err)
		return 1
	}
	defer store.Close()
	applied, err := store.Migrate(ctx)
	if err != nil {
		fmt.Fprintln(stderr, "consentry migrate:", err)
		return 1
	}
	v, _ := store.SchemaVersion(ctx)
	fmt.Fprintf(stdout, "applied %d migration(s); schema version %d\n", len(applied), v)
	return 0
}

func keys(ctx context.Context, cfg *config, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprint(stderr, commandUsage["keys"])
		return 2
	}
	fs := flag.NewFlagSet("keys create", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, commandUsage["keys create"]) }
	role := fs.String("role", "", "the key's role: portal, clinician, auditor or admin")
	name := fs.String("name", "", "a name for the key, e.g. the portal or person it is for")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if !models.ValidRole(*role) || *name == "" || len(*name) > 100 || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: consentry keys create --role portal|clinician|auditor|admin --name NAME (at most 100 characters)")
		return 2
	}
	// The key's name is printed on every record signed through it, so it
	// must be text the records' fonts can show, without control or
	// invisible format characters.
	if !pdf.Supported(*name) || strings.ContainsFunc(*name, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }) {
		fmt.Fprintln(stderr, "consentry keys: the name is printed on every record signed with the key; "+
			"use letters the records can show (Latin, Greek, Cyrillic, Arabic, Hebrew, Devanagari, Thai, Chinese, Japanese, Korean) and no control or invisible characters")
		return 2
	}
	store, err := openStore(ctx, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "consentry keys:", err)
		return 1
	}
	defer store.Close()
	secret, key, err := store.CreateKey(ctx, *name, *role)
	if err != nil {
		fmt.Fprintln(stderr, "consentry keys:", err)
		return 1
	}
	fmt.Fprintf(stdout, "created %s key %q (id %s); it is shown once, below:\n%s\n", key.Role, key.Name, key.ID, secret)
	return 0
}
