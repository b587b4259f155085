package main

import (
	"testing"
	"time"

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
