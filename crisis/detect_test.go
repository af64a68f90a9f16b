package crisis

import (
	"syscall"
	"testing"
)

// mustTrigger lists queries that must be detected, with the category expected.
var mustTrigger = []struct {
	query string
	want  Category
}{
	// Plain phrases.
	{"suicide", Suicide},
	{"suicidal thoughts at night", Suicide},
	{"i want to kill myself", Suicide},
	{"I want to die", Suicide},
	{"how to end my life", Suicide},
	{"i just want to end it all", Suicide},
	{"no reason to live", Suicide},
	{"everyone is better off dead", Suicide},
	{"everyone would be better off without me", Suicide},
	{"how to take my own life", Suicide},
	{"I don't want to be here anymore", Suicide},
	{"I don’t want to be here anymore", Suicide}, // curly apostrophe
	{"dont want to be here anymore", Suicide},
	{"how to overdose", Suicide},
	{"how many pills to die", Suicide},
	{"jump off a bridge", Suicide},
	{"how to hang myself", Suicide},
	{"wish i was dead", Suicide},
	{"i wanna die", Suicide},

	// Suicide: coded language and shorthand.
	{"unalive", Suicide},
	{"how to unalive myself", Suicide},
	{"unaliving", Suicide},
	{"kms", Suicide},
	{"gonna kms lol", Suicide},
	{"i want 2 kms", Suicide}, // "2" is shorthand here, not a distance
	{"kys", Suicide},
	{"sewerslide", Suicide},
	{"sewer slide", Suicide},
	{"sewer-slide", Suicide},
	{"grippy sock vacation", Suicide},
	{"toaster bath", Suicide},
	{"self delete", Suicide},
	{"want 2 die", Suicide},
	{"want2die", Suicide},
	{"kill urself", Suicide},
	{"wish i was ded", Suicide},

	// Suicide: obfuscated spellings.
	{"su1c1de", Suicide},
	{"s*icide", Suicide},
	{"s**cide", Suicide},
	{"k*ll myself", Suicide},
	{"want to d*e", Suicide},
	{"s.u.i.c.i.d.e", Suicide},
	{"s u i c i d e", Suicide},
	{"s u i c i d a l", Suicide},
	{"sui cide", Suicide},
	{"$uicide", Suicide},
	{"5uicide", Suicide},
	{"SuIcIdAl", Suicide},
	{"ｓｕｉｃｉｄｅ", Suicide},             // full-width
	{"𝓈𝓊𝒾𝒸𝒾𝒹𝑒", Suicide},             // mathematical script
	{"ⓢⓤⓘⓒⓘⓓⓔ", Suicide},             // circled letters
	{"suïcide", Suicide},             // diaeresis
	{"s̶u̶i̶c̶i̶d̶e̶", Suicide},      // combining strike-through
	{"ѕuісіdе", Suicide},             // Cyrillic lookalikes
	{"sui\u200dcide", Suicide},       // zero-width joiner
	{"sui\u200bci\u200bde", Suicide}, // zero-width space
	{"sui\u00adcide", Suicide},       // soft hyphen
	{"suuuuicide", Suicide},
	{"sucide", Suicide},
	{"suiside", Suicide},
	{"suicde", Suicide},
	{"s u c i d e", Suicide},
	{"k1ll mys3lf", Suicide},
	{"k!ll myself!!!", Suicide},
	{"kil myself", Suicide},
	{"kiiiill myself", Suicide},
	{"kill myslef", Suicide},
	{"kill my self", Suicide},
	{"killmyself", Suicide},
	{"#killmyself", Suicide},
	{"k i l l m y s e l f", Suicide},
	{"i want to diiiiie", Suicide},
	{"end my l1fe", Suicide},
	{"better of dead", Suicide},

	// A title does not hide what a query says around it.
	{"suicide squad made me want to die", Suicide},

	// Self-harm.
	{"self harm", SelfHarm},
	{"self-harm", SelfHarm},
	{"SELF HARM", SelfHarm},
	{"selfharm", SelfHarm},
	{"#selfharm", SelfHarm},
	{"self h@rm", SelfHarm},
	{"s.e.l.f h.a.r.m", SelfHarm},
	{"how to stop hurting myself", SelfHarm},
	{"cutting myself", SelfHarm},
	{"i cut myself again", SelfHarm},
	{"i want to hurt myself", SelfHarm},
	{"sh cuts", SelfHarm},
	{"s.h. cuts", SelfHarm},
	{"sh scars healing", SelfHarm},
	{"how to hide cuts", SelfHarm},
	{"self injury", SelfHarm},

	// Eating disorders.
	{"starve myself", EatingDisorder},
	{"how to starve myself", EatingDisorder},
	{"purging", EatingDisorder},
	{"not eating for days", EatingDisorder},
	{"haven't eaten in days", EatingDisorder},
	{"pro ana", EatingDisorder},
	{"pro-ana tips", EatingDisorder},
	{"pr0 ana", EatingDisorder},
	{"proana", EatingDisorder},
	{"#proana", EatingDisorder},
	{"promia", EatingDisorder},
	{"thinspo", EatingDisorder},
	{"th1nspo", EatingDisorder},
	{"Thinspooooo", EatingDisorder},
	{"thinspiration", EatingDisorder},
	{"meanspo", EatingDisorder},
	{"bonespo", EatingDisorder},
	{"ana tips", EatingDisorder},
	{"mia tips", EatingDisorder},
	{"#edtwt", EatingDisorder},
	{"anorexia", EatingDisorder},
	{"eating disorder help", EatingDisorder},

	// Precedence: Suicide over SelfHarm over EatingDisorder.
	{"self harm and suicide", Suicide},
	{"pro ana want to die", Suicide},
	{"purging and cutting myself", SelfHarm},
}

