package crisis

import (
	"os"
	"strings"
	"testing"
)

func TestDebugRead(t *testing.T) {
	q := os.Getenv("Q")
	if q == "" {
		t.Skip()
	}
	for _, q := range strings.Split(q, ";") {
		ws := table.read(q)
		for _, w := range ws {
			var names []string
			for _, id := range w.ids {
				for n, v := range table.ids {
					if v == id {
						names = append(names, n)
					}
				}
			}
			t.Logf("%q -> %v", w.text, names)
		}
		t.Logf("%+v", Detect(q))
	}
}
