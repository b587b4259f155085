package forms

import (
	"reflect"
	"sort"
	"testing"

	"github.com/consentry/consentry/forms/formstest"
)

// TestEveryKindSchemaAgreesWithServer extends TestSchemaAgreesWithServer to
// every kind: the published schema accepts every body the server accepts,
// and refuses every body the server refuses for a check JSON Schema can
// express; and the server reports exactly the expected pointers.
func TestEveryKindSchemaAgreesWithServer(t *testing.T) {
	cat, v := Builtin(), NewValidator()
	cases, variants := invalidKindCases(), validKindVariants()
	for _, def := range cat.List() {
		if def.Kind == KindKAPConsent {
			continue // TestSchemaAgreesWithServer
		}
		t.Run(def.Kind, func(t *testing.T) {
			s := compileSchema(t, def)
			valids := append([]func(map[string]any){func(map[string]any) {}}, variants[def.Kind]...)
			for i, mutate := range valids {
				b := validBody(t, def.Kind)
				mutate(b)
				if _, err := cat.ParseSubmission(v, formstest.JSON(t, b)); err != nil {
					t.Fatalf("valid body %d refused by the server: %v", i, pointers(err))
				}
				if err := schemaAccepts(t, s, formstest.JSON(t, b)); err != nil {
					t.Fatalf("valid body %d refused by the schema: %v", i, err)
				}
			}
			if len(cases[def.Kind]) == 0 {
				t.Fatal("no invalid cases for this kind")
			}
			for _, tt := range cases[def.Kind] {
				t.Run(tt.name, func(t *testing.T) {
					b := validBody(t, def.Kind)
					tt.mutate(b)
					_, err := cat.ParseSubmission(v, formstest.JSON(t, b))
					got := pointers(err)
					want := append([]string(nil), tt.want...)
					sort.Strings(want)
					if !reflect.DeepEqual(got, want) {
						t.Errorf("server problems %q, want %q", got, want)
					}
					if !tt.schemaBlind {
						if err := schemaAccepts(t, s, formstest.JSON(t, b)); err == nil {
							t.Errorf("schema accepts a body the server refuses with %v", tt.want)
						}
					}
				})
			}
		})
	}
}
