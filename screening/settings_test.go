package screening

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/consentry/consentry/forms"
)

func TestDefaultSettingsAreDOMAINs(t *testing.T) {
	s := DefaultSettings()
	if err := s.Validate(); err != nil {
		t.Fatalf("defaults invalid: %v", err)
	}
	want := Settings{
		MinAge: 18, InClinicHold: BloodPressure{140, 90}, AtHomeHold: BloodPressure{160, 90}, AtHomeHeartRateMax: 100,
		Session:          SessionLimits{SystolicMax: 180, SystolicMin: 90, HeartRateMin: 50, HeartRateMax: 120, SpO2Min: 95, RespiratoryRateMin: 10, RespiratoryRateMax: 30},
		FastingFoodHours: 4, FastingClearLiquidHours: 2, BenzodiazepineDiazepamMg: 8, PCL5Cutoff: 33, AUDITCCutoffMen: 4, AUDITCCutoffWomen: 3,
		// DOMAIN §7: the pre-dose in-clinic limits at discharge; the
		// Spravato REMS's 2 hours of monitoring.
		DischargeBP: BloodPressure{140, 90}, DischargeSpO2Min: 95, REMSMonitoringMinutes: 120, MonitoringMinutes: 120,
	}
	if s != want {
		t.Errorf("DefaultSettings() = %+v, want %+v", s, want)
	}
}

func TestLoadSettings(t *testing.T) {
	tests := []struct {
		name  string
		doc   string
		want  []string // problem pointers and codes; nil for success
		check func(t *testing.T, s Settings)
	}{
		{name: "empty object keeps the defaults", doc: `{}`, check: func(t *testing.T, s Settings) {
			if s != DefaultSettings() {
				t.Errorf("got %+v", s)
			}
		}},
		{name: "partial override", doc: `{"max_age": 75, "in_clinic_bp_hold": {"systolic": 150}, "pcl5_cutoff": 31}`, check: func(t *testing.T, s Settings) {
			if s.MaxAge != 75 || s.InClinicHold != (BloodPressure{150, 90}) || s.PCL5Cutoff != 31 || s.MinAge != 18 {
				t.Errorf("got %+v", s)
			}
		}},
		{name: "unknown key", doc: `{"max_bp": 160}`, want: []string{"/max_bp unknown"}},
		{name: "unknown nested key", doc: `{"session_exclusion": {"temp_max": 38}}`, want: []string{"/session_exclusion/temp_max unknown"}},
		{name: "wrong type", doc: `{"min_age": "18"}`, want: []string{"/min_age type"}},
		{name: "not JSON", doc: `{"min_age": `, want: []string{" json"}},
		{name: "two documents", doc: `{} {}`, want: []string{" json"}},
		{name: "out of range", doc: `{"session_exclusion": {"spo2_min": 101}, "fasting_food_hours": -1}`,
			want: []string{"/fasting_food_hours range", "/session_exclusion/spo2_min range"}},
		{name: "max age below min age", doc: `{"min_age": 21, "max_age": 20}`, want: []string{"/max_age range"}},
		{name: "systolic not above diastolic", doc: `{"at_home_bp_hold": {"systolic": 100, "diastolic": 100}}`, want: []string{"/at_home_bp_hold order"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := LoadSettings(strings.NewReader(tt.doc))
			if tt.want == nil {
				if err != nil {
					t.Fatalf("LoadSettings: %v", err)
				}
				tt.check(t, s)
				return
			}
			var ve *forms.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("err = %v, want a *ValidationError", err)
			}
			if got := pointers(err); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("problems %q, want %q", got, tt.want)
			}
			if s != DefaultSettings() {
				t.Error("a failed load must return the defaults")
			}
		})
	}
}

func TestRulesetVersionFollowsSettings(t *testing.T) {
	d := DefaultSettings()
	v1 := d.Version()
	if !strings.HasPrefix(v1, RulesetBase+"+") || len(v1) != len(RulesetBase)+9 {
		t.Errorf("Version() = %q, want %s+<8 hex digits>", v1, RulesetBase)
	}
	if d.Version() != v1 || DefaultScreener().Version() != v1 {
		t.Error("the same settings gave another stamp")
	}
	seen := map[string]string{"defaults": v1}
	for name, mutate := range map[string]func(*Settings){
		"in-clinic systolic": func(s *Settings) { s.InClinicHold.Systolic = 150 },
		"benzodiazepine":     func(s *Settings) { s.BenzodiazepineDiazepamMg = 10 },
		"pcl-5 cutoff":       func(s *Settings) { s.PCL5Cutoff = 31 },
		"upper age":          func(s *Settings) { s.MaxAge = 70 },
		"spo2":               func(s *Settings) { s.Session.SpO2Min = 94 },
	} {
		s := DefaultSettings()
		mutate(&s)
		v := s.Version()
		for other, ov := range seen {
			if ov == v {
				t.Errorf("%s and %s give the same stamp %s", name, other, v)
			}
		}
		seen[name] = v
	}
}

func TestNewScreenerRefusesInvalidSettings(t *testing.T) {
	s := DefaultSettings()
	s.Session.HeartRateMin = 0
	if _, err := NewScreener(s); err == nil {
		t.Error("NewScreener accepted a heart-rate minimum of 0")
	}
}
