package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/consentry/consentry/internal/tsatest"
	"github.com/consentry/consentry/pdf/seal"
)

func TestPAdESLevelSettings(t *testing.T) {
	const tsa = "http://127.0.0.1:1/tsr"
	for _, tt := range []struct {
		env   map[string]string
		level string
	}{
		{map[string]string{}, seal.LevelBB},
		{map[string]string{"CONSENTRY_TSA_URL": tsa}, seal.LevelBLTA},
		{map[string]string{"CONSENTRY_TSA_URL": tsa, "CONSENTRY_PADES_LEVEL": "B-T"}, seal.LevelBT},
		{map[string]string{"CONSENTRY_TSA_URL": tsa, "CONSENTRY_PADES_LEVEL": "B-LT"}, seal.LevelBLT},
		{map[string]string{"CONSENTRY_PADES_LEVEL": "B-B"}, seal.LevelBB},
	} {
		cfg, err := loadConfig(envOf(tt.env))
		if err != nil {
			t.Fatalf("%v: %v", tt.env, err)
		}
		if cfg.PAdESLevel != tt.level || cfg.OCSPTimeout != 10*time.Second || cfg.CRLTimeout != 10*time.Second {
			t.Errorf("%v: level %q, timeouts %v %v", tt.env, cfg.PAdESLevel, cfg.OCSPTimeout, cfg.CRLTimeout)
		}
	}
	cfg, err := loadConfig(envOf(map[string]string{"CONSENTRY_TSA_URL": tsa, "CONSENTRY_OCSP_TIMEOUT": "3s", "CONSENTRY_CRL_TIMEOUT": "1m"}))
	if err != nil || cfg.OCSPTimeout != 3*time.Second || cfg.CRLTimeout != time.Minute {
		t.Errorf("timeouts: %v, %+v", err, cfg)
	}
	for _, bad := range []map[string]string{
		{"CONSENTRY_PADES_LEVEL": "B-T"},
		{"CONSENTRY_PADES_LEVEL": "B-LTA"},
		{"CONSENTRY_TSA_URL": tsa, "CONSENTRY_PADES_LEVEL": "LTA"},
		{"CONSENTRY_TSA_URL": tsa, "CONSENTRY_OCSP_TIMEOUT": "forever"},
		{"CONSENTRY_TSA_URL": tsa, "CONSENTRY_CRL_TIMEOUT": "1ms"},
	} {
		if _, err := loadConfig(envOf(bad)); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

func TestRetimestampCommand(t *testing.T) {
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	env := testEnv(t, map[string]string{"CONSENTRY_DATA_DIR": filepath.Join(dir, "data")})
	if code := run(context.Background(), []string{"retimestamp"}, env, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "CONSENTRY_TSA_URL") {
		t.Errorf("without a TSA: exit %d: %s", code, errOut.String())
	}
	if code := run(context.Background(), []string{"retimestamp", "--before", "soon"}, env, &out, &errOut); code != 2 {
		t.Errorf("a bad duration: exit %d", code)
	}
	tsa := tsatest.Start(t)
	env = testEnv(t, map[string]string{"CONSENTRY_DATA_DIR": filepath.Join(dir, "data"), "CONSENTRY_TSA_URL": tsa.URL})
	if code := run(context.Background(), []string{"migrate"}, env, &out, &errOut); code != 0 {
		t.Fatalf("migrate: exit %d: %s", code, errOut.String())
	}
	out.Reset()
	if code := run(context.Background(), []string{"retimestamp", "--before", "8760h"}, env, &out, &errOut); code != 0 ||
		!strings.Contains(out.String(), "0 renewed") {
		t.Errorf("retimestamp: exit %d: %s%s", code, out.String(), errOut.String())
	}
	var help bytes.Buffer
	run(context.Background(), []string{"--help"}, env, &help, &help)
	for _, want := range []string{"retimestamp", "CONSENTRY_PADES_LEVEL", "CONSENTRY_OCSP_TIMEOUT"} {
		if !strings.Contains(help.String(), want) {
			t.Errorf("--help lacks %q", want)
		}
	}
}
