import BenchmarkFixtures
import CognitoJWT

/// Interleaved rounds of every single-task variant, then of one task against two, printing the ratios.
enum RatiosCommand {
    struct Variant {
        let name: String
        let run: (Int) async -> UInt64
        var batch = 1
        var perOp: [Double] = []
    }

    static func run(_ arguments: Arguments) async throws {
        let poolSize = arguments.int("pool", Variants.defaultPoolSize)
        let rounds = arguments.int("rounds", 21)
        let batchMillis = Double(arguments.int("batch-ms", 60))
        print(
            "ratio-runner: \(processorCount) cores, pool of \(poolSize) distinct tokens, \(rounds) rounds of ~\(Int(batchMillis)) ms per variant"
        )
        print("load average before: \(loadAverage())")
        let start = Stopwatch.now()
        let v = try await Variants(poolSize: poolSize)
        print(
            "minted \(v.tokens.count) tokens (\(v.tokens[0].utf8.count) bytes each) in \(seconds(Stopwatch.now() - start)) s"
        )

        var variants = [
            Variant(name: "rsa", run: { v.runRSA($0) }),
            Variant(name: "cold", run: { await v.runCold($0) }),
            Variant(name: "jwtkit", run: { await v.runJWTKit($0) }),
            Variant(name: "warm", run: { await v.runWarm($0) }),
            Variant(name: "rsa-digest-only", run: { v.runRSADigest($0) }),
            Variant(name: "parse", run: { v.runParse($0) }),
        ]
        // Fill the cold cache to capacity so every cold round is in the steady state (miss, insert, evict),
        // then size each batch to about `batchMillis`.
        _ = await v.runCold(v.tokens.count)
        for i in variants.indices {
            let probe = await variants[i].run(200)
            let perOp = Double(probe) / 200
            variants[i].batch = max(200, Int(batchMillis * 1e6 / perOp))
        }
        for round in 0..<rounds {
            for k in variants.indices {
                let i = (k + round) % variants.count  // rotate the order from round to round
                let elapsed = await variants[i].run(variants[i].batch)
                variants[i].perOp.append(Double(elapsed) / Double(variants[i].batch))
            }
        }
        print("")
        print("variant            median ns/op     best ns/op    ops/s (median)   batch")
        for variant in variants {
            let median = variant.perOp.median
            print(
                pad(variant.name, 18), pad(String(Int(median)), 14, left: true),
                pad(String(Int(variant.perOp.min()!)), 14, left: true),
                pad(String(Int(1e9 / median)), 16, left: true), pad(String(variant.batch), 8, left: true))
        }
        func perRound(_ numerator: String, _ denominator: String) -> [Double] {
            let a = variants.first { $0.name == numerator }!.perOp
            let b = variants.first { $0.name == denominator }!.perOp
            return zip(a, b).map { $0 / $1 }  // ns/op of the baseline over ns/op of the subject: a speed ratio
        }
        let coldRSA = perRound("rsa", "cold").median
        let coldDigest = perRound("rsa-digest-only", "cold").median
        let coldJWTKit = perRound("jwtkit", "cold").median
        let warmRSA = perRound("rsa", "warm").median
        let statistics = v.cold.tokenCacheStatistics
        print("")
        print(
            "cold verifier cache: \(statistics.entries)/\(statistics.capacity) entries, \(statistics.hits) hits, \(statistics.misses) misses"
        )
        v.requireColdNeverHit()
        print("cold speed vs RSA without the SHA-256 (digest precomputed): \(twoDecimals(coldDigest))")
        print(
            "parse share of a cold verify: \(Int((variants.first { $0.name == "parse" }!.perOp.median / variants.first { $0.name == "cold" }!.perOp.median * 100).rounded())) %"
        )

        // One task against two, on one shared verifier; bare RSA the same way shows what the cores allow.
        let scaleRounds = arguments.int("scale-rounds", 11)
        let perTask = max(500, variants.first { $0.name == "cold" }!.batch * 2)
        let rsaPerTask = max(500, variants.first { $0.name == "rsa" }!.batch * 2)
        let warmPerTask = max(20_000, variants.first { $0.name == "warm" }!.batch * 2)
        var coldScale: [Double] = []
        var rsaScale: [Double] = []
        var warmScale: [Double] = []
        var warmApartScale: [Double] = []
        var contention: [Double] = []
        /// Two tasks over one: the speed-up of `run` (each task does `perTask`), the order alternating by round.
        func speedUp(_ round: Int, _ many: Int, _ few: Int, _ run: (Int) async -> UInt64) async -> Double {
            // `many` tasks of `perTask` each against `few` tasks: throughput of many over throughput of few.
            if round % 2 == 0 {
                let a = await run(few)
                let b = await run(many)
                return Double(many) * Double(a) / (Double(few) * Double(b))
            }
            let b = await run(many)
            let a = await run(few)
            return Double(many) * Double(a) / (Double(few) * Double(b))
        }
        for round in 0..<scaleRounds {
            // The verifier and bare RSA back to back in each round, so one ratio compares the same moment.
            coldScale.append(await speedUp(round, 2, 1) { await v.runColdParallel(tasks: $0, perTask: perTask) })
            rsaScale.append(await speedUp(round, 2, 1) { await v.runRSAParallel(tasks: $0, perTask: rsaPerTask) })
            warmScale.append(await speedUp(round, 2, 1) { await v.runWarmParallel(tasks: $0, perTask: warmPerTask) })
            warmApartScale.append(
                await speedUp(round, 2, 1) { await v.runWarmParallel(tasks: $0, perTask: warmPerTask, apart: true) })
            // Eight tasks on the cores against two, each task doing a quarter: the cost of contention alone.
            contention.append(
                await speedUp(round, 8, 2) { tasks in
                    await v.runColdParallel(tasks: tasks, perTask: tasks == 8 ? perTask / 4 : perTask)
                } / 4)
        }
        let scaleVersusRSA = zip(coldScale, rsaScale).map { $0 / $1 }
        v.requireColdNeverHit()
        print(
            "two tasks vs one (cold verify, shared verifier): median \(twoDecimals(coldScale.median)), best \(twoDecimals(coldScale.max()!)) over \(scaleRounds) rounds of \(perTask) tokens per task"
        )
        print(
            "two tasks vs one (bare RSA, the cores' ceiling): median \(twoDecimals(rsaScale.median)), best \(twoDecimals(rsaScale.max()!))"
        )
        print(
            "two tasks vs one (warm verify, distinct cached tokens per task): median \(twoDecimals(warmScale.median)), best \(twoDecimals(warmScale.max()!)) over \(warmPerTask) verifications per task"
        )
        print(
            "two tasks vs one (warm verify, a verifier per task: nothing shared, the cores' ceiling): median \(twoDecimals(warmApartScale.median)), best \(twoDecimals(warmApartScale.max()!))"
        )
        print(
            "eight tasks vs two (cold verify, same work in all): median \(twoDecimals(contention.median)), best \(twoDecimals(contention.max()!))"
        )
        print("load average after: \(loadAverage())")
        print("")
        print("cold/rsa \(twoDecimals(coldRSA))")
        print("cold/jwtkit \(twoDecimals(coldJWTKit))")
        print("warm/rsa \(twoDecimals(warmRSA))")
        print("scale/2tasks \(twoDecimals(coldScale.median))")
        print("scale/2tasks-vs-rsa \(twoDecimals(scaleVersusRSA.median))")
        print("scale/warm-2tasks \(twoDecimals(warmScale.median))")
        print("scale/8tasks-vs-2tasks \(twoDecimals(contention.median))")
    }
}

func seconds(_ nanoseconds: UInt64) -> String { twoDecimals(Double(nanoseconds) / 1e9) }

func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, width - text.count))
    return left ? fill + text : text + fill
}
