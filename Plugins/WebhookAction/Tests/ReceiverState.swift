import Foundation

/// The receiver's mode and the requests it recorded, behind a lock.
final class ReceiverState: @unchecked Sendable {
    private let lock = NSLock()
    private var mode: TestReceiver.Mode
    private var recorded: [TestReceiver.Request] = []

    init(mode: TestReceiver.Mode) { self.mode = mode }

    var requests: [TestReceiver.Request] { lock.withLock { recorded } }

    func set(_ mode: TestReceiver.Mode) { lock.withLock { self.mode = mode } }

    /// Records a request; returns the answer: status, headers, body, delay in seconds.
    func record(_ request: TestReceiver.Request) -> (status: Int, headers: [String: String], body: String, delay: Double) {
        lock.withLock {
            recorded.append(request)
            switch mode {
            case .accept:
                return (200, ["X-Request-Id": "receiver-\(recorded.count)"], #"{"ok":true}"#, 0)
            case .fail(let times, let status, let headers):
                if times > 0 {
                    mode = .fail(times: times - 1, status: status, headers: headers)
                    return (status, headers, #"{"error":"try again"}"#, 0)
                }
                return (200, ["X-Request-Id": "receiver-\(recorded.count)"], #"{"ok":true}"#, 0)
            case .answer(let status, let body, let headers):
                return (status, headers, body, 0)
            case .slow(let seconds):
                return (200, [:], #"{"ok":true}"#, seconds)
            }
        }
    }
}
