package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// server is one GraphQL server under load, started by this tool.
type server struct {
	name string
	peer bool   // PostGraphile rather than Haven
	url  string // the GraphQL endpoint
	cmd  *exec.Cmd
	done chan struct{}
	walk *walk // what reading its feed found; filled by the first workload prepared
}

// freePort asks the system for a free loopback port.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// startHaven starts the built server binary on a loopback port in production mode, without demo
// seeding or request budgets, with a throw-away signing key and the extra environment.
func startHaven(ctx context.Context, bin, db, name, work string, extra []string) (*server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "DATABASE_URL="+db, fmt.Sprintf("LISTEN_ADDR=127.0.0.1:%d", port),
		"APP_ENV=production", "SEED_DEMO=false", "JWT_SECRET="+hex.EncodeToString(key),
		// All the load comes from one loopback client: its per-client budget would measure the
		// rate limiter, not the read path.
		"RATE_LIMIT_ANONYMOUS=off", "RATE_LIMIT_SIGNED_IN=off")
	cmd.Env = append(cmd.Env, extra...)
	s := &server{name: name, url: fmt.Sprintf("http://127.0.0.1:%d/graphql", port), cmd: cmd}
	return s, s.start(ctx, filepath.Join(work, "haven-"+strconv.Itoa(port)+".log"), func() bool {
		res, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/readyz", port))
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == http.StatusOK
	})
}

// startPeer starts PostGraphile from dir, as its README says, on a loopback port.
func startPeer(ctx context.Context, dir, db, work string) (*server, error) {
	node := filepath.Join(dir, "node_modules", ".bin", "node")
	pg := filepath.Join(dir, "node_modules", ".bin", "postgraphile")
	for _, f := range []string{node, pg} {
		if _, err := os.Stat(f); err != nil {
			return nil, fmt.Errorf("%s is missing: run `npm install --no-audit --no-fund` in the peer directory (in a copy of it if it is read-only)", f)
		}
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(node, pg, "-C", "graphile.config.mjs")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "DATABASE_URL="+db, "PORT="+strconv.Itoa(port))
	s := &server{name: "PostGraphile", peer: true, url: fmt.Sprintf("http://127.0.0.1:%d/graphql", port), cmd: cmd}
	return s, s.start(ctx, filepath.Join(work, "peer.log"), func() bool {
		_, err := s.post(`{"query":"{ __typename }"}`)
		return err == nil
	})
}

// start runs the command with its output in logPath and waits until ready reports true.
func (s *server) start(ctx context.Context, logPath string, ready func() bool) error {
	logf, err := os.Create(logPath)
	if err != nil {
		return err
	}
	s.cmd.Stdout, s.cmd.Stderr = logf, logf
	if err := s.cmd.Start(); err != nil {
		logf.Close()
		return fmt.Errorf("start %s: %w", s.name, err)
	}
	s.done = make(chan struct{})
	go func() { s.cmd.Wait(); logf.Close(); close(s.done) }()
	deadline := time.Now().Add(90 * time.Second)
	for !ready() {
		select {
		case <-s.done:
			out, _ := os.ReadFile(logPath)
			return fmt.Errorf("%s exited at start: %s", s.name, tail(out))
		case <-ctx.Done():
			s.stop()
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.stop()
			return fmt.Errorf("%s did not become ready in 90s", s.name)
		}
	}
	fmt.Fprintf(os.Stderr, "%s is up at %s\n", s.name, s.url)
	return nil
}

func tail(b []byte) string {
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return strings.TrimSpace(string(b))
}

// stop ends the server it started: SIGTERM, then SIGKILL after 10 seconds.
func (s *server) stop() {
	if s.cmd.Process == nil || s.done == nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
}

// peakRSS is the server process's peak resident set size (Linux), 0 when unknown.
func (s *server) peakRSS() int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

// post sends one GraphQL request body and returns the data, failing on any GraphQL error.
func (s *server) post(body string) (json.RawMessage, error) {
	res, err := http.Post(s.url, "application/json", strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	var out struct {
		Data   json.RawMessage   `json:"data"`
		Errors []json.RawMessage `json:"errors"`
	}
	if err := json.Unmarshal(raw, &out); err != nil || res.StatusCode != http.StatusOK || len(out.Errors) > 0 || bytes.Equal(out.Data, []byte("null")) {
		return nil, fmt.Errorf("HTTP %d: %.500s", res.StatusCode, raw)
	}
	return out.Data, nil
}
