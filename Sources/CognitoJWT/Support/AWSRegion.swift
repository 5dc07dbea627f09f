/// The shapes of AWS region names and Cognito pool ids: what may go into a JWKS URL, and the region a pool id
/// carries.
enum AWSRegion {
    /// A region name such as `eu-central-1` or `us-gov-west-1`: lowercase letters in two or more dash-separated
    /// parts, then a number.
    static func isRegion(_ name: String) -> Bool {
        let parts = name.utf8.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        guard parts.count >= 3, let last = parts.last, !last.isEmpty, last.count <= 3,
            last.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return false }
        return parts.dropLast().allSatisfy { part in
            !part.isEmpty && part.count <= 16 && part.allSatisfy { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }
        }
    }

    /// A pool id that is safe in a URL path: 1 to 128 ASCII letters, digits, `_` and `-`.
    static func isPoolID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 128
            && id.utf8.allSatisfy { byte in
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                    || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                    || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                    || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
            }
    }

    /// The region a pool id starts with (`eu-central-1` of `eu-central-1_xYzaq`), if it has one.
    static func region(ofPoolID id: String) -> String? {
        guard let underscore = id.utf8.firstIndex(of: UInt8(ascii: "_")) else { return nil }
        let prefix = String(decoding: id.utf8[..<underscore], as: UTF8.self)
        return isRegion(prefix) ? prefix : nil
    }
}
