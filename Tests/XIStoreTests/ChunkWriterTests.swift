import Testing
import XIPluginAPI
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

    @Test("a writer emptied and used again writes what a new one writes, names and long headers too")
    func reused() throws {
        var reused = ChunkWriter(capacity: 16, headerRoom: 64)
        // Names of 130 bytes: their lengths take two bytes each, and so does a count of 200 names.
        let long = String(repeating: "n", count: 130)
        for names in [500, 1, 200, 8] {
            reused.removeAll()
            var fresh = ChunkWriter()
            for writer in [0, 1] {
                for row in 0..<names {
                    if writer == 0 { fresh.beginRow(); fresh.write(name: "\(long)-\(row)") } else { reused.beginRow(); reused.write(name: "\(long)-\(row)") }
                }
            }
            #expect(reused.encoded() == fresh.encoded())
            var reader = try ChunkReader(reused.encoded())
            #expect(reader.count == names)
            #expect(try reader.readName() == "\(long)-0")
        }
    }

    @Test("one insight document encoder, used again and again, writes what a new one writes")
    func documentEncoderReused() throws {
        var encoder = InsightDocumentEncoder()
        for index in 0..<30 {
            var insight = StoreDocumentTests.insight(index, explanation: String(repeating: "x", count: index * 40))
            // More signals than the writer looks through without its table, every third insight.
            if index % 3 == 0 {
                insight.evidence = (0..<12).map { Evidence(signal: "signal-\($0)", event: "E-\($0)", time: insight.openedAt, weight: Double($0)) }
            }
            insight.profile = index % 2 == 0 ? ["tenure": "\(index)", "plan": "gold"] : [:]
            let document = encoder.encode(insight)
            #expect(document == InsightDocument.encode(insight))
            let decoded = try InsightDocument.decode(document)
            #expect(decoded.explanation == insight.explanation && decoded.evidence.map(\.signal) == insight.evidence.map(\.signal) && decoded.profile == insight.profile)
            #expect(InsightDocument.encode(decoded) == document)
        }
    }

    @Test("an empty writer with room encodes as an empty chunk")
    func empty() {
        var roomy = ChunkWriter(capacity: 0, headerRoom: 32)
        #expect(roomy.rowBytes == 0)
        #expect(roomy.withEncoded { Array($0) } == ChunkWriter().encoded())
    }
}
