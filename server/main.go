// Command server runs Haven: `server` serves the hub, `server token` prints a development token,
// `server demo reset` makes the demo hub fresh again, `server migrate up|status` applies or lists
// the schema migrations.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"haven/app"
	"haven/auth"
	"haven/config"
	"haven/observe"
)

func main() {
	if err := run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "haven:", err)
		os.Exit(1)
	}
}

// run is main with its environment passed in, so tests can call it. The server runs until
// SIGINT or SIGTERM.
func run(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	return runContext(ctx, args, getenv, stdout, stderr)
}

// runContext is run with the server's lifetime given by ctx.
func runContext(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "token" {
		return tokenCommand(args[1:], getenv, stdout)
	}
	if len(args) > 0 && args[0] == "seed" {
		return seedCommand(ctx, args[1:], getenv, stdout)
	}
	if len(args) > 0 && args[0] == "demo" {
		return demoCommand(ctx, args[1:], getenv, stdout)
	}
	if len(args) == 1 && args[0] == "healthcheck" {
		return healthcheck(getenv)
	}
	if len(args) > 0 && args[0] == "migrate" {
		return migrateCommand(ctx, args[1:], getenv, stdout, stderr)
	}
	if len(args) > 0 {
		return fmt.Errorf("unknown command %q (want no command, \"token\", \"seed --synthetic N\", \"demo reset\", \"migrate up|status\" or \"healthcheck\")", args[0])
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	tuneGC(getenv)
	logger := observe.NewLogger(stderr, cfg.LogFormat)
	return serve(ctx, cfg, logger, stdout)
}

// serve runs Haven until ctx ends, then shuts down gracefully: the listener closes, requests in
// flight finish (up to 15 seconds), the scheduler stops with ctx, and the database closes last.
func serve(ctx context.Context, cfg config.Config, logger *slog.Logger, stdout io.Writer) error {
	// Listen first, so that a taken port stops start-up before the database is touched, and so
	// that the log names the port the system chose for ":0".
	ln, err := net.Listen("tcp", cfg.ListenAddr)
	if err != nil {
		return fmt.Errorf("LISTEN_ADDR %s: %w", cfg.ListenAddr, err)
	}
	defer ln.Close()
	addr := ln.Addr().String()
	a, err := app.New(ctx, cfg, app.Options{Logger: logger})
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.Start(ctx); err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           a.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	// The banner goes out before the log line that says Haven listens, so that whoever waits
	// for that line finds the banner complete.
	if !cfg.Production() {
		printBanner(ctx, stdout, a, addr)
	}
	logger.Info("haven listening", "addr", "http://"+addr, "config", cfg.Redacted())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// tokenCommand prints a token signed with the configured HS256 key:
// server token --subject S --role R [--role R2] [--ttl 1h]
func tokenCommand(args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("token", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	subject := fs.String("subject", "", "the token's subject (sub)")
	ttl := fs.Duration("ttl", time.Hour, "how long the token is valid")
	var roles roleFlags
	fs.Var(&roles, "role", "a role; repeat for several")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("token: %v (usage: server token --subject S --role R [--role R2] [--ttl 1h])", err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("token: unexpected argument %q", fs.Arg(0))
	}
	if strings.TrimSpace(*subject) == "" {
		return errors.New("token: --subject is required")
	}
	if *ttl <= 0 || *ttl > 30*24*time.Hour {
		return fmt.Errorf("token: --ttl %s must be positive and at most 720h", *ttl)
	}
	for _, r := range roles {
		if _, ok := auth.ParseRole(r); !ok {
			return fmt.Errorf("token: unknown role %q (known: %s)", r, strings.Join(roleNames(), ", "))
		}
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	if len(cfg.JWT.Secret) == 0 {
		return errors.New("token: signing needs JWT_SECRET (or the development secret); tokens for public-key setups come from your identity provider")
	}
	tok, err := auth.Sign(cfg.JWT.Secret, auth.Claims{
		Subject: *subject, Roles: roles, TTL: *ttl,
		Issuer: cfg.JWT.Issuer, Audience: cfg.JWT.Audience, RolesClaim: cfg.JWT.RolesClaim,
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, tok)
	return nil
}

type roleFlags []string

func (r *roleFlags) String() string { return strings.Join(*r, ",") }
func (r *roleFlags) Set(s string) error {
	*r = append(*r, strings.ToLower(strings.TrimSpace(s)))
	return nil
}

func roleNames() []string {
	out := make([]string, len(auth.AllRoles))
	for i, r := range auth.AllRoles {
		out[i] = string(r)
	}
	return out
}
