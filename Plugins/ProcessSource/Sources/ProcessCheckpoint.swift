import Foundation
import XIPluginAPI

/// Where a process source resumes: the last `STATE` value the program wrote (JSON text), and how
/// many records it wrote after it that were already read.
///
/// The program is restarted from `state`; it then writes those `after` records again (a plugin
/// replays from its state in the same order), and they are skipped. So a record is read once even
/// when the program stops between two states.
public struct ProcessCheckpoint: Sendable, Equatable, Codable {
    /// The program's last state, as JSON text; nil before its first.
    public var state: String?
    /// Records written after that state and already read.
    public var after: Int

    /// A checkpoint from the beginning.
    public init(state: String? = nil, after: Int = 0) {
        self.state = state
        self.after = after
    }

    /// Decodes a stored checkpoint (nil: from the beginning).
    public init(_ checkpoint: SourceCheckpoint?) throws(PluginError) {
        guard let checkpoint else {
            self.init()
            return
        }
        guard let decoded = try? JSONDecoder().decode(ProcessCheckpoint.self, from: Data(checkpoint.value.utf8)) else {
            throw PluginError("the stored checkpoint is not a process source's (\(checkpoint.value.prefix(60))); was the source's kind changed? Remove its checkpoint to read from the start")
        }
        self = decoded
    }

    /// The checkpoint to store.
    public var encoded: SourceCheckpoint {
        var text = "{\"after\":\(after)"
        if let state { text += ",\"state\":" + JSONText.quoted(state) }
        return SourceCheckpoint(text + "}")
    }
}
