// Package bench holds capsim's go test -bench regression runs: benchmarks of
// the discrete-event engine in package sim, each paired with a correctness
// test that can fail, so a performance change that breaks the engine is
// caught by the same files.
//
// The package has no exported API; everything lives in _test.go files:
//
//   - engine_bench_test.go: the classic hold model (BenchmarkHold, at 100,
//     1k and 1M pending events) on the engine's scheduler and, as its baseline, on
//     the binary heap the scheduler used before issue 14 (binheap_test.go);
//     TestHoldBaselineMatchesEngine checks both fire the same events in the
//     same order, and TestHoldZeroAllocs asserts the scheduler does not
//     allocate per event in steady state;
//   - large_bench_test.go: a large scenario (testdata/large-title-day.toml:
//     three locations, 20,000–30,000 streams at the peak, ~2 M sessions a day),
//     BenchmarkLargeScenario (ns/session, ns/event, B/op), and
//     TestLargeScenarioScale, which checks it is that large;
//   - records_bench_test.go: reading a ListStreamSessions export as the
//     CLI prints it (BenchmarkReadSessions at 10,000 and 100,000 sessions:
//     MB/s, ns/session, B/op), and TestReadSessionsBenchInput, which
//     checks the export reads whole;
//   - mmcd_bench_test.go: an M/M/50+D queue (lambda 45/s, mu 1/s, patience
//     200 ms, FCFS, 1,000,000 arrivals) written twice, on the engine and as a
//     hand-written loop with its own typed heap (BenchmarkMMcD/engine and
//     BenchmarkMMcD/handwritten), and TestMMcDMatchesTheory, which checks both
//     against the closed form of internal/queueing and against each other.
//
// Run the benchmarks (with allocation counts) from the module root:
//
//	go test -bench . -benchmem ./bench/
//	go test -bench MMcD -benchmem -count 3 ./bench/
//
// Run only the correctness tests, skipping the benchmarks:
//
//	go test -run . ./bench/
//	go test -run 'TestMMcDMatchesTheory|TestHoldZeroAllocs' -v ./bench/
//
// To run the benchmarks without the tests, add -run '^$'. To see where the
// engine spends its time:
//
//	go test -run '^$' -bench MMcD/engine -cpuprofile cpu.out ./bench/
//	go tool pprof -top bench.test cpu.out
package bench
