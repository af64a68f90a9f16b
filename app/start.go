package app

import (
	"context"

	"haven/auth"
	"haven/seed"
)

// DemoAccount is a demo subject and its roles, for printing development tokens.
type DemoAccount = seed.Account

// DemoAccounts lists the demo accounts.
func DemoAccounts() []DemoAccount { return seed.Accounts() }

// Start seeds the demo hub when configured and starts the background jobs, which stop with ctx.
func (a *App) Start(ctx context.Context) error {
	if a.Config.SeedDemo {
		seeded, err := seed.Demo(auth.SystemContext(ctx), a.DB.Client, a.Clock.Now())
		if err != nil {
			return err
		}
		if seeded {
			a.Logger.Info("seeded the demo hub")
		}
	}
	return nil
}
