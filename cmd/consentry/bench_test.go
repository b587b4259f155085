package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// TestBenchRunsBriefly runs the load tool as an operator would, for a
// moment (2 clients, 2 s, a small bulk seed), against the server it
// starts from the built binary, and checks the report's shape: every
// operation of the mix measured, no errors, the server's memory and CPU
// read. It checks no timing: the machine may be slow or shared.
func TestBenchRunsBriefly(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping in -short mode: builds the binary and runs a server")
	}
	bin := buildBinary(t)
	cmd := exec.Command(bin, "bench", "--clients", "2", "--duration", "2s", "--warmup", "200ms",
		"--seed-patients", "2", "--seed-records", "30", "--seed-batch", "14", "--json")
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + t.TempDir(), "TMPDIR=" + t.TempDir()}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("consentry bench: %v\nstderr:\n%s\nstdout:\n%s", err, stderr.String(), stdout.String())
	}
	var rep BenchReport
	dec := json.NewDecoder(&stdout)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rep); err != nil {
		t.Fatalf("the report is not BenchReport JSON: %v\n%s", err, stdout.String())
	}
	if rep.Engine != "sqlite" || rep.Clients != 2 || rep.Mix != defaultMix || rep.Signature != "600x200" {
		t.Errorf("engine %q, clients %d, mix %q, signature %q", rep.Engine, rep.Clients, rep.Mix, rep.Signature)
	}
	if !strings.HasPrefix(rep.Target, "http://127.0.0.1:") {
		t.Errorf("target %q: want loopback", rep.Target)
	}
	// 2 patients through the API, plus the template patient and 5 copies
	// of its 7 records (30 rounded up to whole patients).
	if rep.SeededPatient != 2+1+5 || rep.SeededRecords != 2*7+7+35 {
		t.Errorf("seeded %d patients and %d records, want 8 and 56", rep.SeededPatient, rep.SeededRecords)
	}
	if rep.DurationS < 1.5 || rep.DurationS > 10 {
		t.Errorf("measured for %.2fs, want about 2s", rep.DurationS)
	}
	var ops []string
	sum := 0
	for _, o := range rep.Ops {
		ops = append(ops, o.Op)
		sum += o.Requests
		if o.Requests == 0 || o.OK != o.Requests || len(o.Errors) > 0 {
			t.Errorf("%s: %d requests, %d ok, errors %v", o.Op, o.Requests, o.OK, o.Errors)
		}
		if o.PerSecond <= 0 || !(0 < o.P50ms && o.P50ms <= o.P95ms && o.P95ms <= o.P99ms && o.P99ms <= o.MaxMs) {
			t.Errorf("%s: %+v: want a rate and ordered percentiles", o.Op, o)
		}
	}
	if strings.Join(ops, ",") != strings.Join(benchOps, ",") {
		t.Errorf("operations %v, want %v", ops, benchOps)
	}
	if rep.Total.Op != "total" || rep.Total.Requests != sum || len(rep.Total.Errors) > 0 {
		t.Errorf("total %+v: want the %d requests of the operations, no errors", rep.Total, sum)
	}
	s := rep.Server
	if s == nil || s.PID == 0 || s.RSSMaxMB <= 1 || s.HWMMB < s.RSSMaxMB*0.5 || s.CPUSeconds <= 0 || s.CPUmsPerRequest <= 0 {
		t.Errorf("server %+v: want its pid, RSS, peak RSS and CPU", s)
	}
}

func TestBenchFlags(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string // in the error; "" for none
	}{
		{nil, ""},
		{[]string{"--mix", "submit=1,download=0"}, ""},
		{[]string{"--mix", "upload=1"}, "unknown operation"},
		{[]string{"--mix", "submit=x"}, "OP=WEIGHT"},
		{[]string{"--mix", "submit=0"}, "no operation"},
		{[]string{"--mix", "submit=1,submit=2"}, "twice"},
		{[]string{"--duration", "11m"}, "--duration"},
		{[]string{"--clients", "0"}, "--clients"},
		{[]string{"--signature", "600"}, "--signature"},
		{[]string{"--url", "http://127.0.0.1:8080"}, "--portal-key"},
		{[]string{"--url", "http://10.0.0.5:8080", "--portal-key", "a", "--clinician-key", "b"}, "not a loopback"},
		{[]string{"--url", "http://example.org", "--portal-key", "a", "--clinician-key", "b"}, "not a loopback"},
		{[]string{"--url", "http://[::1]:8080", "--portal-key", "a", "--clinician-key", "b"}, ""},
		{[]string{"--url", "http://localhost:8080", "--portal-key", "a", "--clinician-key", "b", "--seed-records", "10"}, "not with --url"},
		{[]string{"--portal-key", "a"}, "go with --url"},
	} {
		_, err := parseBenchFlags(tt.args, &bytes.Buffer{})
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%v: %v", tt.args, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%v: error %v, want one saying %q", tt.args, err, tt.want)
		}
	}
}

// TestBenchHelp: bench documents itself like every command.
func TestBenchHelp(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"bench", "--help"}, func(string) string { return "" }, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	for _, flag := range []string{"--url", "--clients", "--duration", "--mix", "--seed-records", "--json", "--cpuprofile"} {
		if !strings.Contains(out.String(), flag) {
			t.Errorf("bench --help does not mention %s", flag)
		}
	}
}
