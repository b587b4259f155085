package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/records"
)

// benchProfileEnv names the file a server started by bench writes its CPU
// profile to, from one SIGUSR1 to the next. It is not documented in
// --help: only bench sets it.
const benchProfileEnv = "CONSENTRY_BENCH_CPUPROFILE"

// benchProfiling, when benchProfileEnv is set, profiles the process's CPU
// from one SIGUSR1 to the next, for bench's --cpuprofile. It returns the
// function that stops listening (and an unfinished profile).
func benchProfiling(getenv func(string) string, stderr io.Writer) func() {
	path := getenv(benchProfileEnv)
	if path == "" {
		return func() {}
	}
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, syscall.SIGUSR1)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var f *os.File
		stopProfile := func() {
			if f != nil {
				pprof.StopCPUProfile()
				f.Close()
				f = nil
			}
		}
		defer stopProfile()
		for {
			select {
			case <-done:
				return
			case <-sigs:
				if f != nil {
					stopProfile()
					continue
				}
				var err error
				if f, err = os.Create(path); err == nil {
					err = pprof.StartCPUProfile(f)
				}
				if err != nil {
					fmt.Fprintln(stderr, "consentry: CPU profile:", err)
					if f != nil {
						f.Close()
						f = nil
					}
				}
			}
		}
	}()
	return func() { signal.Stop(sigs); close(done); wg.Wait() }
}

// benchServer is a server bench started: this binary's serve, on
// loopback, in its own data directory.
type benchServer struct {
	cmd                    *exec.Cmd
	exited                 chan error
	dir, base, engine, log string
	portal, clinician      string
	bulkRecords            int
	keep                   bool
}

// startBenchServer makes a data directory, creates the keys (and bulk
// records) through the store, starts serve and waits until it is ready.
func startBenchServer(ctx context.Context, f *benchFlags, getenv func(string) string, cat *forms.Catalogue,
	sig string, patients *pool, logf func(string, ...any)) (*benchServer, error) {
	dir, err := os.MkdirTemp("", "consentry-bench-")
	if err != nil {
		return nil, err
	}
	s := &benchServer{dir: dir, keep: f.keep, log: filepath.Join(dir, "server.log")}
	ok := false
	defer func() {
		if !ok && !f.keep {
			os.RemoveAll(dir)
		}
	}()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	over := map[string]string{
		"CONSENTRY_ADDR": addr, "CONSENTRY_DATA_DIR": filepath.Join(dir, "data"),
		"CONSENTRY_DATABASE_URL":             f.databaseURL,
		"CONSENTRY_REQUESTS_PER_SECOND":      "0",
		"CONSENTRY_AUTH_FAILURES_PER_MINUTE": "0",
		"CONSENTRY_LOG_FORMAT":               "json",
		// Requests stay on this machine: no TSA, no witness.
		"CONSENTRY_TSA_URL": "", "CONSENTRY_CHECKPOINT_WITNESS": "", "CONSENTRY_CHECKPOINT_LOG": "",
		benchProfileEnv: "",
	}
	if f.cpuprofile != "" {
		abs, err := filepath.Abs(f.cpuprofile)
		if err != nil {
			return nil, err
		}
		over[benchProfileEnv] = abs
	}
	benchEnv := func(k string) string {
		if v, ok := over[k]; ok {
			return v
		}
		return getenv(k)
	}
	cfg, err := loadConfig(benchEnv)
	if err != nil {
		return nil, err
	}
	store, err := openStore(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open the store: %w", err)
	}
	s.engine = store.Engine()
	portalSecret, portalKey, err := store.CreateKey(ctx, "bench portal", models.RolePortal)
	if err == nil {
		s.portal = portalSecret
		s.clinician, _, err = store.CreateKey(ctx, "bench clinician", models.RoleClinician)
	}
	if err == nil && f.seedRecords > 0 {
		logf("bulk-seeding about %d records through the store", f.seedRecords)
		start := time.Now()
		s.bulkRecords, err = bulkSeed(ctx, cfg, store, cat, sig, portalKey, f, patients, logf)
		if err == nil {
			logf("bulk-seeded %d records in %v", s.bulkRecords, time.Since(start).Round(time.Millisecond))
		}
	}
	if cerr := store.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}

	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	logFile, err := os.Create(s.log)
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	s.cmd = exec.Command(exe, "serve")
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); !hasKey(over, k) {
			s.cmd.Env = append(s.cmd.Env, kv)
		}
	}
	for k, v := range over {
		if v != "" {
			s.cmd.Env = append(s.cmd.Env, k+"="+v)
		}
	}
	s.cmd.Stdout, s.cmd.Stderr = logFile, logFile
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	s.exited = make(chan error, 1)
	go func() { s.exited <- s.cmd.Wait() }()
	s.base = "http://" + addr
	logf("started consentry serve (pid %d) on %s, %s, data in %s", s.cmd.Process.Pid, addr, s.engine, dir)
	if err := s.awaitReady(ctx); err != nil {
		s.stop(logf)
		return nil, fmt.Errorf("%w\n%s", err, tail(s.log, 20))
	}
	ok = true
	return s, nil
}

