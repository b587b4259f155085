package models

// migrations is the schema's history. Never edit a released migration; add
// a new one. SQL is written once for both engines, in SQLite's spelling of
// the three column types that differ (see columnTypes); SQLite and
// Postgres hold what only one engine has, such as triggers.
var migrations = []migration{
	{Version: 1, Name: "initial schema", SQL: []string{
		`CREATE TABLE api_keys (
			id TEXT PRIMARY KEY,
			name TEXT NOT NULL,
			role TEXT NOT NULL,
			hash TEXT NOT NULL UNIQUE,
			created_at TIMESTAMP NOT NULL,
			revoked_at TIMESTAMP)`,
		`CREATE TABLE patients (
			id TEXT PRIMARY KEY,
			external_id TEXT NOT NULL UNIQUE,
			given_name TEXT NOT NULL,
			family_name TEXT NOT NULL,
			birth_date TEXT NOT NULL,
			sex TEXT NOT NULL,
			email TEXT NOT NULL,
			phone TEXT NOT NULL,
			emergency_contact TEXT NOT NULL,
			created_by TEXT NOT NULL REFERENCES api_keys(id),
			created_at TIMESTAMP NOT NULL,
			updated_at TIMESTAMP NOT NULL)`,
		`CREATE TABLE submissions (
			id TEXT PRIMARY KEY,
			form TEXT NOT NULL,
			version TEXT NOT NULL,
			patient_id TEXT NOT NULL REFERENCES patients(id),
			created_by TEXT NOT NULL REFERENCES api_keys(id),
			created_at TIMESTAMP NOT NULL,
			body TEXT NOT NULL,
			body_sha256 TEXT NOT NULL,
			scores TEXT NOT NULL,
			flags TEXT NOT NULL)`,
		`CREATE INDEX submissions_by_patient ON submissions (patient_id, form, id)`,
		`CREATE TABLE documents (
			submission_id TEXT PRIMARY KEY REFERENCES submissions(id),
			sha256 TEXT NOT NULL,
			pages INTEGER NOT NULL,
			size INTEGER NOT NULL,
			pdf BLOB NOT NULL,
			created_at TIMESTAMP NOT NULL)`,
		`CREATE TABLE audit_events (
			seq INTEGER PRIMARY KEY,
			at TIMESTAMP NOT NULL,
			actor TEXT NOT NULL,
			role TEXT NOT NULL,
			action TEXT NOT NULL,
			subject TEXT NOT NULL,
			patient_id TEXT NOT NULL,
			ip TEXT NOT NULL,
			user_agent TEXT NOT NULL,
			data_hash TEXT NOT NULL,
			prev_hash TEXT NOT NULL,
			hash TEXT NOT NULL UNIQUE)`,
		`CREATE INDEX audit_events_by_patient ON audit_events (patient_id, seq)`,
	}, SQLite: []string{
		// Records are append-only: the database itself refuses edits.
		`CREATE TRIGGER submissions_append_only_u BEFORE UPDATE ON submissions
			BEGIN SELECT RAISE(ABORT, 'submissions are append-only'); END`,
		`CREATE TRIGGER submissions_append_only_d BEFORE DELETE ON submissions
			BEGIN SELECT RAISE(ABORT, 'submissions are append-only'); END`,
		`CREATE TRIGGER documents_append_only_u BEFORE UPDATE ON documents
			BEGIN SELECT RAISE(ABORT, 'documents are append-only'); END`,
		`CREATE TRIGGER documents_append_only_d BEFORE DELETE ON documents
			BEGIN SELECT RAISE(ABORT, 'documents are append-only'); END`,
		`CREATE TRIGGER audit_events_append_only_u BEFORE UPDATE ON audit_events
			BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END`,
		`CREATE TRIGGER audit_events_append_only_d BEFORE DELETE ON audit_events
			BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END`,
	}, Postgres: []string{
		// Records are append-only: the database itself refuses edits,
		// deletes and truncation.
		`CREATE FUNCTION consentry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$`,
		appendOnlyPG("submissions"),
		truncateOnlyPG("submissions"),
		appendOnlyPG("documents"),
		truncateOnlyPG("documents"),
		appendOnlyPG("audit_events"),
		truncateOnlyPG("audit_events"),
	}},
	{Version: 2, Name: "withdrawals, reviews and published form versions", SQL: []string{
		// A withdrawal or a review is a record of its own that refers to
		// the record it withdraws or reviews.
		`ALTER TABLE submissions ADD COLUMN refers_to TEXT NOT NULL DEFAULT ''`,
		`CREATE INDEX submissions_by_reference ON submissions (refers_to)`,
		`CREATE TABLE form_versions (
			kind TEXT NOT NULL,
			version TEXT NOT NULL,
			definition TEXT NOT NULL,
			published_at TIMESTAMP NOT NULL,
			published_by TEXT NOT NULL REFERENCES api_keys(id),
			PRIMARY KEY (kind, version))`,
		`CREATE INDEX audit_events_by_subject ON audit_events (subject, seq)`,
	}, SQLite: []string{
		`CREATE TRIGGER form_versions_append_only_u BEFORE UPDATE ON form_versions
			BEGIN SELECT RAISE(ABORT, 'published form versions never change'); END`,
		`CREATE TRIGGER form_versions_append_only_d BEFORE DELETE ON form_versions
			BEGIN SELECT RAISE(ABORT, 'published form versions never change'); END`,
	}, Postgres: []string{
		appendOnlyPG("form_versions"),
		truncateOnlyPG("form_versions"),
	}},
	{Version: 3, Name: "idempotency keys", SQL: []string{
		// A write's response, kept for retries that carry the same
		// Idempotency-Key from the same API key.
		`CREATE TABLE idempotency_keys (
			key_id TEXT NOT NULL REFERENCES api_keys(id),
			idem_key TEXT NOT NULL,
			request_hash TEXT NOT NULL,
			status INTEGER NOT NULL,
			content_type TEXT NOT NULL,
			location TEXT NOT NULL,
			body BLOB NOT NULL,
			created_at TIMESTAMP NOT NULL,
			PRIMARY KEY (key_id, idem_key))`,
	}},
	{Version: 4, Name: "find documents by hash", SQL: []string{
		`CREATE INDEX documents_by_sha256 ON documents (sha256)`,
	}},
	{Version: 5, Name: "screening rule set of each record", SQL: []string{
		`ALTER TABLE submissions ADD COLUMN ruleset TEXT NOT NULL DEFAULT ''`,
	}},
	{Version: 6, Name: "consent history in time order", SQL: []string{
		// Consent status and history read a patient's records oldest
		// first (created_at, id); this index hands them over in that
		// order without a sort, however many records the store holds.
		`CREATE INDEX submissions_by_patient_time ON submissions (patient_id, created_at, id)`,
	}},
	{Version: 7, Name: "indexes for the record list and the audit log filters", SQL: []string{
		// ListSubmissions without a form (a patient's records for a
		// clinician, a portal's own records for a portal): the patient's
		// records in id order from the cursor. Neither index above gives
		// id order without a form, so every page sorted all of the
		// patient's records and a cursor could not seek.
		`CREATE INDEX submissions_by_patient_id ON submissions (patient_id, id)`,
		// AuditEvents by actor and by action (GET /v1/audit/events?actor=
		// and ?action=): the matching events in seq order from the cursor.
		// Without them, a rare actor or action (an auditor's or a revoked
		// key, form.publish, audit.verify) is found by walking the whole
		// log.
		`CREATE INDEX audit_events_by_actor ON audit_events (actor, seq)`,
		`CREATE INDEX audit_events_by_action ON audit_events (action, seq)`,
	}},
	{Version: 8, Name: "signed checkpoints of the audit chain's head", SQL: []string{
		// A checkpoint is the clinic's signed statement that the chain
		// reached event seq with that event's hash at time at. The same
		// line goes to the checkpoint log outside the database, which is
		// what verification trusts; this table is the database's copy.
		// id is the hex SHA-256 of the signed bytes, so that two writers
		// stating the same thing store it once.
		`CREATE TABLE checkpoints (
			id TEXT PRIMARY KEY,
			seq BIGINT NOT NULL,
			hash TEXT NOT NULL,
			at TIMESTAMP NOT NULL,
			signature TEXT NOT NULL,
			cert_sha256 TEXT NOT NULL,
			timestamp_token TEXT NOT NULL,
			writer TEXT NOT NULL,
			created_at TIMESTAMP NOT NULL)`,
		`CREATE INDEX checkpoints_by_seq ON checkpoints (seq, at)`,
	}, SQLite: []string{
		`CREATE TRIGGER checkpoints_append_only_u BEFORE UPDATE ON checkpoints
			BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END`,
		`CREATE TRIGGER checkpoints_append_only_d BEFORE DELETE ON checkpoints
			BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END`,
	}, Postgres: []string{
		appendOnlyPG("checkpoints"),
		truncateOnlyPG("checkpoints"),
	}},
	{Version: 9, Name: "external ids unique per portal", SQLite: []string{
		// An external id (the clinic's MRN) is unique within the portal
		// key that created the patient, not across portals: a 409 on
		// another portal's MRN told that portal the patient exists.
		// SQLite can't drop a column's UNIQUE, so the table is rebuilt;
		// the records that refer to patients are checked at commit.
		`PRAGMA defer_foreign_keys = ON`,
		`CREATE TABLE patients_new (
			id TEXT PRIMARY KEY,
			external_id TEXT NOT NULL,
			given_name TEXT NOT NULL,
			family_name TEXT NOT NULL,
			birth_date TEXT NOT NULL,
			sex TEXT NOT NULL,
			email TEXT NOT NULL,
			phone TEXT NOT NULL,
			emergency_contact TEXT NOT NULL,
			created_by TEXT NOT NULL REFERENCES api_keys(id),
			created_at TIMESTAMP NOT NULL,
			updated_at TIMESTAMP NOT NULL)`,
		`INSERT INTO patients_new (id, external_id, given_name, family_name, birth_date, sex, email, phone,
			emergency_contact, created_by, created_at, updated_at)
			SELECT id, external_id, given_name, family_name, birth_date, sex, email, phone,
			emergency_contact, created_by, created_at, updated_at FROM patients`,
		`DROP TABLE patients`,
		`ALTER TABLE patients_new RENAME TO patients`,
		`CREATE UNIQUE INDEX patients_by_external_id ON patients (external_id, created_by)`,
	}, Postgres: []string{
		`ALTER TABLE patients DROP CONSTRAINT patients_external_id_key`,
		`CREATE UNIQUE INDEX patients_by_external_id ON patients (external_id, created_by)`,
	}},
	{Version: 10, Name: "document revisions: re-time-stamped PDFs", SQL: []string{
		// A revision is a stored record's PDF with incremental updates
		// appended (a fresh DSS and document time-stamp, PAdES B-LTA):
		// revision n's bytes start with revision n-1's (0 is the
		// document itself), exactly. The document row never changes.
		`CREATE TABLE document_revisions (
			submission_id TEXT NOT NULL REFERENCES submissions(id),
			revision INTEGER NOT NULL,
			sha256 TEXT NOT NULL,
			size INTEGER NOT NULL,
			pdf BLOB NOT NULL,
			reason TEXT NOT NULL,
			created_at TIMESTAMP NOT NULL,
			PRIMARY KEY (submission_id, revision))`,
		`CREATE INDEX document_revisions_by_sha256 ON document_revisions (sha256)`,
	}, SQLite: []string{
		`CREATE TRIGGER document_revisions_append_only_u BEFORE UPDATE ON document_revisions
			BEGIN SELECT RAISE(ABORT, 'document revisions are append-only'); END`,
		`CREATE TRIGGER document_revisions_append_only_d BEFORE DELETE ON document_revisions
			BEGIN SELECT RAISE(ABORT, 'document revisions are append-only'); END`,
	}, Postgres: []string{
		appendOnlyPG("document_revisions"),
		truncateOnlyPG("document_revisions"),
	}},
	{Version: 11, Name: "records of a form in time order", SQL: []string{
		// GET /v1/administrations: a date range of one form's records
		// across patients, for controlled-substance audits.
		`CREATE INDEX submissions_by_form_time ON submissions (form, created_at)`,
	}},
	{Version: 12, Name: "webhook endpoints and their outbox", SQL: []string{
		// An endpoint an admin registered: where events go and the
		// secret that signs them (see WebhookEndpoint for why the secret
		// is kept as it is). events is a JSON array of event types.
		`CREATE TABLE webhook_endpoints (
			id TEXT PRIMARY KEY,
			url TEXT NOT NULL,
			events TEXT NOT NULL,
			description TEXT NOT NULL,
			secret TEXT NOT NULL,
			previous_secret TEXT NOT NULL,
			previous_secret_until TIMESTAMP,
			active BOOLEAN NOT NULL,
			created_by TEXT NOT NULL REFERENCES api_keys(id),
			created_at TIMESTAMP NOT NULL,
			updated_at TIMESTAMP NOT NULL)`,
		// A message is one event, written in the transaction of the
		// record (or checkpoint) it tells of; its id is the webhook-id,
		// the same on every attempt and every endpoint. seq is the audit
		// seq of that record, which orders a patient's events.
		`CREATE TABLE webhook_messages (
			id TEXT PRIMARY KEY,
			type TEXT NOT NULL,
			patient_id TEXT NOT NULL,
			seq BIGINT NOT NULL,
			payload TEXT NOT NULL,
			created_at TIMESTAMP NOT NULL)`,
		// A delivery is one message to one endpoint that was subscribed
		// and active when the message was written: the outbox.
		`CREATE TABLE webhook_deliveries (
			id TEXT PRIMARY KEY,
			message_id TEXT NOT NULL REFERENCES webhook_messages(id),
			endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints(id),
			patient_id TEXT NOT NULL,
			seq BIGINT NOT NULL,
			status TEXT NOT NULL,
			attempts INTEGER NOT NULL,
			next_attempt_at TIMESTAMP NOT NULL,
			claimed_until TIMESTAMP,
			claim_token TEXT NOT NULL,
			last_error TEXT NOT NULL,
			last_status INTEGER NOT NULL,
			last_attempt_at TIMESTAMP,
			delivered_at TIMESTAMP,
			created_at TIMESTAMP NOT NULL)`,
		// The dispatcher's look for due work, and its check that no
		// earlier event of the patient is still pending at the endpoint.
		`CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at)`,
		`CREATE INDEX webhook_deliveries_in_order ON webhook_deliveries (endpoint_id, patient_id, status, seq)`,
		// GET /v1/webhooks/{id}/deliveries in id order.
		`CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, id)`,
	}},
	{Version: 13, Name: "patient portal invitations", SQL: []string{
		// A one-time link for one patient and a list of forms: only the
		// token's SHA-256 is stored.
		`CREATE TABLE invitations (
			id TEXT PRIMARY KEY,
			hash TEXT NOT NULL UNIQUE,
			patient_id TEXT NOT NULL REFERENCES patients(id),
			forms TEXT NOT NULL,
			created_by TEXT NOT NULL REFERENCES api_keys(id),
			created_at TIMESTAMP NOT NULL,
			expires_at TIMESTAMP NOT NULL,
			revoked_at TIMESTAMP,
			expired_at TIMESTAMP,
			kiosk BOOLEAN NOT NULL DEFAULT FALSE,
			claimed_at TIMESTAMP)`,
		// Kiosk invitations wait, oldest first, for the clinic's tablets.
		`CREATE INDEX invitations_for_kiosks ON invitations (kiosk, claimed_at, created_at)`,
		// A clinic's tablet in kiosk mode: only its token's SHA-256.
		`CREATE TABLE kiosks (
			id TEXT PRIMARY KEY,
			name TEXT NOT NULL,
			hash TEXT NOT NULL UNIQUE,
			created_by TEXT NOT NULL REFERENCES api_keys(id),
			created_at TIMESTAMP NOT NULL,
			revoked_at TIMESTAMP)`,
		// The invitation a record was signed through, or ''. Each form of
		// an invitation is signed once: two tabs that submit it together
		// store one record.
		`ALTER TABLE submissions ADD COLUMN invitation_id TEXT NOT NULL DEFAULT ''`,
		`CREATE UNIQUE INDEX submissions_by_invitation ON submissions (invitation_id, form) WHERE invitation_id <> ''`,
	}},
	{Version: 14, Name: "consent facts, and indexes that cover a patient's reads", SQLite: []string{
		// consent_facts: what consent status needs of each record
		// (ConsentFacts: the clauses a consent accepted, a withdrawal's
		// scope, a review's decision, an acknowledgement's rule and
		// actions), kept beside it at write time so that a status read
		// never decodes bodies. Records stored before this migration have
		// no row: their facts are derived from their bodies when read.
		// Verify checks every row against its record's body. WITHOUT
		// ROWID: a lookup by submission_id is one seek, not the primary
		// key's index and then the table.
		`CREATE TABLE consent_facts (
			submission_id TEXT PRIMARY KEY REFERENCES submissions(id),
			refers_to TEXT NOT NULL,
			facts TEXT NOT NULL) WITHOUT ROWID`,
		`CREATE TRIGGER consent_facts_append_only_u BEFORE UPDATE ON consent_facts
			BEGIN SELECT RAISE(ABORT, 'consent facts are append-only'); END`,
		`CREATE TRIGGER consent_facts_append_only_d BEFORE DELETE ON consent_facts
			BEGIN SELECT RAISE(ABORT, 'consent facts are append-only'); END`,
		// The indexes a patient's reads seek now hold the columns those
		// reads name, so that they need not visit the rows. A record's
		// row holds its body, tens of KB with a drawn signature in
		// overflow pages, and SQLite keeps the columns added later
		// (refers_to, ruleset) after it, so that reading them walked the
		// body's pages; and a patient's rows lie far apart, each a random
		// page. Consent status (patient_id, created_at, id) gains form
		// and version; the record list (patient_id, id) a receipt's
		// columns. On a store of 1,000,000 records each index takes some
		// 20 to 40 s to build, during which writes wait. (PostgreSQL
		// keeps large bodies out of line, so its rows stay small, and it
		// limits an index entry to about 2.7 KB, which flags could pass.)
		`DROP INDEX submissions_by_patient_time`,
		`CREATE INDEX submissions_by_patient_time ON submissions (patient_id, created_at, id, form, version)`,
		`DROP INDEX submissions_by_patient_id`,
		`CREATE INDEX submissions_by_patient_id ON submissions
			(patient_id, id, form, version, created_by, created_at, body_sha256, ruleset, scores, flags)`,
	}, Postgres: []string{
		`CREATE TABLE consent_facts (
			submission_id TEXT PRIMARY KEY REFERENCES submissions(id),
			refers_to TEXT NOT NULL,
			facts TEXT NOT NULL)`,
		appendOnlyPG("consent_facts"),
		truncateOnlyPG("consent_facts"),
	}},
}

// appendOnlyPG is PostgreSQL's trigger that refuses to update or delete a
// row of table.
func appendOnlyPG(table string) string {
	return "CREATE TRIGGER " + table + "_append_only BEFORE UPDATE OR DELETE ON " + table +
		" FOR EACH ROW EXECUTE FUNCTION consentry_append_only()"
}

// truncateOnlyPG is PostgreSQL's trigger that refuses to truncate table.
func truncateOnlyPG(table string) string {
	return "CREATE TRIGGER " + table + "_no_truncate BEFORE TRUNCATE ON " + table +
		" FOR EACH STATEMENT EXECUTE FUNCTION consentry_append_only()"
}
