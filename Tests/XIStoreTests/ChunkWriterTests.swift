import Testing
@testable import XIStore

/// A chunk written with room for its header is lent where it lies; the bytes must be exactly those
/// of a chunk written without (the oracle, ``ChunkWriter/encoded()``), whether the header fits in
/// the room or not, and must read back.
@Suite("chunk writer")
struct ChunkWriterTests {
    /// Writes the same rows into `writer`: `names` distinct names, then numbers, texts and times.
    static func fill(_ writer: inout ChunkWriter, names: Int) {
        for row in 0..<50 {
            writer.beginRow()
            writer.write(name: "name-\(row % max(names, 1))")
            writer.write(signed: Int64(row) * -7)
            writer.write("text \(row) with some words")
            writer.write(Double(row) / 3)
        }
    }

    @Test("with room or without, large header or small: the same blob, and it reads back", arguments: [1, 8, 40, 500])
    func sameBlob(names: Int) throws {
        var plain = ChunkWriter()
        Self.fill(&plain, names: names)
        // 64 bytes of room: a header of one or eight names fits, one of 500 names does not.
        var roomy = ChunkWriter(capacity: 16, headerRoom: 64)
        Self.fill(&roomy, names: names)
        #expect(roomy.rowBytes == plain.rowBytes)
        let expected = plain.encoded()
        #expect(roomy.encoded() == expected)
        let lent = roomy.withEncoded { Array($0) }
        #expect(lent == expected)
        var reader = try ChunkReader(lent)
        #expect(reader.count == 50)
        for row in 0..<50 {
            #expect(try reader.readName() == "name-\(row % max(names, 1))")
            #expect(try reader.readSigned() == Int64(row) * -7)
            #expect(try reader.readString() == "text \(row) with some words")
            #expect(try reader.readDouble() == Double(row) / 3)
        }
    }

    @Test("an empty writer with room encodes as an empty chunk")
    func empty() {
        var roomy = ChunkWriter(capacity: 0, headerRoom: 32)
        #expect(roomy.rowBytes == 0)
        #expect(roomy.withEncoded { Array($0) } == ChunkWriter().encoded())
    }
}
