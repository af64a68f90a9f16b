package database

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"syscall"

	"entgo.io/ent/dialect"
	"github.com/lib/pq"

	"haven/errcode"
)

// unavailableMessage is what a client reads when the database cannot be reached.
const unavailableMessage = "the database is unavailable; retry shortly"

// IsUnavailable reports whether err means the database could not be reached or dropped the
// connection: it is restarting, failing over, refusing connections or out of connection slots.
// The statement did not take effect (or, for a COMMIT cut off mid-way, the transaction's
// outcome is unknown, which the client learns by retrying: every Haven write is idempotent by
// version or conflict checks). Errors of the PostgreSQL driver are marked as they come out of
// it, so a bare io.EOF from elsewhere (a truncated cursor, say) is not mistaken for an outage.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	if _, ok := errors.AsType[*unavailableError](err); ok {
		return true
	}
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	if pqErr, ok := errors.AsType[*pq.Error](err); ok {
		switch code := string(pqErr.Code); {
		case strings.HasPrefix(code, "08"): // connection exception
			return true
		case code == "57P01", code == "57P02", code == "57P03": // admin/crash shutdown, cannot connect now
			return true
		case code == "53300": // too many connections
			return true
		}
		return false
	}
	_, ok := errors.AsType[*net.OpError](err)
	return ok
}

// unavailableError marks an error of the database driver that means the connection is gone.
type unavailableError struct{ err error }

func (e *unavailableError) Error() string { return e.err.Error() }
func (e *unavailableError) Unwrap() error { return e.err }

// markUnavailable marks err when the driver reported a lost connection; lib/pq reports a
// connection closed under a statement as a bare io.EOF or io.ErrUnexpectedEOF.
func markUnavailable(err error) error {
	if err == nil {
		return nil
	}
	if IsUnavailable(err) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &unavailableError{err}
	}
	return err
}

// Unavailable returns the client error for err when the database is unavailable, else nil.
func Unavailable(err error) *errcode.Error {
	if !IsUnavailable(err) {
		return nil
	}
	return errcode.New(errcode.Unavailable, unavailableMessage)
}

// retryOnBrokenConn retries, once, a read outside a transaction and the start of a transaction
// when the connection they got turns out broken (the pool still held connections of a database
// that restarted since). Neither had any effect, so running it again is safe; a write outside a
// transaction is not retried, for it may have taken effect before the connection broke.
// Before the retry it closes the pool's idle connections: they date from before the same break,
// and the retry must get a fresh one.
type retryOnBrokenConn struct {
	dialect.Driver
	db       *sql.DB
	maxIdle  int
	flushing sync.Mutex
}

func (d *retryOnBrokenConn) Query(ctx context.Context, query string, args, v any) error {
	err := markUnavailable(d.Driver.Query(ctx, query, args, v))
	if err != nil && !isWrite(query) && IsUnavailable(err) && ctx.Err() == nil {
		d.closeIdle()
		err = markUnavailable(d.Driver.Query(ctx, query, args, v))
	}
	return err
}

func (d *retryOnBrokenConn) Exec(ctx context.Context, query string, args, v any) error {
	return markUnavailable(d.Driver.Exec(ctx, query, args, v))
}

func (d *retryOnBrokenConn) Tx(ctx context.Context) (dialect.Tx, error) {
	tx, err := d.Driver.Tx(ctx)
	if err != nil && IsUnavailable(markUnavailable(err)) && ctx.Err() == nil {
		d.closeIdle()
		tx, err = d.Driver.Tx(ctx)
	}
	if err != nil {
		return nil, markUnavailable(err)
	}
	return markingTx{tx}, nil
}

// markingTx marks the lost-connection errors of the statements of a transaction.
type markingTx struct{ dialect.Tx }

func (t markingTx) Exec(ctx context.Context, query string, args, v any) error {
	return markUnavailable(t.Tx.Exec(ctx, query, args, v))
}

func (t markingTx) Query(ctx context.Context, query string, args, v any) error {
	return markUnavailable(t.Tx.Query(ctx, query, args, v))
}

func (t markingTx) Commit() error { return markUnavailable(t.Tx.Commit()) }

// closeIdle closes the idle connections of the pool (SetMaxIdleConns(0) does), then lets the
// pool keep idle connections again.
func (d *retryOnBrokenConn) closeIdle() {
	d.flushing.Lock()
	defer d.flushing.Unlock()
	d.db.SetMaxIdleConns(0)
	d.db.SetMaxIdleConns(d.maxIdle)
}