func hasKey(m map[string]string, k string) bool { _, ok := m[k]; return ok }

func (s *benchServer) awaitReady(ctx context.Context) error {
	deadline := time.Now().Add(60 * time.Second)
	c := &http.Client{Transport: loopbackTransport(1), Timeout: 2 * time.Second}
	for time.Now().Before(deadline) {
		select {
		case err := <-s.exited:
			s.exited <- err
			return fmt.Errorf("the server exited before it was ready: %v", err)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if resp, err := c.Get(s.base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
	}
	return errors.New("the server was not ready within 60s")
}

// stop ends the server as an operator would (SIGTERM, then SIGKILL after
// 30 s) and removes its directory unless it is to be kept.
func (s *benchServer) stop(logf func(string, ...any)) {
	if s.cmd != nil && s.cmd.Process != nil {
		s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case err := <-s.exited:
			if err != nil {
				logf("the server exited: %v\n%s", err, tail(s.log, 20))
			}
		case <-time.After(30 * time.Second):
			s.cmd.Process.Kill()
			<-s.exited
			logf("the server did not stop within 30s; killed")
		}
	}
	if !s.keep {
		os.RemoveAll(s.dir)
	}
}

// tail is the last n lines of a file.
func tail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// seedThroughAPI creates f.seedPatients patients, each with one record of
// every benchKinds kind, through the API, a few at a time.
func seedThroughAPI(ctx context.Context, t *benchTarget, cat *forms.Catalogue, sig string, f *benchFlags, patients, recs *pool) error {
	run := strconv.FormatInt(time.Now().UnixNano(), 36)
	work := make(chan int)
	errc := make(chan error, 8)
	var wg sync.WaitGroup
	for range min(8, f.clients, f.seedPatients) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				pid, err := t.create(ctx, "/v1/patients", t.portal, benchPatientBody(fmt.Sprintf("bench-%s-%d", run, i)))
				if err != nil {
					errc <- err
					return
				}
				patients.add(pid)
				for _, kind := range benchKinds {
					body, err := benchRecordBody(cat, kind, pid, sig)
					if err != nil {
						errc <- err
						return
					}
					key := t.portal
					if signedByClinician(cat, kind) {
						key = t.clinician
					}
					id, err := t.create(ctx, "/v1/submissions", key, body)
					if err != nil {
						errc <- fmt.Errorf("%s: %w", kind, err)
						return
					}
					recs.add(id)
				}
			}
		}()
	}
	var err error
feed:
	for i := range f.seedPatients {
		select {
		case work <- i:
		case err = <-errc:
			break feed
		}
	}
	close(work)
	wg.Wait()
	if err == nil {
		select {
		case err = <-errc:
		default:
		}
	}
	return err
}

