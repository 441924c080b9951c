package safeio

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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

// UnsealJSON checks data sealed by [SealJSON] and returns the object
// without its seal (for a strict decoding), or an error wrapping
// [ErrDamaged].
func UnsealJSON(data []byte) ([]byte, error) {
	return unseal(data, jsonPrefix, jsonSuffix, func(body []byte) []byte { return append(bytes.Clone(body), "\n}"...) })
}

// unseal checks that data ends with prefix, the SHA-256 of what comes
// before it in hexadecimal and suffix, and returns body of what comes
// before.
func unseal(data []byte, prefix, suffix string, body func([]byte) []byte) ([]byte, error) {
	n := len(prefix) + hexLen + len(suffix)
	if len(data) < n || string(data[len(data)-len(suffix):]) != suffix ||
		string(data[len(data)-n:len(data)-n+len(prefix)]) != prefix {
		return nil, fmt.Errorf("%w: no capsim seal at its end (cut short, or not written by capsim)", ErrDamaged)
	}
	b := data[:len(data)-n]
	got := string(data[len(data)-n+len(prefix) : len(data)-len(suffix)])
	if Sum(b) != got {
		return nil, fmt.Errorf("%w: its bytes do not match the SHA-256 sealed in it", ErrDamaged)
	}
	return body(b), nil
}

// WriteSealedJSON writes v to w as JSON indented by indent (HTML
// characters escaped, as json.MarshalIndent does), sealed by [SealJSON].
func WriteSealedJSON(w io.Writer, v any, indent string) error {
	data, err := json.MarshalIndent(v, "", indent)
	if err == nil {
		data, err = SealJSON(data)
	}
	if err == nil {
		_, err = w.Write(data)
	}
	return err
}

// DecodeSealedJSON checks data's seal ([UnsealJSON]) and decodes the
// object into v strictly: a key v has not, or text after the object, is
// an error.
func DecodeSealedJSON(data []byte, v any) error {
	obj, err := UnsealJSON(data)
	if err != nil {
		return err
	}
	d := json.NewDecoder(bytes.NewReader(obj))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return err
	}
	if d.More() {
		return errors.New("text after the object")
	}
	return nil
}
