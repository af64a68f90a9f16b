package database

import (
	"context"
	"database/sql"

	entgo "entgo.io/ent"
	entsql "entgo.io/ent/dialect/sql"
)

// typesOnce makes the result of a read, when it is one, describe its columns once.
//
// ent asks a result for its column types again on every row that has a column it has no field
// for (entsql.ScanTypeOf: the topics' IDs of a feed page, a search tier), and database/sql builds
// them anew on each call: a slice and a ColumnType a column, about a tenth of a feed request's
// allocations on PostgreSQL. The types of a result set never change, so the first call's are
// kept until the next result set.
//
// Only the reads of ent's generated queries (their context carries ent's QueryContext) are
// wrapped: ent's schema tools (atlas's inspection, `ent/migrate`) read through the same driver and
// require the result to be the *sql.Rows itself.
func typesOnce(ctx context.Context, v any) {
	if entgo.QueryFromContext(ctx) == nil {
		return
	}
	if rows, ok := v.(*entsql.Rows); ok && rows.ColumnScanner != nil {
		rows.ColumnScanner = &onceTypes{ColumnScanner: rows.ColumnScanner}
	}
}

type onceTypes struct {
	entsql.ColumnScanner
	types []*sql.ColumnType
	err   error
	read  bool
}

func (r *onceTypes) ColumnTypes() ([]*sql.ColumnType, error) {
	if !r.read {
		r.types, r.err = r.ColumnScanner.ColumnTypes()
		r.read = true
	}
	return r.types, r.err
}

func (r *onceTypes) NextResultSet() bool {
	r.types, r.err, r.read = nil, nil, false
	return r.ColumnScanner.NextResultSet()
}
