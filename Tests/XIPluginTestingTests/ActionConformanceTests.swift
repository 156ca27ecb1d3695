import Testing
import XIPluginAPI
import XIPluginTesting

@Suite struct ActionConformanceTests {
    @Test func recordingActionConforms() async {
        let action = RecordingAction()
        let failures = await ActionConformance.check(
            makeAction: { action },
            effects: { await action.effects(of: $0.id) })
        #expect(failures.isEmpty, "\(failures)")
        // 3 samples, 50 concurrent ids, 3 bodies; each once.
        #expect(await action.delivered.count == 3 + 50 + 25 + 3)
        #expect(await action.attempts.count == 3 * 2 + 1 + 100 + 29 + 3)
    }

    @Test func findsAnActionThatIsNotIdempotent() async {
        let action = DuplicatingAction()
        let failures = await ActionConformance.check(makeAction: { action }, effects: { await action.count($0.id) })
        #expect(failures.contains { $0.contains("took effect 2 times after delivering it twice") })
        #expect(failures.contains { $0.contains("after two concurrent deliveries") })
    }

    @Test func findsMalformedReceipts() async {
        let action = RecordingAction(failures: 1_000) { _ in .retry(reason: " ", after: -1) }
        let failures = await ActionConformance.check(makeAction: { action })
        #expect(failures.contains { $0.contains(".retry without a reason") })
        #expect(failures.contains { $0.contains("expected nil or a finite number") })
        #expect(failures.contains { $0.contains("no delivery was delivered") })
    }

    @Test func reportsAnActionThatCannotBeMade() async {
        struct Broken: Error {}
        let failures = await ActionConformance.check(makeAction: { throw Broken() })
        #expect(failures.count == 1)
        #expect(failures.first?.hasPrefix("makeAction threw") == true)
    }

    @Test func recordingActionFailsThenSucceeds() async {
        let action = RecordingAction(failures: 2)
        let delivery = ActionConformance.sampleDeliveries[0]
        #expect(await action.deliver(delivery) == .retry(reason: "simulated failure 1 of 2", after: nil))
        #expect(await action.deliver(delivery) == .retry(reason: "simulated failure 2 of 2", after: nil))
        #expect(await action.deliver(delivery) == .delivered(reference: delivery.id))
        #expect(await action.deliver(delivery) == .delivered(reference: delivery.id))
        #expect(await action.attempts.count == 4)
        #expect(await action.delivered.map(\.id) == [delivery.id])
        await action.reset(failures: 1)
        #expect(await action.deliver(delivery) != .delivered(reference: delivery.id))
        #expect(await action.delivered.isEmpty)
    }
}
