import Foundation

/// The slowest input a fuzz target ran, reported when the process exits: its time, its size, and a file with its
/// bytes (`slowest-<target>.bin` in the working directory).
public enum SlowestInput {
    nonisolated(unsafe) static var target = "fuzz"
    nonisolated(unsafe) static var nanoseconds: UInt64 = 0
    nonisolated(unsafe) static var bytes: [UInt8] = []
    nonisolated(unsafe) static var executions = 0
    nonisolated(unsafe) static var installed = false
    /// How many times each input runs (`FUZZ_REPEAT`, default 1): replaying a corpus many times and comparing the
    /// peak resident set with a single replay shows whether anything an input allocates outlives it.
    nonisolated(unsafe) static var repeats = 1

    /// Runs `body` on `input` and remembers the input when it is the slowest yet; `warmUp` runs once before the
    /// first measurement (setting up what every input shares). libFuzzer calls targets on one thread, which is
    /// what makes the unsynchronised state safe.
    public static func measure(
        _ target: String, _ input: UnsafeRawBufferPointer, warmUp: () -> Void = {}, _ body: () -> Void
    ) {
        if !installed {
            installed = true
            Self.target = target
            repeats = max(1, Int(ProcessInfo.processInfo.environment["FUZZ_REPEAT"] ?? "") ?? 1)
            warmUp()
            atexit { SlowestInput.report() }
        }
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<repeats { body() }
        let elapsed = (DispatchTime.now().uptimeNanoseconds - start) / UInt64(repeats)
        executions += 1
        if elapsed > nanoseconds {
            nanoseconds = elapsed
            bytes = Array(input)
        }
    }

    static func report() {
        let file = "slowest-\(target).bin"
        FileManager.default.createFile(atPath: file, contents: Data(bytes))
        print("slowest input: \(nanoseconds / 1_000) µs for \(bytes.count) bytes over \(executions) executions (\(file))")
    }
}
