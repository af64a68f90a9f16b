package access_test

import (
	"flag"
	"os"
	"slices"
	"testing"

	"haven/access"
	"haven/auth"
)

var update = flag.Bool("update", false, "rewrite docs/permissions.md from the matrix")

const docFile = "../docs/permissions.md"

// TestPermissionsDocument keeps docs/permissions.md equal to the matrix's rendering: a change
// of a rule without the document (or the reverse) fails here.
func TestPermissionsDocument(t *testing.T) {
	want := access.Markdown()
	if *update {
		if err := os.WriteFile(docFile, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(docFile)
	if err != nil {
		t.Fatalf("read %s: %v (run go test ./access/ -update)", docFile, err)
	}
	if string(got) != want {
		t.Errorf("%s differs from the permission matrix; run go test ./access/ -update and review the diff", docFile)
	}
}

// TestColumnsAreEveryRole: the printed matrix has a column for every role a token can carry.
func TestColumnsAreEveryRole(t *testing.T) {
	cols := access.Columns()
	slices.Sort(cols)
	if !slices.Equal(cols, auth.AllRoles) {
		t.Errorf("columns %v, want every role %v", cols, auth.AllRoles)
	}
}
