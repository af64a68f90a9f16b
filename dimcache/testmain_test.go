package dimcache_test

import (
	"testing"

	"haven/apptest"
)

func TestMain(m *testing.M) { apptest.Main(m) }
