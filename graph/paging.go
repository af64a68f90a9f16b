package graph

import (
	"reflect"

	"entgo.io/contrib/entgql"

	"haven/ent"
	"haven/errcode"
)

type cursor = *entgql.Cursor[int]

// checkPage validates a connection's paging arguments before it reads: the page size (see page)
// and that each cursor was made by a list in this order (see cursorsFit; zero is the order
// field's value of an empty row, nil for a list ordered by ID alone). It returns first and last
// with the default page size applied.
func checkPage(after cursor, first *int, before cursor, last *int, zero ent.Value) (*int, *int, error) {
	first, last, err := page(first, last)
	if err != nil {
		return nil, nil, err
	}
	if err := cursorsFit(after, before, zero); err != nil {
		return nil, nil, err
	}
	return first, last, nil
}

// cursorsFit refuses a cursor that a list in another order made: its value must have the type of
// zero, the order field's value of an empty row, and a list ordered by ID alone (zero nil) takes
// only cursors without a value. Without the check such a cursor compares a column with a value
// of another type, which SQLite answers with a meaningless page and PostgreSQL with an error.
func cursorsFit(after, before cursor, zero ent.Value) error {
	for name, c := range map[string]cursor{"after": after, "before": before} {
		if c == nil {
			continue
		}
		if zero == nil && c.Value != nil || zero != nil && (c.Value == nil || reflect.TypeOf(c.Value) != reflect.TypeOf(zero)) {
			return errcode.Input(name, "not a cursor of this list in this order")
		}
	}
	return nil
}
