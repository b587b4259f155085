package forms

import (
	"reflect"
	"time"
)

// CheckSession is the hook for the checks of a pre-session checklist that
// need the database and the clock: the caller passes the patient's
// current treatment plan (nil if there is none) and the server's time. It
// returns the problems to report as a 422 alongside ParseSubmission's:
// no plan, a session before the plan's start date, a route other than the
// plan's, or a session date other than today (one day either side is
// allowed for time zones). Call it for every pre-session-checklist
// submission before storing it.
func CheckSession(a *PreSessionChecklistAnswers, plan *TreatmentPlanAnswers, now time.Time) []FieldError {
	var p problems
	day, ok := a.Date()
	if !ok {
		return nil // reported by ParseSubmission
	}
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	if d := day.Sub(today); d < -24*time.Hour || d > 24*time.Hour {
		p.add("/answers/session_date", "not_today", "must be today's date: a checklist is filled in on the day of the session")
	}
	if plan == nil {
		p.add("/patient_id", "no_treatment_plan", "the patient has no treatment plan; a clinician must sign one before the first session")
		return p
	}
	if start, err := time.Parse(time.DateOnly, plan.StartDate); err == nil && day.Before(start) {
		p.add("/answers/session_date", "before_plan_start", "must not be before the treatment plan's start date, %s", plan.StartDate)
	}
	if a.Route != "" && a.Route != plan.Route {
		p.add("/answers/route", "route_mismatch", "must be the treatment plan's route, %s; a change of route needs a new plan", plan.Route)
	}
	return p
}

// parsePreSessionChecklist decodes and checks pre-session checklist answers (kindSpec.parse).
func parsePreSessionChecklist(_ *Definition, req *SubmissionRequest, v *Validator) (any, problems) {
	return parseAnswers(req, v, func(a *PreSessionChecklistAnswers, p *problems) {
		if vt := a.Vitals; vt != nil && vt.Systolic != nil && vt.Diastolic != nil && *vt.Systolic <= *vt.Diastolic {
			p.add("/answers/vitals/diastolic", "order", "must be lower than the systolic pressure")
		}
	})
}

func preSessionChecklistSchema(*Definition) map[string]any {
	return schemaOf(reflect.TypeFor[PreSessionChecklistAnswers]())
}
