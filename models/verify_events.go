package models

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"
)

// The chain walk reads the audit log with database/sql rather than
// GORM's Find: GORM builds every row by reflection, a string for each of
// its twelve columns, and that was 89 % of verification's time. Here each
// row is scanned into the same sql.RawBytes buffers (the driver's bytes,
// no strings made), its canonical bytes are built into one reused buffer
// from those bytes, and hashes are compared as hex bytes.

// chainBatch is how many events one query of the chain walk reads: large
// enough that the round trips do not count, small enough that no query
// runs long (PostgreSQL's statement_timeout) or holds an old snapshot (a
// SQLite WAL that cannot be checkpointed) for long.
const chainBatch = 20000

// chainColumns are the audit event columns the walk reads, in
// canonical order: seq, at, the canonicalFields, then hash.
const chainColumns = "seq, at, actor, role, action, subject, patient_id, ip, user_agent, data_hash, prev_hash, hash"

// chainColumnsSQLite reads the same columns with the ten text ones packed
// into one: SQLite's driver pays several locked calls into the engine and
// a string for every column of every row (most of the walk's time, by the
// profile), so one text column costs far less than ten. Each field is
// framed by its length in bytes, "<len>:<bytes>", so that any content,
// a separator included, unpacks exactly as it is stored.
var chainColumnsSQLite = func() string {
	cols := []string{"actor", "role", "action", "subject", "patient_id", "ip", "user_agent", "data_hash", "prev_hash", "hash"}
	packed := ""
	for i, c := range cols {
		if i > 0 {
			packed += " || "
		}
		// length() of a BLOB counts bytes (of text, characters);
		// the value itself joins as it is.
		packed += "length(CAST(" + c + " AS BLOB)) || ':' || " + c
	}
	return "seq, at, " + packed
}()

// chainRow is one scanned event: its raw column bytes are valid until the
// next row is scanned.
type chainRow struct {
	seq    int64
	at     time.Time
	fields [canonicalFields]sql.RawBytes
	hash   sql.RawBytes
	packed sql.RawBytes // SQLite: the text fields, framed (chainColumnsSQLite)
	pack   bool         // the row is read as chainColumnsSQLite
	dest   []any
}

func newChainRow(engine string) *chainRow {
	r := &chainRow{pack: engine == EngineSQLite}
	r.dest = []any{&r.seq, &r.at}
	if r.pack {
		r.dest = append(r.dest, &r.packed)
		return r
	}
	for i := range r.fields {
		r.dest = append(r.dest, &r.fields[i])
	}
	r.dest = append(r.dest, &r.hash)
	return r
}

// scan reads the current row of rows into r, and reports whether its
// packed fields (SQLite) were well framed; a row that is not cannot match
// its hash.
func (r *chainRow) scan(rows *sql.Rows) (ok bool, err error) {
	if err := rows.Scan(r.dest...); err != nil {
		return false, err
	}
	if !r.pack {
		return true, nil
	}
	rest := []byte(r.packed)
	for i := 0; i <= canonicalFields; i++ {
		colon := bytes.IndexByte(rest, ':')
		n, err := strconv.Atoi(string(rest[:max(colon, 0)]))
		if colon < 0 || err != nil || n < 0 || n > len(rest)-colon-1 {
			return false, nil
		}
		field := rest[colon+1 : colon+1+n : colon+1+n]
		if i < canonicalFields {
			r.fields[i] = field
		} else {
			r.hash = field
		}
		rest = rest[colon+1+n:]
	}
	return len(rest) == 0, nil
}

// prevHash is the event's prev_hash.
func (r *chainRow) prevHash() []byte { return r.fields[canonicalFields-1] }

// verifyEvents recomputes the audit chain: every event's hash from its
// canonical bytes, its link to the event before, and gaps in the
// sequence. progress, if not nil, is called after each batch.
func (s *Store) verifyEvents(ctx context.Context, v *Verification,
	add func(kind, subject, format string, args ...any), progress func(int64)) error {
	prev, next := []byte(GenesisHash), int64(1)
	row := newChainRow(s.engine)
	cols := chainColumns
	if s.engine == EngineSQLite {
		cols = chainColumnsSQLite
	}
	var (
		canon []byte
		sum   [sha256.Size]byte
		got   [2 * sha256.Size]byte
	)
	db := s.db.WithContext(ctx)
	for {
		rows, err := db.Raw("SELECT "+cols+" FROM audit_events WHERE seq >= ? ORDER BY seq LIMIT ?",
			next, chainBatch).Rows()
		if err != nil {
			return translate(err)
		}
		n := 0
		for rows.Next() {
			framed, err := row.scan(rows)
			if err != nil {
				rows.Close()
				return translate(err)
			}
			n++
			if !framed {
				add(ProblemEventEdited, eventSubject(row.seq), "the event's stored fields can't be read")
				prev, next = prev[:0], row.seq+1
				v.EventsChecked++
				continue
			}
			canon = appendCanonical(canon[:0], row.seq, row.at, &row.fields)
			sum = sha256.Sum256(canon)
			hex.Encode(got[:], sum[:])
			if row.seq != next {
				add(ProblemEventMissing, eventSubject(row.seq), "events %d to %d are missing", next, row.seq-1)
			}
			if !bytes.Equal(got[:], row.hash) {
				add(ProblemEventEdited, eventSubject(row.seq), "the event's content does not match its hash")
			}
			if !bytes.Equal(row.prevHash(), prev) {
				add(ProblemEventLink, eventSubject(row.seq), "prev_hash does not match the hash of the event before it")
			}
			prev, next = append(prev[:0], row.hash...), row.seq+1
			v.EventsChecked++
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return translate(err)
		}
		if progress != nil {
			progress(v.EventsChecked)
		}
		if n < chainBatch {
			return nil
		}
	}
}

// eventSubject names an event in a problem.
func eventSubject(seq int64) string { return fmt.Sprintf("event/%d", seq) }
