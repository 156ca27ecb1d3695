import XIPluginAPI

/// One call that checks an ``Action`` against the contract of the plugin API, returning what is
/// wrong as a list of failures (empty when it conforms), so it works with any test framework:
///
/// ```swift
/// @Test func conforms() async {
///     let folder = try makeTemporaryFolder()
///     let failures = await ActionConformance.check(
///         makeAction: { FileInboxAction(folder: folder) },
///         effects: { delivery in try countLines(in: folder, id: delivery.id) })
///     #expect(failures.isEmpty, "\(failures)")
/// }
/// ```
///
/// What it checks:
/// - every receipt is well formed: a reason that says something, a `retry` delay that is a
///   finite number of seconds, zero or more;
/// - idempotency: delivering the same delivery twice answers `.delivered` both times (never
///   `.rejected` after `.delivered`) and, when `effects` can observe them, takes effect once;
/// - a restart: an action made again by `makeAction` still knows what was delivered;
/// - 100 concurrent deliveries (50 ids, each twice at once) all answer, each id taking effect once;
/// - a batch (``Action/deliver(batch:)``) of 30 deliveries — new ids, one id twice, and ids
///   delivered before — answers one receipt per delivery, each id taking effect once;
/// - an empty body, a body that is not JSON and an 8 MB body each get a receipt.
///
/// An action never throws by its signature; a crash ends the test process, which is a failure too.
public enum ActionConformance {
    /// Checks the action that `makeAction` makes.
    ///
    /// - Parameters:
    ///   - makeAction: Makes the action; called twice, the second time to check a restart. The
    ///     two actions must share their storage (the same folder, the same receiver).
    ///   - deliveries: The deliveries to try; ``sampleDeliveries`` by default. More are derived
    ///     from them (new ids) for the concurrency and body checks.
    ///   - effects: How many times a delivery took effect (lines in a file, requests a receiver
    ///     kept), when the test can observe it; nil skips the effect counts.
    ///   - release: Called with each action when the check is done with it (to shut it down).
    /// - Returns: The failures, each a sentence; empty when the action conforms.
    public static func check(
        makeAction: () async throws -> any Action,
        deliveries: [Delivery] = sampleDeliveries,
        effects: ((Delivery) async throws -> Int)? = nil,
        release: (any Action) async -> Void = { _ in }
    ) async -> [String] {
        var failures: [String] = []
        let action: any Action
        do {
            action = try await makeAction()
        } catch {
            return ["makeAction threw: \(error)"]
        }

        // Each delivery twice: the second is a retry of the first.
        var firstDelivered: Delivery?
        for delivery in deliveries {
            let first = await action.deliver(delivery)
            failures += problems(with: first, for: delivery, when: "first delivery")
            var again = delivery
            again.attempt += 1
            let second = await action.deliver(again)
            failures += problems(with: second, for: delivery, when: "repeated delivery")
            if case .delivered = first {
                firstDelivered = firstDelivered ?? delivery
                if case .delivered = second {} else {
                    failures.append("delivery '\(delivery.id)': delivered, then answered \(second) for the same id; a repeat must answer .delivered again")
                }
            }
            if first.isDelivered || second.isDelivered {
                failures += await effectProblems(of: delivery, effects: effects, when: "after delivering it twice")
            }
        }
        if firstDelivered == nil, !deliveries.isEmpty {
            failures.append("no delivery was delivered: every first attempt answered retry or rejected")
        }

        // A restart: a new action over the same storage.
        await release(action)
        let restarted: any Action
        do {
            restarted = try await makeAction()
        } catch {
            return failures + ["makeAction threw when called again (restart): \(error)"]
        }
        if let delivery = firstDelivered {
            var again = delivery
            again.attempt += 2
            let receipt = await restarted.deliver(again)
            failures += problems(with: receipt, for: delivery, when: "delivery after a restart")
            if case .rejected = receipt {
                failures.append("delivery '\(delivery.id)': delivered before a restart, rejected after it")
            }
            failures += await effectProblems(of: delivery, effects: effects, when: "after a restart")
        }

        failures += await concurrencyProblems(restarted, deliveries: deliveries, effects: effects)
        failures += await batchProblems(restarted, deliveries: deliveries, effects: effects)
        failures += await bodyProblems(restarted, deliveries: deliveries, effects: effects)
        await release(restarted)
        return failures
    }

