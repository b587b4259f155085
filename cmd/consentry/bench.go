package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/consentry/consentry/forms"
)

// consentry bench: the load tool of DESIGN.md's budgets. It starts a
// server of this very binary (or targets a running one on loopback),
// seeds patients and records, drives concurrent clients through a mix of
// the API's hot paths, and reports per operation throughput, latency
// percentiles and errors, with the server's memory and CPU.

const benchUsage = `usage: consentry bench [flags]

Load-test a Consentry server on this machine and report, per operation,
throughput, p50/p95/p99 latency and errors by status, with the server's
RSS and CPU-ms per request. Requests go to loopback only; the run stops by
itself after --warmup plus --duration (or --requests).

By default it starts "consentry serve" from this binary on 127.0.0.1 with
its own temporary data directory (SQLite, or --database-url), rate limits
off, creates a portal and a clinician key through the store, seeds
patients, measures, stops the server and removes the directory.
With --url it targets a running server instead (loopback only), with
--portal-key and --clinician-key; --pid names its process to read RSS and
CPU from.

  --url URL              target a running server (http://127.0.0.1:PORT)
  --portal-key KEY       with --url: a portal key
  --clinician-key KEY    with --url: a clinician key
  --pid PID              with --url: the server's process id, for RSS and CPU
  --database-url URL     the started server's database (default SQLite in the
                         temporary data directory), e.g. postgres://…
  --clients N            concurrent clients (default 32)
  --duration D           how long to measure (default 30s, at most 10m)
  --warmup D             load before measuring, not counted (default 2s)
  --requests N           stop after N measured requests (default 0: no limit)
  --mix LIST             operations and weights (default
                         submit=1,download=4,history=2,status=2,screening=1):
                           submit     POST /v1/submissions, the consent with a
                                      drawn signature (--signature)
                           download   GET /v1/submissions/{id}/pdf
                           history    GET /v1/patients/{id}/submissions
                           status     GET /v1/patients/{id}/consents
                           screening  GET /v1/patients/{id}/screening
  --signature WxH        the drawn signature's size (default 600x200; 0x0: none)
  --seed-patients N      patients seeded through the API, each with a history, a
                         plan, a consent, a PHQ-9, a GAD-7, a checklist and a
                         follow-up, all rendered and sealed (default 20)
  --seed-records N       also bulk-seed about N records (7 a patient) through the
                         store, in batches, before the server starts: copies of a
                         real patient's records with a valid audit chain, whose
                         PDFs are small stand-ins (never downloaded); for the
                         1,000,000-record case (started server only)
  --seed-batch N         records per bulk transaction (default 5000)
  --cpuprofile FILE      write the started server's CPU profile of the measured
                         period to FILE (go tool pprof -top BINARY FILE)
  --json                 print the report as JSON
  --keep                 keep the started server's data directory (printed)

The load tool itself runs on the same machine; its own CPU is reported
(client_cpu_s) so that it can be told apart from the server's.
`

// benchOps are the operations, in report order.
var benchOps = []string{"submit", "download", "history", "status", "screening"}

const defaultMix = "submit=1,download=4,history=2,status=2,screening=1"

type benchFlags struct {
	url, portalKey, clinicianKey, databaseURL, cpuprofile string
	pid, clients, requests, seedPatients, seedRecords     int
	seedBatch, sigW, sigH                                 int
	duration, warmup                                      time.Duration
	mix                                                   []opWeight
	json, keep                                            bool
}

type opWeight struct {
	op     string
	weight int
}

func parseMix(s string) ([]opWeight, error) {
	var out []opWeight
	seen := map[string]bool{}
	for _, part := range strings.Split(s, ",") {
		name, w, ok := strings.Cut(strings.TrimSpace(part), "=")
		n, err := strconv.Atoi(w)
		if !ok || err != nil || n < 0 || n > 1000 {
			return nil, fmt.Errorf("--mix: %q is not OP=WEIGHT (a weight from 0 to 1000)", part)
		}
		if !slices.Contains(benchOps, name) {
			return nil, fmt.Errorf("--mix: unknown operation %q (want %s)", name, strings.Join(benchOps, ", "))
		}
		if seen[name] {
			return nil, fmt.Errorf("--mix: %s given twice", name)
		}
		seen[name] = true
		if n > 0 {
			out = append(out, opWeight{name, n})
		}
	}
	if len(out) == 0 {
		return nil, errors.New("--mix: no operation has a weight above 0")
	}
	return out, nil
}

