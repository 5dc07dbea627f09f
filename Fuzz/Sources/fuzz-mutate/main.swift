import CFuzzerDriver
import Foundation
import FuzzSupport

/// The fuzzer's bytes as a program of structure-aware changes to a genuine token (``TokenMutator``), the result
/// through the whole verifier: any change to a signed token must be rejected, and nothing may crash.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzMutate(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    SlowestInput.measure("mutate", input) {
        let token = TokenMutator.mutate(input)
        FuzzVerifier.requireRejectedUnlessGenuine(token, FuzzVerifier.verify(token))
    }
    return 0
}

/// Before the first input: the keys loaded and the genuine tokens verified once.
@_cdecl("LLVMFuzzerInitialize")
func fuzzInitialize(_ argc: UnsafeMutablePointer<Int32>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?) -> Int32 {
    FuzzVerifier.warmUp()
    return 0
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzMutate(data, size) })
