package main

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
)

// usage is the text of --help. Keep it true to the commands below.
const usage = `consentry: consent and intake records for ketamine-assisted psychotherapy clinics.

Usage:
  consentry serve                               run the API (default 127.0.0.1:8080)
  consentry migrate                             bring the database schema up to date
  consentry keys create --role ROLE --name NAME create an API key; the key is printed once,
                                                alone on the last line
  consentry verify [--json]                     recompute the audit chain and every stored hash;
                                                exit 1 if anything was altered
  consentry verify --pdf FILE [--json]          is this PDF one of our records, sealed by this
                                                clinic and unaltered? exit 1 if not
  consentry export --patient ID [--out FILE]    write a patient's auditor bundle (ZIP)
  consentry retimestamp [--before DURATION] [--json]
                                                add a fresh DSS and document time-stamp (PAdES
                                                B-LTA) to every record whose latest time-stamp's
                                                TSA certificate expires within DURATION (default
                                                8760h, a year), stored as a new document revision;
                                                earlier bytes never change; needs CONSENTRY_TSA_URL
  consentry version                             print the version
  consentry help                                print this help

Roles: portal, clinician, auditor, admin.

Environment (read by every command):
  CONSENTRY_ADDR          listen address (default 127.0.0.1:8080)
  CONSENTRY_DATA_DIR      data directory, created on first start (default ./data)
  CONSENTRY_DATABASE_URL  database: sqlite:PATH (default sqlite:<data dir>/consentry.db) or
                          postgres://USER:PASSWORD@HOST:PORT/DB?sslmode=… for several replicas
  CONSENTRY_DB_MAX_CONNS  connections per process (default: PostgreSQL 10, SQLite 32)
  CONSENTRY_DB_MAX_IDLE_CONNS  idle connections kept (default: as many as CONSENTRY_DB_MAX_CONNS)
  CONSENTRY_DB_CONN_MAX_LIFETIME  recycle connections after this long (PostgreSQL default 30m)
  CONSENTRY_DB_STATEMENT_TIMEOUT  longest a statement may run or wait for a lock (default 10s);
                          a request that runs out gets 503 with Retry-After
  CONSENTRY_CLINIC_NAME   clinic name printed on every record (default "Consentry development clinic")
  CONSENTRY_SETTINGS      clinic settings file (JSON): screening thresholds; unknown keys are an error
  CONSENTRY_RECONSENT_DAYS  days a signed consent stays in force before it expires (default 365; 0 = never)
  CONSENTRY_MAX_BODY_BYTES  largest JSON request body accepted (default 1048576)
  CONSENTRY_SIGNING_CERT, CONSENTRY_SIGNING_KEY
                          PEM certificate (chain) and private key that sign every record;
                          without them a development certificate is made in the data dir
  CONSENTRY_SIGNING_P12, CONSENTRY_SIGNING_P12_PASSWORD
                          the same as one PKCS#12 file
  CONSENTRY_TSA_URL       RFC 3161 time-stamping authority: every seal is time-stamped (PAdES B-T);
                          without it records are sealed at B-B; while it does not answer,
                          submissions get 503 and nothing is stored
  CONSENTRY_TSA_USERNAME, CONSENTRY_TSA_PASSWORD  HTTP basic authentication for the TSA
  CONSENTRY_TSA_POLICY    TSA policy OID to ask for (dotted, e.g. 1.3.6.1.4.1.4146.2.3)
  CONSENTRY_TSA_ROOTS     PEM file of the TSA's trust anchors (default: any TSA certificate)
  CONSENTRY_TSA_TIMEOUT   longest wait for a time-stamp (default 10s)
  CONSENTRY_PADES_LEVEL   PAdES level records are sealed at: B-B, B-T, B-LT (adds a DSS with the
                          certificate chains and their OCSP responses or CRLs, fetched at sealing)
                          or B-LTA (adds a document time-stamp); default B-LTA with a TSA, else B-B;
                          B-T and above need CONSENTRY_TSA_URL
  CONSENTRY_OCSP_TIMEOUT, CONSENTRY_CRL_TIMEOUT  longest wait for each OCSP response or CRL
                          fetched for a B-LT or B-LTA seal (default 10s); while one does not come,
                          submissions get 503 and nothing is stored
  CONSENTRY_CHECKPOINT_LOG  the checkpoint log: one signed JSON line per checkpoint of the audit
                          chain's head, appended and fsynced (default <data dir>/checkpoints.jsonl;
                          put it on another disk or a write-once store); verify checks the chain
                          against it
  CONSENTRY_CHECKPOINT_WITNESS  an http(s) URL each checkpoint is also POSTed to (default none)
  CONSENTRY_CHECKPOINT_EVERY  checkpoint after this many new events (default 1000)
  CONSENTRY_CHECKPOINT_INTERVAL  or after this long, if the chain grew (default 60s); serve also
                          checkpoints when it stops
  CONSENTRY_MAX_PDF_BYTES largest PDF accepted by POST /v1/documents/verify (default 20971520)
  CONSENTRY_TRUST_PROXY   "true" to take client IPs from X-Forwarded-For (only behind a proxy that sets it)
  CONSENTRY_AUTH_FAILURES_PER_MINUTE  requests with a missing or wrong key one client address may
                          make a minute before it gets 429 (default 30; 0 = no limit)
  CONSENTRY_REQUESTS_PER_SECOND  requests one API key may make a second, bursts of twice as many,
                          before it gets 429 (default 1000; 0 = no limit); both are per process
  CONSENTRY_LOG_FORMAT    "json" (default) or "text"
`

// run is the whole program, testable: it returns the exit code.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	case "version", "--version":
		fmt.Fprintln(stdout, "consentry", version())
		return 0
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		fmt.Fprintln(stderr, "consentry:", err)
		return 2
	}
	switch cmd {
	case "serve":
		return serve(ctx, cfg, rest, stdout, stderr)
	case "migrate":
		return migrate(ctx, cfg, rest, stdout, stderr)
	case "keys":
		return keys(ctx, cfg, rest, stdout, stderr)
	case "verify":
		return verifyCmd(ctx, cfg, rest, stdout, stderr)
	case "export":
		return exportCmd(ctx, cfg, rest, stdout, stderr)
	case "retimestamp":
		return retimestampCmd(ctx, cfg, rest, stdout, stderr)
	default:
		fmt.Fprintf(stderr, "consentry: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
}

// version is the module version the binary was built from.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