func parseBenchFlags(args []string, stderr io.Writer) (*benchFlags, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, benchUsage) }
	f := &benchFlags{}
	fs.StringVar(&f.url, "url", "", "")
	fs.StringVar(&f.portalKey, "portal-key", "", "")
	fs.StringVar(&f.clinicianKey, "clinician-key", "", "")
	fs.IntVar(&f.pid, "pid", 0, "")
	fs.StringVar(&f.databaseURL, "database-url", "", "")
	fs.IntVar(&f.clients, "clients", 32, "")
	fs.DurationVar(&f.duration, "duration", 30*time.Second, "")
	fs.DurationVar(&f.warmup, "warmup", 2*time.Second, "")
	fs.IntVar(&f.requests, "requests", 0, "")
	mix := fs.String("mix", defaultMix, "")
	sig := fs.String("signature", "600x200", "")
	fs.IntVar(&f.seedPatients, "seed-patients", 20, "")
	fs.IntVar(&f.seedRecords, "seed-records", 0, "")
	fs.IntVar(&f.seedBatch, "seed-batch", 5000, "")
	fs.StringVar(&f.cpuprofile, "cpuprofile", "", "")
	fs.BoolVar(&f.json, "json", false, "")
	fs.BoolVar(&f.keep, "keep", false, "")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	var err error
	if f.mix, err = parseMix(*mix); err != nil {
		return nil, err
	}
	w, h, ok := strings.Cut(*sig, "x")
	if f.sigW, err = strconv.Atoi(w); ok && err == nil {
		f.sigH, err = strconv.Atoi(h)
	}
	if !ok || err != nil || f.sigW < 0 || f.sigH < 0 || f.sigW > 4000 || f.sigH > 4000 || (f.sigW == 0) != (f.sigH == 0) {
		return nil, fmt.Errorf("--signature: %q is not WIDTHxHEIGHT (at most 4000x4000, or 0x0)", *sig)
	}
	switch {
	case f.clients < 1 || f.clients > 1024:
		return nil, errors.New("--clients: from 1 to 1024")
	case f.duration <= 0 || f.duration > 10*time.Minute:
		return nil, errors.New("--duration: above 0 and at most 10m")
	case f.warmup < 0 || f.warmup > 2*time.Minute:
		return nil, errors.New("--warmup: from 0 to 2m")
	case f.requests < 0 || f.seedRecords < 0 || f.seedRecords > 20_000_000:
		return nil, errors.New("--requests and --seed-records: not negative; --seed-records at most 20000000")
	case f.seedPatients < 1 || f.seedPatients > 10000:
		return nil, errors.New("--seed-patients: from 1 to 10000")
	case f.seedBatch < 1 || f.seedBatch > 100000:
		return nil, errors.New("--seed-batch: from 1 to 100000")
	}
	if f.url != "" {
		if f.portalKey == "" || f.clinicianKey == "" {
			return nil, errors.New("--url needs --portal-key and --clinician-key")
		}
		if f.databaseURL != "" || f.seedRecords > 0 || f.cpuprofile != "" || f.keep {
			return nil, errors.New("--database-url, --seed-records, --cpuprofile and --keep are for the server bench starts, not with --url")
		}
		if err := checkLoopbackURL(f.url); err != nil {
			return nil, err
		}
	} else if f.portalKey != "" || f.clinicianKey != "" || f.pid != 0 {
		return nil, errors.New("--portal-key, --clinician-key and --pid go with --url")
	}
	return f, nil
}

// checkLoopbackURL refuses a target that is not http(s) on a loopback
// address.
func checkLoopbackURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("--url: %q is not an http(s) URL", raw)
	}
	if !loopbackHost(u.Hostname()) {
		return fmt.Errorf("--url: %s is not a loopback address; bench only loads this machine", u.Hostname())
	}
	return nil
}

func loopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// loopbackTransport dials loopback addresses only, whatever names resolve
// to, with a connection per client kept alive.
func loopbackTransport(clients int) *http.Transport {
	d := &net.Dialer{Timeout: 5 * time.Second}
	return &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := d.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			if ap, ok := c.RemoteAddr().(*net.TCPAddr); !ok || !ap.IP.IsLoopback() {
				c.Close()
				return nil, fmt.Errorf("refusing %s: not a loopback address", c.RemoteAddr())
			}
			return c, nil
		},
		MaxIdleConns: clients * 2, MaxIdleConnsPerHost: clients * 2, IdleConnTimeout: time.Minute,
	}
}

// benchTarget is what the clients load: a base URL and two keys.
type benchTarget struct {
	base, portal, clinician string
	client                  *http.Client
}

// do sends one request and answers its status and body (read whole, so
// that the connection is reused).
func (t *benchTarget) do(ctx context.Context, method, path, key string, body []byte) (int, []byte, error) {
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, t.base+path, r)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("User-Agent", "consentry-bench/1")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := t.client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// post sends body and decodes the id of what it created.
func (t *benchTarget) create(ctx context.Context, path, key string, body []byte) (string, error) {
	code, b, err := t.do(ctx, http.MethodPost, path, key, body)
	if err != nil {
		return "", err
	}
	if code != http.StatusCreated {
		return "", fmt.Errorf("POST %s: status %d: %.300s", path, code, b)
	}
	var v struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(b, &v); err != nil || v.ID == "" {
		return "", fmt.Errorf("POST %s: no id in %.200s", path, b)
	}
	return v.ID, nil
}

// pool is a set of ids the clients draw from, growing as they submit.
type pool struct {
	mu  sync.RWMutex
	ids []string
}

func (p *pool) add(ids ...string) {
	p.mu.Lock()
	p.ids = append(p.ids, ids...)
	p.mu.Unlock()
}

func (p *pool) pick(rng *rand.Rand) string {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.ids[rng.IntN(len(p.ids))]
}

func (p *pool) len() int {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return len(p.ids)
}

// opStats is one client's results of one operation.
type opStats struct {
	lat    []time.Duration
	errors map[string]int
}

// OpReport is one operation's line of the report.
type OpReport struct {
	Op        string         `json:"op"`
	Requests  int            `json:"requests"`
	OK        int            `json:"ok"`
	Errors    map[string]int `json:"errors"`
	PerSecond float64        `json:"per_second"`
	P50ms     float64        `json:"p50_ms"`
	P95ms     float64        `json:"p95_ms"`
	P99ms     float64        `json:"p99_ms"`
	MaxMs     float64        `json:"max_ms"`
}

// ServerReport is what bench read of the server's process.
type ServerReport struct {
	PID int `json:"pid"`
	// RSSMaxMB is the largest VmRSS sampled while measuring; HWMMB the
	// process's VmHWM (its peak RSS since it started) at the end.
	RSSMaxMB float64 `json:"rss_max_mb"`
	HWMMB    float64 `json:"hwm_mb"`
	// CPUSeconds is the server's user+system CPU while measuring;
	// CPUmsPerRequest divides it by the measured requests.
	CPUSeconds      float64 `json:"cpu_s"`
	CPUmsPerRequest float64 `json:"cpu_ms_per_request"`
	// WriteBatches counts the SQLite writer's transactions while
	// measuring, and WritesPerBatch the writes and read events each held
	// on average (one fsync each); absent on PostgreSQL.
	WriteBatches   int64   `json:"write_batches,omitempty"`
	WritesPerBatch float64 `json:"writes_per_batch,omitempty"`
}

// BenchReport is the whole report; --json prints it.
type BenchReport struct {
	Target        string        `json:"target"`
	Engine        string        `json:"engine"`
	Clients       int           `json:"clients"`
	Mix           string        `json:"mix"`
	Signature     string        `json:"signature"`
	DurationS     float64       `json:"duration_s"`
	WarmupS       float64       `json:"warmup_s"`
	SeededPatient int           `json:"seeded_patients"`
	SeededRecords int           `json:"seeded_records"`
	SeedS         float64       `json:"seed_s"`
	Ops           []OpReport    `json:"ops"`
	Total         OpReport      `json:"total"`
	Server        *ServerReport `json:"server,omitempty"`
	ClientCPUS    float64       `json:"client_cpu_s"`
	NumCPU        int           `json:"nproc"`
	Notes         []string      `json:"notes,omitempty"`
}

