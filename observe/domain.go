package observe

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// The domain's counters. Domain packages call the functions below after the change they count
// has committed; every Haven's registry serves them. They hold counts only: never a query, a
// report's details or who acted.
var (
	moderationDecisions = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "haven_moderation_decisions_total",
		Help: "Moderation decisions committed, by action (approve, request_changes, reject, take_down, unpublish).",
	}, []string{"action"})
	schedulerRuns = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "haven_scheduler_runs_total", Help: "Scheduler runs by outcome (ok or error).",
	}, []string{"outcome"})
	scheduledPublished = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "haven_scheduler_items_published_total", Help: "Scheduled revisions the scheduler published.",
	})
	crisisSupportShown = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "haven_crisis_support_shown_total",
		Help: "Searches answered with crisis support first, by concern. The query itself is never recorded.",
	}, []string{"concern"})
)

// ModerationDecision counts a committed moderation decision.
func ModerationDecision(action string) { moderationDecisions.WithLabelValues(action).Inc() }

// SchedulerRun counts one run of the scheduler and what it published.
func SchedulerRun(published int, err error) {
	outcome := "ok"
	if err != nil && !errors.Is(err, context.Canceled) {
		outcome = "error"
	}
	schedulerRuns.WithLabelValues(outcome).Inc()
	scheduledPublished.Add(float64(published))
}

// CrisisSupportShown counts a search answered with crisis support for concern (a category such
// as "suicide", never the words searched).
func CrisisSupportShown(concern string) { crisisSupportShown.WithLabelValues(concern).Inc() }

func registerDomain(r *prometheus.Registry) {
	r.MustRegister(moderationDecisions, schedulerRuns, scheduledPublished, crisisSupportShown)
}

// QueueDepth serves haven_queue_depth{status}: how many items wait in each status, counted by
// count at scrape time (at most once per second however often it is scraped, and given two
// seconds at most, so a slow database cannot pile up scrapes).
func (m *Metrics) QueueDepth(count func(ctx context.Context) (map[string]int, error)) {
	m.Registry.MustRegister(&queueDepth{count: count})
}

type queueDepth struct {
	count func(ctx context.Context) (map[string]int, error)

	mu   sync.Mutex
	at   time.Time
	last map[string]int
}

var queueDepthDesc = prometheus.NewDesc("haven_queue_depth",
	"Submissions waiting, by status (the review queue and scheduled publications).", []string{"status"}, nil)

func (q *queueDepth) Describe(ch chan<- *prometheus.Desc) { ch <- queueDepthDesc }

func (q *queueDepth) Collect(ch chan<- prometheus.Metric) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if time.Since(q.at) > time.Second {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		counts, err := q.count(ctx)
		cancel()
		if err == nil {
			q.last, q.at = counts, time.Now()
		}
	}
	for status, n := range q.last {
		ch <- prometheus.MustNewConstMetric(queueDepthDesc, prometheus.GaugeValue, float64(n), status)
	}
}
