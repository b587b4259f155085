package api

import (
	"bytes"
	"context"
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
		openapi3filter.RegisterBodyDecoder("text/html", openapi3filter.PlainBodyDecoder)

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

// checkUnroutedResponse checks the response to a request the contract has
// no operation for: the server must have refused it as well.
func checkUnroutedResponse(tb testing.TB, doc *openapi3.T, req *http.Request, where string,
	rec *httptest.ResponseRecorder, routeErr error) {
	tb.Helper()
	switch {
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
	opts := append(slices.Clone(contractOptions.SchemaValidationOptions),
		openapi3.EnableJSONSchema2020(), openapi3.VisitAsResponse())
	if err := doc.Components.Schemas["Problem"].Value.VisitJSON(v, opts...); err != nil {
		tb.Errorf("contract: %s: the body is not a Problem: %v", where, err)
	}
	if p, ok := v.(map[string]any); ok && p["status"] != float64(rec.Code) {
		tb.Errorf("contract: %s: problem status %v differs from the HTTP status", where, p["status"])
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

// undocumentedMembers appends the JSON pointer of every object member of v
// that schema does not name. An object schema names its members with
// properties (merged over allOf); one with additionalProperties, or with
// neither properties nor additionalProperties, allows any member.
func undocumentedMembers(ref *openapi3.SchemaRef, v any, ptr string, out *[]string) {
	parts := flattenAllOf(ref, nil)
	if len(parts) == 0 {
		return
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

	knownRoles := models.Roles
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
			if len(security) != 1 || security[0]["bearerAuth"] == nil {
				t.Errorf("%s: /v1 operation without (only) bearerAuth security: %v", name, security)
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
			if len(roles) < len(knownRoles) && op.Responses.Status(http.StatusForbidden) == nil {
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

	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			url := path
			for name, val := range params {
				url = strings.ReplaceAll(url, "{"+name+"}", val)
			}
			url = strings.ReplaceAll(url, "{id}", uuid.NewString())
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
			if rec := s.do(request{method: method, path: url, body: body}); rec.Code != http.StatusUnauthorized {
				t.Errorf("%s %s without a key: %d, want 401", method, path, rec.Code)
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
			if !sameSet(spec.Required, formRequired) {
				t.Errorf("%s: required members: openapi.yaml %v, form schema %v", name, sorted(spec.Required), sorted(formRequired))
			}
		}

		// The signature object.
		sig := doc.Components.Schemas["Signature"].Value
		formSig := formSchema["properties"].(map[string]any)["signature"].(map[string]any)
		if !sameSet(sig.Required, stringList(t, formSig["required"])) {
			t.Errorf("%s: signature required: openapi.yaml %v, form schema %v", name, sig.Required, formSig["required"])
		}
		if got, want := slices.Sorted(maps.Keys(sig.Properties)), slices.Sorted(maps.Keys(formSig["properties"].(map[string]any))); !slices.Equal(got, want) {
			t.Errorf("%s: signature members: openapi.yaml %v, form schema %v", name, got, want)
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
