package crisis

import "testing"

func TestNormalize(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Hello, World!", "hello world"},
		{"  many   spaces\there\n", "many spaces here"},
		{"Crème Brûlée", "creme brulee"},
		{"ｆｕｌｌ　ｗｉｄｔｈ", "full width"},
		{"diiiie", "die"},
		{"sooo goood", "so god"}, // runs of three or more collapse to one
		{"too good", "too good"}, // doubles are left alone
		{"su1c1de", "suicide"},
		{"k!ll", "kill"},
		{"self h@rm", "self harm"},
		{"$uicide", "suicide"},
		{"help!", "help"},
		{"5uicide", "5uicide"}, // edge digits stay digits; Detect tries both
		{"5 kms", "5 kms"},
		{"10kms", "10kms"},
		{"covid19 2nd wave", "covid19 2nd wave"},
		{"$100", "100"},
		{"sui\u200bcide", "suicide"},
		{"sui\u200dcide", "suicide"},
		{"don't", "dont"},
		{"don’t", "dont"},
		{"self-harm", "self harm"},
		{"s*icide", "s icide"},
		{"s.u.i.c.i.d.e", "s u i c i d e"},
		{"#edtwt", "edtwt"},
		{"ѕuісіdе", "suicide"}, // Cyrillic lookalikes in a Latin word
		{"Москва", "москва"},   // genuine Cyrillic is left alone
		{"I ❤️ therapy 🔪", "i therapy"},
		{"!!!", ""},
		{"", ""},
	}
	for _, tc := range cases {
		if got := Normalize(tc.in); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := Normalize(tc.want); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want it unchanged", tc.want, got)
		}
	}
}

func TestSpelling(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"suicide", "suicide", true},
		{"sucide", "suicide", true},
		{"suiside", "suicide", true},
		{"siucide", "suicide", true},
		{"suicidee", "suicide", true},
		{"scuide", "suicide", false},
		{"purring", "suicide", false},
	} {
		if got := oneEdit(tc.a, tc.b); got != tc.want {
			t.Errorf("oneEdit(%q, %q) = %v", tc.a, tc.b, got)
		}
	}
	for _, tc := range []struct {
		p, w string
		want bool
	}{
		{"s*icide", "suicide", true},
		{"s*cide", "suicide", true},
		{"s**cide", "suicide", true},
		{"k*ll", "kill", true},
		{"k*ll", "kl", false},
		{"d*e", "die", true},
		{"d*e", "dye", true},
		{"d*e", "de", false},
	} {
		if got := wildMatch(tc.p, tc.w); got != tc.want {
			t.Errorf("wildMatch(%q, %q) = %v", tc.p, tc.w, got)
		}
	}
	if squeeze("kiiilll") != "kil" || squeeze("abc") != "abc" {
		t.Error("squeeze")
	}
}
