import BenchmarkFixtures
import CognitoJWT

/// `--count` distinct tokens (default 1,000,000, or `$RSS_TOKEN_COUNT`) through one verifier with the default
/// cache, minted and verified as they come on every core (never held all at once), reporting the resident set.
enum MemoryCommand {
    static func run(_ arguments: Arguments, environment count: Int?) async throws {
        let total = arguments.int("count", count ?? 1_000_000)
        let fixture = try BenchmarkIssuer()
        let verifier = try await fixture.verifier()
        let workers = processorCount
        let baseline = ProcessMemory.residentKiB ?? 0
        print("rss: \(total) distinct tokens, \(workers) workers each minting and verifying, cache capacity \(verifier.tokenCacheStatistics.capacity)")
        print("rss: resident before: \(mib(baseline)) MiB")
        let cursor = TokenCursor(count: Int.max)
        let progress = Progress(total: total)
        let start = Stopwatch.now()
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<workers {
                group.addTask {
                    var verified = 0
                    while true {
                        let index = cursor.next()
                        guard index < total else { return verified }
                        let claims = try await verifier.verify(fixture.token(index))
                        precondition(claims.username == "user\(index)")
                        verified += 1
                        if (index + 1) % max(1, total / 10) == 0 { progress.report(index + 1, verifier, start) }
                    }
                }
            }
            var verified = 0
            for try await count in group { verified += count }
            precondition(verified == total)
        }
        let statistics = verifier.tokenCacheStatistics
        let peak = ProcessMemory.peakResidentKiB ?? 0
        print("rss: done in \(seconds(Stopwatch.now() - start)) s; cache \(statistics.entries) entries, \(statistics.misses) misses, \(statistics.hits) hits")
        print("rss: resident now \(mib(ProcessMemory.residentKiB ?? 0)) MiB, peak (VmHWM) \(mib(peak)) MiB")
        print("")
        print("rss/1M-distinct-MiB \(Int((Double(peak) / 1024).rounded()))")
    }

    static func mib(_ kib: Int) -> String { twoDecimals(Double(kib) / 1024) }

    /// Prints resident-set checkpoints, so that growth (or its absence) over the run shows.
    final class Progress: Sendable {
        let total: Int
        init(total: Int) { self.total = total }

        func report(_ done: Int, _ verifier: CognitoVerifier, _ start: UInt64) {
            let rss = ProcessMemory.residentKiB ?? 0
            print("rss: \(done)/\(total) tokens after \(seconds(Stopwatch.now() - start)) s: resident \(mib(rss)) MiB, cache \(verifier.tokenCacheStatistics.entries) entries")
        }
    }
}
