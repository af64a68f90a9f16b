package edge

import (
	"testing"
	"time"
)

func TestParseBudget(t *testing.T) {
	for in, want := range map[string]Budget{
		"300/1m": {300, time.Minute}, "20/10s": {20, 10 * time.Second}, " 5 / 1h ": {5, time.Hour}, "off": {}, "OFF": {}, "0": {},
	} {
		got, err := ParseBudget(in)
		if err != nil || got != want {
			t.Errorf("ParseBudget(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"300", "x/1m", "0/1m", "-3/1m", "10/0s", "10/500ms", "10/48h", "2000000/1m", "10/soon"} {
		if _, err := ParseBudget(bad); err == nil {
			t.Errorf("ParseBudget(%q): no error", bad)
		}
	}
	if (Budget{}).String() != "off" || (Budget{300, time.Minute}).String() != "300/1m0s" {
		t.Error("Budget.String")
	}
}

func TestParseOrigins(t *testing.T) {
	good := "https://app.example.org, http://localhost:3000,https://*.example.net"
	got, err := ParseOrigins(good)
	if err != nil || len(got) != 3 {
		t.Fatalf("ParseOrigins(%q) = %v, %v", good, got, err)
	}
	if got, err := ParseOrigins("none"); err != nil || got == nil || len(got) != 0 {
		t.Errorf("none: %v, %v", got, err)
	}
	for _, bad := range []string{"example.org", "ftp://example.org", "https://example.org/", "https://example.org/app", "https://*.*.org", "*,https://a.org", "https://u@a.org"} {
		if _, err := ParseOrigins(bad); err == nil {
			t.Errorf("ParseOrigins(%q): no error", bad)
		}
	}
}
