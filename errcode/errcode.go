// Package errcode defines the error codes of Haven's client contract and an error type that
// carries one. Domain packages return these errors; the GraphQL error presenter puts the code in
// extensions.code and shows the message as is, so a message must never hold SQL, driver or
// stack text.
package errcode

import (
	"errors"
	"fmt"
)

// Code is a machine-readable error code from the contract.
type Code string

// The contract's codes.
const (
	Unauthenticated        Code = "UNAUTHENTICATED"
	Forbidden              Code = "FORBIDDEN"
	NotFound               Code = "NOT_FOUND"
	Conflict               Code = "CONFLICT"
	InvalidTransition      Code = "INVALID_TRANSITION"
	BadUserInput           Code = "BAD_USER_INPUT"
	ClinicalReviewRequired Code = "CLINICAL_REVIEW_REQUIRED"
	ChecklistIncomplete    Code = "CHECKLIST_INCOMPLETE"
	RateLimited            Code = "RATE_LIMITED"
	CapacityReached        Code = "CAPACITY_REACHED"
	BudgetExceeded         Code = "BUDGET_EXCEEDED"
	Internal               Code = "INTERNAL_SERVER_ERROR"
	// Unavailable: the database could not be reached (it is restarting, failing over or
	// overloaded). Nothing was changed by the failed field; retrying shortly is safe. An
	// answer in which nothing succeeded comes with HTTP 503 and Retry-After.
	Unavailable Code = "UNAVAILABLE"
)

// RetryAfterSeconds is the Retry-After of an UNAVAILABLE answer.
const RetryAfterSeconds = 2

// Error is an error a client may see: a code, a message for people and, for bad input, the
// name of the offending field.
type Error struct {
	Code    Code
	Message string
	Field   string
}

func (e *Error) Error() string { return e.Message }

// New returns an Error with a formatted message.
func New(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Input returns a BAD_USER_INPUT error that names the field.
func Input(field, format string, args ...any) *Error {
	return &Error{Code: BadUserInput, Field: field, Message: field + ": " + fmt.Sprintf(format, args...)}
}

// NotFoundf returns a NOT_FOUND error. Callers use it both for objects that do not exist and
// for objects the viewer may not know exist, so the two cannot be told apart.
func NotFoundf(format string, args ...any) *Error { return New(NotFound, format, args...) }

// Forbiddenf returns a FORBIDDEN error.
func Forbiddenf(format string, args ...any) *Error { return New(Forbidden, format, args...) }

// As returns the Error in err's chain, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Is reports whether err carries the code.
func Is(err error, code Code) bool {
	e, ok := As(err)
	return ok && e.Code == code
}
