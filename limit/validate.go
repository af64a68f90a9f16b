package limit

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"
)

var (
	slugPattern     = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	handlePattern   = regexp.MustCompile(`^[a-z0-9_]+([._][a-z0-9_]+)*$`)
	hashtagPattern  = regexp.MustCompile(`^#[A-Za-z0-9_]{1,64}$`)
	languagePattern = regexp.MustCompile(`^[a-z]{2,3}(-[A-Z]{2}|-[A-Za-z]{4})?$`)
)

// HTTPURL accepts absolute http and https URLs with a host, up to URL bytes. Other schemes
// (javascript:, data:, file:) never reach a client that renders links.
func HTTPURL(s string) error {
	if len(s) > URL {
		return fmt.Errorf("URL longer than %d characters", URL)
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

// NoteText is the validator of notes and reasons: at most Note characters.
var NoteText = Text(0, Note)

// Trim trims s and checks it against min to max characters, returning the trimmed text.
func Trim(s string, min, max int) (string, error) {
	s = strings.TrimSpace(s)
	return s, Text(min, max)(s)
}
