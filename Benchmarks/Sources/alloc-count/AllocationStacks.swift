#if canImport(Glibc)
import CBenchmarkSupport
import Glibc
import MallocInterposerSwift

/// Records the call stack of every counted allocation (glibc `backtrace`), to find where allocations come from.
enum AllocationStacks {
    static let depth = 40
    static let capacity = 50_000
    nonisolated(unsafe) static var frames = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(capacity: depth * capacity)
    nonisolated(unsafe) static var recorded = 0
    nonisolated(unsafe) static var inside = false

    /// Starts recording (allocations the recording makes itself are not recorded).
    static func start() {
        var warm = [UnsafeMutableRawPointer?](repeating: nil, count: 4)
        _ = stack_trace_capture(&warm, 4)  // loads the unwinder before the hook is installed
        frames.initialize(repeating: nil, count: depth * capacity)
        recorded = 0
        MallocInterposerSwift.setAllocationHook { _ in
            guard !AllocationStacks.inside, AllocationStacks.recorded < AllocationStacks.capacity else { return }
            AllocationStacks.inside = true
            _ = stack_trace_capture(AllocationStacks.frames + AllocationStacks.recorded * AllocationStacks.depth, Int32(AllocationStacks.depth))
            AllocationStacks.recorded += 1
            AllocationStacks.inside = false
        }
    }

    static func stop() { MallocInterposerSwift.setAllocationHook(nil) }

    /// The recorded stacks, most frequent first, each as `module+0xoffset` frames (innermost first, the
    /// interposer's and the recorder's own frames left out), with how many allocations had that stack.
    static func grouped() -> [(count: Int, frames: [String])] {
        var counts: [[String]: Int] = [:]
        var names: [UnsafeMutableRawPointer: String] = [:]
        for r in 0..<recorded {
            var stack: [String] = []
            for d in 0..<depth {
                guard let address = frames[r * depth + d] else { break }
                let name = names[address] ?? describe(address)
                names[address] = name
                stack.append(name)
            }
            // Drop the recorder's frames and the interposer's: the stack starts at the caller of malloc.
            if let last = stack.lastIndex(where: { $0.contains("MallocInterposer") }) {
                stack.removeFirst(last + 1)
            }
            counts[stack, default: 0] += 1
        }
        return counts.map { (count: $0.value, frames: $0.key) }.sorted { $0.count > $1.count }
    }

    /// One source-level frame: the function and `path:line:column` (inlined frames are frames too).
    struct Frame: Hashable {
        let function: String
        let location: String
        /// `File.swift:line` of ``location``.
        var shortLocation: String {
            let file = location.split(separator: "/").last.map(String.init) ?? location
            return file.split(separator: ":").prefix(2).joined(separator: ":")
        }
    }

    /// Names `frames` (`module 0xoffset`) with llvm-symbolizer and swift-demangle, inlined frames included
    /// (innermost first).
    static func symbolize(_ frames: [String]) -> [String: [Frame]] {
        let path = "/tmp/alloc-count-frames-\(getpid()).txt"
        guard let file = fopen(path, "w") else { return [:] }
        for frame in frames { fputs(frame + "\n", file) }
        fclose(file)
        defer { unlink(path) }
        let command = "llvm-symbolizer --functions=linkage --inlines < \(path) | swift-demangle --simplified"
        guard let pipe = popen(command, "r") else { return [:] }
        var output = ""
        var buffer = [CChar](repeating: 0, count: 4096)
        while fgets(&buffer, Int32(buffer.count), pipe) != nil {
            output += String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        pclose(pipe)
        let blocks = output.split(separator: "\n\n", omittingEmptySubsequences: false).map { $0.split(separator: "\n").map(String.init) }
        var names: [String: [Frame]] = [:]
        for (frame, block) in zip(frames, blocks) {
            var lines: [Frame] = []
            var i = 0
            while i + 1 < block.count {
                lines.append(Frame(function: block[i], location: block[i + 1]))
                i += 2
            }
            names[frame] = lines.isEmpty ? [Frame(function: frame, location: "?")] : lines
        }
        return names
    }

    /// Functions that only pass an allocation on (allocators, the runtime's object and buffer creation).
    static func isPlumbing(_ frame: Frame) -> Bool {
        let f = frame.function
        return f.hasPrefix("swift_slowAlloc") || f.hasPrefix("swift_allocObject") || f.contains("OPENSSL_malloc")
            || f.contains("OPENSSL_zalloc") || f.contains("OPENSSL_calloc") || f.contains("_allocateStringStorage")
            || f.contains("__StringStorage.create") || f.contains("_consumeAndCreateNew") || f.contains("_createNewBuffer")
            || f.contains("_reserveCapacityAssumingUniqueBuffer") || f.hasPrefix("__GI___libc") || f.hasPrefix("malloc")
            || f.contains("_allocateUninitialized") || f.contains("_ContiguousArrayBuffer.init") || f.contains("_allocateBufferUninitialized")
    }

    /// The allocation sites: for each stack, the innermost frame in the verifier's own sources (`site`) and the
    /// innermost frame that is not allocator plumbing (`origin`), with allocations per operation.
    static func sites(_ stacks: [(count: Int, frames: [String])], names: [String: [Frame]],
                      ownSources: String) -> [(count: Int, site: String, origin: String)] {
        var totals: [String: (Int, String, String)] = [:]
        for stack in stacks {
            let frames = stack.frames.flatMap { names[$0] ?? [] }
            let origin = frames.first { !isPlumbing($0) }
            let site = frames.first { $0.location.contains(ownSources) }
            let siteText = site.map { "\($0.shortLocation) \(shortFunction($0.function))" } ?? "(outside \(ownSources))"
            let originText = origin.map { "\(shortFunction($0.function)) (\($0.shortLocation))" } ?? "?"
            let key = siteText + "|" + originText
            let previous = totals[key]?.0 ?? 0
            totals[key] = (previous + stack.count, siteText, originText)
        }
        return totals.values.map { (count: $0.0, site: $0.1, origin: $0.2) }.sorted { ($0.count, $1.site) > ($1.count, $0.site) }
    }

    private static func shortFunction(_ function: String) -> String {
        var f = function
        for prefix in ["specialized ", "partial apply for ", "protocol witness for "] where f.hasPrefix(prefix) {
            f.removeFirst(prefix.count)
        }
        return f.count > 90 ? String(f.prefix(90)) + "…" : f
    }

    private static func describe(_ address: UnsafeMutableRawPointer) -> String {
        var file: UnsafePointer<CChar>?
        var base: UnsafeMutableRawPointer?
        guard stack_trace_module(address, &file, &base) != 0, let file, let base else { return "?+\(address)" }
        // Return addresses point after the call: step back one byte so the symbolizer names the caller's line.
        let offset = UInt(bitPattern: address) - UInt(bitPattern: base) - 1
        return "\(String(cString: file)) 0x\(String(offset, radix: 16))"
    }
}
#endif
