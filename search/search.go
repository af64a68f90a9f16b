// Package search finds live content, creators and organizations for a query, and leads the result
// with crisis support when the query signals risk.
package search

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"entgo.io/ent/dialect/sql"

	"haven/audit"
	"haven/clock"
	"haven/crisis"
	"haven/ent"
	"haven/ent/content"
	"haven/ent/creator"
	"haven/ent/organization"
	"haven/ent/predicate"
	"haven/ent/topic"
	"haven/errcode"
	"haven/observe"
)

// Service runs searches and manages the crisis resources they surface.
type Service struct {
	Client  *ent.Client
	Clock   clock.Clock
	Dialect string // dialect.Postgres or dialect.SQLite: the full-text index differs (fulltext.go)
	// Audit is the log crisis-resource administration (crisisadmin) records changes in; when nil,
	// a log on Dialect and Clock is used.
	Audit *audit.Log
}

// Limits of a search.
const (
	MaxQueryLength = 200 // characters, after trimming
	ListLimit      = 10  // creators and organizations in one result
	maxTerms       = 12  // words of a query that take part in matching
)

// Result is what a search found. Contents, creators and organizations are read through the
// Service's query builders, so each is one statement that can load exactly what its client asks.
type Result struct {
	// Query is the trimmed query.
	Query string
	// Region is the upper-cased region whose crisis resources the result shows.
	Region string
	// CrisisSupport is set when the query signals risk.
	CrisisSupport *CrisisSupport
	terms         []string
	risk          crisis.Category // set when the query signals risk
	method        bool            // the query seeks a method of harm: no content about it is listed
	tier          tier            // the relevance tier Contents selects; all when zero
	walk          bool            // SQLite: match rows by their text, not the FTS5 table (fulltext.go)
}

// supportTopics are the topics whose clinically reviewed content a risky search shows beside its
// matches: someone searching "i want to kms" finds nothing by its words, but a reviewed piece on
// suicide prevention may be what helps.
var supportTopics = map[crisis.Category][]string{
	crisis.Suicide:        {"suicide-prevention"},
	crisis.SelfHarm:       {"self-harm", "suicide-prevention"},
	crisis.EatingDisorder: {"eating-disorders"},
}

// CrisisSupport leads the result of a query that signals risk.
type CrisisSupport struct {
	Message   string
	Resources []*ent.CrisisResource
}

// Search validates the query and region and, when the query signals risk, gathers the crisis
// support that leads the result. Risky queries still find content: safe, reviewed content helps.
func (s *Service) Search(ctx context.Context, query string, region *string) (*Result, error) {
	q := strings.TrimSpace(query)
	if n := utf8.RuneCountInString(q); n < 1 || n > MaxQueryLength {
		return nil, errcode.Input("query", "must be 1-%d characters", MaxQueryLength)
	}
	if !utf8.ValidString(q) {
		return nil, errcode.Input("query", "must be valid UTF-8")
	}
	reg, err := ParseRegion(region)
	if err != nil {
		return nil, err
	}
	res := &Result{Query: q, Region: reg, terms: splitTerms(q)}
	if err := s.leadWithSupport(ctx, res); err != nil {
		return nil, err
	}
	return res, nil
}

// leadWithSupport sets the crisis support of a query that signals risk: the message for its
// category and the region's lines, those for the crisis first and those in the asker's language
// before all (see inLanguages). A method-seeking query is marked so that its result lists no
// content about the method. The query itself is never logged or kept.
func (s *Service) leadWithSupport(ctx context.Context, res *Result) error {
	sig := crisis.Detect(res.Query)
	if !sig.Risk {
		return nil
	}
	rs, err := s.resources(ctx, res.Region, "")
	if err != nil {
		return err
	}
	rs = inLanguages(forConcern(rs, sig.Category), askerLanguages(ctx, sig.Language))
	res.CrisisSupport = &CrisisSupport{Message: crisis.Message(sig.Category), Resources: rs}
	observe.CrisisSupportShown(string(sig.Category))
	res.risk, res.method = sig.Category, sig.Method
	return nil
}

// splitTerms splits a query into the lower-cased words that must each match: punctuation at either
// end of a word is dropped ("#Anxiety," -> "anxiety"), duplicates are removed, and at most
// maxTerms words are kept.
func splitTerms(query string) []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range strings.Fields(strings.ToLower(query)) {
		t := strings.TrimFunc(f, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) })
		if t == "" || seen[t] {
			continue
		}
		seen[t] = true
		out = append(out, t)
		if len(out) == maxTerms {
			break
		}
	}
	return out
}

