package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestREADMEShowsTheDemoFile checks that the README's GraphQL blocks are the demo file's steps,
// verbatim and in order, so that what a reader copies is what TestDemoWalksTwice runs.
func TestREADMEShowsTheDemoFile(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var shown []string
	for _, m := range regexp.MustCompile("(?s)```graphql\n(.*?)\n```").FindAllStringSubmatch(string(readme), -1) {
		shown = append(shown, m[1])
	}
	blocks := parseDemo(t)
	if len(shown) != len(blocks) {
		t.Fatalf("the README shows %d GraphQL blocks, the demo file has %d steps", len(shown), len(blocks))
	}
	for i, b := range blocks {
		if shown[i] != b.text {
			t.Errorf("README block %d differs from the demo file's step:\n--- README\n%s\n--- %s\n%s", i+1, shown[i], demoFile, b.text)
		}
	}
}

// TestDocsStayInsideTheRepository checks the README and docs/*.md: every relative link and every
// `go run ./…` names something in the repository, and nothing points outside it.
func TestDocsStayInsideTheRepository(t *testing.T) {
	pages, err := filepath.Glob("../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	pages = append(pages, "../README.md")
	link := regexp.MustCompile(`\]\(([^)#\s]+)(?:#[^)]*)?\)`)
	goRun := regexp.MustCompile(`go run (\./[\w./-]+)`)
	for _, page := range pages {
		text, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(text), "../shared") {
			t.Errorf("%s points outside the repository", page)
		}
		for _, m := range link.FindAllStringSubmatch(string(text), -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			if _, err := os.Stat(filepath.Join(filepath.Dir(page), target)); err != nil {
				t.Errorf("%s links to %s: %v", page, target, err)
			}
		}
		for _, m := range goRun.FindAllStringSubmatch(string(text), -1) {
			if fi, err := os.Stat(filepath.Join("..", m[1])); err != nil || !fi.IsDir() {
				t.Errorf("%s runs %s, which is not a package of the repository", page, m[1])
			}
		}
	}
	if len(pages) < 6 {
		t.Errorf("pages: %v", pages)
	}
}
