// Package htmlreport writes capsim's self-contained HTML pages: the run
// report (report.html) and the class comparison (compare.html).
//
// It owns the page layout and its escaping. A [Page] is assembled from
// results that package reports has already summarised — [NewRunPage] from a
// reports.Summary (stream groups, and fleets through [AddFleets]),
// [NewComparePage] from a reports.Comparison — with plots rendered by
// package reports/plots passed in as [Figure]s; [Write] renders it. Numbers
// are formatted by reports' Format helpers, so their units are those of
// reports: seconds, US dollars, percentages, counts.
//
// A page is one file with its CSS and its plots (SVG) inline and no script:
// it opens offline, from a file, in any browser, and a Content-Security-
// Policy forbids it from loading anything. Every string that comes from a
// scenario is escaped by html/template; only the SVG produced by capsim's
// plots (whose text gonum/plot escapes) is inserted as markup.
//
// Errors: [Write] fails, writing nothing, if a figure's SVG is not an inline
// <svg> element or contains active content, or if the template fails (these
// errors are prefixed "htmlreport: "); an error from the writer is returned
// as is.
package htmlreport
