package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
)

// TestContainerBuildMatchesCI keeps the Dockerfile and CI building the binary the same way: CI
// has no container runtime, so its build of the same command is what keeps the image honest.
func TestContainerBuildMatchesCI(t *testing.T) {
	const build = `CGO_ENABLED=0 go build -trimpath -ldflags="-s -w"`
	for _, name := range []string{"../Dockerfile", "../.ci/run"} {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), build) {
			t.Errorf("%s does not build with %s", name, build)
		}
	}
	b, _ := os.ReadFile("../Dockerfile")
	for _, want := range []string{"FROM scratch", "USER 65532", "HEALTHCHECK", `"/haven", "healthcheck"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("Dockerfile lacks %s", want)
		}
	}
}

func TestHealthcheckCommand(t *testing.T) {
	status := http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(status)
	}))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	env := func(name string) string {
		if name == "LISTEN_ADDR" {
			return ":" + port // as in the image: every interface, asked on loopback
		}
		return ""
	}
	if err := runContext(context.Background(), []string{"healthcheck"}, env, io.Discard, io.Discard); err != nil {
		t.Errorf("healthy server: %v", err)
	}
	status = http.StatusServiceUnavailable
	if err := runContext(context.Background(), []string{"healthcheck"}, env, io.Discard, io.Discard); err == nil {
		t.Error("unhealthy server: no error")
	}
	srv.Close()
	if err := runContext(context.Background(), []string{"healthcheck"}, env, io.Discard, io.Discard); err == nil {
		t.Error("no server: no error")
	}
}