    /// 100 concurrent calls: 50 new ids, each delivered twice at once.
    static func concurrencyProblems(_ action: any Action, deliveries: [Delivery], effects: ((Delivery) async throws -> Int)?) async -> [String] {
        guard !deliveries.isEmpty else { return [] }
        let distinct = (0..<50).map { index -> Delivery in
            var delivery = deliveries[index % deliveries.count]
            delivery.id = "\(delivery.id)-concurrent-\(index)"
            return delivery
        }
        let receipts = await withTaskGroup(of: (Int, Receipt).self) { group in
            for copy in 0..<2 {
                for (index, delivery) in distinct.enumerated() {
                    group.addTask {
                        var attempt = delivery
                        attempt.attempt = copy
                        return (index, await action.deliver(attempt))
                    }
                }
            }
            var receipts: [(Int, Receipt)] = []
            for await receipt in group { receipts.append(receipt) }
            return receipts
        }
        var failures: [String] = []
        if receipts.count != 100 {
            failures.append("100 concurrent deliveries gave \(receipts.count) receipts")
        }
        for (index, receipt) in receipts {
            failures += problems(with: receipt, for: distinct[index], when: "concurrent delivery")
        }
        let deliveredIndexes = Set(receipts.filter { $0.1.isDelivered }.map(\.0))
        for index in deliveredIndexes.sorted() {
            failures += await effectProblems(of: distinct[index], effects: effects, when: "after two concurrent deliveries")
        }
        return failures
    }

    /// One batch: 25 new ids, the first of them again at the end, and up to 4 ids delivered before.
    static func batchProblems(_ action: any Action, deliveries: [Delivery], effects: ((Delivery) async throws -> Int)?) async -> [String] {
        guard !deliveries.isEmpty else { return [] }
        var batch = (0..<25).map { index -> Delivery in
            var delivery = deliveries[index % deliveries.count]
            delivery.id = "\(delivery.id)-batch-\(index)"
            delivery.attempt = 0
            return delivery
        }
        batch.append(batch[0])
        batch += deliveries.prefix(4)
        let receipts = await action.deliver(batch: batch)
        guard receipts.count == batch.count else {
            return ["a batch of \(batch.count) deliveries gave \(receipts.count) receipts; expected one per delivery"]
        }
        var failures: [String] = []
        var checked: Set<String> = []
        for (delivery, receipt) in zip(batch, receipts) {
            failures += problems(with: receipt, for: delivery, when: "batch delivery")
            if receipt.isDelivered, checked.insert(delivery.id).inserted {
                failures += await effectProblems(of: delivery, effects: effects, when: "after a batch")
            }
        }
        return failures
    }

    /// An empty body, a body that is not JSON, an 8 MB body.
    static func bodyProblems(_ action: any Action, deliveries: [Delivery], effects: ((Delivery) async throws -> Int)?) async -> [String] {
        guard var template = deliveries.first else { return [] }
        template.attempt = 0
        let large = "{\"text\":\"" + String(repeating: "x", count: 8 << 20) + "\"}"
        let cases: [(String, String)] = [("empty", ""), ("not-json", "not json {"), ("large", large)]
        var failures: [String] = []
        for (name, body) in cases {
            var delivery = template
            delivery.id = "\(template.id)-body-\(name)"
            delivery.body = body
            let receipt = await action.deliver(delivery)
            failures += problems(with: receipt, for: delivery, when: "\(name) body")
            if receipt.isDelivered {
                failures += await effectProblems(of: delivery, effects: effects, when: "with the \(name) body")
            }
        }
        return failures
    }

    /// What is wrong with one receipt.
    static func problems(with receipt: Receipt, for delivery: Delivery, when: String) -> [String] {
        switch receipt {
        case .delivered:
            return []
        case .retry(let reason, let after):
            var failures: [String] = []
            if reason.trimmingSpaces().isEmpty {
                failures.append("delivery '\(delivery.id)' (\(when)): .retry without a reason")
            }
            if let after, !(after.isFinite && after >= 0) {
                failures.append("delivery '\(delivery.id)' (\(when)): .retry after \(after) seconds; expected nil or a finite number, zero or more")
            }
            return failures
        case .rejected(let reason):
            return reason.trimmingSpaces().isEmpty ? ["delivery '\(delivery.id)' (\(when)): .rejected without a reason"] : []
        }
    }

    /// Whether `delivery` took effect exactly once.
    static func effectProblems(of delivery: Delivery, effects: ((Delivery) async throws -> Int)?, when: String) async -> [String] {
        guard let effects else { return [] }
        do {
            let count = try await effects(delivery)
            return count == 1 ? [] : ["delivery '\(delivery.id)' took effect \(count) times \(when); expected once"]
        } catch {
            return ["counting the effects of delivery '\(delivery.id)' threw: \(error)"]
        }
    }
}
