package schema

import (
	"entgo.io/contrib/entgql"
	"github.com/vektah/gqlparser/v2/ast"

	"entgo.io/ent/dialect"

	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"
)

// textJSON stores JSON fields as PostgreSQL text rather than jsonb: lib/pq with
// binary_parameters=yes (one round trip per statement) sends parameters in binary, and text's
// binary form is its bytes while jsonb's is not; json would do that too but has no equality
// operator, which SELECT DISTINCT needs. Haven never queries inside these small lists.
var textJSON = map[string]string{dialect.Postgres: "text"}

// forceResolver makes gqlgen resolve a field through a resolver rather than read the struct
// field, so the resolver can decide who sees it.
var forceResolver = entgql.NewDirective("goField", &ast.Argument{
	Name: "forceResolver", Value: &ast.Value{Raw: "true", Kind: ast.BooleanValue},
})

var (
	slugPattern     = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	handlePattern   = regexp.MustCompile(`^[a-z0-9_]+([._][a-z0-9_]+)*$`)
	hashtagPattern  = regexp.MustCompile(`^#[A-Za-z0-9_]{1,64}$`)
	languagePattern = regexp.MustCompile(`^[a-z]{2,3}(-[A-Z]{2}|-[A-Za-z]{4})?$`)
)

// HTTPURL accepts absolute http and https URLs with a host, up to 2048 bytes. Other schemes
// (javascript:, data:, file:) never reach a client that renders links.
func HTTPURL(s string) error {
	if len(s) > 2048 {
		return errors.New("URL longer than 2048 characters")
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return errors.New("must be an absolute http or https URL")
	}
	return nil
}

// Slug accepts lower-case words of letters and digits joined by single hyphens, 2 to 64 long.
func Slug(s string) error {
	if len(s) < 2 || len(s) > 64 || !slugPattern.MatchString(s) {
		return errors.New("must be 2-64 lower-case letters, digits and single hyphens")
	}
	return nil
}

// Handle accepts a creator handle without "@": 2 to 30 lower-case letters, digits, dots and
// underscores, with no leading, trailing or doubled dot.
func Handle(s string) error {
	if len(s) < 2 || len(s) > 30 || !handlePattern.MatchString(s) {
		return errors.New("must be 2-30 lower-case letters, digits, '_' and single inner dots, without '@'")
	}
	return nil
}

// HashtagText accepts "#Word" with letters, digits and underscores.
func HashtagText(s string) error {
	if !hashtagPattern.MatchString(s) {
		return fmt.Errorf("hashtag %q must be '#' followed by 1-64 letters, digits or '_'", s)
	}
	return nil
}

// Hashtags checks a list of hashtags: at most 20, each valid.
func Hashtags(tags []string) error {
	if len(tags) > 20 {
		return errors.New("at most 20 hashtags")
	}
	for _, t := range tags {
		if err := HashtagText(t); err != nil {
			return err
		}
	}
	return nil
}

// Language accepts a BCP 47 tag of the common shapes: "en", "es", "pt-BR", "zh-Hant".
func Language(s string) error {
	if !languagePattern.MatchString(s) {
		return errors.New("must be a language tag such as en, es or pt-BR")
	}
	return nil
}

// Text returns a validator for human text of min to max characters (not bytes) that is not
// only white space when min > 0.
func Text(min, max int) func(string) error {
	return func(s string) error {
		n := utf8.RuneCountInString(s)
		if min > 0 && strings.TrimSpace(s) == "" {
			return errors.New("must not be blank")
		}
		if n < min || n > max {
			return fmt.Errorf("must be %d-%d characters", min, max)
		}
		if !utf8.ValidString(s) {
			return errors.New("must be valid UTF-8")
		}
		return nil
	}
}
