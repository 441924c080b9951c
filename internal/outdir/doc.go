// Package outdir writes an output directory whole or not at all, the
// --out DIR of capsim's commands: [Prepare] checks before anything runs
// that the target may be replaced (absent, empty, or holding capsim's
// [Manifest]; anything else wraps [ErrRefused]) and makes a staging
// directory beside it; [Dir.Create] streams each file into it, through
// an os.Root that follows no link out of it; [Dir.Commit] writes the
// manifest and swaps the staging directory in ([Replace]: the old target
// aside, then back if the swap fails; never a staging directory swapped
// for a link); [Dir.Abort] removes it. A [Set] registers every staging
// and scratch directory, and the temporary files and directories of
// stores ([Set.Track], [Set.Settle]), so that a signal ([Set.Interrupt])
// removes them all, refuses new ones ([ErrInterrupted]) and never
// interleaves with a rename into place.
//
// It reads no clock and imports nothing of the module; errors name the
// target ("--out DIR: ...").
package outdir
