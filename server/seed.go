package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"haven/config"
	"haven/database"
	"haven/seed/synthetic"
)

// seedCommand fills the configured database for load tests:
// server seed --synthetic N
// It migrates the schema, seeds the demo hub into an empty database and adds synthetic live
// items until there are N of them.
func seedCommand(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	n := fs.Int("synthetic", 0, "how many synthetic live items the database should hold")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("seed: %v (usage: server seed --synthetic N)", err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("seed: unexpected argument %q", fs.Arg(0))
	}
	if *n <= 0 || *n > 10_000_000 {
		return errors.New("seed: --synthetic N must be between 1 and 10000000")
	}
	driver, dsn, err := config.Database(getenv)
	if err != nil {
		return err
	}
	db, err := database.Open(driver, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	start := time.Now()
	last := start
	added, err := synthetic.Fill(ctx, db, *n, time.Now(), func(done, total int) {
		if time.Since(last) > 5*time.Second || done == total {
			last = time.Now()
			fmt.Fprintf(stdout, "seed: %d of %d items\n", done, total)
		}
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "seed: added %d synthetic items in %s; the database holds at least %d\n", added, time.Since(start).Round(time.Millisecond), *n)
	return nil
}
