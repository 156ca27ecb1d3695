import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads one file's records in constant memory: chunks of `chunkSize` bytes, records cut by a
/// ``RecordFramer``, each with its line, byte offset and the offset just past it.
///
/// A record longer than `maxRecordBytes` is never held whole: once it passes the limit the reader
/// keeps only its first 2 KB (as the excerpt) and skips to its end, returning it with
/// ``FileRecord/isTooLarge`` set. The last record of a file without a newline after it comes back
/// with ``FileRecord/isTerminated`` false; a source should not move its checkpoint past it.
/// A UTF-8 byte order mark at the start of the file is skipped.
public struct FileRecordReader<Framer: RecordFramer>: Sendable {
    /// One record, or the excerpt of one over the size limit.
    public struct FileRecord {
        /// The record's bytes without its newline (a `\r` before it is kept); for a record over
        /// the limit, its first 2 KB.
        public var bytes: ArraySlice<UInt8>
        /// 1-based line of the record's first byte.
        public var line: Int
        /// The number of lines it spans (1 unless a quoted cell holds newlines).
        public var lineCount: Int
        /// Byte offset of its first byte.
        public var offset: Int64
        /// Byte offset just past it (and its newline): where the next record starts.
        public var end: Int64
        /// Whether a newline ends it (false for the last record of a file without a final newline).
        public var isTerminated: Bool
        /// Whether it is over the size limit and only its excerpt is in ``bytes``.
        public var isTooLarge: Bool
        /// Its size in bytes, without the newline.
        public var size: Int64 { end - offset - (isTerminated ? 1 : 0) }
    }

    private let handle: FileHandle
    private let chunkSize: Int
    private let maxRecordBytes: Int
    private var framer: Framer
    private var buffer: [UInt8] = []
    /// Index in `buffer` of the current record's first byte.
    private var start = 0
    /// Index in `buffer` up to which the framer has seen the current record.
    private var scanned = 0
    /// File offset of `buffer[0]`.
    private var bufferOffset: Int64
    private var line: Int
    private var atEndOfFile = false
    private var finished = false
    private var checkedByteOrderMark: Bool
    /// While skipping a record over the limit: its start, line and excerpt.
    private var skipping: (offset: Int64, line: Int, excerpt: [UInt8])?

    /// Opens `path` at byte `offset`, whose line is `line`. Throws ``PluginError`` when it cannot be opened.
    public init(path: String, offset: Int64 = 0, line: Int = 1, chunkSize: Int = 1 << 20, maxRecordBytes: Int = 1 << 20, framer: Framer) throws(PluginError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw PluginError("cannot open '\(path)': check that it exists and is readable")
        }
        if offset > 0 {
            do { try handle.seek(toOffset: UInt64(offset)) } catch { throw PluginError("cannot seek in '\(path)': \(error)") }
        }
        self.handle = handle
        self.chunkSize = max(chunkSize, 1)
        self.maxRecordBytes = max(maxRecordBytes, 1)
        self.framer = framer
        self.bufferOffset = offset
        self.line = line
        self.checkedByteOrderMark = offset > 0
        buffer.reserveCapacity(self.chunkSize)
    }

    /// The line of the next record.
    public var nextLine: Int { line }

    /// Closes the file; ``next()`` then returns nil.
    public mutating func close() {
        try? handle.close()
        finished = true
    }

    /// The next record, or nil at the end of the file.
    public mutating func next() throws(PluginError) -> FileRecord? {
        if finished { return nil }
        while true {
            if scanned < buffer.count {
                let from = scanned
                let found: Int? = buffer.withUnsafeBufferPointer { all in
                    framer.findEnd(in: UnsafeBufferPointer(rebasing: all[from...]))
                }
                if let found {
                    let endIndex = from + found
                    let record = makeRecord(endIndex: endIndex, terminated: true)
                    start = endIndex + 1
                    scanned = start
                    return record
                }
                scanned = buffer.count
            }
            // No end in what is buffered.
            if skipping == nil && scanned - start > maxRecordBytes {
                let excerptEnd = min(buffer.count, start + 2048)
                skipping = (bufferOffset + Int64(start), line, Array(buffer[start..<excerptEnd]))
            }
            if skipping != nil {
                bufferOffset += Int64(buffer.count)
                buffer.removeAll(keepingCapacity: true)
                start = 0
                scanned = 0
            }
            if atEndOfFile {
                finished = true
                try? handle.close()
                if skipping != nil || start < buffer.count {
                    return makeRecord(endIndex: buffer.count, terminated: false)
                }
                return nil
            }
            try refill()
        }
    }

    private mutating func makeRecord(endIndex: Int, terminated: Bool) -> FileRecord {
        let lineCount = framer.newlinesInside + 1
        framer.reset()
        let end = bufferOffset + Int64(endIndex) + (terminated ? 1 : 0)
        defer { line += lineCount }
        if let skipped = skipping {
            skipping = nil
            return FileRecord(bytes: skipped.excerpt[...], line: skipped.line, lineCount: lineCount, offset: skipped.offset, end: end, isTerminated: terminated, isTooLarge: true)
        }
        let offset = bufferOffset + Int64(start)
        if endIndex - start > maxRecordBytes {
            return FileRecord(bytes: buffer[start..<min(endIndex, start + 2048)], line: line, lineCount: lineCount, offset: offset, end: end, isTerminated: terminated, isTooLarge: true)
        }
        return FileRecord(bytes: buffer[start..<endIndex], line: line, lineCount: lineCount, offset: offset, end: end, isTerminated: terminated, isTooLarge: false)
    }

    private mutating func refill() throws(PluginError) {
        if start > 0 {
            buffer.removeSubrange(0..<start)
            bufferOffset += Int64(start)
            scanned -= start
            start = 0
        }
        // Read straight into the buffer's own storage: a `Data` per chunk was a fresh megabyte
        // to allocate, fault in and copy, a thousand times per gigabyte read.
        let kept = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: chunkSize))
        let descriptor = handle.fileDescriptor
        let chunkSize = self.chunkSize
        let (count, failure) = buffer.withUnsafeMutableBytes { bytes -> (Int, Int32) in
            while true {
                let count = read(descriptor, bytes.baseAddress! + kept, chunkSize)
                if count >= 0 { return (count, 0) }
                if errno != EINTR { return (count, errno) }
            }
        }
        buffer.removeSubrange((kept + max(count, 0))...)
        if count < 0 { throw PluginError("cannot read: \(String(cString: strerror(failure)))") }
        guard count > 0 else {
            atEndOfFile = true
            return
        }
        if !checkedByteOrderMark && buffer.count >= 3 {
            checkedByteOrderMark = true
            if buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF {
                start = 3
                scanned = 3
            }
        }
    }
}
