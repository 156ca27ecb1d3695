import XIPluginAPI

/// An in-memory action that records what it is given: for testing what calls an action (a
/// runtime, an outbox), and as the reference an action author compares against.
///
/// It is idempotent like a real action must be: a delivery whose id it has already delivered is
/// answered `.delivered` again without a second effect. It can be told to fail its first N calls
/// (with `.retry`, or any receipt), to exercise retries.
///
/// ```swift
/// let action = RecordingAction(failures: 2)
/// #expect(await action.deliver(delivery) == .retry(reason: "simulated failure 1 of 2", after: nil))
/// ```
public actor RecordingAction: Action {
    /// Every call, in order, including failed ones and duplicates.
    public private(set) var attempts: [Delivery] = []
    /// The deliveries delivered, once per id, in the order they were first delivered: the effects.
    public private(set) var delivered: [Delivery] = []
    private var deliveredIDs: Set<String> = []
    private var remainingFailures: Int
    private let totalFailures: Int
    private let failure: @Sendable (Int) -> Receipt

    /// Creates the action.
    ///
    /// - Parameters:
    ///   - failures: How many calls fail before it starts delivering.
    ///   - failure: The receipt of failed call number `n` (1-based); `.retry` by default.
    public init(failures: Int = 0, failure: (@Sendable (Int) -> Receipt)? = nil) {
        self.remainingFailures = max(0, failures)
        self.totalFailures = max(0, failures)
        self.failure = failure ?? { number in .retry(reason: "simulated failure \(number) of \(max(0, failures))", after: nil) }
    }

    /// Records the call; fails while failures remain; otherwise delivers once per id.
    public func deliver(_ delivery: Delivery) async -> Receipt {
        attempts.append(delivery)
        if remainingFailures > 0 {
            remainingFailures -= 1
            return failure(totalFailures - remainingFailures)
        }
        if deliveredIDs.insert(delivery.id).inserted {
            delivered.append(delivery)
        }
        return .delivered(reference: delivery.id)
    }

    /// How many times `id` took effect: 0 or 1.
    public func effects(of id: String) -> Int {
        deliveredIDs.contains(id) ? 1 : 0
    }

    /// Forgets everything and sets the failures to come.
    public func reset(failures: Int = 0) {
        attempts = []
        delivered = []
        deliveredIDs = []
        remainingFailures = max(0, failures)
    }
}
