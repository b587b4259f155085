package forms

// Recency answers "when did this last happen?" in buckets a patient can
// answer without a calendar. The buckets do not overlap: "past-month"
// means between two weeks and one month ago, and so on.
const (
	// RecencyNever means it has never happened.
	RecencyNever = "never"
	// RecencyOver12Months means more than 12 months ago.
	RecencyOver12Months = "over-12-months"
	// RecencyPast12Months means 3 to 12 months ago.
	RecencyPast12Months = "past-12-months"
	// RecencyPast3Months means 1 to 3 months ago.
	RecencyPast3Months = "past-3-months"
	// RecencyPastMonth means 2 weeks to 1 month ago.
	RecencyPastMonth = "past-month"
	// RecencyNow means within the last 2 weeks, or still going on. Two
	// weeks is the window of the PHQ-9 and GAD-7.
	RecencyNow = "now"
)

// recencyOneOf is the validate tag value listing every Recency, oldest
// first.
const recencyOneOf = "never over-12-months past-12-months past-3-months past-month now"
