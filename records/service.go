package records

import (
	"context"
	"errors"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
	"github.com/consentry/consentry/pdf"
	"github.com/consentry/consentry/pdf/seal"
	"github.com/consentry/consentry/screening"
)

// Store is what the use cases need of the database; *models.Store is the
// one implementation.
type Store interface {
	CreatePatient(ctx context.Context, p *models.Patient, ev models.Event) error
	Patient(ctx context.Context, id string) (*models.Patient, error)
	PatientsByExternalID(ctx context.Context, externalID, createdBy string) ([]models.Patient, error)

	CreateSubmission(ctx context.Context, s *models.Submission, d *models.Document, ev models.Event) (*models.AuditEvent, error)
	Submission(ctx context.Context, id string) (*models.Submission, error)
	Document(ctx context.Context, submissionID string) (*models.Document, error)
	DocumentInfo(ctx context.Context, submissionID string) (*models.Document, error)
	DocumentBySHA256(ctx context.Context, sha string) (*models.Document, error)
	AddDocumentRevision(ctx context.Context, rev *models.DocumentRevision, ev models.Event) (*models.AuditEvent, error)
	LatestDocument(ctx context.Context, submissionID string) (*models.DocumentRevision, error)
	DocumentRevisionBySHA256(ctx context.Context, sha string) (*models.DocumentRevision, error)
	SubmissionIDs(ctx context.Context, after string, limit int) ([]string, error)
	ListSubmissions(ctx context.Context, f models.SubmissionFilter) (*models.SubmissionPage, error)
	PatientRecords(ctx context.Context, patientID string, until time.Time, forms ...string) ([]models.Submission, error)
	LatestRecord(ctx context.Context, patientID, form string, until time.Time) (*models.Submission, error)
	StatusRecords(ctx context.Context, patientID string, until time.Time) ([]models.StatusRecord, error)
	RecordIDs(ctx context.Context, patientID string) ([]string, error)
	References(ctx context.Context, submissionID string) ([]models.Submission, error)
	FormRecords(ctx context.Context, form string, since, until time.Time) ([]models.Submission, error)

	CreateInvitation(ctx context.Context, inv *models.Invitation, ev models.Event) (string, error)
	Invitation(ctx context.Context, id string) (*models.Invitation, error)
	InvitationBySecret(ctx context.Context, token string) (*models.Invitation, error)
	InvitationSubmissions(ctx context.Context, invitationID string) ([]models.Submission, error)
	RevokeInvitation(ctx context.Context, id string, ev models.Event) (bool, error)
	ExpireInvitation(ctx context.Context, id string, ev models.Event) (bool, error)
	CreateKiosk(ctx context.Context, k *models.Kiosk, ev models.Event) (string, error)
	KioskBySecret(ctx context.Context, token string) (*models.Kiosk, error)
	WaitingKioskInvitations(ctx context.Context, now time.Time, limit int) ([]models.Invitation, error)
	ClaimInvitation(ctx context.Context, id string, ev models.Event) (string, error)
	KioskByID(ctx context.Context, id string) (*models.Kiosk, error)
	RevokeKiosk(ctx context.Context, id string, ev models.Event) (bool, error)

	PublishFormVersion(ctx context.Context, v *models.FormVersion, ev models.Event) error
	FormVersions(ctx context.Context) ([]models.FormVersion, error)
	CountFormVersions(ctx context.Context) (int64, error)

	Record(ctx context.Context, ev models.Event) error
	AuditEvents(ctx context.Context, f models.EventFilter) ([]models.AuditEvent, error)
	ChainHead(ctx context.Context) (*models.AuditEvent, error)
	Verify(ctx context.Context, progress func(int64)) (*models.Verification, error)
	Checkpoints(ctx context.Context, fn func([]models.Checkpoint) error) error
	EventHashes(ctx context.Context, seqs []int64) (map[int64]string, error)

	CreateWebhookEndpoint(ctx context.Context, ep *models.WebhookEndpoint, ev models.Event) error
	WebhookEndpoint(ctx context.Context, id string) (*models.WebhookEndpoint, error)
	WebhookEndpoints(ctx context.Context) ([]models.WebhookEndpoint, error)
	UpdateWebhookEndpoint(ctx context.Context, ep *models.WebhookEndpoint, ev models.Event) error
	RotateWebhookSecret(ctx context.Context, id string, overlap time.Duration, ev models.Event) (*models.WebhookEndpoint, error)
	DeleteWebhookEndpoint(ctx context.Context, id string, ev models.Event) error
	WebhookDeliveries(ctx context.Context, f models.DeliveryFilter) (*models.DeliveryPage, error)
}

