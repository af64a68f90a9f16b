// Package model holds GraphQL types that have no ent counterpart, written by gqlgen.
package model
