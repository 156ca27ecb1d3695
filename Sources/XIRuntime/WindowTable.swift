/// The engine's windows by goal × subject: one slot per subject number and goal, in a single flat
/// array (`subject × goals + goal`), empty where the subject has no window for the goal.
///
/// Subjects are numbered densely as they are first seen (``RunEngine/key(goal:subject:)``), so
/// finding a window is one array index, not a hash of the key and a probe of a table of hundreds
/// of thousands of entries: every piece of evidence looks its window up. A slot is 8 bytes, so
/// the table costs `goals × 8` bytes a subject: at the engine's scale (a handful of goals) about
/// what an array of windows per subject cost, without that array's allocation, its retain and
/// release at every lookup, and the second memory access.
struct WindowTable: Sequence {
    /// How many goals each subject has a slot for.
    let goals: Int
    /// The windows, `goals` slots per subject number.
    private var slots: [SubjectWindow?] = []
    /// How many windows there are.
    private(set) var count = 0

    /// An empty table for `goals` goals.
    init(goals: Int) {
        precondition(goals >= 0, "a negative number of goals")
        self.goals = goals
    }

    /// The slot of `key`, or nil when its subject has none yet.
    private func slot(of key: RunEngine.WindowKey) -> Int? {
        precondition(key.goalNumber >= 0 && Int(key.goalNumber) < goals, "goal \(key.goalNumber) is not one of the table's \(goals)")
        let slot = Int(key.subjectNumber) * goals + Int(key.goalNumber)
        return key.subjectNumber >= 0 && slot < slots.count ? slot : nil
    }

    /// The window at `key`; setting nil removes it.
    subscript(key: RunEngine.WindowKey) -> SubjectWindow? {
        get {
            guard let slot = slot(of: key) else { return nil }
            return slots[slot]
        }
        set {
            guard let newValue else {
                removeValue(forKey: key)
                return
            }
            let slot = slot(of: key) ?? grow(toHold: key)
            if slots[slot] == nil { count += 1 }
            slots[slot] = newValue
        }
    }

    /// Adds empty slots up to and including `key`'s subject, and returns `key`'s slot. The array
    /// grows by a quarter at a time rather than doubling: at hundreds of thousands of subjects, a
    /// doubled array's empty half would be megabytes.
    private mutating func grow(toHold key: RunEngine.WindowKey) -> Int {
        let needed = (Int(key.subjectNumber) + 1) * goals
        if needed > slots.capacity { slots.reserveCapacity(Swift.max(needed, slots.capacity + slots.capacity / 4)) }
        slots.append(contentsOf: repeatElement(nil, count: needed - slots.count))
        return Int(key.subjectNumber) * goals + Int(key.goalNumber)
    }

    /// Removes the window at `key`, returning it; nil when there was none.
    @discardableResult
    mutating func removeValue(forKey key: RunEngine.WindowKey) -> SubjectWindow? {
        guard let slot = slot(of: key), let removed = slots[slot] else { return nil }
        slots[slot] = nil
        count -= 1
        return removed
    }

    /// Every window's key.
    var keys: [RunEngine.WindowKey] { map(\.key) }

    /// Every window with its key, subject by subject, and a subject's by goal number.
    func makeIterator() -> Iterator {
        Iterator(slots: slots, goals: goals)
    }

    /// Goes through the windows subject by subject.
    struct Iterator: IteratorProtocol {
        fileprivate let slots: [SubjectWindow?]
        fileprivate let goals: Int
        private var slot = 0

        fileprivate init(slots: [SubjectWindow?], goals: Int) {
            self.slots = slots
            self.goals = goals
        }

        mutating func next() -> (key: RunEngine.WindowKey, window: SubjectWindow)? {
            while slot < slots.count {
                defer { slot += 1 }
                if let window = slots[slot] {
                    let (subject, goal) = slot.quotientAndRemainder(dividingBy: goals)
                    return (RunEngine.WindowKey(goalNumber: Int32(goal), subjectNumber: Int32(subject)), window)
                }
            }
            return nil
        }
    }
}
