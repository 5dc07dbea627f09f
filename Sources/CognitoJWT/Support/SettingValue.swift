import Foundation

/// The numbers of the settings (environment variables, command-line flags, configuration keys), each read within
/// its range, each error naming the setting and the text it could not read.
enum SettingValue {
    /// `text` as a number of seconds (fractions allowed) from `lowest` (or above it, when `lowest` is excluded) to
    /// `highest`, rounded to the millisecond.
    static func seconds(
        _ text: String, name: String, from lowest: Double = 0, excludingLowest: Bool = false, to highest: Double
    ) throws(CognitoConfigurationError) -> Duration {
        guard let seconds = Double(text), seconds.isFinite, seconds <= highest,
            excludingLowest ? seconds > lowest : seconds >= lowest
        else {
            throw CognitoConfigurationError(
                "\(name) must be a number of seconds \(excludingLowest ? "above" : "from") \(Int(lowest)) to "
                    + "\(Int(highest)), not \(text)")
        }
        return .milliseconds(Int64((seconds * 1_000).rounded()))
    }

    /// `text` as a whole number in `range`.
    static func wholeNumber(
        _ text: String, name: String, in range: ClosedRange<Int>
    ) throws(CognitoConfigurationError)
        -> Int
    {
        guard let number = Int(text), range.contains(number) else {
            throw CognitoConfigurationError(
                "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), not \(text)")
        }
        return number
    }

    /// A comma-separated list: each item trimmed of spaces and tabs, empty items dropped.
    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
