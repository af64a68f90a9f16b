// Package observe makes a running Haven visible to its operators without ever showing what the
// people using it typed: Prometheus metrics, OpenTelemetry traces (a span per HTTP request, per
// GraphQL operation and per SQL statement), request IDs on every log line, and one access-log
// line per request.
//
// What is recorded is chosen, never dumped: routes, statuses, durations, operation names and
// types, error codes, SQL text with its placeholders (never the arguments). GraphQL variables,
// query text, tokens, search text and report details never reach a log line, a metric or a span.
package observe
