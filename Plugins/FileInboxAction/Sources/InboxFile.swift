import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One inbox file (JSON lines or CSV), opened for appending, with the ids of the lines it holds.
///
/// Opening reads the ids of the existing lines (memory grows with the number of lines, not their
/// size) and cuts off a partial last line a crash may have left. Each append writes whole lines
/// (one `write` for short ones; a long one from where it is), under an exclusive `flock`, followed
/// by `fsync` when asked; what a failed write left is cut off again, so the file only ever holds
/// whole lines. Before each append the file is
/// checked for lines other processes appended, and for having been moved away or replaced (a
/// consumer that takes the inbox file): it is then reopened.
final class InboxFile {
    /// The file's path.
    let path: String
    private let synchronizes: Bool
    private let format: InboxFormat
    private var descriptor: Int32
    private var identity: (device: UInt64, inode: UInt64)
    /// Bytes of whole lines read or written so far.
    private var size: Int64 = 0
    /// The ids of the lines in the file.
    private(set) var ids: Set<String> = []

    /// Opens (creating when missing, with its folder) and scans `path`.
    init(path: String, format: InboxFormat, synchronizes: Bool) throws {
        self.path = path
        self.format = format
        self.synchronizes = synchronizes
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw InboxError("cannot create the inbox folder \(folder): \(error.localizedDescription)")
        }
        descriptor = -1
        identity = (0, 0)
        try open()
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// The ids in the file now, including lines other processes appended.
    func currentIDs() throws -> Set<String> {
        try withExclusiveLock { ids }
    }

    /// Appends `line` (without its newline) for `id`, unless a line with `id` is already there.
    /// Returns false when it was already there.
    func append(_ line: [UInt8], id: String) throws -> Bool {
        try append([(line, id)]) == 1
    }

    /// Appends several lines (and one `fsync`), skipping ids already in the file and ids
    /// repeated in `lines`. Returns how many lines were added. Short lines are gathered into one
    /// `write`; a long one (a digest's, of megabytes) is written from where it is, not copied.
    /// When a write fails, the file is cut back to where it was.
    @discardableResult
    func append(_ lines: [(line: [UInt8], id: String)]) throws -> Int {
        try withExclusiveLock {
            let start = size
            var pending: [UInt8] = []
            pending.reserveCapacity(lines.reduce(0) { $0 + ($1.line.count < Self.longLine ? $1.line.count + 1 : 0) } + (format.header?.utf8.count ?? 0) + 1)
            var added: [String] = []
            var seen: Set<String> = []
            do {
                for (line, id) in lines where !ids.contains(id) && seen.insert(id).inserted {
                    if start == 0, added.isEmpty, let header = format.header {
                        pending += Array(header.utf8) + [UInt8(ascii: "\n")]
                    }
                    if line.count < Self.longLine {
                        pending += line
                    } else {
                        try write(pending)
                        pending.removeAll(keepingCapacity: true)
                        try write(line)
                    }
                    pending.append(UInt8(ascii: "\n"))
                    added.append(id)
                }
                guard !added.isEmpty else { return 0 }
                try write(pending)
                if synchronizes, fsync(descriptor) != 0 {
                    throw InboxError("cannot synchronize \(path): \(Self.systemError())")
                }
            } catch {
                _ = ftruncate(descriptor, off_t(start))
                size = start
                throw error
            }
            ids.formUnion(added)
            return added.count
        }
    }

    /// Lines at least this long are written from where they are rather than gathered (256 KB).
    static let longLine = 1 << 18

    // MARK: Opening and scanning

    private func open() throws {
        let opened = Foundation.open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard opened >= 0 else { throw InboxError("cannot open \(path): \(Self.systemError())") }
        if descriptor >= 0 { close(descriptor) }
        descriptor = opened
        ids = []
        size = 0
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw InboxError("cannot read \(path): \(Self.systemError())") }
        identity = (UInt64(status.st_dev), UInt64(status.st_ino))
        _ = try withExclusiveLock { () }
    }

    /// Runs `body` holding the file's lock, after catching up with the file as it is on disk.
    private func withExclusiveLock<Result>(_ body: () throws -> Result) throws -> Result {
        try reopenIfReplaced()
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw InboxError("cannot lock \(path): \(Self.systemError())") }
        }
        defer { flock(descriptor, LOCK_UN) }
        try catchUp()
        return try body()
    }

    /// Reopens the path when the open file was moved away, deleted or replaced.
    private func reopenIfReplaced() throws {
        var status = stat()
        if stat(path, &status) != 0 || UInt64(status.st_dev) != identity.device || UInt64(status.st_ino) != identity.inode {
            try open()
        }
    }

    /// Reads the lines appended since the last look (all of them after opening), and cuts off a
    /// partial last line.
    private func catchUp() throws {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw InboxError("cannot read \(path): \(Self.systemError())") }
        let end = Int64(status.st_size)
        if end < size {
            // Truncated by someone else: read it again from the start.
            ids = []
            size = 0
        }
        guard end > size else { return }
        var offset = size
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while offset < end {
            let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
            if count < 0 {
                if errno == EINTR { continue }
                throw InboxError("cannot read \(path): \(Self.systemError())")
            }
            if count == 0 { break }
            var lineStart = 0
            for index in 0..<count where buffer[index] == UInt8(ascii: "\n") {
                pending.append(contentsOf: buffer[lineStart..<index])
                record(line: pending)
                pending.removeAll(keepingCapacity: true)
                lineStart = index + 1
            }
            pending.append(contentsOf: buffer[lineStart..<count])
            offset += Int64(count)
        }
        let wholeLines = offset - Int64(pending.count)
        if !pending.isEmpty {
            // A crash left half a line: cut it off so the next line starts on its own.
            guard ftruncate(descriptor, off_t(wholeLines)) == 0 else {
                throw InboxError("cannot repair the partial last line of \(path): \(Self.systemError())")
            }
            if synchronizes { fsync(descriptor) }
        }
        size = wholeLines
    }

    /// Adds the id of one line.
    private func record(line: [UInt8]) {
        if let id = format.id(inLine: line) { ids.insert(id) }
    }

    // MARK: Writing

    /// Writes all of `bytes` at the end of the file (looping only if the system writes less), without
    /// `fsync`; when it throws, the caller cuts the file back to its whole lines.
    private func write(_ bytes: [UInt8]) throws {
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                throw InboxError("cannot write to \(path): \(Self.systemError())")
            }
            written += count
        }
        size += Int64(bytes.count)
    }

    private static func systemError() -> String {
        String(cString: strerror(errno))
    }
}

/// Why the inbox could not take a delivery.
struct InboxError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
