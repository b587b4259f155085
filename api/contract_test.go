package api

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/consentry/consentry"
	"github.com/consentry/consentry/forms"
	"github.com/consentry/consentry/models"
)

// The contract, openapi.yaml, loaded once for every test of the package.
var (
	contractOnce   sync.Once
	contractDoc    *openapi3.T
	contractRouter routers.Router
	contractErr    error
)

// contractOptions are the options every response is validated with:
// undeclared statuses fail, and uuid and email formats are checked.
var contractOptions = &openapi3filter.Options{
	IncludeResponseStatus: true,
	MultiError:            true,
	SchemaValidationOptions: []openapi3.SchemaValidationOption{
		openapi3.WithStringFormatValidator("uuid", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForUUIDOfRFC9562)),
		openapi3.WithStringFormatValidator("email", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForEmail)),
	},
}

// loadContract parses the embedded openapi.yaml (without validating the
// document: TestOpenAPIIsValid does that) and builds its router.
func loadContract() (*openapi3.T, routers.Router, error) {
	contractOnce.Do(func() {
		// Bodies the API sends that kin-openapi has no decoder for. Their
		// schemas only say "a string"; status, content type and headers
		// are still checked.
		openapi3filter.RegisterBodyDecoder("application/pdf", openapi3filter.FileBodyDecoder)
		openapi3filter.RegisterBodyDecoder("application/zip", openapi3filter.FileBodyDecoder)
		openapi3filter.RegisterBodyDecoder("text/html", openapi3filter.PlainBodyDecoder)
		openapi3filter.RegisterBodyDecoder("text/javascript", openapi3filter.PlainBodyDecoder)

		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromData(consentry.OpenAPI)
		if err != nil {
			contractErr = fmt.Errorf("load openapi.yaml: %w", err)
			return
		}
		// The router validates the document too; its servers ("/") would
		// only get in the way of matching paths.
		routed := *doc
		routed.Servers = nil
		r, err := legacy.NewRouter(&routed)
		if err != nil {
			contractErr = fmt.Errorf("route openapi.yaml: %w", err)
			return
		}
		contractDoc, contractRouter = doc, r
	})
	return contractDoc, contractRouter, contractErr
}

// mustContract returns the contract or stops the test.
func mustContract(tb testing.TB) (*openapi3.T, routers.Router) {
	tb.Helper()
	doc, r, err := loadContract()
	if err != nil {
		tb.Fatal(err)
	}
	return doc, r
}

// checkResponse fails the test unless rec is a response that openapi.yaml
// allows for req: the operation exists, and the status, content type,
// declared headers and body all validate against it. A JSON body must
// moreover carry no member that the schema does not name (responses are
// open for clients, who must tolerate new members, but the contract must
// list every member the server sends).
//
// A request for a route that the contract does not have must have been
// refused by the server too: it must be a 404 or 405 problem, or a 401
// for an unmatched path under /v1, where keys are checked first.
func checkResponse(tb testing.TB, req *http.Request, rec *httptest.ResponseRecorder) {
	tb.Helper()
	doc, router := mustContract(tb)
	where := fmt.Sprintf("%s %s → %d", req.Method, req.URL.RequestURI(), rec.Code)

	route, pathParams, err := router.FindRoute(req)
	if err != nil {
		// No operation of the contract has this path and method.
		checkUnroutedResponse(tb, doc, req, where, rec, err)
		return
	}

	body := rec.Body.Bytes()
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request:    req,
			PathParams: pathParams,
			Route:      route,
			Options:    contractOptions,
		},
		Status:  rec.Code,
		Header:  rec.Header(),
		Body:    io.NopCloser(bytes.NewReader(body)),
		Options: contractOptions,
	}
	if err := openapi3filter.ValidateResponse(context.Background(), input); err != nil {
		tb.Errorf("contract: %s (%s %s): response does not match openapi.yaml: %v\nbody: %s",
			where, route.Method, route.Path, err, excerpt(body))
		return
	}
	if req.Method == http.MethodHead {
		return
	}
	mt := mediaType(rec.Header().Get(echo.HeaderContentType))
	if mt == "application/pdf" && !bytes.HasPrefix(body, []byte("%PDF-")) {
		tb.Errorf("contract: %s: an application/pdf body that is not a PDF: %s", where, excerpt(body))
	}
	if mt == "application/zip" && rec.Code == http.StatusOK {
		checkExportArchive(tb, doc, where, body)
	}
	if mt != "application/json" && mt != "application/problem+json" {
		return
	}
	resp := route.Operation.Responses.Status(rec.Code)
	if resp == nil || resp.Value == nil {
		return
	}
	media := resp.Value.Content.Get(rec.Header().Get(echo.HeaderContentType))
	if media == nil || media.Schema == nil {
		return
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		tb.Errorf("contract: %s: body is not JSON: %v", where, err)
		return
	}
	var extra []string
	undocumentedMembers(media.Schema, v, "", &extra)
	if len(extra) > 0 {
		tb.Errorf("contract: %s (%s %s): the response has members openapi.yaml does not describe: %s",
			where, route.Method, route.Path, strings.Join(extra, ", "))
	}
}

