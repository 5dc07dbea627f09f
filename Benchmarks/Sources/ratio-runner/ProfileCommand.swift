import BenchmarkFixtures

/// Runs one variant in a loop for `--seconds` (cold and warm on `--tasks` tasks at once), for `perf record`.
enum ProfileCommand {
    static func run(_ variant: String, _ arguments: Arguments) async throws {
        let seconds = Double(arguments.int("seconds", 15))
        let tasks = arguments.int("tasks", 1)
        let v = try await Variants(poolSize: arguments.int("pool", Variants.defaultPoolSize))
        _ = await v.runCold(v.tokens.count)
        print("profiling \(variant) for \(Int(seconds)) s (pid \(ProcessInfoLite.pid))")
        let deadline = Stopwatch.now() + UInt64(seconds * 1e9)
        var operations = 0
        while Stopwatch.now() < deadline {
            switch variant {
            case "cold": _ = await v.runColdParallel(tasks: tasks, perTask: 1000)
            case "warm": _ = await v.runWarmParallel(tasks: tasks, perTask: 10_000)
            case "rsa": _ = v.runRSA(1000)
            case "jwtkit": _ = await v.runJWTKit(1000)
            case "parse": _ = v.runParse(1000)
            default: fatalError("unknown variant \(variant): cold, warm, rsa, jwtkit or parse")
            }
            operations += (variant == "warm" ? 10_000 : 1000) * (variant == "cold" || variant == "warm" ? tasks : 1)
        }
        print("\(operations) operations")
    }
}