func benchCmd(ctx context.Context, getenv func(string) string, args []string, stdout, stderr io.Writer) int {
	f, err := parseBenchFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "consentry bench:", err)
		return 2
	}
	rep, err := runBench(ctx, f, getenv, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "consentry bench:", err)
		return 1
	}
	if f.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return 1
		}
	} else {
		printBenchReport(stdout, rep)
	}
	return 0
}

func runBench(ctx context.Context, f *benchFlags, getenv func(string) string, stderr io.Writer) (*BenchReport, error) {
	cat := forms.Builtin()
	sig := ""
	if f.sigW > 0 {
		var err error
		if sig, err = drawnSignaturePNG(f.sigW, f.sigH); err != nil {
			return nil, err
		}
	}
	rep := &BenchReport{Clients: f.clients, Signature: fmt.Sprintf("%dx%d", f.sigW, f.sigH), NumCPU: numCPU()}
	for _, m := range f.mix {
		rep.Mix += fmt.Sprintf(",%s=%d", m.op, m.weight)
	}
	rep.Mix = strings.TrimPrefix(rep.Mix, ",")
	logf := func(format string, args ...any) {
		if !f.json {
			fmt.Fprintf(stderr, "bench: "+format+"\n", args...)
		}
	}
	target := &benchTarget{client: &http.Client{
		Transport: loopbackTransport(f.clients), Timeout: 60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
	patients, records := &pool{}, &pool{}
	pid := f.pid
	seedStart := time.Now()
	if f.url != "" {
		target.base = strings.TrimSuffix(f.url, "/")
		target.portal, target.clinician = f.portalKey, f.clinicianKey
		rep.Target, rep.Engine = target.base, "unknown (--url)"
	} else {
		srv, err := startBenchServer(ctx, f, getenv, cat, sig, patients, logf)
		if err != nil {
			return nil, err
		}
		defer srv.stop(logf)
		target.base, target.portal, target.clinician = srv.base, srv.portal, srv.clinician
		rep.Target, rep.Engine, pid = srv.base, srv.engine, srv.cmd.Process.Pid
		rep.SeededRecords = srv.bulkRecords
		rep.SeededPatient = patients.len()
		if f.keep {
			rep.Notes = append(rep.Notes, "data directory kept: "+srv.dir)
		}
	}
	// Patients with every kind of record, through the API.
	logf("seeding %d patients with %d records each through the API", f.seedPatients, len(benchKinds))
	if err := seedThroughAPI(ctx, target, cat, sig, f, patients, records); err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	rep.SeededPatient += f.seedPatients
	rep.SeededRecords += f.seedPatients * len(benchKinds)
	rep.SeedS = time.Since(seedStart).Seconds()

	consents := map[string][]byte{} // the consent body, by patient, made once
	var bodiesMu sync.Mutex
	consentFor := func(pid string) ([]byte, error) {
		bodiesMu.Lock()
		defer bodiesMu.Unlock()
		if b, ok := consents[pid]; ok {
			return b, nil
		}
		b, err := benchRecordBody(cat, forms.KindKAPConsent, pid, sig)
		if err == nil {
			consents[pid] = b
		}
		return b, err
	}
	var weights []string
	for _, m := range f.mix {
		for range m.weight {
			weights = append(weights, m.op)
		}
	}
	call := func(ctx context.Context, rng *rand.Rand, op string) (int, error) {
		switch op {
		case "submit":
			pid := patients.pick(rng)
			body, err := consentFor(pid)
			if err != nil {
				return 0, err
			}
			code, b, err := target.do(ctx, http.MethodPost, "/v1/submissions", target.portal, body)
			if err == nil && code == http.StatusCreated {
				var v struct {
					ID string `json:"id"`
				}
				if json.Unmarshal(b, &v) == nil && v.ID != "" {
					records.add(v.ID)
				}
				return 200, nil
			}
			return code, err
		case "download":
			code, _, err := target.do(ctx, http.MethodGet, "/v1/submissions/"+records.pick(rng)+"/pdf", target.clinician, nil)
			return code, err
		case "history":
			code, _, err := target.do(ctx, http.MethodGet, "/v1/patients/"+patients.pick(rng)+"/submissions", target.clinician, nil)
			return code, err
		case "status":
			code, _, err := target.do(ctx, http.MethodGet, "/v1/patients/"+patients.pick(rng)+"/consents", target.clinician, nil)
			return code, err
		case "screening":
			code, _, err := target.do(ctx, http.MethodGet, "/v1/patients/"+patients.pick(rng)+"/screening", target.clinician, nil)
			return code, err
		}
		return 0, fmt.Errorf("unknown op %s", op)
	}
	if f.warmup > 0 {
		logf("warming up for %v", f.warmup)
		drive(ctx, f.clients, f.warmup, 0, weights, call, 1)
	}
	batches0, writes0, statsErr := writeStats(ctx, target)
	cpu0, _ := procCPU(pid)
	self0, _ := procCPU(os.Getpid())
	sampler := startRSSSampler(pid)
	if f.cpuprofile != "" && pid != 0 {
		// The started server profiles from one SIGUSR1 to the next
		// (benchProfiling), so the profile covers the measured period.
		if err := syscall.Kill(pid, syscall.SIGUSR1); err != nil {
			return nil, fmt.Errorf("start the CPU profile: %w", err)
		}
	}
	logf("measuring %d clients for %v (mix %s)", f.clients, f.duration, rep.Mix)
	start := time.Now()
	stats := drive(ctx, f.clients, f.duration, f.requests, weights, call, 2)
	elapsed := time.Since(start)
	cpu1, cpuErr := procCPU(pid)
	self1, _ := procCPU(os.Getpid())
	batches1, writes1, statsErr1 := writeStats(ctx, target)
	if f.cpuprofile != "" && pid != 0 {
		syscall.Kill(pid, syscall.SIGUSR1)
	}
	rssMax := sampler.stop()
	rep.DurationS, rep.WarmupS = elapsed.Seconds(), f.warmup.Seconds()
	rep.ClientCPUS = (self1 - self0).Seconds()
	all := &opStats{errors: map[string]int{}}
	for _, op := range benchOps {
		s, ok := stats[op]
		if !ok {
			continue
		}
		r := summarise(op, s, elapsed)
		rep.Ops = append(rep.Ops, r)
		all.lat = append(all.lat, s.lat...)
		for k, v := range s.errors {
			all.errors[k] += v
		}
	}
	rep.Total = summarise("total", all, elapsed)
	if pid != 0 {
		sr := &ServerReport{PID: pid, RSSMaxMB: rssMax}
		if st, err := procStatus(pid); err == nil {
			sr.HWMMB = st["VmHWM"]
			sr.RSSMaxMB = max(sr.RSSMaxMB, st["VmRSS"])
		}
		if cpuErr == nil {
			sr.CPUSeconds = (cpu1 - cpu0).Seconds()
			if rep.Total.Requests > 0 {
				sr.CPUmsPerRequest = sr.CPUSeconds * 1000 / float64(rep.Total.Requests)
			}
		}
		if statsErr == nil && statsErr1 == nil && batches1 > batches0 {
			sr.WriteBatches = batches1 - batches0
			sr.WritesPerBatch = float64(writes1-writes0) / float64(sr.WriteBatches)
		}
		rep.Server = sr
	}
	return rep, nil
}

// writeStats reads the SQLite writer's counters from the server's
// /metrics: zero when it has none.
func writeStats(ctx context.Context, t *benchTarget) (batches, writes int64, err error) {
	code, body, err := t.do(ctx, http.MethodGet, "/metrics", "", nil)
	if err != nil {
		return 0, 0, err
	}
	if code != http.StatusOK {
		return 0, 0, fmt.Errorf("/metrics: %d", code)
	}
	for _, line := range strings.Split(string(body), "\n") {
		name, value, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		switch name {
		case "consentry_store_write_batches_total":
			batches, _ = strconv.ParseInt(value, 10, 64)
		case "consentry_store_batched_writes_total":
			writes, _ = strconv.ParseInt(value, 10, 64)
		}
	}
	return batches, writes, nil
}

// drive runs clients until d has passed or limit requests (0: no limit)
// were made, each picking an operation from weights, and returns every
// operation's latencies and errors.
func drive(ctx context.Context, clients int, d time.Duration, limit int, weights []string,
	call func(context.Context, *rand.Rand, string) (int, error), seed uint64) map[string]*opStats {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var made atomic.Int64
	results := make([]map[string]*opStats, clients)
	var wg sync.WaitGroup
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, uint64(c)))
			mine := map[string]*opStats{}
			results[c] = mine
			for ctx.Err() == nil {
				if limit > 0 && made.Add(1) > int64(limit) {
					return
				}
				op := weights[rng.IntN(len(weights))]
				t0 := time.Now()
				code, err := call(ctx, rng, op)
				lat := time.Since(t0)
				if ctx.Err() != nil && err != nil {
					return // cut off by the end of the run: not counted
				}
				s := mine[op]
				if s == nil {
					s = &opStats{errors: map[string]int{}}
					mine[op] = s
				}
				s.lat = append(s.lat, lat)
				switch {
				case err != nil:
					s.errors["transport"]++
				case code != http.StatusOK:
					s.errors[strconv.Itoa(code)]++
				}
			}
		}()
	}
	wg.Wait()
	out := map[string]*opStats{}
	for _, m := range results {
		for op, s := range m {
			o := out[op]
			if o == nil {
				o = &opStats{errors: map[string]int{}}
				out[op] = o
			}
			o.lat = append(o.lat, s.lat...)
			for k, v := range s.errors {
				o.errors[k] += v
			}
		}
	}
	return out
}

