import Foundation

/// A ``SourceReader`` for files of any record format: reads the files in order from a
/// ``FileCheckpoint``, in chunks, and yields batches of at most `batchSize` events and rejected
/// records, each with the checkpoint after it.
///
/// - A record over `maxRecordBytes` is skipped without being held whole and rejected with its
///   first 2 KB as the excerpt.
/// - Records that are not valid UTF-8, do not decode, or do not map (``EventBuilder``) are rejected
///   with their position (file, line, byte offset) and reason; the read goes on.
/// - The last line of a file without a newline after it is read when it looks complete (it decodes
///   and ``RecordDecoder/truncation(of:)`` finds nothing cut short) and rejected as truncated
///   otherwise; either way the checkpoint stays before it, so the next run reads it again once it
///   is complete, and its stable event id keeps it from counting twice.
public struct FileSourceReader<Decoder: RecordDecoder>: SourceReader {
    private let files: [SourceFiles.File]
    private let builder: EventBuilder
    private var decoder: Decoder
    private let batchSize: Int
    private let maxRecordBytes: Int
    private let chunkSize: Int
    private var checkpoint: FileCheckpoint
    private var lastCheckpoint: FileCheckpoint
    private var fileIndex = 0
    private var current: (file: SourceFiles.File, reader: FileRecordReader<Decoder.Framer>, state: FileCheckpoint.File)?
    private var fields: RecordFields
    private var finished = false
    /// The bytes of all files, for progress.
    private let totalBytes: Int64

