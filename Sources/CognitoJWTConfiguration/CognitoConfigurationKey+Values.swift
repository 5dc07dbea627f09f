import Configuration
import Foundation

extension CognitoConfigurationKey {
    /// This setting's value in `reader`, as text: a number as it reads, a list joined with commas.
    public func text(in reader: ConfigReader) -> String? {
        reader.string(forKey: configKey, isSecret: isSecret)
            ?? (isList ? reader.stringArray(forKey: configKey, isSecret: isSecret)?.joined(separator: ",") : nil)
            ?? reader.int(forKey: configKey, isSecret: isSecret).map { String($0) }
            ?? reader.double(forKey: configKey, isSecret: isSecret).map { String($0) }
    }

    /// The values `reader` holds for every setting, as text (see ``text(in:)``).
    static func values(in reader: ConfigReader) -> [CognitoConfigurationKey: String] {
        values { $0.text(in: reader) }
    }

    /// The values one snapshot holds for every setting (see ``values(in:)-(ConfigReader)``).
    static func values(in snapshot: ConfigSnapshotReader) -> [CognitoConfigurationKey: String] {
        values { key in
            let secret = key.isSecret
            return snapshot.string(forKey: key.configKey, isSecret: secret)
                ?? (key.isList
                    ? snapshot.stringArray(forKey: key.configKey, isSecret: secret)?.joined(separator: ",") : nil)
                ?? snapshot.int(forKey: key.configKey, isSecret: secret).map { String($0) }
                ?? snapshot.double(forKey: key.configKey, isSecret: secret).map { String($0) }
        }
    }

    private static func values(_ read: (CognitoConfigurationKey) -> String?) -> [CognitoConfigurationKey: String] {
        var values: [CognitoConfigurationKey: String] = [:]
        for key in all {
            if let value = read(key) { values[key] = value }
        }
        return values
    }
}
