package records

import "testing"

// TestSignerNamePrintsCredentialsOnce: a typed name that already ends
// with the credentials is printed as typed, not "Dr. Ana Rivera, MD, MD".
func TestSignerNamePrintsCredentialsOnce(t *testing.T) {
	for _, c := range []struct{ typed, cred, want string }{
		{"Dr. Ana Rivera", "MD", "Dr. Ana Rivera, MD"},
		{"Dr. Ana Rivera, MD", "MD", "Dr. Ana Rivera, MD"},
		{"Dr. Ana Rivera, MD, PhD", "MD, PhD", "Dr. Ana Rivera, MD, PhD"},
		{"Dr. Ana Rivera, MD", "PhD", "Dr. Ana Rivera, MD, PhD"},
		{"Dr. Ana RiveraMD", "MD", "Dr. Ana RiveraMD, MD"},
		{"Nguyễn Thị Minh", "", "Nguyễn Thị Minh"},
	} {
		if got := signerName(c.typed, c.cred); got != c.want {
			t.Errorf("signerName(%q, %q) = %q, want %q", c.typed, c.cred, got, c.want)
		}
	}
}
