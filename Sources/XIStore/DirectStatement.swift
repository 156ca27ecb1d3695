import Foundation
import GRDB
import GRDBSQLite
import XIPluginAPI

/// A prepared statement run row after row through SQLite's C API: the hot writes of a commit
/// (hundreds of thousands of insight, history and outbox rows) bind their values directly, where
/// GRDB's `StatementArguments` box every value in an existential and convert it again, and the
/// hot reads of digests (tens of thousands of rows) take their columns without a `Row` each.
/// Used only inside a transaction or read GRDB opened, on statements GRDB prepared.
struct DirectStatement {
    /// GRDB's statement, held so its SQLite statement lives as long as this.
    private let owner: Statement
    private let statement: OpaquePointer
    private let connection: OpaquePointer
    private var parameter: Int32 = 0

    /// Text and blobs bound since the statement last ran, one after another: bound when it runs,
    /// so SQLite reads them where they are (``run()``) rather than copying each into a block of
    /// its own — a commit binds a few hundred thousand texts.
    private var arena: [UInt8] = []
    /// The parameters bound to `arena`: their number, bytes and whether they are text.
    private var arenaParameters: [(parameter: Int32, start: Int, count: Int, isText: Bool)] = []

    /// SQLite copies bound text and blobs before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ statement: Statement, in database: Database) {
        owner = statement
        self.statement = statement.sqliteStatement
        connection = database.sqliteConnection!
    }

    /// Binds the next parameter to a text.
    mutating func bind(_ text: String) {
        parameter += 1
        let start = arena.count
        var text = text
        text.withUTF8 { arena.append(contentsOf: $0) }
        arenaParameters.append((parameter, start, arena.count - start, true))
    }

    /// Binds the next parameter to a subject's text, `kind:id`, written where it is bound.
    mutating func bind(_ subject: Subject) {
        parameter += 1
        let start = arena.count
        var kind = subject.kind, id = subject.id
        kind.withUTF8 { arena.append(contentsOf: $0) }
        arena.append(UInt8(ascii: ":"))
        id.withUTF8 { arena.append(contentsOf: $0) }
        arenaParameters.append((parameter, start, arena.count - start, true))
    }

    /// Binds the next parameter to a blob of bytes.
    mutating func bind(_ bytes: [UInt8]) {
        parameter += 1
        let start = arena.count
        arena.append(contentsOf: bytes)
        arenaParameters.append((parameter, start, bytes.count, false))
    }

    /// Binds the next parameter to a blob.
    mutating func bind(_ data: Data) {
        parameter += 1
        let start = arena.count
        arena.append(contentsOf: data)
        arenaParameters.append((parameter, start, data.count, false))
    }

    /// Binds the parameters kept in `arena`, then calls `body` while they are bound. `copied`:
    /// SQLite copies them (the statement may go on reading them after `body`, as a query does);
    /// otherwise they are unbound before this returns.
    private mutating func withArenaBound<Result>(copied: Bool, _ body: () throws -> Result) rethrows -> Result {
        guard !arenaParameters.isEmpty else { return try body() }
        defer {
            if !copied { for entry in arenaParameters { sqlite3_bind_null(statement, entry.parameter) } }
            arena.removeAll(keepingCapacity: true)
            arenaParameters.removeAll(keepingCapacity: true)
        }
        let statement = self.statement
        let parameters = arenaParameters
        return try arena.withUnsafeBytes { bytes in
            // An empty text or blob needs an address all the same: SQLite takes none for NULL.
            let base = bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
            for entry in parameters {
                let address = base + entry.start
                let destructor = copied ? Self.transient : nil
                if entry.isText {
                    _ = address.withMemoryRebound(to: CChar.self, capacity: entry.count) {
                        sqlite3_bind_text(statement, entry.parameter, $0, Int32(entry.count), destructor)
                    }
                } else {
                    _ = sqlite3_bind_blob(statement, entry.parameter, address, Int32(entry.count), destructor)
                }
            }
            return try body()
        }
    }

    /// Binds the next parameter to an integer.
    mutating func bind(_ number: Int64) {
        parameter += 1
        _ = sqlite3_bind_int64(statement, parameter, number)
    }

    /// Binds the next parameter to an integer.
    mutating func bind(_ number: Int) { bind(Int64(number)) }

    /// Binds the next parameter to a number.
    mutating func bind(_ number: Double) {
        parameter += 1
        _ = sqlite3_bind_double(statement, parameter, number)
    }

    /// Steps a query with the values bound since it was last reset: true when it produced a row
    /// (read with ``text(_:)``, ``bytes(_:)``, ``integer(_:)``), false when it has no more — the
    /// statement is then reset, ready for new values.
    mutating func step() throws -> Bool {
        parameter = 0
        let statement = self.statement
        let code = withArenaBound(copied: true) { sqlite3_step(statement) }
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE {
            sqlite3_reset(statement)
            return false
        }
        sqlite3_reset(statement)
        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)))
    }

    /// Makes a query ready to run again, with new values bound.
    mutating func reset() {
        parameter = 0
        arena.removeAll(keepingCapacity: true)
        arenaParameters.removeAll(keepingCapacity: true)
        sqlite3_reset(statement)
    }

    /// A text column of the current row ("" for NULL).
    func text(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(statement, column) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(statement, column))), as: UTF8.self)
    }

    /// A blob column of the current row, as bytes (empty for NULL).
    func bytes(_ column: Int32) -> [UInt8] {
        guard let pointer = sqlite3_column_blob(statement, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(statement, column))))
    }

    /// An integer column of the current row (0 for NULL).
    func integer(_ column: Int32) -> Int64 {
        sqlite3_column_int64(statement, column)
    }

    /// Whether a column of the current row holds text (rather than a blob, a number or NULL).
    func isText(_ column: Int32) -> Bool {
        sqlite3_column_type(statement, column) == SQLITE_TEXT
    }

    /// Binds the next (last) parameter to `blob` where it is, runs the statement like ``run()``,
    /// and unbinds it: a chunk of several megabytes is neither copied for SQLite nor kept.
    @discardableResult
    mutating func run(lastBlob blob: [UInt8]) throws -> Int {
        try blob.withUnsafeBytes { try run(lastBlob: $0) }
    }

    /// ``run(lastBlob:)`` for bytes lent by their owner for the call.
    @discardableResult
    mutating func run(lastBlob bytes: UnsafeRawBufferPointer) throws -> Int {
        let position = parameter + 1
        _ = sqlite3_bind_blob(statement, position, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(bytes.count), nil)
        defer { sqlite3_bind_null(statement, position) }
        return try run()
    }

    /// Runs the statement with the values bound since the last run; returns how many rows it changed.
    @discardableResult
    mutating func run() throws -> Int {
        parameter = 0
        let (statement, connection) = (self.statement, self.connection)
        // The message is taken before the values are unbound: binding clears the connection's error.
        let (code, message) = withArenaBound(copied: false) { () -> (Int32, String?) in
            let code = sqlite3_step(statement)
            sqlite3_reset(statement)
            return (code, code == SQLITE_DONE || code == SQLITE_ROW ? nil : String(cString: sqlite3_errmsg(connection)))
        }
        if let message { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message) }
        return Int(sqlite3_changes(connection))
    }
}
