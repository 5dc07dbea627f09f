import Foundation
import FuzzSupport

/// Arbitrary bytes as a token, through the whole verifier against the genuine pool: it must never crash, never
/// accept anything but the two genuine tokens, and every input's time is recorded (the slowest is reported).
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzVerify(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    let token = String(decoding: input, as: UTF8.self)
    SlowestInput.measure("verify", input, warmUp: FuzzVerifier.warmUp) {
        FuzzVerifier.requireRejectedUnlessGenuine(token, FuzzVerifier.verify(token))
    }
    return 0
}

FuzzDriver.run { data, size in fuzzVerify(data, size) }
