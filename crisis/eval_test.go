package crisis

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// The evaluation sets in testdata/ are labelled queries written from how
// people search, one file per category: testdata/eval was written before the
// rules and tunes them; testdata/holdout was written after, without looking
// at the rules' misses, and measures how detection generalizes.

var showMisses = flag.Bool("crisis.misses", false, "list the queries the evaluation gets wrong")

// benignSets are the categories of queries that carry no risk.
var benignSets = map[string]bool{"ordinary": true, "lookalike": true}

// evalFloors are the lowest recall (risky categories) and the highest false
// alarm rate (benign categories) each set may show.
var evalFloors = map[string]struct{ recall, falseAlarms float64 }{
	"eval":     {recall: 0.95, falseAlarms: 0.02},
	"holdout":  {recall: 0.80, falseAlarms: 0.04},
	"holdout2": {recall: 0.66, falseAlarms: 0.04},
}

// loadSet reads testdata/<set>/*.txt: category -> queries.
func loadSet(t testing.TB, set string) map[string][]string {
	files, err := filepath.Glob(filepath.Join("testdata", set, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no evaluation files in testdata/%s: %v", set, err)
	}
	out := map[string][]string{}
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		cat := strings.TrimSuffix(filepath.Base(f), ".txt")
		for sc.Scan() {
			if q := strings.TrimSpace(sc.Text()); q != "" && !strings.HasPrefix(q, "#") {
				out[cat] = append(out[cat], q)
			}
		}
		fh.Close()
	}
	return out
}

func TestEvaluationSet(t *testing.T)    { evaluate(t, "eval") }
func TestHoldoutSet(t *testing.T)       { evaluate(t, "holdout") }
func TestSecondHoldoutSet(t *testing.T) { evaluate(t, "holdout2") }

// evaluate prints recall per risky category, false alarms per benign one and
// overall precision, and fails when a category is past its floor.
func evaluate(t *testing.T, set string) {
	if _, err := os.Stat(filepath.Join("testdata", set)); os.IsNotExist(err) {
		t.Fatalf("testdata/%s is missing", set)
	}
	floor := evalFloors[set]
	data := loadSet(t, set)
	cats := make([]string, 0, len(data))
	for c := range data {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	var tp, fp, total int
	var report strings.Builder
	fmt.Fprintf(&report, "%s set:\n%-10s %6s %8s\n", set, "category", "n", "rate")
	for _, c := range cats {
		qs := data[c]
		hits := 0
		var misses []string
		for _, q := range qs {
			if Detect(q).Risk {
				hits++
				if benignSets[c] {
					misses = append(misses, q)
				}
			} else if !benignSets[c] {
				misses = append(misses, q)
			}
		}
		total += len(qs)
		rate := float64(hits) / float64(len(qs))
		if benignSets[c] {
			fp += hits
			fmt.Fprintf(&report, "%-10s %6d %7.1f%% false alarms\n", c, len(qs), 100*rate)
			if rate > floor.falseAlarms {
				t.Errorf("%s/%s: false alarms %.1f%% over the %.0f%% ceiling", set, c, 100*rate, 100*floor.falseAlarms)
			}
		} else {
			tp += hits
			fmt.Fprintf(&report, "%-10s %6d %7.1f%% recall\n", c, len(qs), 100*rate)
			if rate < floor.recall {
				t.Errorf("%s/%s: recall %.1f%% under the %.0f%% floor", set, c, 100*rate, 100*floor.recall)
			}
		}
		if *showMisses {
			for _, q := range misses {
				fmt.Fprintf(&report, "    miss: %s\n", q)
			}
		}
	}
	fmt.Fprintf(&report, "precision %.1f%% over %d queries\n", 100*float64(tp)/float64(tp+fp), total)
	t.Log("\n" + report.String())
}

// TestMethodSeekingIsFlagged checks that method-seeking queries are marked
// as such, so the search hides content about the method.
func TestMethodSeekingIsFlagged(t *testing.T) {
	qs := loadSet(t, "eval")["method"]
	flagged := 0
	for _, q := range qs {
		if Detect(q).Method {
			flagged++
		} else if *showMisses {
			t.Logf("not flagged as method: %s", q)
		}
	}
	rate := float64(flagged) / float64(len(qs))
	t.Logf("method flag on %.1f%% of method-seeking queries", 100*rate)
	if rate < 0.90 {
		t.Errorf("method flag on %.1f%% of method-seeking queries, want 90%%", 100*rate)
	}
}
