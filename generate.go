// Package haven is the root of the Haven module; its only code is the generator chain.
//
// `go generate ./...` runs entc (the ent client and ent.graphql) and then gqlgen (the GraphQL
// server). Both write committed code that nobody edits by hand.
package haven

//go:generate go run -mod=mod ./ent/entc.go
//go:generate go run -mod=mod github.com/99designs/gqlgen generate --config gqlgen.yml
