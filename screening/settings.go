package screening

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"

	"github.com/consentry/consentry/forms"
)

// RulesetBase is the version of the screening rules themselves. A
// Screener's Version adds a hash of its Settings, so that flags computed
// under other thresholds carry another stamp.
const RulesetBase = "2026-11.1"

// BloodPressure is a systolic/diastolic pair in mmHg. As a threshold, a
// reading is over it when either number is strictly higher.
type BloodPressure struct {
	Systolic  int `json:"systolic"`
	Diastolic int `json:"diastolic"`
}

// SessionLimits are the vital signs that stop one dosing session
// (severity exclude for the session). Defaults from NCT01892995.
type SessionLimits struct {
	// A systolic pressure above SystolicMax or below SystolicMin stops the
	// session.
	SystolicMax int `json:"systolic_max"`
	SystolicMin int `json:"systolic_min"`
	// A heart rate below HeartRateMin or above HeartRateMax stops it.
	HeartRateMin int `json:"heart_rate_min"`
	HeartRateMax int `json:"heart_rate_max"`
	// An SpO2 below SpO2Min (percent) stops it.
	SpO2Min int `json:"spo2_min"`
	// A respiratory rate below RespiratoryRateMin or above
	// RespiratoryRateMax (breaths a minute) stops it.
	RespiratoryRateMin int `json:"respiratory_rate_min"`
	RespiratoryRateMax int `json:"respiratory_rate_max"`
}

// Settings are a clinic's screening thresholds. Every number the rules
// use is here; DefaultSettings gives DOMAIN §3's defaults with their
// sources. A clinic file (CONSENTRY_SETTINGS) overrides any of them.
type Settings struct {
	// MinAge: a patient younger than this is excluded (clinic criteria).
	MinAge int `json:"min_age"`
	// MaxAge: a patient older than this is excluded; 0 means no upper
	// limit (clinic criteria, configurable).
	MaxAge int `json:"max_age"`
	// InClinicHold: resting BP above this holds an in-clinic session
	// (Accelerated Psychiatry provider page).
	InClinicHold BloodPressure `json:"in_clinic_bp_hold"`
	// AtHomeHold and AtHomeHeartRateMax: BP or heart rate above these
	// holds an at-home session (Choose Ketamine remote treatment
	// agreement).
	AtHomeHold         BloodPressure `json:"at_home_bp_hold"`
	AtHomeHeartRateMax int           `json:"at_home_heart_rate_max"`
	// Session: vital signs that stop any session (NCT01892995).
	Session SessionLimits `json:"session_exclusion"`
	// FastingFoodHours and FastingClearLiquidHours: fewer hours than
	// these since food or clear liquids holds the session (common clinic
	// practice).
	FastingFoodHours        float64 `json:"fasting_food_hours"`
	FastingClearLiquidHours float64 `json:"fasting_clear_liquid_hours"`
	// BenzodiazepineDiazepamMg: a daily benzodiazepine dose above this,
	// in mg diazepam-equivalent, is flagged for review (Andrashko 2020).
	BenzodiazepineDiazepamMg float64 `json:"benzodiazepine_diazepam_mg"`
	// PCL5Cutoff: a PCL-5 total at or above this is a probable PTSD
	// (National Center for PTSD; 31-33 are in use).
	PCL5Cutoff int `json:"pcl5_cutoff"`
	// AUDITCCutoffMen and AUDITCCutoffWomen: AUDIT-C totals at or above
	// these screen positive (US VA practice). Patients whose record sex is
	// not male get the women's cutoff, the more sensitive one.
	AUDITCCutoffMen   int `json:"auditc_cutoff_men"`
	AUDITCCutoffWomen int `json:"auditc_cutoff_women"`
	// DischargeBP and DischargeSpO2Min: a reading before discharge above
	// this BP, or any post-dose SpO2 below this, is flagged (DOMAIN §7:
	// the pre-dose in-clinic limits; Spravato label: monitor BP until it
	// returns to acceptable levels).
	DischargeBP      BloodPressure `json:"discharge_bp_max"`
	DischargeSpO2Min int           `json:"discharge_spo2_min"`
	// REMSMonitoringMinutes: esketamine monitoring shorter than this is
	// flagged (Spravato REMS: at least 2 hours after the dose).
	// MonitoringMinutes is the clinic's minimum for racemic ketamine.
	REMSMonitoringMinutes int `json:"rems_monitoring_minutes"`
	MonitoringMinutes     int `json:"monitoring_minutes"`
}

// DefaultSettings returns DOMAIN §3's thresholds.
func DefaultSettings() Settings {
	return Settings{
		MinAge:                   18,
		MaxAge:                   0,
		InClinicHold:             BloodPressure{Systolic: 140, Diastolic: 90},
		AtHomeHold:               BloodPressure{Systolic: 160, Diastolic: 90},
		AtHomeHeartRateMax:       100,
		Session:                  SessionLimits{SystolicMax: 180, SystolicMin: 90, HeartRateMin: 50, HeartRateMax: 120, SpO2Min: 95, RespiratoryRateMin: 10, RespiratoryRateMax: 30},
		FastingFoodHours:         4,
		FastingClearLiquidHours:  2,
		BenzodiazepineDiazepamMg: 8,
		PCL5Cutoff:               33,
		AUDITCCutoffMen:          4,
		AUDITCCutoffWomen:        3,
		DischargeBP:              BloodPressure{Systolic: 140, Diastolic: 90},
		DischargeSpO2Min:         95,
		REMSMonitoringMinutes:    120,
		MonitoringMinutes:        120,
	}
}

// LoadSettings reads a clinic settings document: a JSON object whose
// members override DefaultSettings. Unknown members, values of the wrong
// type and out-of-range thresholds are errors (a *forms.ValidationError
// naming each by its pointer).
func LoadSettings(r io.Reader) (Settings, error) {
	s := DefaultSettings()
	data, err := io.ReadAll(r)
	if err != nil {
		return s, err
	}
	if err := forms.Decode(data, &s); err != nil {
		return DefaultSettings(), err
	}
	if err := s.Validate(); err != nil {
		return DefaultSettings(), err
	}
	return s, nil
}

// Version is the rule-set stamp of these settings: RulesetBase and the
// first 8 hex digits of the SHA-256 of the settings' JSON, e.g.
// "2026-11.1+3fa2b1c0". Other thresholds give another stamp.
func (s Settings) Version() string {
	b, _ := json.Marshal(s) // a struct of numbers always encodes
	sum := sha256.Sum256(b)
	return RulesetBase + "+" + hex.EncodeToString(sum[:4])
}
