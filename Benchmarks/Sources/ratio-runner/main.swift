import BenchmarkFixtures
import CBenchmarkSupport

#if canImport(Glibc)
import Glibc
#endif

// ratio-runner ratios  [--pool 16000] [--rounds 21] [--batch-ms 60] [--scale-rounds 11]
// ratio-runner rss     [--count 1000000]          (default also from $RSS_TOKEN_COUNT)
// ratio-runner profile cold|warm|rsa|jwtkit|parse [--seconds 15]
// ratio-runner dos     [--rounds 15] [--batch-ms 40]
benchmark_line_buffered_stdout()
let arguments = Arguments()
switch arguments.positional.first ?? "ratios" {
case "ratios":
    try await RatiosCommand.run(arguments)
case "rss":
    try await MemoryCommand.run(
        arguments, environment: ProcessInfoLite.environment("RSS_TOKEN_COUNT").flatMap { Int($0.filter { $0 != "_" }) })
case "dos":
    try await DosCommand.run(arguments)
case "profile":
    try await ProfileCommand.run(arguments.positional.dropFirst().first ?? "cold", arguments)
case let other:
    print("unknown command \(other): ratios, rss, dos or profile")
    exit(2)
}
