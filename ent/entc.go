//go:build ignore

// Command entc generates the ent client and the entgql GraphQL schema (ent.graphql).
// It runs from the repository root through `go generate ./...`, before gqlgen.
package main

import (
	"log"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
	"github.com/vektah/gqlparser/v2/ast"
)

// contractEnums are the enums that the client contract names. They are written without the
// @goModel directive (their Go types are bound in gqlgen.yml instead) so that ent.graphql reads
// like the contract: `enum ContentStatus { ... }`.
var contractEnums = []string{"ContentKind", "ContentStatus", "ContentWarning", "SubmissionStatus", "DecisionReason", "ReportReason", "ReportStatus"}

// nonNullLists are list fields the contract types as non-null ([Topic!]!); ent always returns an
// empty list rather than null for an edge without rows.
var nonNullLists = map[string][]string{"Content": {"topics"}, "Submission": {"topics"}, "Creator": {"credentials"}}

func contractShapes(_ *gen.Graph, s *ast.Schema) error {
	for _, name := range contractEnums {
		if def := s.Types[name]; def != nil {
			def.Directives = nil
		}
	}
	for typ, fields := range nonNullLists {
		def := s.Types[typ]
		if def == nil {
			continue
		}
		for _, f := range fields {
			if fd := def.Fields.ForName(f); fd != nil {
				fd.Type.NonNull = true
			}
		}
	}
	return nil
}

func main() {
	ex, err := entgql.NewExtension(
		entgql.WithSchemaGenerator(),
		entgql.WithSchemaPath("ent.graphql"),
		entgql.WithConfigPath("gqlgen.yml"),
		entgql.WithWhereInputs(true),
		entgql.WithSchemaHook(contractShapes),
	)
	if err != nil {
		log.Fatalf("entc: creating entgql extension: %v", err)
	}
	err = entc.Generate("./ent/schema", &gen.Config{
		Features: []gen.Feature{
			gen.FeaturePrivacy,
			gen.FeatureEntQL,
			gen.FeatureGlobalID,
			gen.FeatureLock,
			gen.FeatureUpsert,
			gen.FeatureModifier,
			gen.FeatureExecQuery,
			gen.FeatureIntercept,
			gen.FeatureSnapshot,
		},
	}, entc.Extensions(ex))
	if err != nil {
		log.Fatalf("entc: running ent codegen: %v", err)
	}
}
