import Testing
import XIPluginAPI

/// Detector memory as documents and as values: what the runtime stores is the same either way.
@Suite struct DetectorStateTests {
    /// A count, stored as its decimal text.
    struct Counter: DetectorMemory {
        var count: Int
        init(document: String?) { count = document.flatMap { Int($0) } ?? 0 }
        var document: String? { count == 0 ? nil : String(count) }
    }

    let alice = Subject(kind: "customer", id: "A")
    let bob = Subject(kind: "customer", id: "B")

    @Test func valuesAreDecodedOnceAndEncodedWhenTheChangesAreTaken() {
        var state = DetectorState(subjects: [alice: "2"])
        var memory = state.memory(of: alice, as: Counter.self)
        #expect(memory.count == 2)
        memory.count += 1
        state.setMemory(memory, of: alice)
        state.setMemory(Counter(document: "5"), of: bob)
        #expect(state.memory(of: alice, as: Counter.self).count == 3)
        #expect(state[alice] == "3")
        #expect(state.subjects == [alice: "3", bob: "5"])
        let changes = Dictionary(uniqueKeysWithValues: state.takeChanges().map { ($0.subject, $0.document) })
        #expect(changes == [alice: "3", bob: "5"])
        #expect(state.changed.isEmpty)
    }

    @Test func aMemoryThatEncodesToNothingForgetsTheSubject() {
        var state = DetectorState(subjects: [alice: "1"])
        var memory = state.memory(of: alice, as: Counter.self)
        memory.count = 0
        state.setMemory(memory, of: alice)
        let changes = state.takeChanges()
        #expect(changes.count == 1 && changes[0].document == nil)
        #expect(state.subjects.isEmpty)
        #expect(state[alice] == nil)
    }

    @Test func textSetThroughTheSubscriptReplacesAValue() {
        var state = DetectorState()
        state.setMemory(Counter(document: "4"), of: alice)
        state[alice] = "9"
        #expect(state.memory(of: alice, as: Counter.self).count == 9)
        #expect(state.takeChanges().first?.document == "9")
    }
}
