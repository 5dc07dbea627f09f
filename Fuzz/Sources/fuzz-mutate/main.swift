import Foundation
import FuzzSupport

/// The fuzzer's bytes as a program of structure-aware changes to a genuine token (``TokenMutator``), the result
/// through the whole verifier: any change to a signed token must be rejected, and nothing may crash.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzMutate(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    SlowestInput.measure("mutate", input, warmUp: FuzzVerifier.warmUp) {
        let token = TokenMutator.mutate(input)
        FuzzVerifier.requireRejectedUnlessGenuine(token, FuzzVerifier.verify(token))
    }
    return 0
}

FuzzDriver.run { data, size in fuzzMutate(data, size) }
