// Package edge holds the HTTP middleware that meets a request before GraphQL does: CORS for
// browser frontends on other origins, and request budgets against abuse. Both are kept libraries
// (rs/cors, go-chi/httprate) configured from Haven's settings rather than hand-written headers and
// counters.
package edge
