import BenchmarkFixtures
import CognitoJWT

/// What a forged token costs the verifier: every pathological shape against well-formed tokens with a bad
/// signature, in interleaved rounds on one verifier, as the ratio of their times per verification.
enum DosCommand {
    static func run(_ arguments: Arguments) async throws {
        let rounds = arguments.int("rounds", 15)
        let batchMillis = Double(arguments.int("batch-ms", 40))
        let fixture = try BenchmarkIssuer()
        let verifier = try await fixture.verifier()
        let forged = await ForgedShapes(fixture: fixture, count: 2_000)
        let cursor = TokenCursor(count: forged.badSignatures.count)
        let largeCursor = TokenCursor(count: forged.largeBadSignatures.count)
        print("dos: \(forged.shapes.count) shapes against \(forged.largeBadSignatures.count) distinct well-formed tokens of \(forged.largeBadSignatures[0].utf8.count) bytes with a bad signature, \(rounds) rounds")

        func time(_ n: Int, _ token: () -> String) async -> (nanoseconds: UInt64, code: String) {
            var code = "accepted"
            let start = Stopwatch.now()
            for _ in 0..<n {
                do {
                    _ = try await verifier.verify(token())
                } catch {
                    code = error.code.rawValue
                }
            }
            return (Stopwatch.now() - start, code)
        }
        if case let only = arguments.string("loop", ""), !only.isEmpty {
            // For a profiler: verify one shape (or the yardstick) in a loop for `--seconds`.
            let token = forged.shapes.first { $0.name == only }?.token
            let until = Stopwatch.now() + UInt64(arguments.int("seconds", 10)) * 1_000_000_000
            print("looping over \(only) (pid \(ProcessInfoLite.pid))")
            while Stopwatch.now() < until {
                _ = await time(1_000, { token ?? forged.badSignatures[cursor.next()] })
            }
            return
        }
        let baseline = { forged.largeBadSignatures[largeCursor.next()] }
        let small = { forged.badSignatures[cursor.next()] }
        let probe = await time(200, baseline)
        precondition(probe.code == "invalid_signature", "the yardstick must be rejected for its signature")
        let baselineBatch = max(100, Int(batchMillis * 1e6 / (Double(probe.nanoseconds) / 200)))
        var codes: [String: String] = [:]
        var batches: [String: Int] = [:]
        for shape in forged.shapes {
            let probe = await time(50, { shape.token })
            precondition(probe.code != "accepted", "a forged token was accepted: \(shape.name)")
            codes[shape.name] = probe.code
            batches[shape.name] = max(50, Int(batchMillis * 1e6 / (Double(probe.nanoseconds) / 50)))
        }
        let smallProbe = await time(200, small)
        let smallBatch = max(100, Int(batchMillis * 1e6 / (Double(smallProbe.nanoseconds) / 200)))
        var sizeRatios: [Double] = []
        var ratios: [String: [Double]] = [:]
        var baselineNanos: [Double] = []
        var shapeNanos: [String: [Double]] = [:]
        for round in 0..<rounds {
            for k in forged.shapes.indices {
                let index = (k + round) % forged.shapes.count
                let subject = forged.shapes[index]
                let before = await time(baselineBatch, baseline).nanoseconds
                let batch = batches[subject.name]!
                let cost = Double(await time(batch, { subject.token }).nanoseconds) / Double(batch)
                let yardstick = Double(before) / Double(baselineBatch)
                ratios[subject.name, default: []].append(cost / yardstick)
                shapeNanos[subject.name, default: []].append(cost)
                baselineNanos.append(yardstick)
            }
            let smallCost = Double(await time(smallBatch, small).nanoseconds) / Double(smallBatch)
            let largeCost = Double(await time(baselineBatch, baseline).nanoseconds) / Double(baselineBatch)
            sizeRatios.append(largeCost / smallCost)
        }
        print("")
        print("yardstick (well-formed, bad signature, \(forged.largeBadSignatures[0].utf8.count) bytes): median \(Int(baselineNanos.median)) ns")
        print("the same at \(forged.badSignatures[0].utf8.count) bytes: \(twoDecimals(1 / sizeRatios.median)) of it (SHA-256 over the extra bytes)")
        print("shape                      bytes   rejected as             median ns   vs yardstick")
        var worst = (name: "", ratio: 0.0)
        for shape in forged.shapes {
            let ratio = ratios[shape.name]!.median
            if ratio > worst.ratio { worst = (shape.name, ratio) }
            print(pad(shape.name, 26), pad(String(shape.token.utf8.count), 6, left: true), "  ",
                  pad(codes[shape.name]!, 22), pad(String(Int(shapeNanos[shape.name]!.median)), 10, left: true),
                  pad(twoDecimals(ratio), 14, left: true))
        }
        print("worst: \(worst.name)")
        print("")
        print("dos/worst-forged-vs-rejected \(twoDecimals(worst.ratio))")
        print("dos/16k-vs-1k-rejected \(twoDecimals(sizeRatios.median))")
    }
}