// Contents returns the query of the live content matching r: every word of the query appears in
// the title, summary or hashtags (stemmed, the last word as a prefix); for a risky query, also the
// clinically reviewed content on the topics that support it. ContentPage pages through it by
// relevance; the predicates are in fulltext.go.
func (s *Service) Contents(r *Result) *ent.ContentQuery {
	return s.Client.Content.Query().Where(s.contentsWhere(r)...)
}

// contentsWhere are the predicates of Contents(r).
func (s *Service) contentsWhere(r *Result) []predicate.Content {
	if r.method {
		match := s.supportOnly(r)
		if r.tier != 0 && r.tier != tierSupport {
			match = falsePredicate[predicate.Content]() // support is listed once, in its own tier
		}
		return []predicate.Content{content.StatusEQ(content.StatusLIVE), match}
	}
	return []predicate.Content{content.StatusEQ(content.StatusLIVE), s.contentMatch(r)}
}

// supportOnly is the predicate of the content a method-seeking query shows: the clinically
// reviewed content on the topics that support its crisis, less any piece its words match, so
// that nothing about the method it asks for is listed, whatever that piece's topics.
func (s *Service) supportOnly(r *Result) predicate.Content {
	support := content.And(content.ClinicallyReviewed(true), content.HasTopicsWith(topic.SlugIn(supportTopics[r.risk]...)))
	var about []predicate.Content
	for _, t := range r.terms {
		if utf8.RuneCountInString(t) >= 3 && !questionWords[t] {
			about = append(about, mentions(t))
		}
	}
	if len(about) == 0 {
		return support
	}
	return content.And(support, content.Not(content.Or(about...)))
}

// mentions is the predicate of content whose title, summary or hashtags, lower-cased, hold t.
func mentions(t string) predicate.Content {
	return func(s *sql.Selector) {
		s.Where(sql.P(func(b *sql.Builder) {
			b.WriteString("lower(").Ident(s.C(content.FieldTitle)).WriteString(" || ' ' || ").
				Ident(s.C(content.FieldSummary)).WriteString(" || ' ' || ").
				Ident(s.C(content.FieldHashtags)).WriteString(") LIKE ").
				Arg("%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(t) + "%").WriteString(` ESCAPE '\'`)
		}))
	}
}

// questionWords are the words of a method-seeking query that say nothing about the method; every
// other word of three letters or more leaves out the support content that holds it.
var questionWords = map[string]bool{
	"how": true, "many": true, "much": true, "what": true, "which": true, "where": true, "does": true,
	"the": true, "and": true, "for": true, "you": true, "your": true, "can": true, "will": true,
	"would": true, "could": true, "should": true, "with": true, "that": true, "this": true,
	"from": true, "into": true, "are": true, "way": true, "ways": true, "best": true, "most": true,
}

// Creators returns the query of at most ListLimit creators whose handle or display name contains
// every word of the query (a leading "@" is ignored), by handle.
func (s *Service) Creators(r *Result) *ent.CreatorQuery {
	ps := make([]predicate.Creator, 0, len(r.terms))
	if r.method {
		ps = append(ps, falsePredicate[predicate.Creator]()) // a method search lists support only
	}
	for _, t := range r.terms {
		t = strings.TrimPrefix(t, "@")
		ps = append(ps, creator.Or(creator.HandleContainsFold(t), creator.DisplayNameContainsFold(t)))
	}
	if len(ps) == 0 {
		ps = append(ps, falsePredicate[predicate.Creator]())
	}
	return s.Client.Creator.Query().Where(ps...).
		Order(ent.Asc(creator.FieldHandle)).Limit(ListLimit)
}

// Organizations returns the query of at most ListLimit organizations whose name or slug contains
// every word of the query, by name.
func (s *Service) Organizations(r *Result) *ent.OrganizationQuery {
	ps := make([]predicate.Organization, 0, len(r.terms))
	if r.method {
		ps = append(ps, falsePredicate[predicate.Organization]()) // a method search lists support only
	}
	for _, t := range r.terms {
		ps = append(ps, organization.Or(organization.NameContainsFold(t), organization.SlugContainsFold(t)))
	}
	if len(ps) == 0 {
		ps = append(ps, falsePredicate[predicate.Organization]())
	}
	return s.Client.Organization.Query().Where(ps...).
		Order(ent.Asc(organization.FieldName), ent.Asc(organization.FieldID)).Limit(ListLimit)
}

// falsePredicate matches nothing: a query without a word to look for finds nothing.
func falsePredicate[P ~func(*sql.Selector)]() P {
	return func(s *sql.Selector) { s.Where(sql.False()) }
}
