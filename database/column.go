package database

// Text returns the text of a computed column's value as the driver scanned it: a string on
// SQLite, bytes on PostgreSQL. It reports false for any other type.
func Text(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case []byte:
		return string(v), true
	}
	return "", false
}
