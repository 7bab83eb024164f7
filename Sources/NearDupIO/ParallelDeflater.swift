import CZlib
import Dispatch

/// Streaming gzip compression on several threads, in pigz's scheme: the input is cut into blocks of `blockSize`,
/// each block is deflated on its own thread with the 32 KiB before it as its dictionary (so the ratio stays that of
/// one stream) and ends on a byte boundary, and the blocks are joined in order into one gzip member whose CRC-32 is
/// combined from theirs. The output is one ordinary gzip member, like `Deflater`'s. At level 6, deflate is about
/// two thirds of writing a cluster report; this lets it run beside the code that produces the JSON.
public final class ParallelDeflater {
    /// Input bytes per block: large enough that the per-block flush (a few bytes) and the hand-off cost nothing,
    /// small enough that a report of a few megabytes still spreads over the threads.
    public static let blockSize = 1 << 20
    static let dictionarySize = 32 << 10

    private let level: Int32
    /// Blocks in flight at most; the oldest is waited for before another is started, which bounds memory (about
    /// 2 MiB a block).
    private let depth: Int
    /// At most `jobs` blocks deflate at once, whatever the global queue would run.
    private let workers: DispatchSemaphore
    private var failed = false
    private var pending: [UInt8] = []
    private var dictionary: [UInt8] = []
    private var inFlight: [Block] = []
    private var crc: UInt = 0
    private var length: UInt = 0
    private var started = false
    private var finished = false

    /// - Parameter jobs: blocks deflated at once (at least 1), beside the caller's thread that produces the input.
    public init(level: Int32 = 6, jobs: Int) {
        self.level = level
        let jobs = max(1, jobs)
        depth = min(2 * jobs, 16) + 1
        workers = DispatchSemaphore(value: jobs)
        pending.reserveCapacity(Self.blockSize)
    }

    /// Takes `chunk`; returns whatever compressed output is ready, in order.
    public func feed(_ chunk: [UInt8]) throws(IOError) -> [UInt8] {
        precondition(!finished, "feed after finish")
        try checkNotFailed()
        var output = header()
        var offset = 0
        while offset < chunk.count {
            let take = min(Self.blockSize - pending.count, chunk.count - offset)
            pending.append(contentsOf: chunk[offset..<(offset + take)])
            offset += take
            if pending.count == Self.blockSize {
                try submit(last: false, into: &output)
            }
        }
        try collect(.none, into: &output)
        return output
    }

    /// Compresses what is left, ends the member and returns the rest of the output.
    public func finish() throws(IOError) -> [UInt8] {
        precondition(!finished, "finish twice")
        try checkNotFailed()
        var output = header()
        try submit(last: true, into: &output)
        try collect(.all, into: &output)
        finished = true
        // The trailer: CRC-32 and length modulo 2^32 of the whole input, little-endian.
        for value in [UInt32(truncatingIfNeeded: crc), UInt32(truncatingIfNeeded: length)] {
            for shift in stride(from: 0, to: 32, by: 8) { output.append(UInt8(truncatingIfNeeded: value >> shift)) }
        }
        return output
    }

    private func checkNotFailed() throws(IOError) {
        if failed { throw IOError(.compressionFailed, path: "", "an earlier block failed to compress") }
    }

    private func header() -> [UInt8] {
        guard !started else { return [] }
        started = true
        // Magic, deflate, no flags, no time, no extra flags, operating system Unix (3), as zlib writes it on Linux.
        return [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3]
    }

    private func submit(last: Bool, into output: inout [UInt8]) throws(IOError) {
        if inFlight.count >= depth { try collect(.oldest, into: &output) }
        let block = Block(input: pending, dictionary: dictionary, level: level, last: last)
        if pending.count >= Self.dictionarySize {
            dictionary = Array(pending[(pending.count - Self.dictionarySize)...])
        } else {
            dictionary = Array((dictionary + pending).suffix(Self.dictionarySize))
        }
        pending.removeAll(keepingCapacity: true)
        inFlight.append(block)
        let workers = self.workers
        DispatchQueue.global().async(group: block.done) {
            workers.wait()
            block.run()
            workers.signal()
        }
    }

    private enum Wait { case none, oldest, all }

    /// Appends the output of finished blocks, oldest first, after waiting for the oldest or for all of them.
    private func collect(_ wait: Wait, into output: inout [UInt8]) throws(IOError) {
        var taken = 0
        while let block = inFlight.first {
            if wait == .all || (wait == .oldest && taken == 0) {
                block.done.wait()
            } else if block.done.wait(timeout: .now()) == .timedOut {
                return
            }
            inFlight.removeFirst()
            taken += 1
            switch block.result {
            case .success(let bytes): output.append(contentsOf: bytes)
            case .failure(let error):
                // The output so far is incomplete; later calls refuse rather than write a damaged member.
                failed = true
                throw error
            case nil: preconditionFailure("a block finished without a result")
            }
            // combine(crc(A), crc(B), |B|) = crc(AB), and the CRC of nothing is 0.
            crc = crc32_combine(crc, block.crc, Int(block.input.count))
            length &+= UInt(block.input.count)
        }
    }

    /// One block's deflate, run on a worker thread; read only after `done` is waited for.
    private final class Block: @unchecked Sendable {
        let input: [UInt8]
        let dictionary: [UInt8]
        let level: Int32
        let last: Bool
        let done = DispatchGroup()
        var result: Result<[UInt8], IOError>?
        var crc: UInt = 0

        init(input: [UInt8], dictionary: [UInt8], level: Int32, last: Bool) {
            self.input = input
            self.dictionary = dictionary
            self.level = level
            self.last = last
        }

        func run() {
            crc = input.withUnsafeBufferPointer { crc32(0, $0.baseAddress, UInt32($0.count)) }
            do throws(IOError) { result = .success(try deflateRaw()) } catch { result = .failure(error) }
        }

        /// Raw deflate (no header): the member's header and trailer are written once for all blocks. A block that
        /// is not the last ends with a sync flush, on a byte boundary and without the final-block bit.
        private func deflateRaw() throws(IOError) -> [UInt8] {
            var stream = z_stream()
            let status = deflateInit2_(
                &stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                Int32(MemoryLayout<z_stream>.size))
            guard status == Z_OK else {
                throw IOError(.compressionFailed, path: "", "deflateInit2 failed (\(status))")
            }
            defer { deflateEnd(&stream) }
            if !dictionary.isEmpty {
                var words = dictionary
                let set = words.withUnsafeMutableBufferPointer {
                    deflateSetDictionary(&stream, $0.baseAddress, UInt32($0.count))
                }
                guard set == Z_OK else {
                    throw IOError(.compressionFailed, path: "", "deflateSetDictionary failed (\(set))")
                }
            }
            var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(input.count))) + 64)
            let flush = last ? Z_FINISH : Z_SYNC_FLUSH
            let result: Int32 = input.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer { target in
                    // zlib reads `next_in` only; its C type is not const.
                    stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                    stream.avail_in = UInt32(source.count)
                    stream.next_out = target.baseAddress
                    stream.avail_out = UInt32(target.count)
                    return deflate(&stream, flush)
                }
            }
            let expected = last ? Z_STREAM_END : Z_OK
            guard result == expected, stream.avail_in == 0, stream.avail_out > 0 else {
                throw IOError(.compressionFailed, path: "", "deflate did not finish a block (\(result))")
            }
            return Array(output[..<Int(stream.total_out)])
        }
    }
}
