package main

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

// usage is the text of --help. Keep it true to the commands below.
const usage = `consentry: consent and intake records for ketamine-assisted psychotherapy clinics.

Usage:
  consentry serve                               run the API (default 127.0.0.1:8080)
  consentry migrate                             bring the database schema up to date
  consentry keys create --role ROLE --name NAME create an API key; the key is printed once,
                                                alone on the last line
  consentry invite (--patient ID | --demo-patient) [--forms KIND,...] [--expires-in-hours N] [--kiosk]
                                                invite a patient to sign forms in the patient
                                                portal (/portal/); the link is printed once,
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
  consentry bench [--clients N] [--duration D] [--json]
                                                load-test a server on this machine (one it
                                                starts, or --url on loopback): throughput,
                                                p50/p95/p99, errors, the server's RSS and CPU
  consentry version                             print the version
  consentry help [COMMAND]                      print this help, or a command's

Every command takes -h or --help: its usage, exit 0.

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
  CONSENTRY_WEBHOOK_ALLOW_PRIVATE  "true" lets webhook endpoints be on loopback and private
                          addresses (default false; the service's own address is always refused)
  CONSENTRY_WEBHOOK_TIMEOUT  longest wait for one delivery attempt (default 10s)
  CONSENTRY_WEBHOOK_MAX_ATTEMPTS  attempts before a delivery is dead (default 20)
  CONSENTRY_WEBHOOK_MAX_AGE  a delivery is dead when its next attempt would be later than this
                          after its event (default 24h)
  CONSENTRY_WEBHOOK_BACKOFF_BASE, CONSENTRY_WEBHOOK_BACKOFF_MAX  retries wait a random time up to
                          base x 2^(failures-1), at most max (default 5s and 1h)
  CONSENTRY_WEBHOOK_CONCURRENCY  attempts under way at once to one endpoint, per process (default 4)
  CONSENTRY_WEBHOOK_POLL  how often the outbox is looked at (default 1s)
  CONSENTRY_MAX_PDF_BYTES largest PDF accepted by POST /v1/documents/verify (default 20971520)
  CONSENTRY_TRUST_PROXY   "true" to take client IPs from X-Forwarded-For (only behind a proxy that sets it)
  CONSENTRY_TLS_CERT, CONSENTRY_TLS_KEY
                          PEM certificate chain and key to serve HTTPS with HTTP/2 (default none:
                          plain HTTP, e.g. behind a TLS-terminating proxy); set both or neither
  CONSENTRY_CORS_ORIGINS  comma-separated exact origins (https://portal.example.org) whose pages may call
                          the API from a browser (default none)
  CONSENTRY_AUTH_FAILURES_PER_MINUTE  requests with a missing or wrong key one client address may
                          make a minute before it gets 429 (default 30; 0 = no limit)
  CONSENTRY_REQUESTS_PER_SECOND  requests one API key may make a second, bursts of twice as many,
                          before it gets 429 (default 1000; 0 = no limit); both are per process
  CONSENTRY_LOG_FORMAT    "json" (default) or "text"
  CONSENTRY_PORTAL_URL    where invitation links point, ending in / (default http://<CONSENTRY_ADDR>/portal/
                          for consentry invite; the server's own /portal/ for POST /v1/invitations)
  CONSENTRY_CRISIS_TEXT   what the patient portal shows at once when an answer raises an urgent flag
                          (default: the US 988 Suicide & Crisis Lifeline)
`