// Config is what a Service is made of; cmd builds it.
type Config struct {
	Store     Store
	Catalogue *forms.Catalogue
	// Screener scores and screens submissions under the clinic's
	// settings.
	Screener *screening.Screener
	// Sealer signs every stored PDF with the clinic's certificate.
	Sealer *seal.Sealer
	// Clock is the server's one clock, shared with the store.
	Clock models.Clock
	// ClinicName is printed on every record.
	ClinicName string
	// Reconsent is how long a signed consent stays in force; zero means
	// it does not expire.
	Reconsent time.Duration
	// CatalogueRefresh is how often a replica looks for form versions
	// that other replicas published. It defaults to one second.
	CatalogueRefresh time.Duration
	// CheckpointLog is the path of the checkpoint log that chain
	// verification checks the chain against; "" checks the database's
	// checkpoints only.
	CheckpointLog string
	// Observer is told the render, seal and store time of every sealed
	// record and the flags it raised; nil observes nothing.
	Observer Observer
	// WebhookURLs refuses webhook endpoint URLs that are not allowed
	// (SSRF); nil refuses every URL.
	WebhookURLs URLChecker
}

// Service runs the use cases. It is safe for concurrent use.
type Service struct {
	store     Store
	catalogue *forms.Catalogue
	screener  *screening.Screener
	sealer    *seal.Sealer
	clock     models.Clock
	clinic    string
	reconsent time.Duration
	validator *forms.Validator
	published *publishedForms
	// checkpointLog is Config.CheckpointLog.
	checkpointLog string
	// documents caches stored records and their PDFs for downloads.
	documents *lru.Cache[string, cachedDocument]
	// sealCertificate is the sealer's certificate as records print it.
	sealCertificate *pdf.Certificate
	// observer is Config.Observer, or one that observes nothing.
	observer Observer
	// webhookURLs is Config.WebhookURLs.
	webhookURLs URLChecker
}

// New checks cfg and returns its Service. A missing store, catalogue,
// screener, sealer or clock is an error.
func New(cfg Config) (*Service, error) {
	switch {
	case cfg.Store == nil:
		return nil, errors.New("records: no store")
	case cfg.Catalogue == nil:
		return nil, errors.New("records: no form catalogue")
	case cfg.Screener == nil:
		return nil, errors.New("records: no screener")
	case cfg.Sealer == nil:
		return nil, errors.New("records: no sealer: every stored PDF is sealed")
	case cfg.Clock == nil:
		return nil, errors.New("records: no clock")
	}
	if cfg.Observer == nil {
		cfg.Observer = noObserver{}
	}
	if cfg.CatalogueRefresh <= 0 {
		cfg.CatalogueRefresh = time.Second
	}
	return &Service{
		store: cfg.Store, catalogue: cfg.Catalogue, screener: cfg.Screener, sealer: cfg.Sealer,
		clock: cfg.Clock, clinic: cfg.ClinicName, reconsent: cfg.Reconsent,
		validator:       forms.NewValidator(),
		published:       &publishedForms{catalogue: cfg.Catalogue, store: cfg.Store, interval: cfg.CatalogueRefresh},
		checkpointLog:   cfg.CheckpointLog,
		documents:       newDocumentCache(),
		sealCertificate: certificateOf(cfg.Sealer.Cert),
		observer:        cfg.Observer,
		webhookURLs:     cfg.WebhookURLs,
	}, nil
}
