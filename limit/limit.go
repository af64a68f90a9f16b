// Package limit holds the bounds of what people write into Haven and the validators that apply
// them: the ent schema validates each column with them, and the domain services check the same
// limits first so that a client gets a BAD_USER_INPUT naming the field. Each limit is said here
// once.
package limit

// Lengths of text, in characters (not bytes).
const (
	// Note bounds every free-text note and reason a person writes beside a decision: moderators'
	// and clinical reviewers' notes, appeal notes, take-down notes, report details, grant notes
	// and revocation reasons, credential review notes, report resolutions.
	Note = 2000
	// UnpublishReason bounds a publisher's reason for taking content offline.
	UnpublishReason = 500

	Title   = 200    // content, submission and event titles
	Summary = 1000   // content and submission summaries
	Body    = 100000 // content and submission bodies

	Name        = 120  // organization, campaign and crisis-resource names, crisis-line hours
	ShortName   = 80   // creator display names, topic names
	Bio         = 1000 // creator bios, topic descriptions
	Description = 4000 // campaign and event descriptions
	// OrganizationDescription bounds what a partner organization says about itself.
	OrganizationDescription = 2000

	Contact         = 200 // a crisis line's number, text code or address
	JurisdictionMin = 2
	Jurisdiction    = 80
	LicenseNumber   = 64
	URL             = 2048 // bytes
	Subject         = 255  // a token's subject
	DisplayName     = 120  // an account's display name
	HashtagName     = 65   // a hashtag's stored name, without '#': 64 characters and room
)

// Sizes of lists.
const (
	Hashtags = 20 // per submission or content
	Topics   = 10 // per submission
)
