import Foundation
import XIPluginAPI

/// `.xi/dead-letter/<source>.jsonl`: one line per rejected record with its position, reason and
/// an excerpt. A record already there (same file and offset) is not written twice, so rereading
/// a batch after a crash adds nothing.
final class DeadLetterFile {
    let path: String
    private var known: Set<String>?

    init(path: String) {
        self.path = path
    }

    /// Appends the records not yet in the file; returns how many were new.
    func append(_ records: [RejectedRecord]) throws -> Int {
        if known == nil { known = loadKnown() }
        var text = ""
        var written = 0
        for record in records {
            let key = "\(record.position.file)#\(record.position.offset)"
            guard known!.insert(key).inserted else { continue }
            let line = JSONDocument.object([
                "source": .string(record.source), "file": .string(record.position.file), "line": .integer(Int64(record.position.line)),
                "offset": .integer(record.position.offset), "reason": .string(record.reason), "excerpt": .string(record.excerpt),
            ])
            text += line.text + "\n"
            written += 1
        }
        guard !text.isEmpty else { return 0 }
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw RuntimeError("cannot write the dead-letter file \(path)") }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        return written
    }

    private func loadKnown() -> Set<String> {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        var keys = Set<String>()
        for line in data.split(separator: 0x0A) {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                  let file = object["file"] as? String, let offset = object["offset"] as? NSNumber else { continue }
            keys.insert("\(file)#\(offset.int64Value)")
        }
        return keys
    }
}
