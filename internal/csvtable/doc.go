// Package csvtable parses the tables capsim embeds (stream classes,
// prices, geography): CSV with '#' comment lines and a header, every row of
// the same number of fields, each turned into a value by the caller. A
// malformed embedded table is a bug of the build, so MustParse panics,
// prefixed with the owning package's name ("streams: ", "geo: "). It
// imports nothing of the module.
package csvtable
