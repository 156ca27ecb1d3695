import Testing
@testable import XIRuntime

/// The escalation queue against sorting (the oracle).
@Suite("due queue")
struct DueQueueTests {
    @Test("pops exactly the deadlines at or before a second, earliest first, whatever the push order")
    func popsInOrder() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            var queue = DueQueue<String>()
            var pending: [(due: Int64, id: String)] = []
            var second: Int64 = 0
            for step in 0..<Int.random(in: 1...300, using: &generator) {
                if Bool.random(using: &generator) {
                    let due = second + Int64.random(in: -5...100, using: &generator)
                    queue.push(due: due, item: "I-\(step)")
                    pending.append((due, "I-\(step)"))
                } else {
                    second += Int64.random(in: 0...20, using: &generator)
                    let popped = queue.pop(dueAtOrBefore: second)
                    let expected = pending.filter { $0.due <= second }
                    pending.removeAll { $0.due <= second }
                    #expect(popped.map(\.due) == expected.map(\.due).sorted())
                    #expect(Set(popped.map(\.item)) == Set(expected.map(\.id)))
                    #expect(queue.earliest == pending.map(\.due).min())
                }
            }
            #expect(queue.count == pending.count)
        }
    }
}
