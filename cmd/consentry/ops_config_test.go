package main

import (
	"strings"
	"testing"
)

// TestCORSOriginsSetting: CONSENTRY_CORS_ORIGINS is a list of exact
// origins; anything else stops the start with the variable's name.
func TestCORSOriginsSetting(t *testing.T) {
	cfg, err := loadConfig(envOf(map[string]string{"CONSENTRY_CORS_ORIGINS": "https://portal.example.org, http://localhost:3000"}))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(cfg.CORSOrigins, " ") != "https://portal.example.org http://localhost:3000" {
		t.Errorf("origins %q", cfg.CORSOrigins)
	}
	for _, bad := range []string{"*", "https://*.example.org", "https://portal.example.org/app", "null"} {
		_, err := loadConfig(envOf(map[string]string{"CONSENTRY_CORS_ORIGINS": bad}))
		if err == nil || !strings.Contains(err.Error(), "CONSENTRY_CORS_ORIGINS") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}
