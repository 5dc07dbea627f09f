import Foundation
import Logging

/// Keeps the messages logged through ``logger``.
final class CapturedLog: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    var logger: Logger {
        var logger = Logger(label: "test.captured") { _ in Handler(log: self) }
        logger.logLevel = .info
        return logger
    }

    var messages: [String] { lock.withLock { lines } }

    fileprivate func append(_ line: String) { lock.withLock { lines.append(line) } }

    struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            log.append("\(event.level) \(event.message) \(event.metadata ?? [:])")
        }
    }
}
