import Dispatch
import Foundation

/// Copies the store's WAL into its database again and again, on a connection and a thread of
/// their own (``SQLiteStore/checkpointOnOwnConnection()``), while the store goes on writing:
/// `xi run` starts them after its last commit, while its digests are made, written and
/// delivered, and finishes them before the store closes.
///
/// Without them, the checkpoint SQLite makes when the store closes copied and synced what the
/// last commit and the digests wrote, about 170 MB at 1M events (when each digest's body was
/// written with its outbox row and again with its receipt), and the run waited half a second
/// for it after its last digest. Each checkpoint here copies what came since the one before; the last
/// (``finish()``) what came after the last receipt, so the close has little left to do. A
/// checkpoint that fails, or finds another under way, leaves its frames to the next one, or to
/// the close.
public final class TrailingCheckpoints: @unchecked Sendable {
    /// How long to wait between two checkpoints, after the first has finished.
    public static let interval = DispatchTimeInterval.milliseconds(100)

    private let store: SQLiteStore
    private let lock = NSLock()
    private var finishing = false
    /// Signalled to cut a wait between checkpoints short.
    private let wake = DispatchSemaphore(value: 0)
    /// Signalled once the last checkpoint is done.
    private let finished = DispatchSemaphore(value: 0)

    /// Starts the checkpoints.
    public init(store: SQLiteStore) {
        self.store = store
        let thread = Thread { [self] in run() }
        thread.name = "xi.store.checkpoints"
        thread.start()
    }

    private func run() {
        while true {
            // Read before the checkpoint starts: one asked to finish during it copies everything
            // written before that, so one more follows.
            let last = lock.withLock { finishing }
            try? store.checkpointOnOwnConnection()
            if last { break }
            _ = wake.wait(timeout: .now() + Self.interval)
        }
        finished.signal()
    }

    /// Has one more checkpoint copy what was written until now, and waits for it. Call it
    /// once, before the store closes.
    public func finish() async {
        stop()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                self.finished.wait()
                continuation.resume()
            }
        }
    }

    /// Has one more checkpoint run, and no more after it, without waiting for it (a run that
    /// stops on an error). Calling it again, or after ``finish()``, does nothing more.
    public func stop() {
        let first = lock.withLock {
            defer { finishing = true }
            return !finishing
        }
        if first { wake.signal() }
    }
}
