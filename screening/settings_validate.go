package screening

import (
	"fmt"

	"github.com/consentry/consentry/forms"
)

// Validate checks that every threshold is in a plausible range and that
// pairs are ordered (minimum below maximum). It returns a
// *forms.ValidationError naming each bad setting by its JSON pointer, or
// nil.
func (s Settings) Validate() error {
	var p problems
	between := func(ptr string, v, lo, hi int) {
		if v < lo || v > hi {
			p.add(ptr, "range", "must be between %d and %d", lo, hi)
		}
	}
	betweenF := func(ptr string, v, lo, hi float64) {
		if v < lo || v > hi {
			p.add(ptr, "range", "must be between %g and %g", lo, hi)
		}
	}
	between("/min_age", s.MinAge, 0, 100)
	if s.MaxAge != 0 && (s.MaxAge <= s.MinAge || s.MaxAge > 120) {
		p.add("/max_age", "range", "must be 0 (no upper limit) or above min_age and at most 120")
	}
	bp := func(ptr string, b BloodPressure) {
		between(ptr+"/systolic", b.Systolic, 90, 250)
		between(ptr+"/diastolic", b.Diastolic, 50, 150)
		if b.Systolic <= b.Diastolic {
			p.add(ptr, "order", "systolic must be above diastolic")
		}
	}
	bp("/in_clinic_bp_hold", s.InClinicHold)
	bp("/at_home_bp_hold", s.AtHomeHold)
	between("/at_home_heart_rate_max", s.AtHomeHeartRateMax, 50, 200)
	l := s.Session
	between("/session_exclusion/systolic_max", l.SystolicMax, 120, 250)
	between("/session_exclusion/systolic_min", l.SystolicMin, 60, 120)
	between("/session_exclusion/heart_rate_min", l.HeartRateMin, 30, 80)
	between("/session_exclusion/heart_rate_max", l.HeartRateMax, 90, 200)
	between("/session_exclusion/spo2_min", l.SpO2Min, 80, 100)
	between("/session_exclusion/respiratory_rate_min", l.RespiratoryRateMin, 4, 16)
	between("/session_exclusion/respiratory_rate_max", l.RespiratoryRateMax, 20, 60)
	betweenF("/fasting_food_hours", s.FastingFoodHours, 0, 24)
	betweenF("/fasting_clear_liquid_hours", s.FastingClearLiquidHours, 0, 24)
	betweenF("/benzodiazepine_diazepam_mg", s.BenzodiazepineDiazepamMg, 0, 200)
	between("/pcl5_cutoff", s.PCL5Cutoff, 1, 80)
	between("/auditc_cutoff_men", s.AUDITCCutoffMen, 1, 12)
	between("/auditc_cutoff_women", s.AUDITCCutoffWomen, 1, 12)
	bp("/discharge_bp_max", s.DischargeBP)
	between("/discharge_spo2_min", s.DischargeSpO2Min, 80, 100)
	between("/rems_monitoring_minutes", s.REMSMonitoringMinutes, 120, 600)
	between("/monitoring_minutes", s.MonitoringMinutes, 0, 600)
	return p.err()
}

// problems collects the settings' problems, as forms reports a request's.
type problems []forms.FieldError

func (p *problems) add(pointer, code, format string, args ...any) {
	*p = append(*p, forms.FieldError{Pointer: pointer, Code: code, Message: fmt.Sprintf(format, args...)})
}

// err returns nil when nothing was found.
func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	return &forms.ValidationError{Errors: p}
}
