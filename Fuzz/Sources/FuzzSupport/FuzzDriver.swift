import CFuzzerDriver
import Foundation

/// Hands a fuzz target's one-input function to libFuzzer's driver and exits with its status. Each executable's
/// `main` calls it; when libFuzzer's own `main` is the one linked, it calls `LLVMFuzzerTestOneInput` directly.
public enum FuzzDriver {
    /// Runs libFuzzer's loop with `target` for each input, with the process's arguments.
    public static func run(_ target: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, target))
    }
}
