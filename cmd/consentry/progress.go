package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"golang.org/x/term"
)

// isTerminal reports whether w is a terminal: an *os.File that is one.
// Anything else (a pipe, a file, a buffer in a test) is not.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// progress reports a long command's progress on stderr: on a terminal, one
// line redrawn in place with \r; anywhere else, a plain line at most every
// interval, so that logs and pipes get no control characters.
type progress struct {
	w        io.Writer
	tty      bool
	interval time.Duration
	last     time.Time
	drawn    bool
}

func newProgress(w io.Writer) *progress {
	return &progress{w: w, tty: isTerminal(w), interval: 10 * time.Second, last: time.Now()}
}

// update shows line, made only when it is shown.
func (p *progress) update(line func() string) {
	switch {
	case p.tty:
		fmt.Fprintf(p.w, "\r%s\x1b[K", line())
		p.drawn = true
	case time.Since(p.last) >= p.interval:
		fmt.Fprintln(p.w, line())
		p.last = time.Now()
	}
}

// done ends the terminal's progress line.
func (p *progress) done() {
	if p.drawn {
		fmt.Fprintln(p.w)
		p.drawn = false
	}
}
