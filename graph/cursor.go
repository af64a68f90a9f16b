package graph

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"

	"haven/errcode"
)

// maxCursorText bounds a text value in a cursor: the longest order key (a handle, a slug, a
// title) is far shorter.
const maxCursorText = 2000

// checkCursors refuses, before any resolver runs, a cursor argument whose value no list could
// have made: a time outside the years 1 to 9999 (PostgreSQL refuses year 318857 with an error,
// SQLite compares it as text), text that is not UTF-8, holds a NUL or is longer than any order
// key. cursorsFit checks that a cursor belongs to the list; this checks that its value is one a
// database can compare, so a crafted cursor is BAD_USER_INPUT and never INTERNAL.
func checkCursors(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc != nil && fc.IsResolver {
		for name, arg := range fc.Args {
			c, ok := arg.(*entgql.Cursor[int])
			if !ok || c == nil {
				continue
			}
			if err := cursorValueInRange(c.Value); err != nil {
				return nil, errcode.Input(name, "not a valid cursor: %s", err.Error())
			}
		}
	}
	return next(ctx)
}

type cursorError string

func (e cursorError) Error() string { return string(e) }

func cursorValueInRange(v any) error {
	switch v := v.(type) {
	case time.Time:
		if y := v.Year(); y < 1 || y > 9999 {
			return cursorError("time out of range")
		}
	case string:
		if len(v) > maxCursorText || !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
			return cursorError("text out of range")
		}
	}
	return nil
}
