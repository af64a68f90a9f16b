// Command loadtest measures Haven's public read path side by side with PostGraphile (optional) on
// the same database, the same data and the same machine:
//
//	go run ./loadtest -db 'postgres://postgres@127.0.0.1:5432/load?sslmode=disable' -items 10000 -peer DIR
//
// It fills the database with synthetic live items (server seed --synthetic), builds and starts
// Haven (twice: with its response cache and without it), starts PostGraphile from -peer when
// given, runs every workload with wrk against each server in turn, round after round, so that
// drift on a shared machine hits every server alike, and prints medians, p99 latencies and
// ratios as a markdown table. Everything listens on loopback and each run is bounded by
// -duration. wrk is required (Debian/Ubuntu: apt-get install wrk; macOS: brew install wrk).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type options struct {
	db          string
	items       int
	peerDir     string
	duration    time.Duration
	rounds      int
	threads     int
	connections int
	workloads   string
	uncached    bool
}

func main() {
	var o options
	flag.StringVar(&o.db, "db", os.Getenv("DATABASE_URL"), "database URL (postgres://… or sqlite:PATH); default $DATABASE_URL")
	flag.IntVar(&o.items, "items", 10000, "synthetic live items the database should hold (0: use it as it is)")
	flag.StringVar(&o.peerDir, "peer", os.Getenv("HAVEN_PEER_DIR"), "directory of the PostGraphile peer with node_modules installed (PostgreSQL only); default $HAVEN_PEER_DIR; empty: Haven alone")
	flag.DurationVar(&o.duration, "duration", 8*time.Second, "length of each wrk run (at most 20s)")
	flag.IntVar(&o.rounds, "rounds", 3, "alternating rounds; the table shows medians")
	flag.IntVar(&o.threads, "threads", 2, "wrk threads")
	flag.IntVar(&o.connections, "connections", 8, "wrk connections")
	flag.StringVar(&o.workloads, "workloads", strings.Join(workloadNames(), ","), "comma-separated workloads")
	flag.BoolVar(&o.uncached, "uncached", true, "also measure a Haven started with RESPONSE_CACHE=off")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, o options) error {
	if o.db == "" {
		return errors.New("-db (or DATABASE_URL) is required: postgres://… or sqlite:PATH")
	}
	if o.duration <= 0 || o.duration > 20*time.Second {
		return errors.New("-duration must be between 0 and 20s")
	}
	if o.rounds < 1 || o.rounds > 9 {
		return errors.New("-rounds must be between 1 and 9")
	}
	wrkPath, err := exec.LookPath("wrk")
	if err != nil {
		return errors.New("wrk is not installed (Debian/Ubuntu: sudo apt-get install wrk; macOS: brew install wrk)")
	}
	postgres := strings.HasPrefix(o.db, "postgres")
	if o.peerDir != "" && !postgres {
		return errors.New("-peer needs a PostgreSQL -db: PostGraphile reads PostgreSQL only")
	}
	work, err := os.MkdirTemp("", "haven-loadtest-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	bin := filepath.Join(work, "haven")
	fmt.Fprintln(os.Stderr, "building Haven…")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./server")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("go build ./server (run the load tool from the project root): %w", err)
	}
	if o.items > 0 {
		seed := exec.CommandContext(ctx, bin, "seed", "--synthetic", fmt.Sprint(o.items))
		seed.Env = append(os.Environ(), "DATABASE_URL="+o.db)
		seed.Stdout, seed.Stderr = os.Stderr, os.Stderr
		if err := seed.Run(); err != nil {
			return fmt.Errorf("seed: %w", err)
		}
	}

	var servers []*server
	defer func() {
		for _, s := range servers {
			s.stop()
		}
	}()
	haven, err := startHaven(ctx, bin, o.db, "Haven", work, nil)
	if err != nil {
		return err
	}
	servers = append(servers, haven)
	if o.uncached {
		s, err := startHaven(ctx, bin, o.db, "Haven, no response cache", work, []string{"RESPONSE_CACHE=off"})
		if err != nil {
			return err
		}
		servers = append(servers, s)
	}
	if o.peerDir != "" {
		s, err := startPeer(ctx, o.peerDir, o.db, work)
		if err != nil {
			return err
		}
		servers = append(servers, s)
	}

	var loads []*workload
	for _, name := range strings.Split(o.workloads, ",") {
		w, ok := workloadByName(strings.TrimSpace(name))
		if !ok {
			return fmt.Errorf("unknown workload %q (known: %s)", name, strings.Join(workloadNames(), ", "))
		}
		loads = append(loads, w)
	}
	fmt.Fprintln(os.Stderr, "preparing requests…")
	for _, w := range loads {
		for _, s := range servers {
			if err := w.prepare(ctx, s, work, o.rounds); err != nil {
				return fmt.Errorf("%s on %s: %w", w.name, s.name, err)
			}
		}
	}
	results := map[string]map[string][]result{} // workload -> server -> rounds
	var loadAvgs []float64                      // the 1-minute load average before each run
	for round := range o.rounds {
		for _, w := range loads {
			for i := range servers {
				if l, ok := loadAverage(); ok {
					loadAvgs = append(loadAvgs, l)
				}
				// Alternate the order of the servers from round to round as well.
				s := servers[(i+round)%len(servers)]
				r, err := runWrk(ctx, wrkPath, s, w, round, o)
				if err != nil {
					return fmt.Errorf("%s on %s: %w", w.name, s.name, err)
				}
				fmt.Fprintf(os.Stderr, "round %d  %-10s %-26s %8.0f req/s  p99 %6.1f ms\n", round+1, w.name, s.name, r.rps, r.p99ms)
				if results[w.name] == nil {
					results[w.name] = map[string][]result{}
				}
				results[w.name][s.name] = append(results[w.name][s.name], r)
			}
		}
	}
	fmt.Println(table(loads, servers, results, o))
	if len(loadAvgs) > 0 {
		fmt.Printf("1-minute load average before each run: %.1f–%.1f (median %.1f) on %d CPUs\n",
			slices.Min(loadAvgs), slices.Max(loadAvgs), median(loadAvgs), runtime.NumCPU())
	}
	for _, s := range servers {
		if rss := s.peakRSS(); rss > 0 {
			fmt.Printf("Peak RSS of %s: %d MB\n", s.name, rss>>20)
		}
	}
	return nil
}

// loadAverage is the machine's 1-minute load average (Linux), printed with the table because
// other work on the machine moves every figure.
func loadAverage() (float64, bool) {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0, false
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 0, false
	}
	l, err := strconv.ParseFloat(f[0], 64)
	return l, err == nil
}
