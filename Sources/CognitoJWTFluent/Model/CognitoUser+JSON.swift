import CognitoJWT
import Foundation

extension CognitoUser {
    /// The user as a JSON object: `id`, `issuer`, `sub`, `username`, `email`, `email_verified`, `groups`,
    /// `first_seen` and `last_seen` (ISO 8601, UTC).
    public var jsonObject: JSONObject {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        return [
            "id": text(id?.uuidString.lowercased()),
            "issuer": .string(issuer),
            "sub": .string(subject),
            "username": text(username),
            "email": text(email),
            "email_verified": emailVerified.map(JSONValue.bool) ?? .null,
            "groups": .array(groups.map(JSONValue.string)),
            "first_seen": .string(Self.iso8601(firstSeen)),
            "last_seen": .string(Self.iso8601(lastSeen)),
        ]
    }

    /// `date` as `2026-12-01T09:30:00.123Z`.
    static func iso8601(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
