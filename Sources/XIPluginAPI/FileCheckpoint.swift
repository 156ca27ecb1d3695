import Foundation

/// The checkpoint of a file source: per file, the bytes fully read and a fingerprint that
/// notices a replaced or truncated file. Stored as JSON in ``SourceCheckpoint/value``:
///
/// ```json
/// {"files":[{"path":"Examples/data/surveys.csv","offset":48213,"line":612,"size":48213,"prefixLength":64,"prefixHash":"9f2c…"}]}
/// ```
///
/// A file is read from `offset` (at `line`) when it is at least `offset` bytes long, its first
/// `prefixLength` bytes still hash to `prefixHash` and the 64 bytes before `offset` still hash to
/// `tailHash` (a CSV file's first bytes are its header, the same in a replacement; the bytes just
/// read are not); otherwise it is new, replaced or truncated, and it is read again from the start.
public struct FileCheckpoint: Sendable, Codable, Equatable {
    /// One file's position.
    public struct File: Sendable, Codable, Equatable {
        /// The file, as the source names it (relative to the configuration folder when inside it).
        public var path: String
        /// Bytes fully read: the next record starts here.
        public var offset: Int64
        /// The line at `offset`.
        public var line: Int
        /// The file's size when this was written.
        public var size: Int64
        /// How many leading bytes the hash covers (64, or the whole file when shorter).
        public var prefixLength: Int
        /// FNV-1a 64 hash of the first `prefixLength` bytes, in hex.
        public var prefixHash: String
        /// FNV-1a 64 hash of the (up to) 64 bytes before `offset`, in hex.
        public var tailHash: String?

        /// Creates a file position.
        public init(path: String, offset: Int64, line: Int, size: Int64, prefixLength: Int, prefixHash: String, tailHash: String? = nil) {
            self.path = path
            self.offset = offset
            self.line = line
            self.size = size
            self.prefixLength = prefixLength
            self.prefixHash = prefixHash
            self.tailHash = tailHash
        }
    }

    /// The files' positions, sorted by path.
    public var files: [File]

    /// Creates a checkpoint.
    public init(files: [File] = []) {
        self.files = files
    }

    /// Decodes a checkpoint; an absent or unreadable one is empty (everything is read).
    public init(_ checkpoint: SourceCheckpoint?) {
        guard let checkpoint, let data = checkpoint.value.data(using: .utf8),
              let decoded = try? JSONDecoder().decode(FileCheckpoint.self, from: data)
        else {
            self.init()
            return
        }
        self = decoded
    }

    /// The position of `path`, if any.
    public func file(_ path: String) -> File? { files.first { $0.path == path } }

    /// Sets the position of one file.
    public mutating func update(_ file: File) {
        if let index = files.firstIndex(where: { $0.path == file.path }) {
            files[index] = file
        } else {
            files.append(file)
            files.sort { $0.path < $1.path }
        }
    }

    /// The checkpoint as the runtime stores it.
    public var sourceCheckpoint: SourceCheckpoint {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(self)) ?? Data("{\"files\":[]}".utf8)
        return SourceCheckpoint(String(decoding: data, as: UTF8.self))
    }

    /// The fingerprint of the file at `path` now: its size and the hash of its first 64 bytes
    /// (or of `prefixLength` bytes, to compare with a stored fingerprint). Nil when unreadable.
    public static func fingerprint(of path: String, prefixLength: Int = 64) -> (size: Int64, prefixLength: Int, prefixHash: String)? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd() else { return nil }
        try? handle.seek(toOffset: 0)
        let prefix = (try? handle.read(upToCount: prefixLength)) ?? Data()
        return (Int64(size), prefix.count, hash(prefix))
    }

    /// The hash of the (up to) 64 bytes of `path` before `offset`; nil when unreadable.
    public static func tailHash(of path: String, before offset: Int64) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let start = max(0, offset - 64)
        do {
            try handle.seek(toOffset: UInt64(start))
            return hash(try handle.read(upToCount: Int(offset - start)) ?? Data())
        } catch {
            return nil
        }
    }

    /// FNV-1a 64 of `bytes`, 16 hex digits.
    static func hash(_ bytes: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