    /// Creates a reader over `files` from `checkpoint` (nil: from the start).
    public init(
        files: [SourceFiles.File], checkpoint: SourceCheckpoint?, builder: EventBuilder, decoder: Decoder,
        batchSize: Int = 4096, maxRecordBytes: Int = 1 << 20, chunkSize: Int = 1 << 20
    ) {
        self.files = files
        self.builder = builder
        self.decoder = decoder
        self.batchSize = max(batchSize, 1)
        self.maxRecordBytes = maxRecordBytes
        self.chunkSize = chunkSize
        let stored = FileCheckpoint(checkpoint)
        self.lastCheckpoint = stored
        self.checkpoint = FileCheckpoint(files: Self.positions(in: stored, of: files))
        self.fields = builder.makeFields()
        self.totalBytes = files.reduce(0) { total, file in
            total + ((try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.int64Value ?? 0)
        }
    }

    /// The stored positions of `files`, under their names. A position stored under another name
    /// for the same file is taken too: an absolute path, stored before names were made canonical
    /// when the folder was spelled so that the file did not seem inside it (`xi run .`), would
    /// otherwise have the file read again from its start.
    static func positions(in stored: FileCheckpoint, of files: [SourceFiles.File]) -> [FileCheckpoint.File] {
        let known = Set(files.map(\.displayPath))
        var positions = stored.files.filter { known.contains($0.path) }
        var named = Set(positions.map(\.path))
        let byCanonical = Dictionary(files.map { ($0.canonicalPath, $0.displayPath) }, uniquingKeysWith: { first, _ in first })
        for position in stored.files where position.path.hasPrefix("/") && !known.contains(position.path) {
            guard let name = byCanonical[SourceFiles.canonical(position.path)], named.insert(name).inserted else { continue }
            var renamed = position
            renamed.path = name
            positions.append(renamed)
        }
        return positions.sorted { $0.path < $1.path }
    }

    /// The next batch, or nil when everything has been read and the checkpoint is stored.
    public mutating func next() async throws -> SourceBatch? {
        try nextBatch()
    }

    /// The next batch, synchronously.
    public mutating func nextBatch() throws(PluginError) -> SourceBatch? {
        if finished { return nil }
        var events: [Event] = []
        var rejected: [RejectedRecord] = []
        events.reserveCapacity(min(batchSize, 4096))
        // Taken once per batch and lent to each record (read through `self` inside `process`, it
        // was copied, with a retain of each of its fields, for every record).
        let builder = self.builder
        while events.count + rejected.count < batchSize {
            if current == nil {
                guard fileIndex < files.count else {
                    finished = true
                    break
                }
                let file = files[fileIndex]
                fileIndex += 1
                try open(file, rejected: &rejected)
                continue
            }
            guard let record = try current!.reader.next() else {
                store(current!.state, path: current!.file.path)
                current = nil
                continue
            }
            process(record, builder: builder, events: &events, rejected: &rejected)
        }
        if let current { store(current.state, path: current.file.path) }
        if events.isEmpty && rejected.isEmpty && checkpoint == lastCheckpoint { return nil }
        lastCheckpoint = checkpoint
        let consumed = checkpoint.files.reduce(Int64(0)) { $0 + $1.offset }
        let progress = totalBytes > 0 ? min(1, Double(consumed) / Double(totalBytes)) : nil
        return SourceBatch(events: events, rejected: rejected, checkpoint: checkpoint.sourceCheckpoint, progress: progress)
    }

    /// Puts a file's position into the checkpoint, with the hash of the bytes before its offset.
    private mutating func store(_ state: FileCheckpoint.File, path: String) {
        var state = state
        if checkpoint.file(state.path)?.offset != state.offset || checkpoint.file(state.path)?.tailHash == nil {
            state.tailHash = state.offset > 0 ? FileCheckpoint.tailHash(of: path, before: state.offset) : nil
        } else {
            state.tailHash = checkpoint.file(state.path)?.tailHash
        }
        checkpoint.update(state)
    }

    private mutating func open(_ file: SourceFiles.File, rejected: inout [RejectedRecord]) throws(PluginError) {
        guard let fingerprint = FileCheckpoint.fingerprint(of: file.path) else {
            throw PluginError("cannot read '\(file.displayPath)': check that it exists and is readable")
        }
        var offset: Int64 = 0
        var line = 1
        if let stored = checkpoint.file(file.displayPath), stored.offset > 0, fingerprint.size >= stored.offset {
            let now = stored.prefixLength == fingerprint.prefixLength
                ? fingerprint.prefixHash
                : FileCheckpoint.fingerprint(of: file.path, prefixLength: stored.prefixLength)?.prefixHash
            if now == stored.prefixHash,
               stored.tailHash == nil || stored.tailHash == FileCheckpoint.tailHash(of: file.path, before: stored.offset) {
                offset = stored.offset
                line = stored.line
            }
        }
        var state = FileCheckpoint.File(
            path: file.displayPath, offset: offset, line: line, size: fingerprint.size,
            prefixLength: fingerprint.prefixLength, prefixHash: fingerprint.prefixHash)
        if offset >= fingerprint.size {
            store(state, path: file.path)
            return
        }
        var reader = try FileRecordReader(
            path: file.path, offset: offset, line: line, chunkSize: chunkSize, maxRecordBytes: maxRecordBytes, framer: decoder.makeFramer())
        if decoder.hasHeader {
            let header: FileRecordReader<Decoder.Framer>.FileRecord?
            if offset == 0 {
                header = try reader.next()
                if let header, header.isTerminated {
                    state.offset = header.end
                    state.line = header.line + header.lineCount
                }
            } else {
                var headerReader = try FileRecordReader(path: file.path, maxRecordBytes: maxRecordBytes, framer: decoder.makeFramer())
                header = try headerReader.next()
                headerReader.close()
            }
            guard let header else {
                store(state, path: file.path)
                return
            }
            var bytes = header.bytes
            if bytes.last == 13 { bytes = bytes.dropLast() }
            let problem: String? = header.isTooLarge
                ? "the header row is over the limit of \(maxRecordBytes) bytes"
                : bytes.withUnsafeBufferPointer { buffer in
                    Self.isValidUTF8(buffer) ? decoder.beginFile(header: buffer, builder: builder) : "the header row is not valid UTF-8"
                }
            if let problem {
                rejected.append(RejectedRecord(
                    source: builder.settings.name,
                    position: RecordPosition(file: file.displayPath, line: header.line, offset: header.offset),
                    reason: problem + "; the file is skipped", excerpt: Self.excerpt(header.bytes)))
                reader.close()
                store(state, path: file.path)
                return
            }
        } else if let problem = decoder.beginFile(header: nil, builder: builder) {
            throw PluginError("cannot read '\(file.displayPath)': \(problem)")
        }
        current = (file, reader, state)
    }

    private mutating func process(
        _ record: FileRecordReader<Decoder.Framer>.FileRecord, builder: EventBuilder, events: inout [Event], rejected: inout [RejectedRecord]
    ) {
        // The file's names are read where they are (a copy of the file retained its paths, per record).
        let position = RecordPosition(file: current!.file.displayPath, line: record.line, offset: record.offset)
        if record.isTerminated {
            current!.state.offset = record.end
            current!.state.line = record.line + record.lineCount
        }
        if record.isTooLarge {
            rejected.append(RejectedRecord(
                source: builder.settings.name, position: position,
                reason: "record of \(record.size) bytes is over the limit of \(maxRecordBytes) bytes (option max_record_bytes); skipped",
                excerpt: Self.excerpt(record.bytes)))
            return
        }
        var bytes = record.bytes
        if bytes.last == 13 { bytes = bytes.dropLast() }
        if bytes.allSatisfy({ $0 == 32 || $0 == 9 }) { return }
        let rejection: EventBuilder.Rejection? = bytes.withUnsafeBufferPointer { buffer in
            guard Self.isValidUTF8(buffer) else {
                return EventBuilder.Rejection("the record is not valid UTF-8; save the file as UTF-8")
            }
            fields.clear()
            if let problem = decoder.decode(buffer, into: &fields, builder: builder) {
                return EventBuilder.Rejection(problem)
            }
            if !record.isTerminated, let problem = decoder.truncation(of: buffer) {
                return EventBuilder.Rejection(problem)
            }
            // Made where the batch keeps it, not returned and copied there.
            return builder.build(fields, position: position, fileName: current!.file.name, appendingTo: &events)
        }
        if let rejection {
            let reason = record.isTerminated
                ? rejection.reason
                : "truncated last line (no newline at the end of the file): \(rejection.reason); it is read again once the line is complete"
            rejected.append(RejectedRecord(source: builder.settings.name, position: position, reason: reason, excerpt: Self.excerpt(record.bytes)))
        }
    }

    /// Whether `bytes` are valid UTF-8 (ASCII checked first, fast).
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var high: UInt8 = 0
        for byte in bytes { high |= byte }
        if high < 0x80 { return true }
        return String(validating: bytes, as: UTF8.self) != nil
    }

    /// At most 2 KB of a record, as text (invalid UTF-8 shown as U+FFFD).
    static func excerpt(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.prefix(2048), as: UTF8.self)
    }
}
