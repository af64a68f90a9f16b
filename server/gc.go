package main

import "runtime/debug"

// gcPercent is Haven's garbage-collection target when GOGC is not set: the heap may grow to 1.75
// times what is live between collections, where Go's default lets it double.
//
// Haven's live heap is small and mostly long-lived (the response cache, the dimension cache), so
// collecting costs little: about 3% of CPU at 17,000 cached answers a second. Measured with the
// load tool's whole run on PostgreSQL: Go's default peaked at 96–102 MB of RSS (heap goal up to 52
// MB over about 30 MB of program text and runtime), 75 at 89 MB with the same throughput within
// the machine's noise; 50 peaked at 80 MB but cost a third of `node(id)`'s throughput.
const gcPercent = 75

// tuneGC sets the collection target unless the operator set GOGC.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
}
