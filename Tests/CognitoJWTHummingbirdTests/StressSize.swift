import CognitoJWTTesting
import Foundation

/// The size of the stress suites: their defaults keep the test run short; `scripts/stress.sh` raises them.
enum StressSize {
    /// `STRESS_REQUESTS` when set to a positive number, else `fallback`.
    static func requests(default fallback: Int) -> Int {
        ProcessInfo.processInfo.environment["STRESS_REQUESTS"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil }
            ?? fallback
    }

    /// Prints a drill's report as `figure:` lines, which `scripts/stress.sh` collects.
    static func print(_ label: String, _ report: KeyRotationDrill.Report) {
        for line in report.description.split(separator: "\n") { Swift.print("figure: \(label) \(line)") }
    }
}
