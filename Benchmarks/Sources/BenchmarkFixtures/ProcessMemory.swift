#if canImport(Glibc)
import Glibc
#endif

/// Resident-set figures of this process, from `/proc/self/status` (Linux).
public enum ProcessMemory {
    /// `VmHWM`: the peak resident set, in KiB (`nil` where `/proc` is not available).
    public static var peakResidentKiB: Int? { field("VmHWM:") }
    /// `VmRSS`: the resident set now, in KiB.
    public static var residentKiB: Int? { field("VmRSS:") }

    static func field(_ name: String) -> Int? {
        #if canImport(Glibc)
        guard let file = fopen("/proc/self/status", "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = cText(line)
            if text.hasPrefix(name) {
                return Int(text.dropFirst(name.count).filter { $0.isNumber })
            }
        }
        #endif
        return nil
    }
}

/// The text of a NUL-terminated C buffer.
func cText(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
