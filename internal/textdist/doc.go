// Package textdist measures how far apart two strings are, for the
// "did you mean" hints of scenario keys and metric names. It imports
// nothing of the module and does not panic.
package textdist
