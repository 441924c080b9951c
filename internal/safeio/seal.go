package safeio

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
)

// ErrDamaged is wrapped by the error of a sealed file whose bytes are not
// the ones sealed: a flipped bit, a truncation, an edit, no seal.
var ErrDamaged = errors.New("damaged")

// The seal of a binary file: a line after its bytes.
const (
	binaryPrefix = "\ncapsim-sha256 "
	binarySuffix = "\n"
)

// The seal of a JSON object: its last key, on a line of its own.
const (
	jsonPrefix = ",\n\"sha256\": \""
	jsonSuffix = "\"\n}\n"
)

// hexLen is the length of a SHA-256 in hexadecimal.
const hexLen = 2 * sha256.Size

// Sum is the SHA-256 of data in lower-case hexadecimal.
func Sum(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// Seal returns body followed by its seal: a line "capsim-sha256 HEX".
func Seal(body []byte) []byte {
	return append(append(append(bytes.Clone(body), binaryPrefix...), Sum(body)...), binarySuffix...)
}

// Unseal returns the body of data sealed by [Seal], or an error wrapping
// [ErrDamaged] if its seal is missing or does not match its bytes.
func Unseal(data []byte) ([]byte, error) {
	return unseal(data, binaryPrefix, binarySuffix, func(body []byte) []byte { return body })
}

// SealJSON returns obj, a JSON object as json.Marshal or MarshalIndent
// writes it (ending in "}", without "sha256"), with a last key "sha256":
// the SHA-256 of every byte before the seal, which starts with the comma
// after the object's last value.
func SealJSON(obj []byte) ([]byte, error) {
	body := bytes.TrimRight(obj, " \t\r\n")
	if !bytes.HasSuffix(body, []byte("}")) || bytes.HasSuffix(bytes.TrimRight(body[:len(body)-1], " \t\r\n"), []byte("{")) {
		return nil, fmt.Errorf("safeio: seal: not a non-empty JSON object")
	}
	body = bytes.TrimRight(body[:len(body)-1], " \t\r\n")
	return append(append(append(bytes.Clone(body), jsonPrefix...), Sum(body)...), jsonSuffix...), nil
}

// UnsealJSON checks data sealed by [SealJSON] and returns it (the
// object, its "sha256" key with it), or an error wrapping [ErrDamaged].
func UnsealJSON(data []byte) ([]byte, error) {
	if _, err := unseal(data, jsonPrefix, jsonSuffix, nil); err != nil {
		return nil, err
	}
	return data, nil
}

// unseal checks that data ends with prefix, the SHA-256 of what comes
// before it in hexadecimal and suffix, and returns that body (through
// body, if not nil).
func unseal(data []byte, prefix, suffix string, body func([]byte) []byte) ([]byte, error) {
	n := len(prefix) + hexLen + len(suffix)
	if len(data) < n || string(data[len(data)-len(suffix):]) != suffix ||
		string(data[len(data)-n:len(data)-n+len(prefix)]) != prefix {
		return nil, fmt.Errorf("%w: no capsim seal at its end (cut short, or not written by capsim)", ErrDamaged)
	}
	b := data[:len(data)-n]
	got := string(data[len(data)-n+len(prefix) : len(data)-len(suffix)])
	if want := Sum(b); got != want {
		return nil, fmt.Errorf("%w: its bytes do not match its seal (sha256 %s, sealed %s)", ErrDamaged, want[:12], clip(got))
	}
	if body == nil {
		return nil, nil
	}
	return body(b), nil
}

// clip is the start of a seal for a message, printable.
func clip(s string) string {
	if len(s) > 12 {
		s = s[:12]
	}
	return fmt.Sprintf("%q", s)
}
