#if canImport(Glibc)
import Glibc
#endif
import BenchmarkFixtures
import CBenchmarkSupport
import CognitoJWT

// alloc-count [--runs 2000] [--pool 16000] [--stacks cold|warm|rsa|parse|jwtkit [--full]]
//
// Heap allocations per operation, counted over `--runs` operations after warm-up. Cold verifications run
// in the steady state of the default cache (full: every distinct token is a miss, an insert and an eviction).
benchmark_line_buffered_stdout()
let arguments = Arguments()
let runs = arguments.int("runs", 2000)
let v = try await Variants(poolSize: arguments.int("pool", Variants.defaultPoolSize))
_ = await v.runCold(v.tokens.count)  // fill the cache
for _ in 0..<3 {  // warm every path (lazy globals, first-use allocations)
    _ = await v.runCold(runs); _ = await v.runWarm(runs); _ = v.runRSA(runs); _ = v.runParse(runs)
    _ = await v.runJWTKit(runs)
}

func perOperation(_ body: () async -> Void) async -> Double {
    Double(await AllocationCounter.count(body)) / Double(runs)
}

let cold = await perOperation { _ = await v.runCold(runs) }
let warm = await perOperation { _ = await v.runWarm(runs) }
let rsa = await perOperation { _ = v.runRSA(runs) }
let parse = await perOperation { _ = v.runParse(runs) }
let jwtkit = await perOperation { _ = await v.runJWTKit(runs) }
v.requireColdNeverHit()
print("allocations per operation over \(runs) operations:")
print("  bare RSA verify (SHA-256 + isValidSignature): \(twoDecimals(rsa))")
print("  CompactJWS(parsing:)                         : \(twoDecimals(parse))")
print("  cold verify                                  : \(twoDecimals(cold))")
print("  warm verify                                  : \(twoDecimals(warm))")
print("  jwt-kit verify                               : \(twoDecimals(jwtkit))")

if arguments.flag("stacks") {
    let variant = arguments.string("stacks", "cold")
    let stackRuns = 200
    AllocationStacks.start()
    let total = await AllocationCounter.count {
        switch variant {
        case "warm": _ = await v.runWarm(stackRuns)
        case "rsa": _ = v.runRSA(stackRuns)
        case "parse": _ = v.runParse(stackRuns)
        case "jwtkit": _ = await v.runJWTKit(stackRuns)
        default: _ = await v.runCold(stackRuns)
        }
    }
    AllocationStacks.stop()
    let stacks = AllocationStacks.grouped()
    let names = AllocationStacks.symbolize(Array(Set(stacks.flatMap(\.frames))))
    let ownSources = arguments.string("sources", "/Sources/CognitoJWT/")
    print("")
    print("allocation sites of \(variant): \(twoDecimals(Double(total) / Double(stackRuns))) per operation; by the innermost frame in \(ownSources) and the allocating function")
    print("per op  site                                                          allocating function")
    for site in AllocationStacks.sites(stacks, names: names, ownSources: ownSources) {
        print(pad(twoDecimals(Double(site.count) / Double(stackRuns)), 7), pad(site.site, 61), site.origin)
    }
    if arguments.flag("full") {
        for stack in stacks where stack.count * 10 >= stackRuns {
            print("")
            print("\(twoDecimals(Double(stack.count) / Double(stackRuns))) per operation:")
            for frame in stack.frames.flatMap({ names[$0] ?? [] }) { print("    \(frame.function)  (\(frame.shortLocation))") }
        }
    }
}
print("")
print("allocs/cold \(Int(cold.rounded()))")
print("allocs/warm \(Int(warm.rounded()))")

func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(1, width - text.count)) }
