/// The engine's windows by goal × subject: per subject number, the few windows the subject has
/// (one per goal it has evidence for), looked through in a short array.
///
/// Subjects are numbered densely as they are first seen (``RunEngine/key(goal:subject:)``), so
/// finding a window is an array index and a look through a handful of goals, not a hash of the
/// key and a probe of a table of hundreds of thousands of entries: every piece of evidence looks
/// its window up. Memory follows the windows that exist, not goals × subjects.
struct WindowTable: Sequence {
    /// One window, with its goal number.
    struct Entry {
        let goal: Int32
        let window: SubjectWindow
    }

    /// Per subject number, its windows, in no particular order.
    private var bySubject: [[Entry]] = []
    /// How many windows there are.
    private(set) var count = 0

    /// The window at `key`; setting nil removes it.
    subscript(key: RunEngine.WindowKey) -> SubjectWindow? {
        get {
            let subject = Int(key.subjectNumber)
            guard subject < bySubject.count else { return nil }
            return bySubject[subject].withUnsafeBufferPointer { entries in
                for index in entries.indices where entries[index].goal == key.goalNumber { return entries[index].window }
                return nil
            }
        }
        set {
            guard let newValue else {
                removeValue(forKey: key)
                return
            }
            let subject = Int(key.subjectNumber)
            if subject >= bySubject.count {
                bySubject.append(contentsOf: repeatElement([], count: subject + 1 - bySubject.count))
            }
            if let index = bySubject[subject].firstIndex(where: { $0.goal == key.goalNumber }) {
                bySubject[subject][index] = Entry(goal: key.goalNumber, window: newValue)
            } else {
                bySubject[subject].append(Entry(goal: key.goalNumber, window: newValue))
                count += 1
            }
        }
    }

    /// Removes the window at `key`, returning it; nil when there was none.
    @discardableResult
    mutating func removeValue(forKey key: RunEngine.WindowKey) -> SubjectWindow? {
        let subject = Int(key.subjectNumber)
        guard subject < bySubject.count, let index = bySubject[subject].firstIndex(where: { $0.goal == key.goalNumber }) else { return nil }
        let removed = bySubject[subject].remove(at: index).window
        // A subject without windows keeps no array.
        if bySubject[subject].isEmpty { bySubject[subject] = [] }
        count -= 1
        return removed
    }

    /// Every window's key.
    var keys: [RunEngine.WindowKey] { map(\.key) }

    /// Every window with its key, subject by subject.
    func makeIterator() -> Iterator {
        Iterator(bySubject: bySubject)
    }

    /// Goes through the windows subject by subject.
    struct Iterator: IteratorProtocol {
        fileprivate let bySubject: [[Entry]]
        private var subject = 0
        private var index = 0

        fileprivate init(bySubject: [[Entry]]) {
            self.bySubject = bySubject
        }

        mutating func next() -> (key: RunEngine.WindowKey, window: SubjectWindow)? {
            while subject < bySubject.count {
                if index < bySubject[subject].count {
                    let entry = bySubject[subject][index]
                    index += 1
                    return (RunEngine.WindowKey(goalNumber: entry.goal, subjectNumber: Int32(subject)), entry.window)
                }
                subject += 1
                index = 0
            }
            return nil
        }
    }
}