// bulkSeed writes about f.seedRecords records through the store before
// the server starts: one template patient's records are made for real by
// the use cases (rendered, sealed, stored), then copied to new patients in
// transactions of about f.seedBatch records, each copy with its own ids,
// body hash, a small stand-in PDF (so that a million records do not take
// 90 GB) and its audit events, appended to the chain with valid hashes,
// so that consentry verify still passes. It answers how many records it
// wrote, the template's included.
func bulkSeed(ctx context.Context, cfg *config, store *models.Store, cat *forms.Catalogue, sig string,
	portal *models.APIKey, f *benchFlags, patients *pool, logf func(string, ...any)) (int, error) {
	svc, err := newService(ctx, cfg, store, quietLog)
	if err != nil {
		return 0, err
	}
	clinicianKey, err := firstKeyOfRole(ctx, store, models.RoleClinician)
	if err != nil {
		return 0, err
	}
	actor := func(k *models.APIKey) records.Actor {
		return records.Actor{KeyID: k.ID, KeyName: k.Name, Role: k.Role, IP: "127.0.0.1", UserAgent: "consentry-bench/1"}
	}
	tpl, err := svc.CreatePatient(ctx, actor(portal), benchPatientBody("bench-template"))
	if err != nil {
		return 0, fmt.Errorf("template patient: %w", err)
	}
	for _, kind := range benchKinds {
		body, err := benchRecordBody(cat, kind, tpl.ID, sig)
		if err != nil {
			return 0, err
		}
		a := actor(portal)
		if signedByClinician(cat, kind) {
			a = actor(clinicianKey)
		}
		if _, err := svc.Submit(ctx, a, body); err != nil {
			return 0, fmt.Errorf("template %s: %w", kind, err)
		}
	}
	patients.add(tpl.ID)
	tplPatient, err := store.Patient(ctx, tpl.ID)
	if err != nil {
		return 0, err
	}
	db := store.DB().WithContext(ctx)
	var tplRecs []models.Submission
	if err := db.Where("patient_id = ?", tpl.ID).Order("id").Find(&tplRecs).Error; err != nil {
		return 0, err
	}
	// Each copy keeps its template's consent facts, so that status reads
	// them as it does a real record's.
	type factsRow struct{ SubmissionID, RefersTo, Facts string }
	var tplFacts []factsRow
	if err := db.Table("consent_facts").Where("submission_id IN (?)", db.Model(&models.Submission{}).Select("id").
		Where("patient_id = ?", tpl.ID)).Find(&tplFacts).Error; err != nil {
		return 0, err
	}
	factsOf := map[string]factsRow{}
	for _, f := range tplFacts {
		factsOf[f.SubmissionID] = f
	}
	roles := map[string]string{portal.ID: portal.Role, clinicianKey.ID: clinicianKey.Role}
	head, err := store.ChainHead(ctx)
	if err != nil {
		return 0, err
	}
	prev, seq := head.Hash, head.Seq+1
	per := len(tplRecs)
	total := (f.seedRecords + per - 1) / per // patients to add
	perBatch := max(1, f.seedBatch/per)
	written, lastLog := per, time.Now()
	for lo := 0; lo < total; lo += perBatch {
		n := min(perBatch, total-lo)
		now := models.Clock(models.SystemClock).Now()
		pats := make([]models.Patient, 0, n)
		subs := make([]models.Submission, 0, n*per)
		docs := make([]models.Document, 0, n*per)
		evs := make([]models.AuditEvent, 0, n*(per+1))
		facts := make([]factsRow, 0, n*per)
		event := func(actor, action, subject, patientID, dataHash string) {
			e := models.AuditEvent{Seq: seq, At: now, Actor: actor, Role: roles[actor], Action: action,
				Subject: subject, PatientID: patientID, IP: "127.0.0.1", UserAgent: "consentry-bench/1",
				DataHash: dataHash, PrevHash: prev}
			e.Hash = e.ComputeHash()
			evs = append(evs, e)
			prev, seq = e.Hash, seq+1
		}
		for i := lo; i < lo+n; i++ {
			id, err := uuid.NewV7()
			if err != nil {
				return written, err
			}
			p := *tplPatient
			p.ID, p.ExternalID, p.CreatedAt, p.UpdatedAt = id.String(), fmt.Sprintf("bulk-%09d", i), now, now
			pats = append(pats, p)
			canon, err := forms.CanonicalJSON(benchPatientBody(p.ExternalID))
			if err != nil {
				return written, err
			}
			event(portal.ID, "patient.create", "patient/"+p.ID, p.ID, hexSHA256(canon))
			for _, t := range tplRecs {
				rid, err := uuid.NewV7()
				if err != nil {
					return written, err
				}
				sub := t
				sub.ID, sub.PatientID = rid.String(), p.ID
				sub.Body = strings.ReplaceAll(t.Body, tpl.ID, p.ID)
				sub.BodySHA256 = hexSHA256([]byte(sub.Body))
				pdf := []byte("%PDF-1.7\n% consentry bench: a stand-in for seeded record " + sub.ID + "\n%%EOF\n")
				doc := models.Document{SubmissionID: sub.ID, SHA256: hexSHA256(pdf), Pages: 1, Size: len(pdf), PDF: pdf, CreatedAt: t.CreatedAt}
				subs, docs = append(subs, sub), append(docs, doc)
				if f, ok := factsOf[t.ID]; ok {
					f.SubmissionID = sub.ID
					facts = append(facts, f)
				}
				event(t.CreatedBy, "submission.create", "submission/"+sub.ID, p.ID, models.DataHash(sub.BodySHA256, doc.SHA256))
			}
		}
		err := db.Transaction(func(tx *gorm.DB) error {
			for _, rows := range []struct {
				v    any
				size int
			}{{&pats, 500}, {&subs, 200}, {&docs, 500}, {&evs, 500}} {
				if err := tx.CreateInBatches(rows.v, rows.size).Error; err != nil {
					return err
				}
			}
			if len(facts) == 0 {
				return nil
			}
			return tx.Table("consent_facts").CreateInBatches(&facts, 500).Error
		})
		if err != nil {
			return written, fmt.Errorf("bulk seed: %w", err)
		}
		for _, p := range pats {
			patients.add(p.ID)
		}
		written += len(subs)
		if time.Since(lastLog) > 10*time.Second {
			logf("bulk-seeded %d of about %d records", written, f.seedRecords)
			lastLog = time.Now()
		}
	}
	return written, nil
}

