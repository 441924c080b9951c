// Package records reads what the services themselves return, as the AWS
// CLI prints it: stream sessions (ListStreamSessions), polled stream group
// location states (GetStreamGroup's LocationStates), CloudWatch metric
// exports (GetMetricData) and GameLift Servers game sessions
// (DescribeGameSessions, SearchGameSessions).
//
// It owns:
//
//   - the readers [ReadSessions], [ReadPolls], [ReadMetrics] and
//     [ReadGameSessions]. Each accepts one page of the CLI's output, many
//     pages one after another (JSON or JSON Lines), bare items one after
//     another, or an array of items, in any mix; gzip is recognised by its
//     magic bytes;
//   - the untidy input real exports hold, each handled and counted in a
//     tally, never dropped silently: timestamps in mixed zones and as epoch
//     seconds, the same record on several pages (the latest wins), records
//     still running at the export (censored), status reasons from a newer
//     API, records of another stream group, fleet or application (dropped
//     by a filter, counted);
//   - the limits that keep a read bounded ([Limits]): bytes read, bytes of
//     one record, records kept;
//   - the command line's inputs: [Open] (a file, or - for a pipe from the
//     AWS CLI, refusing directories, pipes and devices before opening),
//     [ReadFile] and [ParseTime] (a time as the records write one).
//
// A stream session's status is the streams model's [streams.Status]
// (spelled as the service spells it); its reason is this package's
// [Reason], which knows the reasons the model does not (invalidSignalRequest,
// applicationLogS3DestinationError, assumeRoleFailed) and counts the rest.
//
// # Units
//
// Times are Unix nanoseconds (int64) in UTC, whatever zone the input was
// written in; capacities are in streams as LocationState gives them.
//
// # Memory
//
// A reader streams: it holds the JSON decoder's read-ahead and one record,
// plus what it keeps, 48 bytes a stream session (deduplication needs every
// session's Arn, kept as a 128-bit hash). A 1 GB export of about two
// million sessions is read in about 100 MB.
//
// # Errors
//
// Every error about an input's content matches [ErrInvalid] (errors.Is) and
// is an [*InputError] naming the input, the record's number, line and byte
// offset (in the decompressed input), the field at fault and how to fix
// it: malformed or truncated JSON, a missing field, a timestamp without a
// zone or outside 2000–2100, a record or an input beyond its limit. Errors
// reading the underlying reader are returned wrapped, without ErrInvalid.
package records