// commandUsage is each command's --help. Keep it true to the command.
var commandUsage = map[string]string{
	"serve": `usage: consentry serve

Run the API on CONSENTRY_ADDR (default 127.0.0.1:8080) until interrupted
(SIGINT or SIGTERM), then finish the requests under way. With
CONSENTRY_TLS_CERT and CONSENTRY_TLS_KEY it serves HTTPS (HTTP/2 to the
clients that offer it, else HTTP/1.1); without them, plain HTTP.

Before it creates anything it checks what can fail: that it can listen on
the address, that the data directory can be written (a read-only one is
named as such), the TLS certificate and key (readable, a matching pair,
valid now), the clinic settings and the signing key. If one fails it
exits 1 having made nothing. On first start it creates the data directory (CONSENTRY_DATA_DIR, default
./data, mode 0700), the database (SQLite in the data directory unless
CONSENTRY_DATABASE_URL says otherwise), a development signing certificate
unless the clinic's is configured, and the first admin key in
<data dir>/admin-key.txt (mode 0600): read it, then delete the file.
/readyz answers 200 once it serves.

The environment is listed by consentry --help.
`,
	"migrate": `usage: consentry migrate

Bring the database schema up to date (serve also does this at start) and
print the schema version. Replicas that migrate together take turns.
`,
	"keys": `usage: consentry keys create --role ROLE --name NAME

Subcommands:
  create   create an API key; consentry keys create --help says more
`,
	"keys create": `usage: consentry keys create --role ROLE --name NAME

Create an API key. The key is printed once, alone on the last line; only its
SHA-256 is stored.

  --role ROLE   portal, clinician, auditor or admin
  --name NAME   who or what the key is for, at most 100 characters; it is
                printed on every record signed through the key, so it must
                be text the records can show (Latin, Vietnamese, Greek,
                Cyrillic, Arabic, Hebrew, Devanagari, Thai, Chinese,
                Japanese, Korean), without control or invisible characters
`,
	"invite": `usage: consentry invite (--patient ID | --demo-patient) [--forms KIND,...] [--expires-in-hours N] [--kiosk]

Invite a patient to sign forms in the patient portal that consentry serve
serves at /portal/. The link is printed once, alone on the last line; only
its token's SHA-256 is stored. Open it in a browser (or send it to the
patient): the page shows each form, and the patient signs it and downloads
their sealed PDF. The link stops working once every form is signed, when it
expires, or when it is revoked (POST /v1/invitations/{id}/revocation).
Invitations made here are issued by the clinician key "consentry invite
(command line)", made on first use; its secret is never shown.

  --patient ID            the patient's id, or external id (e.g. MRN-10023)
  --demo-patient          create a made-up patient (Alex Demo) to invite
  --forms KIND,...        form kinds the patient signs, in order (default
                          kap-consent), e.g. kap-consent,medical-history,phq-9
  --expires-in-hours N    how long the link works, 1 to 720 (default 72)
  --kiosk                 also queue it for the clinic's tablets in kiosk mode
                          (paired with POST /v1/kiosks), which open it without
                          the link

Links start with CONSENTRY_PORTAL_URL (default http://<CONSENTRY_ADDR>/portal/).
`,
	"verify": `usage: consentry verify [--json]
       consentry verify --pdf FILE [--json]

Recompute the audit chain and every stored hash, offline, against the
database; exit 1 and name each problem if anything was altered. With --pdf,
check one PDF instead: is it one of our records, sealed by this clinic and
unaltered? Exit 1 if not.

  --json       print the result as JSON
  --pdf FILE   the PDF to check
`,
	"export": `usage: consentry export --patient ID [--out FILE]

Write a patient's auditor bundle: a ZIP of every record's PDF as stored, the
patient's audit events (audit-events.jsonl) and manifest.json.

  --patient ID   the patient's id
  --out FILE     the ZIP to write, which must not exist yet
                 (default consentry-export-<patient id>.zip)
`,
	"retimestamp": `usage: consentry retimestamp [--before DURATION] [--json]

Add a fresh DSS and document time-stamp (PAdES B-LTA) to every record whose
latest time-stamp's TSA certificate expires within DURATION, stored as the
record's next document revision; earlier bytes never change. Needs
CONSENTRY_TSA_URL. Exit 1 when a record was skipped because its latest
revision does not verify.

  --before DURATION  how soon an expiry is due (default 8760h, a year)
  --json             print the report as JSON
`,
	"bench": benchUsage,
	"version": `usage: consentry version

Print the version the binary was built from.
`,
}

// helpFor reports which command's usage args ask for with -h or --help,
// before any "--".
func helpFor(cmd string, args []string) (string, bool) {
	name := cmd
	if _, ok := commandUsage[name]; !ok {
		return "", false
	}
	if cmd == "keys" && len(args) > 0 && args[0] == "create" {
		name, args = "keys create", args[1:]
	}
	for _, a := range args {
		switch a {
		case "--":
			return "", false
		case "-h", "-help", "--help":
			return name, true
		}
	}
	return "", false
}

// run is the whole program, testable: it returns the exit code.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	if name, ok := helpFor(cmd, rest); ok {
		fmt.Fprint(stdout, commandUsage[name])
		return 0
	}
	switch cmd {
	case "help", "-h", "--help":
		if len(rest) > 0 && cmd == "help" {
			u, ok := commandUsage[strings.Join(rest, " ")]
			if !ok {
				fmt.Fprintf(stderr, "consentry help: unknown command %q\n\n%s", strings.Join(rest, " "), usage)
				return 2
			}
			fmt.Fprint(stdout, u)
			return 0
		}
		fmt.Fprint(stdout, usage)
		return 0
	case "version", "--version":
		fmt.Fprintln(stdout, "consentry", version())
		return 0
	case "bench":
		return benchCmd(ctx, getenv, rest, stdout, stderr)
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		fmt.Fprintln(stderr, "consentry:", err)
		return 2
	}
	switch cmd {
	case "serve":
		defer benchProfiling(getenv, stderr)()
		return serve(ctx, cfg, rest, stdout, stderr)
	case "migrate":
		return migrate(ctx, cfg, rest, stdout, stderr)
	case "keys":
		return keys(ctx, cfg, rest, stdout, stderr)
	case "invite":
		return inviteCmd(ctx, cfg, rest, stdout, stderr)
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
