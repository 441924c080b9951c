// Package safeio is how capsim reads the files it is given and the files
// it stored, and how it seals what it stores:
//
//   - [Open] and [ReadFile] take only a regular file (a FIFO, which would
//     block the open forever, a device such as /dev/zero, a directory are
//     refused by their type before anything is read; the open does not
//     block) of at most a given size; [ReadFileIn] is ReadFile under an
//     os.Root, which refuses a name that leaves the root by a symbolic
//     link.
//   - [Seal] and [SealJSON] end a stored file with the SHA-256 of its
//     bytes; [Unseal] and [UnsealJSON] check it, so that a flipped bit,
//     a truncation or an edit anywhere in the file is found ([ErrDamaged]).
//     A sealed JSON file stays a JSON object: its last key is "sha256".
//
// It imports nothing of the module. Errors name the file as given.
package safeio
