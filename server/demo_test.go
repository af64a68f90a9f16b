package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"haven/app"
	"haven/apptest"
	"haven/clock"
	"haven/config"
)

// demoFile holds the demo's GraphQL operations; the README shows its blocks verbatim.
const demoFile = "../docs/demo/demo.graphql"

// demoBlock is one step of the demo: the text the README shows and the operations in it.
type demoBlock struct {
	text string
	ops  []demoOp
}

// demoOp is one operation of the demo and the header comments that tell the reader how to run it.
type demoOp struct {
	name  string
	query string         // the operation, as sent
	runs  []demoRun      // who runs it, in order, and the error code each run must get
	vars  map[string]any // the variables line; "<…>" strings are what the reader fills in
	later bool           // "a minute later": run after the clock moved on a minute
}

type demoRun struct{ subject, expect string } // subject "" is anonymous; expect "" is success

var (
	opStart = regexp.MustCompile(`^(query|mutation|subscription) (\w+)`)
	runRe   = regexp.MustCompile(`^(?:as (\S+)|anonymous)(?: \(expect ([A-Z_]+)[^)]*\))?$`)
	varRe   = regexp.MustCompile(`\$(\w+):`)
)

// parseDemo reads the demo file: blocks begin at "# Step N." lines; operations are separated by
// blank lines and preceded by "# as SUBJECT[ (expect CODE)][, then as …]" or "# anonymous" and an
// optional "# variables: {…}" line.
func parseDemo(t *testing.T) []demoBlock {
	t.Helper()
	src, err := os.ReadFile(demoFile)
	if err != nil {
		t.Fatal(err)
	}
	var blocks []demoBlock
	for _, chunk := range strings.Split(strings.TrimSpace(string(src)), "\n\n") {
		lines := strings.Split(chunk, "\n")
		if strings.HasPrefix(lines[0], "# Step ") {
			blocks = append(blocks, demoBlock{text: chunk})
			continue
		}
		if len(blocks) == 0 {
			t.Fatalf("%s: text before the first step: %q", demoFile, chunk)
		}
		b := &blocks[len(blocks)-1]
		b.text += "\n\n" + chunk
		var op demoOp
		var body []string
		for _, line := range lines {
			switch {
			case strings.HasPrefix(line, "# variables: "):
				if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "# variables: ")), &op.vars); err != nil {
					t.Fatalf("%s: variables line %q: %v", demoFile, line, err)
				}
			case strings.HasPrefix(line, "#"):
				header := strings.TrimPrefix(line, "# ")
				header, op.later = strings.CutSuffix(header, ", a minute later")
				for _, part := range strings.Split(header, ", then ") {
					m := runRe.FindStringSubmatch(part)
					if m == nil {
						t.Fatalf("%s: cannot read who runs the operation: %q", demoFile, line)
					}
					op.runs = append(op.runs, demoRun{subject: m[1], expect: m[2]})
				}
			default:
				body = append(body, line)
			}
		}
		op.query = strings.Join(body, "\n")
		m := opStart.FindStringSubmatch(op.query)
		if m == nil || len(op.runs) == 0 {
			t.Fatalf("%s: want a named operation under a header saying who runs it: %q", demoFile, chunk)
		}
		op.name = m[2]
		var declared, given []string
		for _, v := range varRe.FindAllStringSubmatch(strings.SplitN(op.query, "{", 2)[0], -1) {
			declared = append(declared, v[1])
		}
		for k := range op.vars {
			given = append(given, k)
		}
		slices.Sort(declared)
		slices.Sort(given)
		if !slices.Equal(declared, given) {
			t.Fatalf("%s: %s declares variables %v, its variables line gives %v", demoFile, op.name, declared, given)
		}
		b.ops = append(b.ops, op)
	}
	return blocks
}

// TestDemoWalksTwice walks the README's demo through the real handler, resets the database with
// `server demo reset`, and walks it again: the second pass must meet what the first did.
func TestDemoWalksTwice(t *testing.T) {
	blocks := parseDemo(t)
	e := env{"LISTEN_ADDR": "127.0.0.1:0", "JWT_SECRET": secret, "DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "demo.db")}
	if apptest.Postgres() {
		_, e["DATABASE_URL"] = apptest.FreshDatabase(t)
	}
	cfg, err := config.Load(e.get)
	if err != nil {
		t.Fatal(err)
	}
	cfg.SeedDemo = true // as `go run ./server` on its default database
	for pass := 1; pass <= 2; pass++ {
		ctx, cancel := context.WithCancel(context.Background())
		c := clock.NewManual(time.Now())
		a, err := app.New(ctx, cfg, app.Options{Clock: c, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		if err := a.Start(ctx); err != nil {
			t.Fatal(err)
		}
		w := &demoWalk{t: t, handler: a.Handler(), clock: c, secret: cfg.JWT.Secret, known: map[string]any{}}
		w.run(blocks)
		if pass == 1 {
			// Without a reset the demo's first decision meets a changed queue.
			again := &demoWalk{t: t, handler: a.Handler(), clock: c, secret: cfg.JWT.Secret, known: w.known}
			var approve demoOp
			for _, op := range blocks[0].ops {
				if op.name == "Approve" {
					approve = op
				}
			}
			if approve.name == "" {
				t.Fatal("the demo's first step has no Approve")
			}
			if _, code, raw := again.do(approve.runs[0].subject, approve.query, again.fill(approve)); code == "" {
				t.Errorf("approving twice succeeded: %s", raw)
			}
		}
		cancel()
		a.Close()
		if pass == 1 {
			var out bytes.Buffer
			if err := runContext(context.Background(), []string{"demo", "reset"}, e.get, &out, io.Discard); err != nil {
				t.Fatalf("demo reset: %v", err)
			}
			if !strings.Contains(out.String(), "fresh") {
				t.Errorf("demo reset printed %q", out.String())
			}
		}
	}
}
