import CFuzzerDriver
import Foundation
import FuzzSupport

/// Arbitrary bytes as a token, through the whole verifier against the genuine pool: it must never crash, never
/// accept anything but the two genuine tokens, and every input's time is recorded (the slowest is reported).
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzVerify(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    let token = String(decoding: input, as: UTF8.self)
    SlowestInput.measure("verify", input) {
        FuzzVerifier.requireRejectedUnlessGenuine(token, FuzzVerifier.verify(token))
    }
    return 0
}

/// Before the first input: the keys loaded and the genuine tokens verified (and cached), so that no input pays for
/// setting up and nothing an input allocates outlives it but by a leak.
@_cdecl("LLVMFuzzerInitialize")
func fuzzInitialize(_ argc: UnsafeMutablePointer<Int32>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?) -> Int32 {
    FuzzVerifier.warmUp()
    return 0
}

// libFuzzer's own `main` may be the one linked; when this one is, it hands over to the same driver.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzVerify(data, size) })
