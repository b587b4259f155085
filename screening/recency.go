package screening

import "github.com/consentry/consentry/forms"

// The order of forms' Recency buckets, and their words, for the rules.

var recencyRank = map[string]int{
	forms.RecencyNever:        0,
	forms.RecencyOver12Months: 1,
	forms.RecencyPast12Months: 2,
	forms.RecencyPast3Months:  3,
	forms.RecencyPastMonth:    4,
	forms.RecencyNow:          5,
}

// within reports whether r is at least as recent as bucket: within(r,
// RecencyPast3Months) is true for "now", "past-month" and
// "past-3-months", that is for anything in the last 3 months.
func within(r, bucket string) bool {
	return r != forms.RecencyNever && recencyRank[r] >= recencyRank[bucket]
}

// ever reports whether r says it has happened at all.
func ever(r string) bool { return r != "" && r != forms.RecencyNever }

// recencyWords says a Recency in words for flag messages.
func recencyWords(r string) string {
	switch r {
	case forms.RecencyNow:
		return "in the last 2 weeks"
	case forms.RecencyPastMonth:
		return "2 weeks to 1 month ago"
	case forms.RecencyPast3Months:
		return "1 to 3 months ago"
	case forms.RecencyPast12Months:
		return "3 to 12 months ago"
	case forms.RecencyOver12Months:
		return "more than 12 months ago"
	}
	return r
}