func summarise(op string, s *opStats, elapsed time.Duration) OpReport {
	r := OpReport{Op: op, Requests: len(s.lat), Errors: s.errors}
	n := 0
	for _, v := range s.errors {
		n += v
	}
	r.OK = r.Requests - n
	if elapsed > 0 {
		r.PerSecond = float64(r.Requests) / elapsed.Seconds()
	}
	if len(s.lat) == 0 {
		return r
	}
	lat := slices.Clone(s.lat)
	slices.Sort(lat)
	at := func(q float64) float64 {
		return float64(lat[min(int(q*float64(len(lat))), len(lat)-1)]) / 1e6
	}
	r.P50ms, r.P95ms, r.P99ms, r.MaxMs = at(0.50), at(0.95), at(0.99), float64(lat[len(lat)-1])/1e6
	return r
}

func printBenchReport(w io.Writer, r *BenchReport) {
	fmt.Fprintf(w, "target %s (%s), %d clients, %.1fs measured after %.1fs warm-up, nproc %d\n",
		r.Target, r.Engine, r.Clients, r.DurationS, r.WarmupS, r.NumCPU)
	fmt.Fprintf(w, "mix %s, signature %s; seeded %d patients, %d records in %.1fs\n\n",
		r.Mix, r.Signature, r.SeededPatient, r.SeededRecords, r.SeedS)
	fmt.Fprintf(w, "%-10s %9s %10s %9s %9s %9s %9s  %s\n", "op", "requests", "per sec", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors")
	for _, o := range append(slices.Clone(r.Ops), r.Total) {
		errs := "none"
		if len(o.Errors) > 0 {
			keys := make([]string, 0, len(o.Errors))
			for k := range o.Errors {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			var parts []string
			for _, k := range keys {
				parts = append(parts, fmt.Sprintf("%s×%d", k, o.Errors[k]))
			}
			errs = strings.Join(parts, " ")
		}
		fmt.Fprintf(w, "%-10s %9d %10.1f %9.2f %9.2f %9.2f %9.2f  %s\n", o.Op, o.Requests, o.PerSecond, o.P50ms, o.P95ms, o.P99ms, o.MaxMs, errs)
	}
	if s := r.Server; s != nil {
		fmt.Fprintf(w, "\nserver pid %d: RSS max %.1f MB (VmHWM %.1f MB), CPU %.2fs = %.2f CPU-ms per request\n",
			s.PID, s.RSSMaxMB, s.HWMMB, s.CPUSeconds, s.CPUmsPerRequest)
		if s.WriteBatches > 0 {
			fmt.Fprintf(w, "SQLite writer: %d transactions (fsyncs), %.1f writes and read events each\n", s.WriteBatches, s.WritesPerBatch)
		}
	}
	fmt.Fprintf(w, "load tool CPU %.2fs (same machine)\n", r.ClientCPUS)
	for _, n := range r.Notes {
		fmt.Fprintln(w, n)
	}
}
