package graph

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"

	"haven/errcode"
)

// maxCursorText bounds a text value in a cursor: the longest order key (a handle, a slug, a
// title) is far shorter.
const maxCursorText = 2000

// checkCursors refuses, before any resolver runs, a cursor argument whose value no list could
// have made: a time outside the years 1 to 9999 (PostgreSQL refuses year 318857 with an error,
// SQLite compares it as text), text that is not UTF-8, holds a NUL or is longer than any order
// key. cursorsFit checks that a cursor belongs to the list; this checks that its value is one a
// database can compare, so a crafted cursor is BAD_USER_INPUT and never INTERNAL.
func checkCursors(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc != nil && fc.IsResolver {
		for name, arg := range fc.Args {
			c, ok := arg.(*entgql.Cursor[int])
			if !ok || c == nil {
				continue
			}
			if err := cursorValueInRange(c.Value); err != nil {
				return nil, errcode.Input(name, "not a valid cursor: %s", err.Error())
			}
		}
	}
	return next(ctx)
}

type cursorError string

func (e cursorError) Error() string { return string(e) }

func cursorValueInRange(v any) error {
	switch v := v.(type) {
	case time.Time:
		if y := v.Year(); y < 1 || y > 9999 {
			return cursorError("time out of range")
		}
	case string:
		if len(v) > maxCursorText || !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
			return cursorError("text out of range")
		}
	}
	return nil
}

// writeEdgeCursor writes c exactly as entgql's Cursor.MarshalGQL does — a JSON string holding
// the unpadded standard base64 of the msgpack map {"i": ID, "v": Value} (v left out when empty) —
// without its encoders' seven allocations, for the values Haven's orderings put in a cursor: none,
// a time, text and an int. Any other value takes MarshalGQL. Cursors are part of the API, so
// TestCursorEncodingMatchesEntgql compares the two byte for byte.
func writeEdgeCursor(b *bytes.Buffer, c entgql.Cursor[int]) {
	var raw [48]byte
	m, ok := appendCursorMsgpack(raw[:0], c)
	if !ok {
		c.MarshalGQL(b)
		return
	}
	n := base64.RawStdEncoding.EncodedLen(len(m))
	b.Grow(n + 2)
	b.WriteByte('"')
	dst := b.AvailableBuffer()[:n]
	base64.RawStdEncoding.Encode(dst, m)
	b.Write(dst)
	b.WriteByte('"')
}

// appendCursorMsgpack appends c in msgpack as vmihailenco/msgpack (v5) encodes the struct, and
// reports false for a Value it does not know.
func appendCursorMsgpack(dst []byte, c entgql.Cursor[int]) ([]byte, bool) {
	// "v" is omitempty: left out when nil or its type's zero (a zero time, "", 0).
	var empty bool
	switch v := c.Value.(type) {
	case nil:
		empty = true
	case time.Time:
		empty = v.IsZero()
	case string:
		empty = v == ""
	case int:
		empty = v == 0
	default:
		return nil, false
	}
	if empty {
		dst = append(dst, 0x81) // fixmap of 1
	} else {
		dst = append(dst, 0x82)
	}
	dst = append(dst, 0xa1, 'i')
	dst = appendMsgpackInt(dst, int64(c.ID))
	if empty {
		return dst, true
	}
	switch v := c.Value.(type) {
	case time.Time:
		dst = append(dst, 0xa1, 'v')
		// The timestamp extension (type -1): 32 bits of seconds, or 30 bits of nanoseconds and
		// 34 of seconds, or 32 and 64 (the encoder's order of checks).
		secs := uint64(v.Unix())
		if secs>>34 == 0 {
			data := uint64(v.Nanosecond())<<34 | secs
			if data&0xffffffff00000000 == 0 {
				return binary.BigEndian.AppendUint32(append(dst, 0xd6, 0xff), uint32(data)), true
			}
			return binary.BigEndian.AppendUint64(append(dst, 0xd7, 0xff), data), true
		}
		dst = binary.BigEndian.AppendUint32(append(dst, 0xc7, 12, 0xff), uint32(v.Nanosecond()))
		return binary.BigEndian.AppendUint64(dst, secs), true
	case string:
		dst = append(dst, 0xa1, 'v')
		switch l := len(v); {
		case l < 32:
			dst = append(dst, 0xa0|byte(l))
		case l < 256:
			dst = append(dst, 0xd9, byte(l))
		case l <= math.MaxUint16:
			dst = binary.BigEndian.AppendUint16(append(dst, 0xda), uint16(l))
		default:
			dst = binary.BigEndian.AppendUint32(append(dst, 0xdb), uint32(l))
		}
		return append(dst, v...), true
	case int:
		dst = append(dst, 0xa1, 'v')
		return appendMsgpackInt(dst, int64(v)), true
	}
	return nil, false
}

// appendMsgpackInt appends n in the smallest msgpack integer form, as the encoder writes an int.
func appendMsgpackInt(dst []byte, n int64) []byte {
	switch {
	case n >= 0 && n <= math.MaxInt8:
		return append(dst, byte(n))
	case n >= 0 && n <= math.MaxUint8:
		return append(dst, 0xcc, byte(n))
	case n >= 0 && n <= math.MaxUint16:
		return binary.BigEndian.AppendUint16(append(dst, 0xcd), uint16(n))
	case n >= 0 && n <= math.MaxUint32:
		return binary.BigEndian.AppendUint32(append(dst, 0xce), uint32(n))
	case n >= 0:
		return binary.BigEndian.AppendUint64(append(dst, 0xcf), uint64(n))
	case n >= -32:
		return append(dst, byte(n))
	case n >= math.MinInt8:
		return append(dst, 0xd0, byte(n))
	case n >= math.MinInt16:
		return binary.BigEndian.AppendUint16(append(dst, 0xd1), uint16(n))
	case n >= math.MinInt32:
		return binary.BigEndian.AppendUint32(append(dst, 0xd2), uint32(n))
	}
	return binary.BigEndian.AppendUint64(append(dst, 0xd3), uint64(n))
}
