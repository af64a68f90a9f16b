package graph

import (
	"bytes"
	"strconv"
	"time"

	"entgo.io/contrib/entgql"
)

// JSON scalars written as gqlgen's marshalers write them, for the public read path's writer.

const hexDigits = "0123456789abcdef"

// writeString writes s quoted as gqlgen's MarshalString does.
func writeString(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '\\' && c != '"' {
			continue
		}
		b.WriteString(s[start:i])
		switch c {
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		case '\n':
			b.WriteString(`\n`)
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		default:
			b.WriteString(`\u00`)
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&0xf])
		}
		start = i + 1
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
}

func writeOptString(b *bytes.Buffer, s *string) {
	if s == nil {
		b.WriteString("null")
		return
	}
	writeString(b, *s)
}

func writeStrings(b *bytes.Buffer, ss []string) {
	b.WriteByte('[')
	for i, s := range ss {
		if i > 0 {
			b.WriteByte(',')
		}
		writeString(b, s)
	}
	b.WriteByte(']')
}

func writeInt(b *bytes.Buffer, n int) {
	b.Write(strconv.AppendInt(b.AvailableBuffer(), int64(n), 10))
}

// writeID writes an ID as gqlgen's MarshalIntID does: a quoted decimal.
func writeID(b *bytes.Buffer, id int) {
	b.WriteByte('"')
	writeInt(b, id)
	b.WriteByte('"')
}

func writeBool(b *bytes.Buffer, v bool) {
	if v {
		b.WriteString("true")
	} else {
		b.WriteString("false")
	}
}

// writeTime writes t as gqlgen's MarshalTime does (ready made sure it is not zero).
func writeTime(b *bytes.Buffer, t time.Time) {
	b.WriteByte('"')
	b.Write(t.AppendFormat(b.AvailableBuffer(), time.RFC3339Nano))
	b.WriteByte('"')
}

func writeCursor(b *bytes.Buffer, c *entgql.Cursor[int]) {
	if c == nil {
		b.WriteString("null")
		return
	}
	writeEdgeCursor(b, *c)
}
