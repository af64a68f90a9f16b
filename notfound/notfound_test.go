package notfound_test

import (
	"errors"
	"fmt"
	"testing"

	"haven/ent"
	"haven/ent/privacy"
	"haven/errcode"
	"haven/notfound"
)

func TestMissingAndHiddenAnswerTheSame(t *testing.T) {
	missing := &ent.NotFoundError{}
	hidden := fmt.Errorf("query: %w", privacy.Deny)
	other := errors.New("connection refused")
	for _, err := range []error{missing, hidden} {
		if !notfound.Is(err) {
			t.Errorf("%v is not found", err)
		}
		if got := notfound.Coded(err, "campaign", 7); !errcode.Is(got, errcode.NotFound) || got.Error() != "no campaign with id 7" {
			t.Errorf("Coded(%v) = %v", err, got)
		}
	}
	if notfound.Is(other) || notfound.Coded(other, "campaign", 7) != other {
		t.Errorf("%v is treated as not found", other)
	}
}
