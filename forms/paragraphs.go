package forms

import "regexp"

// paragraphsPattern is the pattern for free text that may run to several
// paragraphs: like "text" (no control characters, no space at either
// end) but line feeds are allowed inside. Shared by the server check and
// the published schema.
const paragraphsPattern = `^[^\s\x00-\x1f\x7f-\x9f` + invisibleChars + `]([^\x00-\x09\x0b-\x1f\x7f-\x9f` + invisibleChars + `]*[^\s\x00-\x1f\x7f-\x9f` + invisibleChars + `])?$`

var paragraphsRE = regexp.MustCompile(paragraphsPattern)

// checkParagraphs checks an optional free-text answer of at most max
// characters. Empty is allowed; required-ness is the tags' job.
func checkParagraphs(s string, max int, ptr string, p *problems) {
	if s == "" {
		return
	}
	if n := len([]rune(s)); n > max {
		p.add(ptr, "max", "must be at most %d characters long", max)
	} else if !paragraphsRE.MatchString(s) {
		p.add(ptr, "text", "must not start or end with spaces or contain control characters other than line breaks, or invisible formatting characters (such as direction overrides)")
	}
}

// paragraphsSchema is the schema of such a member.
func paragraphsSchema(max int, desc string) map[string]any {
	return map[string]any{"type": "string", "maxLength": max, "pattern": paragraphsPattern, "description": desc}
}
