package forms

import "time"

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

// CheckVitalsDate is the hook for the medical history's one clock check:
// the most recent vitals must not be dated after the server's today (one
// day's grace for time zones).
func CheckVitalsDate(a *MedicalHistoryAnswers, now time.Time) []FieldError {
	if a.Vitals == nil {
		return nil
	}
	d, err := time.Parse(time.DateOnly, a.Vitals.MeasuredOn)
	if err != nil {
		return nil
	}
	var p problems
	if d.After(now.UTC().Add(24 * time.Hour)) {
		p.add("/answers/vitals/measured_on", "future", "must not be in the future")
	}
	return p
}

// CheckContext runs the checks of a parsed submission that need the
// server's clock or the patient's stored records (CheckSession for a
// pre-session checklist, CheckVitalsDate for a medical history) and
// returns their problems, or nil. plan is the patient's current treatment
// plan, nil if none. Call it after ParseSubmission succeeded and before
// storing.
func (s *Submission) CheckContext(now time.Time, plan *TreatmentPlanAnswers) []FieldError {
	switch a := s.Answers.(type) {
	case *PreSessionChecklistAnswers:
		return CheckSession(a, plan, now)
	case *MedicalHistoryAnswers:
		return CheckVitalsDate(a, now)
	}
	return nil
}
