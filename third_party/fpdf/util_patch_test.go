package fpdf

import "testing"

// TestNextIntKey checks the patched search for the next key of an
// untypedKeyMap against upstream's.
func TestNextIntKey(t *testing.T) {
	for _, keys := range [][]any{
		nil,
		{0, 1, 2},
		{0, "interval", 1, 2},
		{"interval"},
		{1, 2},
		{0, 2, 1},
		{0, 1, 3},
		{2, 0, 1, "interval"},
	} {
		pa := untypedKeyMap{keySet: keys, valueSet: make([]int, len(keys))}
		if got, want := pa.nextIntKey(), pa.nextIntKeySlow(); got != want {
			t.Errorf("keys %v: next key %d, want %d", keys, got, want)
		}
	}
}
