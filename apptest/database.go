package apptest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	_ "github.com/lib/pq"

	"haven/database"
)

// EnvDatabaseURL names the PostgreSQL server tests use when it is set.
const EnvDatabaseURL = "TEST_DATABASE_URL"

// Postgres reports whether the tests run against PostgreSQL.
func Postgres() bool { return os.Getenv(EnvDatabaseURL) != "" }

var template struct {
	once sync.Once
	name string
	err  error
}

// mainInstalled is set by Main; FreshDatabase on PostgreSQL refuses to run without it, so that
// no package can leave its template database behind.
var mainInstalled bool

// Main runs a package's tests and then drops the PostgreSQL template database they cloned their
// databases from. Every package whose tests use a fresh database declares
//
//	func TestMain(m *testing.M) { apptest.Main(m) }
func Main(m *testing.M) {
	mainInstalled = true
	code := m.Run()
	if err := dropTemplate(); err != nil {
		fmt.Fprintf(os.Stderr, "apptest: drop template database: %v\n", err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

// dropTemplate drops the template database, when this test binary made one.
func dropTemplate() error {
	if template.name == "" {
		return nil
	}
	admin, err := sql.Open("postgres", os.Getenv(EnvDatabaseURL))
	if err != nil {
		return err
	}
	defer admin.Close()
	_, err = admin.Exec(`DROP DATABASE IF EXISTS ` + template.name + ` WITH (FORCE)`)
	return err
}

// FreshDatabase returns the driver and DSN of a new, empty, migrated database that is dropped
// when the test ends. On PostgreSQL each database is cloned from a template migrated once per
// test binary, so a fresh database costs one CREATE DATABASE.
func FreshDatabase(t testing.TB) (driver, dsn string) {
	t.Helper()
	base := os.Getenv(EnvDatabaseURL)
	if base == "" {
		// A file in the test's temporary directory rather than a shared-cache in-memory database:
		// shared cache answers concurrent writers with "table is locked" instead of waiting, which
		// the concurrency tests must not see. WAL and synchronous=OFF keep it fast.
		path := filepath.Join(t.TempDir(), "haven.db")
		return "sqlite", "file:" + path + "?_pragma=foreign_keys(1)&_pragma=busy_timeout(20000)&_pragma=journal_mode(WAL)&_pragma=synchronous(OFF)"
	}
	if !mainInstalled {
		t.Fatalf("apptest: this package's tests need func TestMain(m *testing.M) { apptest.Main(m) }, which drops their template database")
	}
	admin, err := sql.Open("postgres", base)
	if err != nil {
		t.Fatalf("apptest: open %s: %v", EnvDatabaseURL, err)
	}
	defer admin.Close()
	template.once.Do(func() { template.name, template.err = makeTemplate(admin, base) })
	if template.err != nil {
		t.Fatalf("apptest: template database: %v", template.err)
	}
	name := randomName("haven_t")
	if _, err := admin.Exec(`CREATE DATABASE ` + name + ` TEMPLATE ` + template.name); err != nil {
		t.Fatalf("apptest: create database: %v", err)
	}
	dropWhenDone(t, base, name)
	return "postgres", withDatabase(base, name)
}

// dropWhenDone drops the database name of the server at base when the test ends.
func dropWhenDone(t testing.TB, base, name string) {
	t.Cleanup(func() {
		a, err := sql.Open("postgres", base)
		if err != nil {
			return
		}
		defer a.Close()
		_, _ = a.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
	})
}

func makeTemplate(admin *sql.DB, base string) (string, error) {
	name := randomName("haven_tpl")
	if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
		return "", err
	}
	db, err := database.Open("postgres", withDatabase(base, name))
	if err != nil {
		return "", err
	}
	defer db.Close()
	if err := db.Migrate(context.Background()); err != nil {
		return "", err
	}
	return name, nil
}

// withDatabase returns the URL base with its database replaced by name.
func withDatabase(base, name string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	u.Path = "/" + name
	q := u.Query()
	if q.Get("sslmode") == "" {
		q.Set("sslmode", "disable")
	}
	if q.Get("binary_parameters") == "" {
		q.Set("binary_parameters", "yes")
	}
	u.RawQuery = q.Encode()
	return u.String()
}

func randomName(prefix string) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return strings.ToLower(prefix + "_" + hex.EncodeToString(b))
}

// EmptyPostgres returns the DSN of a new PostgreSQL database without any table (not even
// migrated), dropped when the test ends. Migration tests start from it.
func EmptyPostgres(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvDatabaseURL)
	admin, err := sql.Open("postgres", base)
	if err != nil {
		t.Fatalf("apptest: open %s: %v", EnvDatabaseURL, err)
	}
	defer admin.Close()
	name := randomName("haven_e")
	if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
		t.Fatalf("apptest: create database: %v", err)
	}
	dropWhenDone(t, base, name)
	return withDatabase(base, name)
}
