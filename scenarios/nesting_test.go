package scenarios

import (
	"errors"
	"strings"
	"testing"
)

// Deeply nested arrays or inline tables are refused before decoding, with
// the line where the bound is passed (review finding, issue 9: a 20 KB file
// of nested inline tables took seconds and ~800 MB in the decoder).
func TestNestingRefusedBeforeDecoding(t *testing.T) {
	for name, text := range map[string]string{
		"inline-tables": "name = \"x\"\nx = " + strings.Repeat("{a=", 4000) + "1" + strings.Repeat("}", 4000) + "\n",
		"arrays":        "name = \"x\"\na = " + strings.Repeat("[", 16000) + strings.Repeat("]", 16000) + "\n",
		"just-over":     "name = \"x\"\na = " + strings.Repeat("[", MaxNesting+1) + strings.Repeat("]", MaxNesting+1) + "\n",
	} {
		_, err := Parse(name+".toml", []byte(text), nil)
		var ve *ValidationError
		if !errors.As(err, &ve) || !errors.Is(err, ErrInvalid) || len(ve.Errs) != 1 || ve.Errs[0].Line != 2 ||
			!strings.Contains(err.Error(), "nest more than 32 levels") {
			t.Errorf("%s: error %v, want one nesting problem on line 2", name, err)
		}
	}
}

// Brackets inside strings and comments, and nesting at the bound, are not
// nesting problems.
func TestNestingIgnoresStringsAndComments(t *testing.T) {
	deep := "a = " + strings.Repeat("[", MaxNesting) + strings.Repeat("]", MaxNesting) + "\n"
	text := deep + `b = "[[[[{{{{" # [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[
c = '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['
d = """
[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[
"""
e = '''
{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{
'''
f = "escaped \" [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
[[g]]
`
	if line := checkNesting([]byte(text)); line != 0 {
		t.Errorf("nesting problem reported at line %d", line)
	}
	if line := checkNesting([]byte(text + deep[:4] + "[" + deep[4:])); line != 12 {
		t.Errorf("one level more on line 12: got line %d", line)
	}
}
