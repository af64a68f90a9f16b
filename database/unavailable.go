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
// version or conflict checks).
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
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
	if _, ok := errors.AsType[*net.OpError](err); ok {
		return true
	}
	// lib/pq reports a connection closed under a statement as a bare io.EOF.
	return errors.Is(err, io.EOF)
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
	err := d.Driver.Query(ctx, query, args, v)
	if err != nil && !isWrite(query) && IsUnavailable(err) && ctx.Err() == nil {
		d.closeIdle()
		err = d.Driver.Query(ctx, query, args, v)
	}
	return err
}

func (d *retryOnBrokenConn) Tx(ctx context.Context) (dialect.Tx, error) {
	tx, err := d.Driver.Tx(ctx)
	if err != nil && IsUnavailable(err) && ctx.Err() == nil {
		d.closeIdle()
		tx, err = d.Driver.Tx(ctx)
	}
	return tx, err
}

// closeIdle closes the idle connections of the pool (SetMaxIdleConns(0) does), then lets the
// pool keep idle connections again.
func (d *retryOnBrokenConn) closeIdle() {
	d.flushing.Lock()
	defer d.flushing.Unlock()
	d.db.SetMaxIdleConns(0)
	d.db.SetMaxIdleConns(d.maxIdle)
}
