// Package outputs writes the files of each command's output directory
// from report types: summary.json, the CSVs, the plots as PNG and SVG
// (package plots), the HTML pages (package htmlreport) of capsim run
// ([Run]), compare ([Compare]), sweep ([Sweep]), sensitivity
// ([Sensitivity]) and optimize ([Optimize]). Every file goes through one
// [Create] function, so that an --out directory staged whole and a store
// written file by file receive the same bytes; the order of the files is
// fixed, and so is their content for a given input.
//
// It renders what it is given: it runs no simulation and judges nothing.
// Errors are those of the writers and of the create function.
package outputs
