package respcache

import "testing"

func TestNormalize(t *testing.T) {
	same := [][2]string{
		{"{ contents(first: 5) { edges { node { id } } } }", "{contents(first:5){edges{node{id}}}}"},
		{"query Q($a: Int) {\n  # a comment\n  x(a: $a), y }", "query Q($a:Int){x(a:$a) y}"},
		{"{ ... on Content { id } }", "{...on Content{id}}"},
	}
	for _, p := range same {
		if a, b := normalize(p[0]), normalize(p[1]); a != b {
			t.Errorf("normalize(%q) = %q, normalize(%q) = %q; want equal", p[0], a, p[1], b)
		}
	}
	differ := [][2]string{
		{`{ search(query: "a  b") { total } }`, `{ search(query: "a b") { total } }`},
		{`{ search(query: "a # b") { total } }`, `{ search(query: "a") { total } }`},
		{`{ search(query: """x,  y""") { total } }`, `{ search(query: """x y""") { total } }`},
		{"{ a b }", "{ ab }"},
		{"{ x(n: 1 2) }", "{ x(n: 12) }"},
	}
	for _, p := range differ {
		if a, b := normalize(p[0]), normalize(p[1]); a == b {
			t.Errorf("normalize(%q) and normalize(%q) are both %q; want different", p[0], p[1], a)
		}
	}
}

func TestKeyParts(t *testing.T) {
	base := request{query: "{x}", operationName: "A", variables: []byte(`{"a":1}`)}
	keys := map[string]string{}
	add := func(name string, k string) {
		for other, ok := range keys {
			if ok == k {
				t.Errorf("%s and %s share a key", name, other)
			}
		}
		keys[name] = k
	}
	add("base", base.key(nil, ""))
	v := base
	v.variables = []byte(`{"a":2}`)
	add("variables", v.key(nil, ""))
	o := base
	o.operationName = "B"
	add("operation name", o.key(nil, ""))
	add("roles", base.key([]string{"moderator"}, ""))
	add("accept", base.key(nil, "application/graphql-response+json"))
	q := base
	q.query = "{y}"
	add("query", q.key(nil, ""))
	p := request{apqHash: "{x}", operationName: "A", variables: []byte(`{"a":1}`)}
	add("persisted hash", p.key(nil, ""))
	// Length prefixes keep parts from running together.
	x := request{query: "{x}", operationName: "A{", variables: []byte(`}`)}
	y := request{query: "{x}A", operationName: "{", variables: []byte(`}`)}
	if x.key(nil, "") == y.key(nil, "") {
		t.Error("parts that run together share a key")
	}
}

func TestCacheBoundedByBytes(t *testing.T) {
	c := New(64<<10, 1<<62)
	body := make([]byte, 4<<10)
	for i := range 100 {
		c.put(&entry{key: string(rune('a'+i%26)) + string(rune(i)), body: body, version: c.Version()})
	}
	c.mu.Lock()
	size := c.size
	c.mu.Unlock()
	if size > 64<<10 || c.Len() == 0 || c.Len() > 16 {
		t.Fatalf("size %d with %d entries, want at most 64 KiB and some entries", size, c.Len())
	}
	// The most recently used entry survives; the oldest went first.
	last := string(rune('a'+99%26)) + string(rune(99))
	if c.get(last, c.Version()) == nil {
		t.Error("the newest entry was evicted")
	}
	if c.get("a"+string(rune(0)), c.Version()) != nil {
		t.Error("the oldest entry survived")
	}
	// The doorkeeper admits a key on its second miss.
	if c.admit("once") || !c.admit("once") {
		t.Error("a key was admitted on its first miss, or not on its second")
	}
	// An entry computed before a bump is neither stored nor served.
	v := c.Version()
	c.Bump()
	c.put(&entry{key: "late", body: body, version: v})
	if c.get("late", c.Version()) != nil || c.Len() != 0 {
		t.Error("an answer computed before a write was stored after it")
	}
}
