// Package notfound holds Haven's one rule for "not found": a row that does not exist and a row a
// privacy policy hides from the viewer answer the same, so that nobody can learn that a hidden
// row exists by asking for it.
package notfound

import (
	"errors"

	"haven/ent"
	"haven/ent/privacy"
	"haven/errcode"
)

// Is reports whether err means the row is missing or hidden from the viewer.
func Is(err error) bool { return ent.IsNotFound(err) || errors.Is(err, privacy.Deny) }

// Coded turns a missing or hidden row into the contract's NOT_FOUND naming what was looked for
// ("no campaign with id 7"); other errors pass through.
func Coded(err error, what string, id int) error {
	if Is(err) {
		return errcode.NotFoundf("no %s with id %d", what, id)
	}
	return err
}
