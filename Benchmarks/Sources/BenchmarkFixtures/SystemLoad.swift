#if canImport(Glibc)
import Glibc
#endif

/// The first three fields of `/proc/loadavg` (other work on the machine skews timings), or "unknown".
public func loadAverage() -> String {
    #if canImport(Glibc)
    guard let file = fopen("/proc/loadavg", "r") else { return "unknown" }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 128)
    guard fgets(&line, Int32(line.count), file) != nil else { return "unknown" }
    return cText(line).split(separator: " ").prefix(3).joined(separator: " ")
    #else
    return "unknown"
    #endif
}
