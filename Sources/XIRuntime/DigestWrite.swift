import Dispatch
import XIPluginAPI

/// A digest being written to the outbox on a thread of its own, while the runtime makes the next
/// one (``Runtime/flushDigests(engine:created:)``).
final class DigestWrite: @unchecked Sendable {
    /// The digest's delivery.
    let delivery: Delivery
    private let done = DispatchSemaphore(value: 0)
    // Written once on the queue before `done` is signalled, read only after waiting for it.
    private var result: Result<Bool, any Error> = .success(false)

    /// Where digests are written, one at a time.
    private static let queue = DispatchQueue(label: "xi.digest.writer")

    /// Starts `write`, which answers whether the delivery was new to the outbox.
    init(delivery: Delivery, write: @escaping @Sendable () throws -> Bool) {
        self.delivery = delivery
        Self.queue.async {
            self.result = Result { try write() }
            self.done.signal()
        }
    }

    /// Waits for the write; whether the delivery was new to the outbox. Rethrows its error.
    func wait() throws -> Bool {
        done.wait()
        done.signal()  // a second wait returns at once
        return try result.get()
    }
}
