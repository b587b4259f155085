package seal

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// appendTextString appends s as a PDF text string (ISO 32000-1, 7.9.2.2):
// a literal string when s is printable ASCII, otherwise UTF-16BE with a
// byte order mark, written in hex.
func appendTextString(dst []byte, s string) []byte {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			ascii = false
			break
		}
	}
	if ascii {
		dst = append(dst, '(')
		for i := 0; i < len(s); i++ {
			if c := s[i]; c == '(' || c == ')' || c == '\\' {
				dst = append(dst, '\\')
			}
			dst = append(dst, s[i])
		}
		return append(dst, ')')
	}
	const digits = "0123456789ABCDEF"
	dst = append(dst, "<FEFF"...)
	var units [2]uint16
	for _, r := range s {
		for _, u := range utf16.AppendRune(units[:0], r) {
			dst = append(dst, digits[u>>12], digits[u>>8&15], digits[u>>4&15], digits[u&15])
		}
	}
	return append(dst, '>')
}

// appendDate appends t, in UTC, as a PDF date string (ISO 32000-1, 7.9.4).
func appendDate(dst []byte, t time.Time) []byte {
	dst = append(dst, '(')
	dst = t.UTC().AppendFormat(dst, "D:20060102150405")
	return append(dst, "Z)"...)
}

// parseDate reads a PDF date string's text (ISO 32000-1, 7.9.4), such as
// "D:20261114170310Z" or "D:20261114180310+01'00'": every part after the
// year may be left out. It returns the zero time for anything else.
func parseDate(s string) time.Time {
	s, _ = strings.CutPrefix(s, "D:")
	var f [6]int // year, month, day, hour, minute, second
	f[1], f[2] = 1, 1
	widths := [6]int{4, 2, 2, 2, 2, 2}
	for i, w := range widths {
		if len(s) < w || !allDigits([]byte(s[:w])) {
			if i == 0 || (s != "" && isDigit(s[0])) {
				return time.Time{}
			}
			break
		}
		f[i], _ = strconv.Atoi(s[:w])
		s = s[w:]
	}
	offset := 0
	switch {
	case s == "" || s == "Z" || strings.HasPrefix(s, "Z00'00") || s == "Z00":
	case s[0] == '+' || s[0] == '-':
		zone := strings.ReplaceAll(s[1:], "'", "")
		if len(zone) != 2 && len(zone) != 4 || !allDigits([]byte(zone)) {
			return time.Time{}
		}
		h, _ := strconv.Atoi(zone[:2])
		m := 0
		if len(zone) == 4 {
			m, _ = strconv.Atoi(zone[2:])
		}
		offset = (h*60 + m) * 60
		if s[0] == '-' {
			offset = -offset
		}
	default:
		return time.Time{}
	}
	if f[1] < 1 || f[1] > 12 || f[2] < 1 || f[2] > 31 || f[3] > 23 || f[4] > 59 || f[5] > 59 {
		return time.Time{}
	}
	t := time.Date(f[0], time.Month(f[1]), f[2], f[3], f[4], f[5], 0, time.FixedZone("", offset))
	if t.Day() != f[2] {
		return time.Time{} // e.g. February 30
	}
	return t.UTC()
}

// textString decodes the PDF text string o: UTF-16BE or UTF-8 with a byte
// order mark, else PDFDocEncoding, read as Latin-1.
func textString(b []byte, o object) string {
	var raw []byte
	switch o.kind {
	case kindString:
		raw = unescapeLiteral(b[o.start+1 : o.end-1])
	case kindHex:
		raw = decodeHex(b[o.start+1 : o.end-1])
	default:
		return ""
	}
	switch {
	case len(raw) >= 2 && raw[0] == 0xfe && raw[1] == 0xff:
		units := make([]uint16, 0, len(raw)/2)
		for i := 2; i+1 < len(raw); i += 2 {
			units = append(units, uint16(raw[i])<<8|uint16(raw[i+1]))
		}
		return string(utf16.Decode(units))
	case len(raw) >= 3 && raw[0] == 0xef && raw[1] == 0xbb && raw[2] == 0xbf:
		return string(raw[3:])
	}
	s := make([]byte, 0, len(raw))
	for _, c := range raw {
		s = utf8.AppendRune(s, rune(c))
	}
	return string(s)
}

// decodeHex decodes the body of a hex string, ignoring white space; a final
// odd digit counts as followed by 0.
func decodeHex(s []byte) []byte {
	out := make([]byte, 0, len(s)/2)
	hi := -1
	for _, c := range s {
		v := hexValue(c)
		switch {
		case v < 0:
			continue
		case hi < 0:
			hi = v
		default:
			out = append(out, byte(hi<<4|v))
			hi = -1
		}
	}
	if hi >= 0 {
		out = append(out, byte(hi<<4))
	}
	return out
}

// unescapeLiteral decodes the body of a literal string.
func unescapeLiteral(s []byte) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\r' {
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			out = append(out, '\n')
			continue
		}
		if c != '\\' || i+1 == len(s) {
			out = append(out, c)
			continue
		}
		i++
		switch c = s[i]; c {
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case '\n':
		case '0', '1', '2', '3', '4', '5', '6', '7':
			v := int(c - '0')
			for n := 1; n < 3 && i+1 < len(s) && '0' <= s[i+1] && s[i+1] <= '7'; n++ {
				i++
				v = v*8 + int(s[i]-'0')
			}
			out = append(out, byte(v))
		default:
			out = append(out, c)
		}
	}
	return out
}
