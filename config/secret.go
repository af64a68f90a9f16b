package config

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"haven/auth"
)

// devSecret returns the development JWT secret kept in the file name,
// creating the file with a random secret if it does not exist. The secret
// is the file's hex text, so the same value also works as JWT_SECRET.
func devSecret(name string) ([]byte, error) {
	secret, err := readDevSecret(name)
	if err == nil {
		return secret, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}

	buf := make([]byte, 32)
	rand.Read(buf)
	text := hex.EncodeToString(buf)
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		// Another process created it first; use its secret.
		return readDevSecret(name)
	}
	if err != nil {
		return nil, fmt.Errorf("config: create development JWT secret: %w", err)
	}
	_, err = f.WriteString(text + "\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return nil, fmt.Errorf("config: write development JWT secret: %w", err)
	}
	return []byte(text), nil
}

// readDevSecret reads a development secret file written by devSecret.
func readDevSecret(name string) ([]byte, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, fmt.Errorf("config: read development JWT secret: %w", err)
	}
	secret := strings.TrimSpace(string(data))
	if len(secret) < auth.MinSecretLen {
		return nil, fmt.Errorf("config: development JWT secret file %s holds %d bytes, need at least %d; delete it to generate a new one",
			name, len(secret), auth.MinSecretLen)
	}
	return []byte(secret), nil
}