func firstKeyOfRole(ctx context.Context, store *models.Store, role string) (*models.APIKey, error) {
	var k models.APIKey
	err := store.DB().WithContext(ctx).Where("role = ?", role).Order("created_at").Take(&k).Error
	return &k, err
}

func hexSHA256(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// The server's process, from /proc.

// clockTicks is the kernel's USER_HZ, the unit of /proc/<pid>/stat's
// times: 100 on every Linux architecture Go supports.
const clockTicks = 100

// procCPU is a process's user plus system CPU time so far.
func procCPU(pid int) (time.Duration, error) {
	if pid == 0 {
		return 0, errors.New("no process")
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name, in parentheses, may hold spaces: count fields
	// from after its closing parenthesis, where field 3 (state) starts.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, errors.New("malformed /proc stat")
	}
	fields := strings.Fields(s[i+1:])
	if len(fields) < 13 {
		return 0, errors.New("malformed /proc stat")
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64) // field 14
	stime, err2 := strconv.ParseInt(fields[12], 10, 64) // field 15
	if err1 != nil || err2 != nil {
		return 0, errors.New("malformed /proc stat")
	}
	return time.Duration(utime+stime) * time.Second / clockTicks, nil
}

// procStatus reads the kB fields of /proc/<pid>/status, in MB.
func procStatus(pid int) (map[string]float64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]float64{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		num, unit, _ := strings.Cut(strings.TrimSpace(v), " ")
		if unit != "kB" {
			continue
		}
		if n, err := strconv.ParseFloat(num, 64); err == nil {
			out[k] = n / 1024
		}
	}
	return out, sc.Err()
}

// rssSampler samples a process's VmRSS every 100 ms and keeps the
// largest.
type rssSampler struct {
	stopc chan struct{}
	done  chan float64
}

func startRSSSampler(pid int) *rssSampler {
	s := &rssSampler{stopc: make(chan struct{}), done: make(chan float64, 1)}
	go func() {
		peak := 0.0
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			if pid != 0 {
				if st, err := procStatus(pid); err == nil {
					peak = max(peak, st["VmRSS"])
				}
			}
			select {
			case <-s.stopc:
				s.done <- peak
				return
			case <-t.C:
			}
		}
	}()
	return s
}

func (s *rssSampler) stop() float64 { close(s.stopc); return <-s.done }

func numCPU() int { return runtime.NumCPU() }