// corsPreflight reports whether rec is the 204 answer to a CORS
// preflight from an allowed origin: empty, with the origin allowed.
func corsPreflight(req *http.Request, rec *httptest.ResponseRecorder) bool {
	return req.Method == http.MethodOptions && rec.Code == http.StatusNoContent && rec.Body.Len() == 0 &&
		req.Header.Get(echo.HeaderAccessControlRequestMethod) != "" &&
		rec.Header().Get(echo.HeaderAccessControlAllowOrigin) == req.Header.Get(echo.HeaderOrigin) &&
		rec.Header().Get(echo.HeaderXRequestID) != ""
}

// checkUnroutedResponse checks the response to a request the contract has
// no operation for: the server must have refused it as well.
func checkUnroutedResponse(tb testing.TB, doc *openapi3.T, req *http.Request, where string,
	rec *httptest.ResponseRecorder, routeErr error) {
	tb.Helper()
	switch {
	case corsPreflight(req, rec):
		// A browser's CORS preflight from a configured origin (cors.go):
		// answered for every path, documented in the contract's
		// description rather than as an operation per path.
		return
	case rec.Code == http.StatusNotFound, rec.Code == http.StatusMethodNotAllowed:
	case rec.Code == http.StatusUnauthorized && strings.HasPrefix(req.URL.Path, "/v1/"):
		// Unknown paths under /v1 reach the key check before the 404.
	default:
		tb.Errorf("contract: %s: the server answered a request that openapi.yaml has no operation for (%v); "+
			"document the route or refuse it", where, routeErr)
		return
	}
	if rec.Header().Get(echo.HeaderXRequestID) == "" {
		tb.Errorf("contract: %s: no X-Request-Id", where)
	}
	if ct := rec.Header().Get(echo.HeaderContentType); mediaType(ct) != "application/problem+json" {
		tb.Errorf("contract: %s: the refusal is %q, not application/problem+json", where, ct)
		return
	}
	if req.Method == http.MethodHead {
		return
	}
	var v any
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		tb.Errorf("contract: %s: the problem is not JSON: %v", where, err)
		return
	}
	if err := doc.Components.Schemas["Problem"].Value.VisitJSON(v, schemaOptions()...); err != nil {
		tb.Errorf("contract: %s: the body is not a Problem: %v", where, err)
	}
	if p, ok := v.(map[string]any); ok && p["status"] != float64(rec.Code) {
		tb.Errorf("contract: %s: problem status %v differs from the HTTP status", where, p["status"])
	}
}

