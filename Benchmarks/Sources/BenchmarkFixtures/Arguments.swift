/// Minimal `--name value` command-line options.
public struct Arguments: Sendable {
    /// The words that are not options, in order.
    public let positional: [String]
    private let options: [String: String]

    /// Reads `CommandLine.arguments` (without the program name).
    public init(_ words: [String] = Array(CommandLine.arguments.dropFirst())) {
        var positional: [String] = []
        var options: [String: String] = [:]
        var i = 0
        while i < words.count {
            if words[i].hasPrefix("--") {
                let name = String(words[i].dropFirst(2))
                if i + 1 < words.count, !words[i + 1].hasPrefix("--") {
                    options[name] = words[i + 1]
                    i += 2
                } else {
                    options[name] = ""
                    i += 1
                }
            } else {
                positional.append(words[i])
                i += 1
            }
        }
        self.positional = positional
        self.options = options
    }

    /// An integer option (underscores allowed: `1_000_000`), or `fallback`.
    public func int(_ name: String, _ fallback: Int) -> Int {
        options[name].flatMap { Int($0.filter { $0 != "_" }) } ?? fallback
    }

    /// A text option, or `fallback`.
    public func string(_ name: String, _ fallback: String) -> String { options[name] ?? fallback }

    /// Whether `--name` was given.
    public func flag(_ name: String) -> Bool { options[name] != nil }
}
