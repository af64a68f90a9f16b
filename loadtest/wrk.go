package main

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// requestsLua is the wrk script: each thread reads the file of requests, starts at its own
// offset and cycles through them; done prints the summary as one JSON line.
//
//go:embed requests.lua
var requestsLua []byte

// result is one wrk run.
type result struct {
	rps, p50ms, p99ms float64
	errors            int
}

func runWrk(ctx context.Context, wrkPath string, s *server, w *workload, round int, o options) (result, error) {
	script := filepath.Join(filepath.Dir(w.files[fileKey(s, round)]), "requests.lua")
	if err := os.WriteFile(script, requestsLua, 0o600); err != nil {
		return result{}, err
	}
	cmd := exec.CommandContext(ctx, wrkPath, fmt.Sprintf("-t%d", o.threads), fmt.Sprintf("-c%d", o.connections),
		fmt.Sprintf("-d%ds", int(o.duration.Seconds())), "--timeout", "5s", "-s", script, s.url,
		"--", w.files[fileKey(s, round)], fmt.Sprint(o.threads))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return result{}, fmt.Errorf("wrk: %w: %s", err, out.String())
	}
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		line, ok := strings.CutPrefix(sc.Text(), "RESULT ")
		if !ok {
			continue
		}
		var r struct {
			Requests, DurationUS, P50US, P99US, StatusErrors, SocketErrors int64
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			return result{}, err
		}
		res := result{
			rps:    float64(r.Requests) / (float64(r.DurationUS) / 1e6),
			p50ms:  float64(r.P50US) / 1000,
			p99ms:  float64(r.P99US) / 1000,
			errors: int(r.StatusErrors + r.SocketErrors),
		}
		if res.errors > 0 {
			fmt.Fprintf(os.Stderr, "warning: %s on %s: %d failed requests\n", w.name, s.name, res.errors)
		}
		return res, nil
	}
	return result{}, fmt.Errorf("wrk printed no result: %s", out.String())
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// table prints the medians of the rounds as markdown: req/s and p99 per server, and each Haven's
// throughput as a multiple of PostGraphile's.
func table(loads []*workload, servers []*server, results map[string]map[string][]result, o options) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\nMedians of %d alternating rounds, wrk -t%d -c%d, %s each; req/s (p99 latency)\n\n", o.rounds, o.threads, o.connections, o.duration)
	b.WriteString("| workload |")
	var peer *server
	for _, s := range servers {
		fmt.Fprintf(&b, " %s |", s.name)
		if s.peer {
			peer = s
		}
	}
	if peer != nil {
		for _, s := range servers {
			if !s.peer {
				fmt.Fprintf(&b, " %s ÷ PostGraphile |", s.name)
			}
		}
	}
	b.WriteString("\n|---|")
	for range servers {
		b.WriteString("---|")
	}
	if peer != nil {
		for range len(servers) - 1 {
			b.WriteString("---|")
		}
	}
	b.WriteString("\n")
	med := func(rs []result, f func(result) float64) float64 {
		xs := make([]float64, len(rs))
		for i, r := range rs {
			xs[i] = f(r)
		}
		return median(xs)
	}
	rps := func(r result) float64 { return r.rps }
	p99 := func(r result) float64 { return r.p99ms }
	for _, w := range loads {
		fmt.Fprintf(&b, "| %s |", w.about)
		for _, s := range servers {
			rs := results[w.name][s.name]
			fmt.Fprintf(&b, " %.0f (%.1f ms) |", med(rs, rps), med(rs, p99))
		}
		if peer != nil {
			base := med(results[w.name][peer.name], rps)
			for _, s := range servers {
				if !s.peer {
					fmt.Fprintf(&b, " %.2f× |", med(results[w.name][s.name], rps)/base)
				}
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}
