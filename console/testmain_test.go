package console_test

import (
	"testing"

	"haven/apptest"
)

// TestMain lets apptest drop this package's template database when the tests end.
func TestMain(m *testing.M) { apptest.Main(m) }
