package main

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

func TestMigrateCommand(t *testing.T) {
	e := sqliteEnv(t, nil)
	var out bytes.Buffer
	if err := run([]string{"migrate", "status"}, e.get, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "pending") || !strings.Contains(out.String(), "_baseline.sql") || !strings.Contains(out.String(), "0 applied") {
		t.Fatalf("status of an empty database:\n%s", out.String())
	}
	out.Reset()
	if err := run([]string{"migrate", "up"}, e.get, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if strings.HasPrefix(out.String(), "applied 0 ") {
		t.Fatalf("up on an empty database applied nothing: %s", out.String())
	}
	out.Reset()
	if err := run([]string{"migrate", "up"}, e.get, &out, io.Discard); err != nil || !strings.HasPrefix(out.String(), "applied 0 ") {
		t.Fatalf("second up: %v %s", err, out.String())
	}
	out.Reset()
	if err := run([]string{"migrate", "status"}, e.get, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), " 0 pending") || strings.Contains(out.String(), "pending  ") {
		t.Fatalf("status after up:\n%s", out.String())
	}
	for _, args := range [][]string{{"migrate"}, {"migrate", "down"}, {"migrate", "up", "extra"}} {
		if err := run(args, e.get, io.Discard, io.Discard); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}
