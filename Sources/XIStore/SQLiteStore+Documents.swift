import Foundation
import GRDB

/// Insights' documents are kept apart from their rows (migration 12): each changed insight's
/// document is appended to the commit's chunks of documents (`insight_document`, a few kilobytes
/// each), and its row in `insight` — a hundred bytes or so, with the columns it is found by — says
/// in which chunk, where and how long it is.
///
/// A run changes tens of thousands of open insights per commit (a priority, an expiry), spread
/// over every insight opened within the goals' windows. While a row held its document (about 460
/// bytes, seven to a page), each change rewrote a page of its own: at 1M events the insight table
/// was 180,000 of the 320,000 pages a run wrote to the WAL, each copied again by the checkpoints,
/// and a run that skipped those writes took 6.6 s less CPU. Rows of a hundred bytes put about 35
/// to a page, and the documents go where the commit's other appends go, in order.
///
/// A document left behind by a newer one stays in its chunk until every document there has been
/// left behind: then the chunk is deleted (``collectDocuments(_:)``, every
/// ``documentChunksBetweenCollections`` chunks written).
extension SQLiteStore {
    /// The most bytes of documents a chunk holds (a larger document has a chunk of its own): a
    /// chunk and the rest of its row fit in one 4 KB page, so reading one document reads one page.
    static let documentChunkBytes = 3_500

    /// How many chunks are written between collections of the chunks no row refers to.
    static let documentChunksBetweenCollections = 8_192

    /// The expression of a row's document in a query over `insight`, named `document`.
    static let documentColumn = """
        (SELECT substr(data, insight.document_offset + 1, insight.document_length) FROM insight_document
            WHERE insight_document.sequence = insight.document_chunk) AS document
        """

    /// Deletes the chunks of documents no insight row refers to any longer. Reads every row's
    /// chunk (the narrow table) and every chunk's number (through the index, not the chunks).
    static func collectDocuments(_ database: Database) throws {
        var live = Set<Int64>()
        let chunks = try Int64.fetchCursor(database, sql: "SELECT document_chunk FROM insight")
        while let chunk = try chunks.next() { live.insert(chunk) }
        let stored = try Int64.fetchAll(database, sql: "SELECT sequence FROM insight_document INDEXED BY insight_document_sequence")
        var delete = DirectStatement(try database.cachedStatement(sql: "DELETE FROM insight_document WHERE sequence = ?"), in: database)
        for chunk in stored where !live.contains(chunk) {
            delete.bind(chunk)
            _ = try delete.run()
        }
    }
}

/// Appends documents to chunks of ``SQLiteStore/documentChunkBytes`` inside a transaction, and
/// says where each went. A chunk is numbered when it starts, so rows can refer to it before it is
/// written; ``finish()`` closes the last one, and ``write()`` inserts the chunks closed so far.
///
/// A commit writes its chunks last, after its other rows. A commit changes more pages than the
/// writer's cache holds, so SQLite writes the oldest changed pages to the WAL before the commit;
/// when one of them changes again, SQLite rewrites it there and then reads back every frame after
/// it to make their checksums again. Chunks inserted among the rows changed the chunks' index
/// (its root page) early and again later, about 450 times in a 1M run, each time starting such a
/// pass; inserted last, their pages are the newest in the cache and are not written early.
struct DocumentChunkWriter {
    /// The number of the chunk being filled.
    private var sequence: Int64
    private var bytes: [UInt8] = []
    /// Chunks closed and not yet inserted.
    private var closed: [(sequence: Int64, bytes: [UInt8])] = []
    private var insert: DirectStatement
    /// How many chunks were inserted.
    private(set) var written = 0

    init(_ database: Database) throws {
        sequence = (try Int64.fetchOne(database, sql: "SELECT MAX(sequence) FROM insight_document") ?? 0) + 1
        insert = DirectStatement(try database.cachedStatement(sql: "INSERT INTO insight_document (sequence, data) VALUES (?, ?)"), in: database)
        bytes.reserveCapacity(SQLiteStore.documentChunkBytes)
    }

    /// Adds `document`; returns its chunk, offset and length.
    mutating func add(_ document: [UInt8]) -> (chunk: Int64, offset: Int, length: Int) {
        if !bytes.isEmpty, bytes.count + document.count > SQLiteStore.documentChunkBytes { finish() }
        let offset = bytes.count
        bytes.append(contentsOf: document)
        return (sequence, offset, document.count)
    }

    /// Closes the chunk being filled, if it holds anything; the next document starts another.
    mutating func finish() {
        guard !bytes.isEmpty else { return }
        closed.append((sequence, bytes))
        sequence += 1
        bytes = []
        bytes.reserveCapacity(SQLiteStore.documentChunkBytes)
    }

    /// Inserts the chunks closed so far, each freed once written.
    mutating func write() throws {
        for index in closed.indices {
            insert.bind(closed[index].sequence)
            let chunk = closed[index].bytes
            closed[index].bytes = []
            try insert.run(lastBlob: chunk)
            written += 1
        }
        closed.removeAll()
    }
}

/// How many chunks of documents the store's writer wrote since it last collected those no row
/// refers to (see ``SQLiteStore/collectDocuments(_:)``).
final class DocumentChunkCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    /// Adds `chunks`; true (and starts again from zero) when a collection is due.
    func add(_ chunks: Int) -> Bool {
        lock.withLock {
            count += chunks
            guard count >= SQLiteStore.documentChunksBetweenCollections else { return false }
            count = 0
            return true
        }
    }
}
