package crisis

import "testing"

func TestDetectTellsTheLanguage(t *testing.T) {
	for q, want := range map[string]string{
		"i want to die":              "en",
		"quiero morir":               "es",
		"me quiero matar esta noche": "es",
		"je veux mourir":             "fr",
		"quero me matar":             "pt",
		"gusto ko nang mamatay":      "tl",
		"tôi muốn chết":              "vi",
		"我想死":                        "zh",
		"죽고 싶다":                      "ko",
		"أريد أن أموت":               "ar",
		"kms":                        "", // shared shorthand: the request's languages decide
		"suicidio":                   "",
		"laslas":                     "tl",
	} {
		sig := Detect(q)
		if !sig.Risk || sig.Language != want {
			t.Errorf("Detect(%q) = %+v, want risk in language %q", q, sig, want)
		}
	}
}

func TestMethodSeekingAndAcute(t *testing.T) {
	for _, tc := range []struct {
		q             string
		method, acute bool
	}{
		{"how many pills to overdose", true, false},
		{"painless way to kill myself", true, false},
		{"suicide methods", true, false},
		{"i just took a bottle of pills", false, true},
		{"i want to die", false, false},
		{"how to help a suicidal friend", false, false}, // help-seeking is never method-seeking
		{"how to stop self harming", false, false},
	} {
		sig := Detect(tc.q)
		if !sig.Risk || sig.Method != tc.method || sig.Acute != tc.acute {
			t.Errorf("Detect(%q) = %+v, want method %v acute %v", tc.q, sig, tc.method, tc.acute)
		}
	}
}
