package models

import "gorm.io/gorm"

// Advisory lock keys, one per thing that writers take turns at. They are
// arbitrary 64-bit constants, fixed forever: every replica must agree.
const (
	// lockChain serialises appends to the audit chain.
	lockChain int64 = 0x636f6e73656e7401 // "consent" 0x01
	// lockMigrate serialises schema migrations.
	lockMigrate int64 = 0x636f6e73656e7402
	// lockFirstKey lets one replica make the first admin key.
	lockFirstKey int64 = 0x636f6e73656e7403
)

// lock takes the named lock for the rest of tx. On SQLite every write
// transaction begins IMMEDIATE and so already holds the database's single
// write lock; on PostgreSQL it is a transaction-level advisory lock, which
// other writers of the same key wait for and which readers never see.
func (s *Store) lock(tx *gorm.DB, key int64) error {
	if s.engine != EnginePostgres {
		return nil
	}
	return tx.Exec("SELECT pg_advisory_xact_lock(?)", key).Error
}
