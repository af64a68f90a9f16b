// Package graphiql serves GraphiQL, the in-browser GraphQL IDE, from the binary: the page and
// every script, style and font it needs are embedded, so it works without internet access and
// loads nothing from another origin.
//
// The assets are the distributed builds of the npm packages graphiql 3.9.0 (UMD), react and
// react-dom 18.3.1; assets/LICENSES.txt holds their licenses. To update them, install those
// packages with npm and copy graphiql.min.js, graphiql.min.css and the two
// umd/*.production.min.js files here.
package graphiql

import (
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
)

//go:embed assets
var assets embed.FS

// AssetPrefix is the path under which the assets are served.
const AssetPrefix = "/graphiql/"

// Handler serves the GraphiQL page for the GraphQL endpoint at endpoint.
func Handler(title, endpoint string) http.Handler {
	var page strings.Builder
	if err := pageTemplate.Execute(&page, struct{ Title, Endpoint, Assets string }{title, endpoint, AssetPrefix}); err != nil {
		panic(err) // a constant template over constant data
	}
	body := page.String()
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		// Everything comes from this origin; the page's one inline script is the set-up below.
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'")
		h.Set("X-Content-Type-Options", "nosniff")
		_, _ = w.Write([]byte(body))
	})
}

// Assets serves the embedded scripts and styles under AssetPrefix, cacheable for a day.
func Assets() http.Handler {
	sub, err := fs.Sub(assets, "assets")
	if err != nil {
		panic(err) // the embedded directory is always there
	}
	files := http.StripPrefix(AssetPrefix, http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		files.ServeHTTP(w, r)
	})
}

var pageTemplate = template.Must(template.New("graphiql").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<link rel="stylesheet" href="{{.Assets}}graphiql.min.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading…</div>
<script src="{{.Assets}}react.production.min.js"></script>
<script src="{{.Assets}}react-dom.production.min.js"></script>
<script src="{{.Assets}}graphiql.min.js"></script>
<script>
  const fetcher = GraphiQL.createFetcher({ url: new URL({{.Endpoint}}, location.href).href });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, { fetcher, defaultEditorToolsVisibility: true, shouldPersistHeaders: true })
  );
</script>
</body>
</html>
`))
