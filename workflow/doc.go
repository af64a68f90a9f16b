// Package workflow moves submissions through review and publishing: one transition table says
// which move is legal from which status, and every mutation of the API, the scheduler and the
// tests consult it.
package workflow
