package forms

import (
	"sort"
	"time"
)

func sortStrings(s []string) { sort.Strings(s) }

// mustDate returns noon UTC of a YYYY-MM-DD date.
func mustDate(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t.Add(12 * time.Hour)
}
