import ArgumentParser
import Logging

/// `--log-level LEVEL`: how much `demo` and `serve` log to standard error (rejections are `debug`, JWKS
/// fetches `info`).
struct LoggingOptions: ParsableArguments {
    /// The level names, as `--help` lists them.
    static let levels = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")

    @Option(
        help: ArgumentHelp("Log level: \(LoggingOptions.levels).", valueName: "LEVEL"),
        transform: { name in
            guard let level = Logger.Level(rawValue: name) else {
                throw ValidationError("--log-level must be one of \(LoggingOptions.levels), not \(name)")
            }
            return level
        })
    var logLevel: Logger.Level = .info

    /// A logger to standard error at ``logLevel``.
    func logger(label: String) -> Logger {
        var logger = Logger(label: label, factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = logLevel
        return logger
    }
}