// checkExportArchive checks the ZIP of GET /v1/patients/{id}/export
// against what openapi.yaml says of it: manifest.json is an
// ExportManifest, each line of audit-events.jsonl an AuditEvent (neither
// with undocumented members), each record's file is in the archive, is a
// PDF and hashes to its document_sha256, and the archive holds nothing
// else.
func checkExportArchive(tb testing.TB, doc *openapi3.T, where string, body []byte) {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		tb.Errorf("contract: %s: an application/zip body that is not a ZIP: %v", where, err)
		return
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			tb.Errorf("contract: %s: %s cannot be opened: %v", where, f.Name, err)
			return
		}
		files[f.Name], err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			tb.Errorf("contract: %s: %s cannot be read: %v", where, f.Name, err)
			return
		}
	}
	conforms := func(name, schema string, raw []byte) bool {
		ref := doc.Components.Schemas[schema]
		if ref == nil || ref.Value == nil {
			tb.Errorf("contract: openapi.yaml has no %s schema", schema)
			return false
		}
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			tb.Errorf("contract: %s: %s is not JSON: %v", where, name, err)
			return false
		}
		if err := ref.Value.VisitJSON(v, schemaOptions()...); err != nil {
			tb.Errorf("contract: %s: %s is not a %s: %v", where, name, schema, err)
			return false
		}
		var extra []string
		undocumentedMembers(ref, v, "", &extra)
		if len(extra) > 0 {
			tb.Errorf("contract: %s: %s has members openapi.yaml's %s does not describe: %s",
				where, name, schema, strings.Join(extra, ", "))
			return false
		}
		return true
	}

	raw, ok := files["manifest.json"]
	if !ok {
		tb.Errorf("contract: %s: the archive has no manifest.json", where)
		return
	}
	if !conforms("manifest.json", "ExportManifest", raw) {
		return
	}
	var m struct {
		Records []struct {
			File           string `json:"file"`
			DocumentSHA256 string `json:"document_sha256"`
		} `json:"records"`
		EventsFile string `json:"events_file"`
		EventCount int    `json:"event_count"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		tb.Errorf("contract: %s: manifest.json: %v", where, err)
		return
	}
	listed := map[string]bool{"manifest.json": true, m.EventsFile: true}
	for _, r := range m.Records {
		listed[r.File] = true
		pdf, ok := files[r.File]
		sum := sha256.Sum256(pdf)
		switch {
		case !ok:
			tb.Errorf("contract: %s: the manifest lists %s, which the archive lacks", where, r.File)
		case !bytes.HasPrefix(pdf, []byte("%PDF-")):
			tb.Errorf("contract: %s: %s is not a PDF", where, r.File)
		case hex.EncodeToString(sum[:]) != r.DocumentSHA256:
			tb.Errorf("contract: %s: %s does not hash to its document_sha256", where, r.File)
		}
	}
	for name := range files {
		if !listed[name] {
			tb.Errorf("contract: %s: the archive holds %s, which openapi.yaml does not describe", where, name)
		}
	}
	events, ok := files[m.EventsFile]
	if !ok {
		tb.Errorf("contract: %s: the archive has no %s", where, m.EventsFile)
		return
	}
	sc := bufio.NewScanner(bytes.NewReader(events))
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		n++
		if !conforms(fmt.Sprintf("%s line %d", m.EventsFile, n), "AuditEvent", sc.Bytes()) {
			return
		}
	}
	if err := sc.Err(); err != nil {
		tb.Errorf("contract: %s: %s: %v", where, m.EventsFile, err)
	}
	if n != m.EventCount {
		tb.Errorf("contract: %s: %s has %d events, the manifest says %d", where, m.EventsFile, n, m.EventCount)
	}
}

func mediaType(ct string) string {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return ""
	}
	return mt
}

func excerpt(b []byte) string {
	if len(b) > 600 {
		return string(b[:600]) + "…"
	}
	return string(b)
}

// schemaOptions are the options a JSON value is checked against a schema
// of the contract with, outside openapi3filter.
func schemaOptions() []openapi3.SchemaValidationOption {
	return append(slices.Clone(contractOptions.SchemaValidationOptions),
		openapi3.EnableJSONSchema2020(), openapi3.VisitAsResponse())
}

// undocumentedMembers appends the JSON pointer of every object member of v
// that schema does not name. An object schema names its members with
// properties (merged over allOf); one with additionalProperties, or with
// neither properties nor additionalProperties, allows any member. Under
// oneOf or anyOf, the members must be named by an alternative that v
// matches.
func undocumentedMembers(ref *openapi3.SchemaRef, v any, ptr string, out *[]string) {
	parts := flattenAllOf(ref, nil)
	if len(parts) == 0 {
		return
	}
	for _, s := range parts {
		alts := append(slices.Clone(s.OneOf), s.AnyOf...)
		var best []string
		matched := false
		for _, alt := range alts {
			if alt.Value == nil || alt.Value.VisitJSON(v, schemaOptions()...) != nil {
				continue
			}
			var extra []string
			undocumentedMembers(alt, v, ptr, &extra)
			if !matched || len(extra) < len(best) {
				best = extra
			}
			matched = true
		}
		*out = append(*out, best...)
	}
	switch v := v.(type) {
	case map[string]any:
		named := map[string][]*openapi3.SchemaRef{}
		var additional []*openapi3.SchemaRef
		open := false
		for _, s := range parts {
			for name, p := range s.Properties {
				named[name] = append(named[name], p)
			}
			ap := s.AdditionalProperties
			switch {
			case ap.Schema != nil:
				additional = append(additional, ap.Schema)
			case ap.Has != nil && *ap.Has:
				open = true
			}
		}
		if len(named) == 0 && len(additional) == 0 {
			open = true
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := ptr + forms.Pointer(k)
			switch {
			case len(named[k]) > 0:
				for _, s := range named[k] {
					undocumentedMembers(s, v[k], p, out)
				}
			case len(additional) > 0:
				for _, s := range additional {
					undocumentedMembers(s, v[k], p, out)
				}
			case !open:
				*out = append(*out, p)
			}
		}
	case []any:
		for _, s := range parts {
			if s.Items == nil {
				continue
			}
			for i, item := range v {
				undocumentedMembers(s.Items, item, fmt.Sprintf("%s/%d", ptr, i), out)
			}
		}
	}
}

// flattenAllOf returns a schema and, recursively, its allOf parts.
func flattenAllOf(ref *openapi3.SchemaRef, acc []*openapi3.Schema) []*openapi3.Schema {
	if ref == nil || ref.Value == nil {
		return acc
	}
	acc = append(acc, ref.Value)
	for _, p := range ref.Value.AllOf {
		acc = flattenAllOf(p, acc)
	}
	return acc
}

// TestOpenAPIIsValid checks the contract itself: it parses, it is a valid
// OpenAPI 3.1 document (examples included), and every operation says who
// may call it and documents what every operation can answer.
func TestOpenAPIIsValid(t *testing.T) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(consentry.OpenAPI)
	if err != nil {
		t.Fatalf("load openapi.yaml: %v", err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi is %q, want 3.1.0", doc.OpenAPI)
	}
	if err := doc.Validate(loader.Context, openapi3.EnableExamplesValidation()); err != nil {
		t.Fatalf("openapi.yaml is not a valid OpenAPI document: %v", err)
	}
	if _, _, err := loadContract(); err != nil {
		t.Fatal(err)
	}

	// A patient with an invitation link is a role too, though no key
	// carries it.
	knownRoles := append(slices.Clone(models.Roles), models.RolePatient, models.RoleKiosk)
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			name := method + " " + path
			if op.Summary == "" || op.Description == "" {
				t.Errorf("%s: no summary or description", name)
			}
			if op.Responses.Status(http.StatusInternalServerError) == nil {
				t.Errorf("%s: 500 is not documented", name)
			}
			for code, resp := range op.Responses.Map() {
				if resp.Value == nil || resp.Value.Headers["X-Request-Id"] == nil {
					t.Errorf("%s %s: X-Request-Id is not documented", name, code)
				}
				if code == "201" && (resp.Value == nil || resp.Value.Headers["Location"] == nil) {
					t.Errorf("%s: 201 without Location", name)
				}
				if code == "503" && (resp.Value == nil || resp.Value.Headers["Retry-After"] == nil) {
					t.Errorf("%s: 503 without Retry-After", name)
				}
			}
			security := doc.Security
			if op.Security != nil {
				security = *op.Security
			}
			secured := len(security) > 0
			if !strings.HasPrefix(path, "/v1/") {
				if secured {
					t.Errorf("%s: system routes need no key, but the operation has security", name)
				}
				continue
			}
			scheme := "bearerAuth"
			if strings.HasPrefix(path, "/v1/invitation/") || path == "/v1/invitation" {
				scheme = "invitationAuth" // the patient portal's page
			}
			if strings.HasPrefix(path, "/v1/kiosk/") {
				scheme = "kioskAuth" // a clinic tablet's page
			}
			if len(security) != 1 || security[0][scheme] == nil {
				t.Errorf("%s: /v1 operation without (only) %s security: %v", name, scheme, security)
			}
			if op.Responses.Status(http.StatusUnauthorized) == nil {
				t.Errorf("%s: 401 is not documented", name)
			}
			roles, err := operationRoles(op)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			for _, r := range roles {
				if !slices.Contains(knownRoles, r) {
					t.Errorf("%s: x-roles names unknown role %q", name, r)
				}
			}
			// (A patient's invitation token on a key's route is a 403 too,
			// but the page that holds one never calls those.)
			if !isSubset(models.Roles, roles) && op.Responses.Status(http.StatusForbidden) == nil {
				t.Errorf("%s: only some roles may call it, but 403 is not documented", name)
			}
		}
	}
}

// operationRoles reads an operation's x-roles.
func operationRoles(op *openapi3.Operation) ([]string, error) {
	raw, ok := op.Extensions["x-roles"]
	if !ok {
		return nil, errors.New("no x-roles")
	}
	list, ok := raw.([]any)
	if !ok || len(list) == 0 {
		return nil, fmt.Errorf("x-roles is %v, want a list of roles", raw)
	}
	var roles []string
	for _, r := range list {
		s, ok := r.(string)
		if !ok {
			return nil, fmt.Errorf("x-roles has %v, want role names", r)
		}
		roles = append(roles, s)
	}
	return roles, nil
}

// echoParam is a path parameter in echo's syntax.
var echoParam = regexp.MustCompile(`:([A-Za-z0-9_]+)`)

// TestRoutesMatchSpec checks that the server registers exactly the
// operations of openapi.yaml: a route outside the contract is a defect, and
// so is an operation the server does not serve.
func TestRoutesMatchSpec(t *testing.T) {
	s := newTestServer(t)
	doc, _ := mustContract(t)

	served := map[string]bool{}
	for _, r := range s.e.Routes() {
		// Group middleware makes echo register catch-all routes that
		// answer 404 (method echo.RouteNotFound); they are not routes.
		if r.Method == echo.RouteNotFound {
			continue
		}
		path := echoParam.ReplaceAllString(r.Path, "{$1}")
		if r.Path == "/portal/*" {
			path = "/portal/{asset}"
		}
		served[r.Method+" "+path] = true
	}
	specified := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			specified[method+" "+path] = true
		}
	}

	var missing, extra []string
	for k := range specified {
		if !served[k] {
			missing = append(missing, k)
		}
	}
	for k := range served {
		if !specified[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(extra) > 0 {
		t.Errorf("routes the server registers that openapi.yaml does not have:\n  %s", strings.Join(extra, "\n  "))
	}
	if len(missing) > 0 {
		t.Errorf("operations in openapi.yaml that the server does not register:\n  %s", strings.Join(missing, "\n  "))
	}
	if len(served) == 0 {
		t.Error("the server registers no routes")
	}
}

// TestSpecRolesMatchServer calls every /v1 operation with each role's key
// and with none: x-roles must be exactly the roles that get past the role
// check (anyone else gets a 403), and no key is a 401. Every response also
// goes through checkResponse.
func TestSpecRolesMatchServer(t *testing.T) {
	s := newTestServer(t)
	doc, _ := mustContract(t)
	params := map[string]string{"kind": forms.KindKAPConsent, "version": "2026-11"}

	// A patient and a consent that the "portal" key created, so that the
	// roles x-roles allows get past the lookups to the answers they would
	// really see (a list, an export, a 422 for an empty body).
	patientID := s.mustPatient(models.RolePortal, "MRN-CONTRACT")
	rec := s.do(request{method: http.MethodPost, path: "/v1/submissions", key: models.RolePortal, body: consentBody(t, patientID)})
	mustStatus(t, rec, http.StatusCreated)
	submissionID := decode[map[string]any](t, rec)["id"].(string)

	ops := 0
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			url := path
			for name, val := range params {
				url = strings.ReplaceAll(url, "{"+name+"}", val)
			}
			switch {
			case strings.HasPrefix(path, "/v1/patients/{id}"):
				url = strings.ReplaceAll(url, "{id}", patientID)
			case strings.HasPrefix(path, "/v1/submissions/{id}"):
				url = strings.ReplaceAll(url, "{id}", submissionID)
			default:
				url = strings.ReplaceAll(url, "{id}", uuid.NewString())
			}
			var body any
			if method == http.MethodPost {
				body = map[string]any{}
			}
			if !strings.HasPrefix(path, "/v1/") {
				rec := s.do(request{method: method, path: url})
				if rec.Code == http.StatusUnauthorized || rec.Code == http.StatusForbidden {
					t.Errorf("%s %s without a key: %d, want it public", method, path, rec.Code)
				}
				continue
			}
			roles, err := operationRoles(op)
			if err != nil {
				t.Errorf("%s %s: %v", method, path, err)
				continue
			}
			// No key and a wrong key, each from an address of its own so
			// that the walk stays under the failed-authentication limit.
			ops++
			if rec := s.doFrom(fmt.Sprintf("198.51.100.%d", 2*ops), request{method: method, path: url, body: body}); rec.Code != http.StatusUnauthorized {
				t.Errorf("%s %s without a key: %d, want 401", method, path, rec.Code)
			}
			if rec := s.doFrom(fmt.Sprintf("198.51.100.%d", 2*ops+1), request{method: method, path: url, body: body, key: "not-a-key-" + uuid.NewString()}); rec.Code != http.StatusUnauthorized {
				t.Errorf("%s %s with a wrong key: %d, want 401", method, path, rec.Code)
			}
			for _, role := range models.Roles {
				rec := s.do(request{method: method, path: url, key: role, body: body})
				allowed := slices.Contains(roles, role)
				switch {
				case allowed && rec.Code == http.StatusForbidden:
					t.Errorf("%s %s as %s: 403, but x-roles allows %s", method, path, role, role)
				case !allowed && rec.Code != http.StatusForbidden:
					t.Errorf("%s %s as %s: %d, but x-roles does not allow %s (want 403)", method, path, role, rec.Code, role)
				}
			}
			// A second portal sees nothing of the first portal's patient
			// and record: where a portal may go, it finds nothing there.
			if slices.Contains(roles, models.RolePortal) && (strings.HasPrefix(path, "/v1/patients/{id}") || strings.HasPrefix(path, "/v1/submissions/{id}")) {
				if rec := s.do(request{method: method, path: url, key: "portal2", body: body}); rec.Code != http.StatusNotFound {
					t.Errorf("%s %s as another portal: %d, want 404", method, path, rec.Code)
				}
			}
		}
	}
}

// TestSpecRecordsThatReferToOthers makes withdrawals and a review and reads
// them back through every route that returns records, so that their
// receipts, stored bodies, the consent statuses, the audit events and the
// export are all checked against openapi.yaml, and so are the documented
// 409s of the routes that make such records.
func TestSpecRecordsThatReferToOthers(t *testing.T) {
	s := newTestServer(t)
	pid := s.mustPatient(models.RolePortal, "MRN-REFERENCES")
	rec := s.do(request{method: http.MethodPost, path: "/v1/submissions", key: models.RolePortal, body: consentBody(t, pid)})
	mustStatus(t, rec, http.StatusCreated)
	consentID := decode[map[string]any](t, rec)["id"].(string)
	signature := map[string]any{"typed_name": "Nguyễn Thị Minh", "intent": true, "drawn_png": signaturePNG(t)}
	created := func(r request) string {
		t.Helper()
		rec := s.do(r)
		mustStatus(t, rec, http.StatusCreated)
		return decode[map[string]any](t, rec)["id"].(string)
	}

	s.now = s.now.Add(time.Hour)
	clauseWithdrawal := created(request{method: http.MethodPost, path: "/v1/submissions/" + consentID + "/withdrawal",
		key: models.RolePortal, body: map[string]any{"scope": "clauses", "clauses": []string{"session-recording"},
			"reason": "Tôi không muốn ghi hình.", "signature": signature}})
	review := created(request{method: http.MethodPost, path: "/v1/submissions/" + consentID + "/reviews",
		key: models.RoleClinician, body: map[string]any{"decision": "request_information", "note": "Please confirm the support person.",
			"signature": map[string]any{"typed_name": "Dr. Ana Rivera", "credentials": "MD", "intent": true}}})
	s.now = s.now.Add(time.Hour)
	mustStatus(t, s.do(request{method: http.MethodGet, path: "/v1/patients/" + pid + "/consents", key: models.RolePortal}), http.StatusOK)
	fullWithdrawal := created(request{method: http.MethodPost, path: "/v1/submissions/" + consentID + "/withdrawal",
		key: models.RolePortal, body: map[string]any{"scope": "all", "signature": signature}})

	for _, r := range []request{
		{method: http.MethodGet, path: "/v1/submissions/" + clauseWithdrawal, key: models.RolePortal},
		{method: http.MethodGet, path: "/v1/submissions/" + fullWithdrawal, key: models.RoleAuditor},
		{method: http.MethodGet, path: "/v1/submissions/" + review, key: models.RoleClinician},
		{method: http.MethodGet, path: "/v1/submissions/" + review + "/pdf", key: models.RoleAuditor},
		{method: http.MethodGet, path: "/v1/patients/" + pid + "/submissions", key: models.RoleAuditor},
		{method: http.MethodGet, path: "/v1/patients/" + pid + "/consents", key: models.RoleClinician},
		{method: http.MethodGet, path: "/v1/patients/" + pid + "/consents?at=" + s.now.Add(-90*time.Minute).Format(time.RFC3339), key: models.RoleAuditor},
		{method: http.MethodGet, path: "/v1/patients/" + pid + "/export", key: models.RoleAuditor},
		{method: http.MethodGet, path: "/v1/audit/events?patient=" + pid + "&limit=3", key: models.RoleAuditor},
		{method: http.MethodGet, path: "/v1/audit/verify", key: models.RoleAuditor},
	} {
		mustStatus(t, s.do(r), http.StatusOK)
	}

	// The conflicts, each with its documented problem type.
	for _, c := range []struct {
		r    request
		slug string
	}{
		{request{method: http.MethodPost, path: "/v1/submissions/" + consentID + "/withdrawal", key: models.RolePortal,
			body: map[string]any{"scope": "all", "signature": signature}}, "already-withdrawn"},
		{request{method: http.MethodPost, path: "/v1/submissions/" + fullWithdrawal + "/withdrawal", key: models.RolePortal,
			body: map[string]any{"scope": "all", "signature": signature}}, "not-a-consent"},
		{request{method: http.MethodPost, path: "/v1/submissions/" + review + "/reviews", key: models.RoleClinician,
			body: map[string]any{"decision": "approve", "signature": signature}}, "not-reviewable"},
	} {
		rec := s.do(c.r)
		mustStatus(t, rec, http.StatusConflict)
		if got := decode[Problem](t, rec).Type; got != problemTypePrefix+c.slug {
			t.Errorf("%s %s: problem type %s, want %s", c.r.method, c.r.path, got, problemTypePrefix+c.slug)
		}
	}
}

// TestSpecSubmissionSchemaMatchesForms cross-checks the envelope that
// openapi.yaml documents for POST /v1/submissions against the JSON Schema
// the server publishes (and enforces) for each form version.
func TestSpecSubmissionSchemaMatchesForms(t *testing.T) {
	doc, _ := mustContract(t)
	ref := doc.Components.Schemas["SubmissionRequest"]
	if ref == nil || ref.Value == nil {
		t.Fatal("openapi.yaml has no SubmissionRequest schema")
	}
	spec := ref.Value
	op := doc.Paths.Find("/v1/submissions").Post
	if body := op.RequestBody.Value.Content.Get("application/json"); body == nil || body.Schema.Value != spec {
		t.Error("POST /v1/submissions does not take a SubmissionRequest")
	}
	if spec.AdditionalProperties.Has == nil || *spec.AdditionalProperties.Has {
		t.Error("SubmissionRequest allows unknown members; the server rejects them")
	}
	specProps := slices.Sorted(maps.Keys(spec.Properties))

	// The Go request type and the spec name the same members.
	goFields := jsonFieldNames(reflect.TypeFor[forms.SubmissionRequest]())
	if !slices.Equal(specProps, goFields) {
		t.Errorf("SubmissionRequest properties %v, forms.SubmissionRequest fields %v", specProps, goFields)
	}

	cat := forms.Builtin()
	kap, err := cat.Current(forms.KindKAPConsent)
	if err != nil {
		t.Fatal(err)
	}
	for _, def := range append(cat.List(), kap) {
		name := def.Kind + " " + def.Version
		formSchema := def.Schema()
		formRequired := stringList(t, formSchema["required"])
		formProps := slices.Sorted(maps.Keys(formSchema["properties"].(map[string]any)))
		for _, p := range formProps {
			if !slices.Contains(specProps, p) {
				t.Errorf("%s: the form schema has member %q that openapi.yaml's SubmissionRequest lacks", name, p)
			}
		}
		for _, r := range spec.Required {
			if !slices.Contains(formRequired, r) {
				t.Errorf("%s: openapi.yaml requires %q but the form's schema does not", name, r)
			}
		}
		if def.Kind == forms.KindKAPConsent {
			// A consent requires, beyond the envelope, its initials.
			if !sameSet(append(slices.Clone(spec.Required), "initials"), formRequired) {
				t.Errorf("%s: required members: openapi.yaml %v, form schema %v", name, sorted(spec.Required), sorted(formRequired))
			}
		}

		// The signature object.
		sig := doc.Components.Schemas["Signature"].Value
		formSig := formSchema["properties"].(map[string]any)["signature"].(map[string]any)
		// What the spec requires every form requires; a form may require
		// more (a clinician's credentials), but no member the spec lacks.
		for _, r := range sig.Required {
			if !slices.Contains(stringList(t, formSig["required"]), r) {
				t.Errorf("%s: signature: openapi.yaml requires %q, the form schema does not", name, r)
			}
		}
		for p := range formSig["properties"].(map[string]any) {
			if _, ok := sig.Properties[p]; !ok {
				t.Errorf("%s: signature member %q is not in openapi.yaml", name, p)
			}
		}
		typed := formSig["properties"].(map[string]any)["typed_name"].(map[string]any)
		if text := doc.Components.Schemas["Text"].Value; text.Pattern != typed["pattern"] {
			t.Errorf("%s: typed_name pattern: openapi.yaml %q, form schema %q", name, text.Pattern, typed["pattern"])
		}

		// The initials: the spec's pattern is the one every id uses.
		specInitials := spec.Properties["initials"].Value.AdditionalProperties.Schema
		if specInitials == nil {
			t.Fatalf("openapi.yaml's initials have no value schema")
		}
		formInitials := formSchema["properties"].(map[string]any)["initials"].(map[string]any)
		for id, p := range formInitials["properties"].(map[string]any) {
			if pat := p.(map[string]any)["pattern"]; pat != specInitials.Value.Pattern {
				t.Errorf("%s: initials.%s pattern %q, openapi.yaml %q", name, id, pat, specInitials.Value.Pattern)
			}
		}
	}

	// The documented example is a complete, valid kap-consent body: it
	// passes the server's own parser (apart from its patient existing).
	ex := op.RequestBody.Value.Content.Get("application/json").Examples["kapConsent"]
	if ex == nil || ex.Value == nil {
		t.Fatal("POST /v1/submissions has no kapConsent example")
	}
	raw, err := json.Marshal(ex.Value.Value)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cat.ParseSubmission(forms.NewValidator(), raw); err != nil {
		t.Errorf("the documented example submission is not valid: %v", err)
	}
}

// jsonFieldNames lists the JSON member names of a struct type, sorted.
func jsonFieldNames(t reflect.Type) []string {
	var names []string
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		names = append(names, name)
	}
	return sorted(names)
}

func stringList(tb testing.TB, v any) []string {
	tb.Helper()
	switch v := v.(type) {
	case []string:
		return v
	case []any:
		out := make([]string, len(v))
		for i, x := range v {
			out[i], _ = x.(string)
		}
		return out
	}
	tb.Fatalf("%v is not a list of strings", v)
	return nil
}

// isSubset reports whether every element of a is in b.
func isSubset(a, b []string) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

func sorted(s []string) []string { return slices.Sorted(slices.Values(s)) }

func sameSet(a, b []string) bool { return slices.Equal(sorted(a), sorted(b)) }

// spyTB records the failures checkResponse reports instead of failing.
type spyTB struct {
	testing.TB
	failures []string
}

func (s *spyTB) Helper() {}
func (s *spyTB) Errorf(format string, args ...any) {
	s.failures = append(s.failures, fmt.Sprintf(format, args...))
}
func (s *spyTB) Fatalf(format string, args ...any) {
	s.Errorf(format, args...)
	panic("Fatalf")
}
func (s *spyTB) Fatal(args ...any) {
	s.Errorf("%s", fmt.Sprint(args...))
	panic("Fatal")
}

// TestSpecCheckerCatchesMismatches makes sure checkResponse is not
// vacuous: it accepts responses that keep to the contract and flags each
// kind of response that does not.
func TestSpecCheckerCatchesMismatches(t *testing.T) {
	const id = "0193a5b2-7c4e-7d1a-9b3f-2a6c8e1f4d57"
	patient := `{"id":"` + id + `","external_id":"x","given_name":"A","family_name":"B",` +
		`"birth_date":"1990-01-02","sex":"female","created_at":"2026-11-20T15:04:05Z"}`
	problem := func(status int, slug string) string {
		return fmt.Sprintf(`{"type":"urn:consentry:problem:%s","title":%q,"status":%d,"detail":"x"}`,
			slug, http.StatusText(status), status)
	}
	exportHeader := map[string]string{
		"Content-Disposition": `attachment; filename="consentry-export-` + id + `.zip"`, "Cache-Control": "no-store",
	}
	manifest := `{"patient_id":"` + id + `","exported_at":"2026-11-20T15:04:05Z","records":[],"consents":[],` +
		`"events_file":"audit-events.jsonl","event_count":0,` +
		`"how_to_verify":{"document":"d","record":"r","event":"e","signature":"s"}}`
	cases := []struct {
		name         string
		method, path string
		status       int
		contentType  string
		header       map[string]string
		body         string
		ok           bool
	}{
		{"patient", "GET", "/v1/patients/" + id, 200, "application/json", nil, patient, true},
		{"health", "GET", "/healthz", 200, "application/json", nil, `{"status":"ok","version":"1"}`, true},
		{"metrics", "GET", "/metrics", 200, "text/plain; version=0.0.4; charset=utf-8", nil, "# HELP x\n", true},
		{"not found problem", "GET", "/v1/patients/" + id, 404, "application/problem+json", nil, problem(404, "not-found"), true},
		{"unknown route refused", "GET", "/nope", 404, "application/problem+json", nil, problem(404, "not-found"), true},
		{"unknown /v1 route, no key", "GET", "/v1/nope", 401, "application/problem+json", nil, problem(401, "unauthorized"), true},
		{"wrong method refused", "DELETE", "/v1/patients/" + id, 405, "application/problem+json", nil, problem(405, "method-not-allowed"), true},
		{"created with Location", "POST", "/v1/patients", 201, "application/json",
			map[string]string{"Location": "/v1/patients/" + id}, patient, true},

		{"undeclared status", "GET", "/healthz", 418, "application/json", nil, `{"status":"ok"}`, false},
		{"undeclared content type", "GET", "/v1/patients/" + id, 200, "text/plain", nil, patient, false},
		{"missing X-Request-Id", "GET", "/v1/patients/" + id, 200, "application/json",
			map[string]string{"X-Request-Id": ""}, patient, false},
		{"missing Location", "POST", "/v1/patients", 201, "application/json", nil, patient, false},
		{"missing Retry-After", "GET", "/readyz", 503, "application/json", nil, `{"status":"unavailable"}`, false},
		{"missing required member", "GET", "/v1/patients/" + id, 200, "application/json", nil,
			strings.Replace(patient, `"sex":"female",`, "", 1), false},
		{"wrong type", "GET", "/v1/patients/" + id, 200, "application/json", nil,
			strings.Replace(patient, `"sex":"female"`, `"sex":3`, 1), false},
		{"bad uuid", "GET", "/v1/patients/" + id, 200, "application/json", nil,
			strings.Replace(patient, id, "not-a-uuid", 1), false},
		{"undocumented member", "GET", "/v1/patients/" + id, 200, "application/json", nil,
			strings.Replace(patient, `{`, `{"ssn":"123",`, 1), false},
		{"problem with the wrong type", "GET", "/v1/patients/" + id, 404, "application/problem+json", nil,
			problem(404, "internal"), false},
		{"500 that says too much", "GET", "/healthz", 500, "application/problem+json", nil,
			`{"type":"urn:consentry:problem:internal","title":"Internal Server Error","status":500,"detail":"sql: no such table"}`, false},
		{"route outside the contract served", "GET", "/v1/secret", 200, "application/json", nil, `{}`, false},
		{"refusal that is not a problem", "GET", "/nope", 404, "text/plain", nil, "404 page not found", false},
		{"pdf that is not a PDF", "GET", "/v1/submissions/" + id + "/pdf", 200, "application/pdf",
			map[string]string{
				"Content-Disposition": `attachment; filename="` + id + `.pdf"`, "ETag": `"` + strings.Repeat("a", 64) + `"`,
				"Cache-Control": "private, no-store", "Content-Length": "5",
			}, "hello", false},
		{"export", "GET", "/v1/patients/" + id + "/export", 200, "application/zip", exportHeader,
			zipOf(t, map[string]string{"manifest.json": manifest, "audit-events.jsonl": ""}), true},
		{"zip that is not a ZIP", "GET", "/v1/patients/" + id + "/export", 200, "application/zip", exportHeader, "hello", false},
		{"export manifest with an undocumented member", "GET", "/v1/patients/" + id + "/export", 200, "application/zip", exportHeader,
			zipOf(t, map[string]string{"manifest.json": strings.Replace(manifest, `{`, `{"ssn":"123",`, 1), "audit-events.jsonl": ""}), false},
		{"export with a file the manifest does not list", "GET", "/v1/patients/" + id + "/export", 200, "application/zip", exportHeader,
			zipOf(t, map[string]string{"manifest.json": manifest, "audit-events.jsonl": "", "notes.txt": "x"}), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest(c.method, c.path, nil)
			rec := httptest.NewRecorder()
			rec.Header().Set(echo.HeaderContentType, c.contentType)
			rec.Header().Set(echo.HeaderXRequestID, "0123456789abcdef")
			if c.status == 503 && c.path == "/readyz" && c.ok {
				rec.Header().Set("Retry-After", "2")
			}
			for k, v := range c.header {
				if v == "" {
					rec.Header().Del(k)
				} else {
					rec.Header().Set(k, v)
				}
			}
			rec.WriteHeader(c.status)
			rec.Body.WriteString(c.body)
			spy := &spyTB{TB: t}
			func() {
				defer func() { _ = recover() }()
				checkResponse(spy, req, rec)
			}()
			switch {
			case c.ok && len(spy.failures) > 0:
				t.Errorf("a response that keeps to the contract was flagged:\n%s", strings.Join(spy.failures, "\n"))
			case !c.ok && len(spy.failures) == 0:
				t.Errorf("a response that breaks the contract was not flagged")
			default:
				t.Logf("%v", spy.failures)
			}
		})
	}
}

// zipOf returns a ZIP archive of the named files.
func zipOf(tb testing.TB, files map[string]string) string {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range slices.Sorted(maps.Keys(files)) {
		w, err := zw.Create(name)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := io.WriteString(w, files[name]); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.String()
}

// TestSpecStoreUnavailable checks the documented answers while the
// database is gone: /readyz reports it as a 503 health report, and /v1
// routes answer a 503 problem with Retry-After.
func TestSpecStoreUnavailable(t *testing.T) {
	s := newTestServer(t)
	if err := s.store.Close(); err != nil {
		t.Fatal(err)
	}
	for _, r := range []request{
		{method: http.MethodGet, path: "/readyz"},
		{method: http.MethodGet, path: "/v1/forms", key: models.RolePortal},
		{method: http.MethodGet, path: "/v1/patients/" + uuid.NewString(), key: models.RoleClinician},
	} {
		rec := s.do(r)
		mustStatus(t, rec, http.StatusServiceUnavailable)
		if rec.Header().Get("Retry-After") == "" {
			t.Errorf("%s %s: 503 without Retry-After", r.method, r.path)
		}
	}
	rec := s.do(request{method: http.MethodGet, path: "/healthz"})
	mustStatus(t, rec, http.StatusOK)
}

// TestReadyzNamesTheStore checks that a ready server names its engine and
// schema version.
func TestReadyzNamesTheStore(t *testing.T) {
	s := newTestServer(t)
	h := decode[health](t, s.do(request{method: http.MethodGet, path: "/readyz"}))
	want, err := s.store.SchemaVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if h.Status != "ready" || h.Engine != s.store.Engine() || h.Engine == "" || h.SchemaVersion != want {
		t.Errorf("readyz = %+v, want engine %s schema %d", h, s.store.Engine(), want)
	}
}
