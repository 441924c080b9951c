package scenarios

import (
	"fmt"
	"regexp"
	"strings"
)

// EditText returns the scenario file text src with each field, by its
// dotted path as Set takes it, set to its TOML value text: the value
// replaced on the line that sets it, or, for a field the file leaves out,
// a line "key = value" added under its table's header. The text is not
// checked here: parse the result to be sure (an inline table that lacks the
// key, for one, is not handled).
func EditText(src []byte, paths, values []string) ([]byte, error) {
	lines := strings.Split(string(src), "\n")
	for k, path := range paths {
		ix := scanLines(strings.Join(lines, "\n"))
		key := path[strings.LastIndexByte(path, '.')+1:]
		if n, ok := ix.lines[path]; ok && n > 0 && n <= len(lines) {
			re := regexp.MustCompile(`(^|[\s{,.])(` + regexp.QuoteMeta(key) + `\s*=\s*)("[^"]*"|'[^']*'|[^,}#\s]+)`)
			line := lines[n-1]
			loc := re.FindStringSubmatchIndex(line)
			if loc == nil {
				return nil, fmt.Errorf("scenarios: edit %s: its value on line %d is not a simple value", path, n)
			}
			lines[n-1] = line[:loc[6]] + values[k] + line[loc[7]:]
			continue
		}
		n, ok := ix.lines[parentPath(path)]
		if !ok || n <= 0 || n > len(lines) {
			return nil, fmt.Errorf("scenarios: edit %s: the file has no table to add it to", path)
		}
		lines = append(lines[:n], append([]string{key + " = " + values[k]}, lines[n:]...)...)
	}
	return []byte(strings.Join(lines, "\n")), nil
}
