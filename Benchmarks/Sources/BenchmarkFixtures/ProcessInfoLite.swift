#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// This process, without Foundation.
public enum ProcessInfoLite {
    /// The process id.
    public static var pid: Int32 { getpid() }
    /// An environment variable.
    public static func environment(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
}
