// Command watchqueue prints the moderation queue's changes as they happen: a small
// graphql-transport-ws client for Haven's WebSocket endpoint.
//
//	go run ./docs/demo/watchqueue -token '<a moderator token>' [-url ws://localhost:8080/graphql]
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"strings"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
)

const subscription = `subscription { moderationQueueChanged { submissionID action status at } }`

func main() {
	url := flag.String("url", "ws://localhost:8080/graphql", "Haven's GraphQL WebSocket endpoint")
	token := flag.String("token", "", "a moderator's token, as the server prints it (with or without \"Bearer \")")
	flag.Parse()
	if err := watch(context.Background(), *url, *token, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// watch subscribes to the moderation queue and prints each change as one JSON line.
func watch(ctx context.Context, url, token string, out io.Writer) error {
	conn, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	if err != nil {
		return err
	}
	defer conn.CloseNow()
	send := func(msg any) error { return wsjson.Write(ctx, conn, msg) }
	if err := send(map[string]any{"type": "connection_init", "payload": map[string]string{"Authorization": "Bearer " + strings.TrimPrefix(token, "Bearer ")}}); err != nil {
		return err
	}
	if err := send(map[string]any{"id": "1", "type": "subscribe", "payload": map[string]string{"query": subscription}}); err != nil {
		return err
	}
	for {
		var msg struct {
			Type    string          `json:"type"`
			Payload json.RawMessage `json:"payload"`
		}
		if err := wsjson.Read(ctx, conn, &msg); err != nil {
			return err
		}
		switch msg.Type {
		case "next":
			fmt.Fprintln(out, string(msg.Payload))
		case "error", "complete":
			return fmt.Errorf("%s: %s", msg.Type, msg.Payload)
		case "ping":
			if err := send(map[string]string{"type": "pong"}); err != nil {
				return err
			}
		}
	}
}
