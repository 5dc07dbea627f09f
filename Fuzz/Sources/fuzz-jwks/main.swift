import CognitoJWT
import Foundation
import FuzzSupport

/// Arbitrary bytes as a JWKS document: parsing must never crash, a document it accepts reports every entry, and
/// every usable key is found again by its own `kid`, byte for byte, and by no other.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzJWKS(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    SlowestInput.measure("jwks", input) {
        guard let set = try? JSONWebKeySet(json: input) else { return }
        let usable = set.entries.filter { $0.unusableReason == nil }
        if usable.count != set.keys.count { fatalError("\(usable.count) usable entries but \(set.keys.count) keys") }
        for key in set.keys {
            guard set.keys(withID: key.kid).contains(where: { $0 === key }) else {
                fatalError("a usable key is not found by its own kid")
            }
            if !set.keys(withID: key.kid + "x").allSatisfy({ $0.kid.bytesEqual(key.kid + "x") }) {
                fatalError("a lookup returned a key of another kid")
            }
        }
    }
    return 0
}

FuzzDriver.run { data, size in fuzzJWKS(data, size) }
