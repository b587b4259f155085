// Package screening holds Consentry's screening rules (DOMAIN §3) as data,
// the facts they read, a clinic's thresholds (Settings, their validation
// and the rule-set stamp Version), and the Screener that applies them: to
// one valid submission (Assess) and to a patient's stored records
// (Screen), with the flags, scores and PHQ-9 and GAD-7 trends that come
// out. It also holds the medication knowledge the rules use (the
// benzodiazepine diazepam equivalences) and, per form kind, how decoded
// answers become facts and scores.
//
// It may import the standard library and package forms only: it reads
// the answers forms decodes and checks, and scores instruments with forms'
// scoring functions, passing the clinic's thresholds as plain numbers. It
// knows nothing of HTTP or of the database: the caller loads the records
// and the patient's details and passes the clock.
package screening
