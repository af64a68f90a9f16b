package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"haven/app"
	"haven/auth"
	"haven/ent/account"
)

// printBanner tells a developer where Haven runs and how to sign in, saying only what is true of
// this database: the demo accounts and what they were seeded with are printed only when the
// database holds the demo hub (the default file is seeded; another database only with
// SEED_DEMO=true, and only when it was empty).
func printBanner(ctx context.Context, out io.Writer, a *app.App, addr string) {
	var w bytes.Buffer // written at once, so that the banner is never read half-printed
	defer func() { _, _ = out.Write(w.Bytes()) }()
	cfg := a.Config
	fmt.Fprintf(&w, "\nHaven is running: GraphiQL at http://%s/\n", addr)
	if len(cfg.JWT.Secret) == 0 {
		fmt.Fprintln(&w, "Tokens come from your identity provider (JWT_PUBLIC_KEY_FILE or JWT_JWKS_FILE).")
		return
	}
	subjects, err := seededDemoSubjects(ctx, a)
	if err != nil {
		a.Logger.WarnContext(ctx, "banner: could not read the demo accounts", "error", err)
	}
	if len(subjects) == 0 {
		fmt.Fprintln(&w, "This database holds no demo hub, so there are no demo accounts: the demo is seeded into the")
		fmt.Fprintln(&w, "embedded default (DATABASE_URL unset), or into an empty database with SEED_DEMO=true.")
		fmt.Fprintln(&w, "A development token, with the same environment: go run ./server token --subject you --role moderator")
		fmt.Fprintln(&w)
		return
	}
	fmt.Fprintln(&w, "Demo accounts as seeded, with development tokens (valid 24h). To start the demo over: stop the server, run `go run ./server demo reset`.")
	for _, acc := range app.DemoAccounts() {
		// The spotlighted creators' own accounts are data, not characters of the demo; any of
		// them can be had with `server token`.
		if strings.HasPrefix(acc.Subject, "creator:") || !subjects[acc.Subject] {
			continue
		}
		tok, err := auth.Sign(cfg.JWT.Secret, auth.Claims{
			Subject: acc.Subject, Roles: acc.Roles, TTL: 24 * time.Hour,
			Issuer: cfg.JWT.Issuer, Audience: cfg.JWT.Audience, RolesClaim: cfg.JWT.RolesClaim,
		})
		if err != nil {
			continue
		}
		fmt.Fprintf(&w, "\n  %s (%s): %s\n  {\"Authorization\": \"Bearer %s\"}\n", acc.Subject, strings.Join(acc.Roles, ", "), acc.Note, tok)
	}
	fmt.Fprintln(&w)
}

// seededDemoSubjects returns the demo subjects whose accounts exist, or none when the database
// does not hold the demo hub (an account named like a demo one may come from any token).
func seededDemoSubjects(ctx context.Context, a *app.App) (map[string]bool, error) {
	if ok, err := demoPresent(ctx, a.DB.Client); err != nil || !ok {
		return nil, err
	}
	var want []string
	for _, acc := range app.DemoAccounts() {
		want = append(want, acc.Subject)
	}
	found, err := a.DB.Client.Account.Query().Where(account.SubjectIn(want...)).
		Select(account.FieldSubject).Strings(auth.SystemContext(ctx))
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(found))
	for _, s := range found {
		out[s] = true
	}
	return out, nil
}