// mustNot lists everyday queries that must not be detected.
var mustNot = []string{
	"",
	"   ",
	"!!!",
	"cutting board",
	"5 kms run",
	"10 kms",
	"ten kms",
	"how many kms is a marathon",
	"kms to miles",
	"killer abs workout",
	"dying my hair",
	"dye",
	"shell",
	"ship",
	"sh", // "sh" counts only next to a self-harm word
	"bus schedule",
	"catch the bus", // "ctb" algospeak is too ambiguous to list
	"ctb",
	"anatomy",
	"banana",
	"skills",
	"pro analysis",
	"analog",
	"purge css",
	"mia farrow", // "mia" and "ana" are names; only pro-ED compounds count
	"anna tips",
	"ana de armas",
	"to die for chocolate cake",
	"die hard",
	"diet tips",
	"mental health awareness month",
	"anxiety tips",
	"therapy",
	"🔪", // emoji never trigger on their own
	"chef knife 🔪",
	"kill bill",
	"killing eve",
	"dead by daylight",
	"self care tips",
	"self help books",
	"harm reduction",
	"hair cuts",
	"i'm starving what should i eat",
	"starving artist",
	"overdue library books",
	"jump rope workout",
	"bridge",
	"i cut myself shaving",
	"hurt myself at the gym",
	"hang my self-portrait",
	"grippy socks",
	"ed sheeran",
	"$100 gift card",
	"24/7 support",
	"3am thoughts",
	"puma suit ide", // one edit from "suicide" only when glued
	// The hub shows crisis support to people, not to titles (issue 10).
	"suicide squad",
	"the virgin suicides",
	"suicide squeeze baseball",
}

func TestDetectTriggers(t *testing.T) {
	for _, tc := range mustTrigger {
		got := Detect(tc.query)
		if !got.Risk || got.Category != tc.want || got.Phrase == "" {
			t.Errorf("Detect(%q) = %+v, want risk %s", tc.query, got, tc.want)
		}
	}
}

func TestDetectDoesNotTrigger(t *testing.T) {
	for _, q := range mustNot {
		if got := Detect(q); got != (Signal{}) {
			t.Errorf("Detect(%q) = %+v, want no risk", q, got)
		}
	}
}

func TestMessage(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range []Category{Suicide, SelfHarm, EatingDisorder, ""} {
		m := Message(c)
		if m == "" || len(m) > 200 || seen[m] {
			t.Errorf("Message(%q) = %q: want a short message per category", c, m)
		}
		seen[m] = true
	}
}

func FuzzDetect(f *testing.F) {
	for _, tc := range mustTrigger {
		f.Add(tc.query)
	}
	for _, q := range mustNot {
		f.Add(q)
	}
	f.Add("s*")
	f.Add("*a*b*")
	f.Add("\xff\xfe bad utf8")
	f.Fuzz(func(t *testing.T, s string) {
		sig := Detect(s)
		if sig.Risk != (sig.Category != "") || sig.Risk != (sig.Phrase != "") {
			t.Fatalf("Detect(%q) = %+v: inconsistent signal", s, sig)
		}
		n := Normalize(s)
		if n2 := Normalize(n); n2 != n {
			t.Fatalf("Normalize not idempotent for %q: %q then %q", s, n, n2)
		}
	})
}

var benchQueries = []string{
	"anxiety tips for work",
	"how to help a friend who is struggling",
	"i want to kill myself",
	"s.u.i.c.i.d.e",
	"5 kms run near me",
	"pro analysis of therapy outcomes",
	"ｓｕｉｃｉｄｅ hotline",
	"thinspo",
	"mental health awareness month events in my city this weekend",
	"cutting board",
	"k1ll mys3lf",
	"what is cognitive behavioural therapy and does it work for depression",
}

// BenchmarkDetect reports the wall time per query and, because a loaded
// machine stretches wall time, the CPU time the process spent per query.
func BenchmarkDetect(b *testing.B) {
	b.ReportAllocs()
	start := cpuTime()
	n := 0
	for i := 0; b.Loop(); i++ {
		Detect(benchQueries[i%len(benchQueries)])
		n++
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(n), "cpu-ns/op")
}

// cpuTime returns the user and system CPU time of the process, in ns.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
