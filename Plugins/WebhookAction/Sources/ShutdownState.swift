import Foundation

/// Whether the action was shut down, behind a lock.
final class ShutdownState: @unchecked Sendable {
    private let lock = NSLock()
    private var shutDown = false

    /// Whether it was shut down.
    var isShutDown: Bool { lock.withLock { shutDown } }

    /// Marks it shut down; true when it was not before.
    func markShutDown() -> Bool {
        lock.withLock {
            defer { shutDown = true }
            return !shutDown
        }
    }
}
