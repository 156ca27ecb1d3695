import Foundation
import Testing

/// `xi ack` and `xi resolve`: the lifecycle people drive, end to end on the example.
@Suite("xi ack and xi resolve")
struct LifecycleCommandTests {
    @Test("acknowledged then resolved; a resolved insight's evidence is settled, so new evidence alone must reach the threshold")
    func lifecycle() throws {
        let workspace = try ExampleWorkspace()
        #expect(try workspace.run().status == 0)
        let first = try #require(try workspace.lines("inbox/retention-team.jsonl").first)
        let id = try #require((first["insights"] as? [String])?.first)
        let path = workspace.folder.path

        let ack = try CommandRunner.run(["ack", id, "--path", path, "--by", "Ana", "--note", "calling today"])
        #expect(ack.status == 0, "\(ack.standardError)")
        #expect(ack.standardOutput.contains("\(id): open → acknowledged"))
        let again = try CommandRunner.run(["ack", id, "--path", path])
        #expect(again.status == 1)
        #expect(again.standardError.contains("it is acknowledged already"))
        let unknown = try CommandRunner.run(["ack", "ins_nope", "--path", path])
        #expect(unknown.status == 1)
        #expect(unknown.standardError.contains("ins_nope: no insight has this id"))

        let resolve = try CommandRunner.run(["resolve", id, "--path", path, "--note", "fee refunded"])
        #expect(resolve.status == 0, "\(resolve.standardError)")
        #expect(resolve.standardOutput.contains("\(id): acknowledged → resolved"))
        let explained = try CommandRunner.run(["explain", id, "--path", path])
        #expect(explained.standardOutput.contains("insight \(id): resolved"))
        #expect(explained.standardOutput.contains("  - acknowledged by Ana: calling today"))
        #expect(explained.standardOutput.contains("  - resolved: fee refunded"))

        // The time to acknowledge is measured.
        let kpis = try CommandRunner.run(["kpis", path])
        let row = try #require(kpis.standardOutput.split(separator: "\n").first { $0.hasPrefix("retention ") && $0.contains("time_to_acknowledge") })
        #expect(row.hasSuffix(" 1"), "\(row)")

        // A switch request an hour after the insight's last evidence (weight 5, below the threshold 6):
        // with the old evidence settled it raises nothing; counted with it, it would reopen the goal.
        let subject = try #require(explained.standardOutput.split(separator: "\n").first { $0.hasPrefix("subject") }?.split(separator: ":").last)
        let lastEvidence = try #require(explained.standardOutput.split(separator: "\n").first { $0.hasPrefix("opened") }?.components(separatedBy: "last evidence ").last)
        let formatter = ISO8601DateFormatter()
        let later = formatter.string(from: try #require(formatter.date(from: String(lastEvidence))).addingTimeInterval(3_600))
        let contact = #"{"contact_id":"K-LATER","customer_id":"\#(subject)","started_at":"\#(later)","channel":"phone","reason":"close_account","duration_seconds":60,"hold_seconds":0,"transfers":0,"resolved":true,"product":"savings","transcript":""}"#
        let contacts = workspace.folder.appendingPathComponent("Examples/data/contacts.jsonl")
        let handle = try FileHandle(forWritingTo: contacts)
        handle.seekToEndOfFile()
        handle.write(Data((contact + "\n").utf8))
        try handle.close()
        let rerun = try workspace.run()
        #expect(rerun.status == 0, "\(rerun.standardError)")
        #expect(rerun.standardOutput.contains("events read       1 "), "\(rerun.standardOutput)")
        #expect(ExampleWorkspace.count("insights opened", in: rerun.standardOutput) == 0, "\(rerun.standardOutput)")
    }
}
