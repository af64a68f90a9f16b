package app

import (
	"context"
	"time"

	"haven/auth"
	"haven/database"
	"haven/inbox"
	"haven/seed"
)

// SchedulerInterval is how often each replica looks for scheduled publications that fell due.
const SchedulerInterval = 5 * time.Second

// DemoAccount is a demo subject and its roles, for printing development tokens.
type DemoAccount = seed.Account

// DemoAccounts lists the demo accounts.
func DemoAccounts() []DemoAccount { return seed.Accounts() }

// Start seeds the demo hub when configured and starts the scheduler, the pruning of old
// notifications and, on SQLite, the refresh of the planner's statistics, which stop with ctx. The scheduler's first run publishes anything that fell due while no replica was running.
func (a *App) Start(ctx context.Context) error {
	if err := a.Seed(ctx); err != nil {
		return err
	}
	ctx, a.stopJobs = context.WithCancel(ctx)
	a.jobs.Add(1)
	go func() {
		defer a.jobs.Done()
		a.Workflow.RunScheduler(ctx, SchedulerInterval, func(err error) {
			a.Logger.ErrorContext(ctx, "scheduler", "error", err)
		})
	}()
	a.startWebhooks(ctx)
	a.jobs.Add(1)
	go func() {
		defer a.jobs.Done()
		a.DB.RunOptimizer(ctx, database.OptimizeInterval, func(err error) {
			a.Logger.ErrorContext(ctx, "planner statistics", "error", err)
		})
	}()
	a.jobs.Add(1)
	go func() {
		defer a.jobs.Done()
		a.Inbox.RunPruner(ctx, inbox.PruneInterval, func(err error) {
			a.Logger.ErrorContext(ctx, "notification pruning", "error", err)
		})
	}()
	return nil
}

// Seed seeds the demo hub into an empty database when the configuration asks for it.
func (a *App) Seed(ctx context.Context) error {
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
