// Most of a conformance test is waiting (heartbeat intervals, boot retries, back-off), so tests
// run in parallel well beyond the core count. Every gateway test uses identities of its own.
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(8)]
