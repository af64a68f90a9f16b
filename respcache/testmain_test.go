package respcache_test

import (
	"testing"

	"haven/apptest"
)

// TestMain drops the PostgreSQL template database the tests cloned theirs from.
func TestMain(m *testing.M) { apptest.Main(m) }
