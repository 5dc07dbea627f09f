import CognitoJWT
import Foundation
import FuzzSupport

/// Arbitrary bytes as an `Authorization` header value, through the header rules and the bearer step: a header
/// read as a token carries exactly the bytes after `Bearer` and its spaces, and only a genuine token authenticates.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzAuthorization(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    let header = String(decoding: input, as: UTF8.self)
    SlowestInput.measure("authorization", input, warmUp: FuzzVerifier.warmUp) {
        let bytes = Array(header.utf8)
        let isBearer = bytes.count >= 6 && zip(bytes, "bearer".utf8).allSatisfy { $0 | 0x20 == $1 }
            && (bytes.count == 6 || bytes[6] == 0x20)
        switch BearerToken(authorization: header) {
        case .absent:
            if isBearer { fatalError("a Bearer header was read as absent") }
        case .invalid:
            if !isBearer { fatalError("a header of another scheme was read as invalid") }
        case .token(let token):
            let rest = bytes.dropFirst(6).drop(while: { $0 == 0x20 })
            guard isBearer, Array(token.utf8) == Array(rest), rest.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                fatalError("the token read is not the header's bytes after the scheme")
            }
        }
        if case .authenticated = FuzzVerifier.authenticate(header) {
            let rest = bytes.dropFirst(6).drop(while: { $0 == 0x20 })
            if !FuzzVerifier.genuineTokens.contains(where: { Array($0.utf8) == Array(rest) }) {
                fatalError("accepted a token that is not one of the genuine ones")
            }
        }
    }
    return 0
}

FuzzDriver.run { data, size in fuzzAuthorization(data, size) }
