import Foundation
import XIExpression
import XIGoals
import XIPluginAPI
import XIStore

extension RunEngine {
    /// Sends an insight to every subscription that matches it: immediately (an outbox delivery) or
    /// into a digest period. Keys make this idempotent: routing the same insight again adds nothing.
    /// `window` is the insight's (out of ``windows`` while being updated); it remembers the routes taken.
    /// Without `detailed`, the insight was made without its explanation and profile, which are
    /// added before its first delivery (``RunEngine/addDetails(_:key:window:)``); without its
    /// evidence, subscriptions see the window's, which is listed before a delivery is made.
    func route(_ insight: Insight, detailed: Bool = true, goal: GoalReference, key: WindowKey, window: SubjectWindow, into changes: inout StoreChanges) {
        // Every subscription naming the goal already took it: nothing can match anew, so the
        // conditions are not evaluated (most updates of an insight routed to all its subscriptions).
        if window.insight!.routed.contains(all: pipeline.goalSubscriptions[key.goal]) { return }
        var listed = !insight.evidence.isEmpty || window.isEmpty
        let entries = matchingSubscriptionEntries(insight, goal: goal, window: listed ? nil : window)
        // Most updates match no subscription they did not take already: the insight is copied
        // (to list its evidence and add details) only when one does.
        guard !entries.isEmpty else { return }
        var insight = insight
        var details: InsightDetails = detailed ? .all : []
        for (number, entry) in entries {
            guard window.insight!.routed.insert(number) else { continue }
            if !listed {
                listEvidence(&insight, window: window)
                listed = true
            }
            let audience = pipeline.workspace.audiences[entry.audience]
            // Worked out for a delivery whose lens shows them (a digest's are made when it is sent).
            if details != .all && entry.cadence == .immediate {
                let needed = (lensFilters[audience.id]?.details ?? .all).subtracting(details)
                if !needed.isEmpty {
                    addDetails(&insight, key: key, window: window, details: needed)
                    details.formUnion(needed)
                }
            }
            enqueue(insight, goal: goal, audience: audience, entry: entry, key: "\(insight.id)/\(audience.id)/\(entry.index)", window: window, into: &changes)
            noteEscalation(insight, open: window.insight!, key: key, audience: entry.audience)
        }
    }

    /// Remembers when an insight routed to an audience with an escalation rule falls due.
    /// `open` is the insight as its window (at `key`) keeps it.
    func noteEscalation(_ insight: Insight, open: OpenInsight, key: WindowKey, audience number: Int) {
        guard insight.status == .open, !open.escalated,
              let escalation = pipeline.workspace.audiences[number].escalation else { return }
        let due = insight.openedAt.seconds + Int64(escalation.after.seconds)
        if let existing = escalations[key], existing.insight === open, existing.due <= due { return }
        escalations[key] = PendingEscalation(due: due, audience: Int32(number), insight: open)
        escalationQueue.push(due: due, item: key)
    }

    /// The subscriptions whose condition holds for the insight, in configuration order.
    func matchingSubscriptions(_ insight: Insight, goal: GoalReference) -> [Pipeline.SubscriptionEntry] {
        matchingSubscriptionEntries(insight, goal: goal).map(\.entry)
    }

    /// The subscriptions whose condition holds, with their numbers in ``Pipeline/subscriptions``.
    /// `window`: the insight's evidence is not listed; its window's latest is what it would list.
    /// Works on the engine's own thread only: the record and the matches are its scratch space.
    func matchingSubscriptionEntries(_ insight: Insight, goal: GoalReference, window: SubjectWindow? = nil) -> [(number: Int, entry: Pipeline.SubscriptionEntry)] {
        guard let index = pipeline.subscriptionIndex else { return [] }
        var record = subscriptionRecord.take(count: pipeline.insightDeclarations.count)
        fillInsightRecord(&record, insight, owner: goal.goal.owner, window: window)
        var matches: [Int] = []
        swap(&matches, &subscriptionMatches)
        matches.removeAll(keepingCapacity: true)
        index.match(record, into: &matches)
        subscriptionRecord.giveBack(&record)
        defer { swap(&matches, &subscriptionMatches) }
        // Most insights match no subscription they were not routed to: no list is made for them.
        guard !matches.isEmpty else { return [] }
        return matches.map { match in
            let number = index.conditions.conditions[match].position
            return (number, pipeline.subscriptions[number])
        }
    }

    /// The insight in the subscription scope's layout. `window`: the insight's evidence is not
    /// listed, and its count and signals are those of the window's latest evidence.
    func insightRecord(_ insight: Insight, goal: Goal, window: SubjectWindow? = nil) -> [Value?] {
        var record = [Value?](repeating: nil, count: pipeline.insightDeclarations.count)
        fillInsightRecord(&record, insight, owner: goal.owner, window: window)
        return record
    }

    /// Sets the insight's values in `record`, a record of the subscription scope's layout with
    /// every slot empty (see ``insightRecord(_:goal:window:)``).
    func fillInsightRecord(_ record: inout [Value?], _ insight: Insight, owner: String, window: SubjectWindow?) {
        let declarations = pipeline.insightDeclarations
        let slots = pipeline.insightSlots
        func set(_ name: Pipeline.InsightSlot, _ value: @autoclosure () -> Value) {
            if let slot = slots[name.rawValue] { record[slot] = value() }
        }
        set(.goal, .string(insight.goal))
        set(.objective, .string(insight.objective))
        set(.priority, .string(insight.priority))
        set(.score, .double(insight.score))
        if let window {
            // Read in place: routing builds this record at most updates of an insight.
            window.withItems { items in
                let latest = items.suffix(Self.listedEvidence)
                set(.count, .int(Int64(latest.count)))
                set(.signals, .list(signalValues(of: latest)))
            }
        } else {
            set(.count, .int(Int64(insight.evidence.count)))
            set(.signals, .list(Self.signalCounts(insight.evidence).map { .string($0.signal) }))
        }
        set(.subject, .string(insight.subject.id))
        set(.subjectKind, .string(insight.subject.kind))
        set(.owner, .string(owner))
        set(.status, .string(insight.status.rawValue))
        set(.time, .timestamp(insight.updatedAt))
        if profiles[insight.subject] != nil {
            fillProfile(&record, slots: pipeline.insightProfileSlots, subject: insight.subject)
        } else {
            // A subject xi has no profile for (as in `xi route test`): the insight's own profile text.
            for (name, text) in insight.profile {
                guard let slot = declarations.slot(of: "profile." + name), let type = declarations.type(of: "profile." + name) else { continue }
                record[slot] = Self.value(text, as: type)
            }
        }
    }

    /// Profile text as a value of its declared type (text that does not fit stays a string).
    static func value(_ text: String, as type: ValueType) -> Value {
        switch type {
        case .int: Int64(text).map(Value.int) ?? .string(text)
        case .double: Double(text).map(Value.double) ?? .string(text)
        case .bool: text == "true" ? .bool(true) : text == "false" ? .bool(false) : .string(text)
        case .list: .list(text.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).split(separator: ",").map { .string($0.trimmingCharacters(in: CharacterSet(charactersIn: " '\""))) })
        default: .string(text)
        }
    }

    func enqueue(_ insight: Insight, goal: GoalReference, audience: Audience, entry: Pipeline.SubscriptionEntry, key: String, window: SubjectWindow?, into changes: inout StoreChanges) {
        switch entry.cadence {
        case .immediate:
            let body = lensed(insight, goal: goal, audience: audience, window: window)
            changes.deliveries.append(Delivery(id: key, audience: audience.id, action: entry.actionName, kind: .insight, insights: [insight.id], body: body))
            summary.deliveriesCreated[audience.id, default: 0] += 1
        case .hourly, .daily, .weekly:
            changes.digestItems.append((audience.id, entry.actionName, Self.period(of: insight.openedAt, cadence: entry.cadence), insight.id))
        }
    }

    /// The start of the digest period holding `time`, as RFC 3339 (weeks start on Monday).
    static func period(of time: TimestampValue, cadence: Cadence) -> String {
        let day: Int64 = 86_400
        var start = time.seconds
        switch cadence {
        case .hourly: start -= ((start % 3_600) + 3_600) % 3_600
        case .daily: start -= ((start % day) + day) % day
        case .weekly:
            start -= ((start % day) + day) % day
            let weekday = ((start / day) + 3) % 7  // 1970-01-01 was a Thursday: Monday = 0
            start -= ((weekday + 7) % 7) * day
        case .immediate: break
        }
        return (TimestampValue(seconds: start) ?? time).description
    }

    /// The insight's fields as the audience's lens lets them out, as JSON text.
    func lensed(_ insight: Insight, goal: GoalReference, audience: Audience, window: SubjectWindow? = nil) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(1_024)
        writeLensed(insight, goal: goal, filter: lensFilter(for: audience), window: window, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the insight's fields as the audience's lens (`filter`) lets them out, as JSON text
    /// in UTF-8. Each field is written straight from the insight: deliveries and digests write
    /// hundreds of thousands. `window` is the insight's, when the caller holds it out of ``windows``.
    func writeLensed(_ insight: Insight, goal: GoalReference, filter: LensFilter, window: SubjectWindow? = nil, to output: inout [UInt8]) {
        // The insight is read through a pointer to it: the closure below, called for each field,
        // copied a captured insight (a retain and a release of each of its fields) at every field.
        withUnsafePointer(to: insight) { pinned in
            var counts: [(signal: String, count: Int)]?
            func signalCounts() -> [(signal: String, count: Int)] {
                if let counts { return counts }
                let made = Self.signalCounts(pinned.pointee.evidence)
                counts = made
                return made
            }
            func quoted(_ text: String, _ output: inout [UInt8]) { JSONText.appendQuoted(text, to: &output) }
            // What the fields read of the goal, taken out once: a closure that reads a captured
            // `Goal` copied it for each field written.
            let goalName = goal.goal.name
            let goalSeconds = Int64(goal.goal.window.seconds)
            func quotedTime(_ time: TimestampValue, _ output: inout [UInt8]) {
                output.append(UInt8(ascii: "\""))
                time.write(to: &output)
                output.append(UInt8(ascii: "\""))
            }
            filter.write(to: &output) { field, output in
                switch field {
                case .id: quoted(pinned.pointee.id, &output)
                case .goal: quoted(pinned.pointee.goal, &output)
                case .goalName: quoted(goalName, &output)
                case .objective: quoted(pinned.pointee.objective, &output)
                case .priority: quoted(pinned.pointee.priority, &output)
                case .score: output.append(contentsOf: JSONDocument.numberText(pinned.pointee.score).utf8)
                case .count: output.append(contentsOf: String(pinned.pointee.evidence.count).utf8)
                case .status: quoted(pinned.pointee.status.rawValue, &output)
                case .explanation: quoted(pinned.pointee.explanation, &output)
                case .recommend:
                    guard let recommendation = pinned.pointee.recommendation else { return false }
                    quoted(recommendation, &output)
                case .time, .windowEnd: quotedTime(pinned.pointee.updatedAt, &output)
                case .windowStart:
                    quotedTime(TimestampValue(seconds: pinned.pointee.updatedAt.seconds - goalSeconds) ?? pinned.pointee.updatedAt, &output)
                case .subjectKind: quoted(pinned.pointee.subject.kind, &output)
                case .subjectID: quoted(pinned.pointee.subject.id, &output)
                case .signals:
                    output.append(UInt8(ascii: "["))
                    for (index, entry) in signalCounts().enumerated() {
                        if index > 0 { output.append(UInt8(ascii: ",")) }
                        quoted(entry.signal, &output)
                    }
                    output.append(UInt8(ascii: "]"))
                case .evidenceSummary:
                    // `signal ×count, …` as one string, made in one allocation.
                    let entries = signalCounts()
                    var text = ""
                    text.reserveCapacity(entries.reduce(0) { $0 + $1.signal.utf8.count + 8 })
                    for (index, entry) in entries.enumerated() {
                        if index > 0 { text += ", " }
                        text += entry.signal
                        text += " ×"
                        text += String(entry.count)
                    }
                    quoted(text, &output)
                case .evidenceSignals:
                    // `[{"signal":…,"time":…,"weight":…}, …]`: digests list thousands.
                    output.append(UInt8(ascii: "["))
                    for (index, item) in pinned.pointee.evidence.enumerated() {
                        output.append(contentsOf: index == 0 ? Self.evidenceSignalOpening : Self.evidenceSignalNext)
                        quoted(item.signal, &output)
                        output.append(contentsOf: Self.evidenceTimeKey)
                        quotedTime(item.time, &output)
                        output.append(contentsOf: Self.evidenceWeightKey)
                        output.append(contentsOf: JSONDocument.numberText(item.weight).utf8)
                        output.append(UInt8(ascii: "}"))
                    }
                    output.append(UInt8(ascii: "]"))
                case .evidenceEvents:
                    output.append(UInt8(ascii: "["))
                    for (index, item) in pinned.pointee.evidence.enumerated() {
                        if index > 0 { output.append(UInt8(ascii: ",")) }
                        quoted(item.event, &output)
                    }
                    output.append(UInt8(ascii: "]"))
                case .evidenceText:
                    let texts = evidenceTexts(of: pinned.pointee, goalNumber: goal.number, window: window)
                    guard !texts.isEmpty else { return false }
                    output.append(UInt8(ascii: "["))
                    for (index, text) in texts.enumerated() {
                        if index > 0 { output.append(UInt8(ascii: ",")) }
                        quoted(text, &output)
                    }
                    output.append(UInt8(ascii: "]"))
                case .profile(let name):
                    guard let text = pinned.pointee.profile[name] else { return false }
                    quoted(text, &output)
                case .unknown: return false
                }
                return true
            }
        }
    }

    private static let evidenceSignalOpening = Array("{\"signal\":".utf8)
    private static let evidenceSignalNext = Array(",{\"signal\":".utf8)
    private static let evidenceTimeKey = Array(",\"time\":".utf8)
    private static let evidenceWeightKey = Array(",\"weight\":".utf8)

    /// The audience's lens filter, made once per run.
    func lensFilter(for audience: Audience) -> LensFilter {
        lensFilters[audience.id] ?? LensFilter(audience: audience.id, lens: audience.lens, key: pseudonymKey)
    }

    /// The texts of the insight's listed evidence, while its window still holds them (only its
    /// latest items keep their text). `goalNumber` is the insight's goal's; `window` the insight's,
    /// when the caller holds it out of ``windows``.
    func evidenceTexts(of insight: Insight, goalNumber: Int, window: SubjectWindow? = nil) -> [String] {
        let events = Set(insight.evidence.map(\.event))
        return (window ?? existingKey(goal: goalNumber, subject: insight.subject).flatMap { windows[$0] })?.texts(of: events) ?? []
    }

    /// The distinct signals of evidence items, by name, sorted (as ``signalCounts(_:)`` lists them),
    /// as string values. The distinct numbers are gathered on the stack and sorted by their rank
    /// (``Pipeline/signalRanks``): one allocation, the list, where a list of numbers, one of
    /// names and a sorted copy took three or four, at most updates of an insight.
    func signalValues(of items: some Collection<SubjectWindow.Item>) -> [Value] {
        let ranks = pipeline.signalRanks
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: max(items.count, 1)) { numbers in
            var count = 0
            for item in items where !numbers[0..<count].contains(item.signal) {
                // Insertion by rank: a handful of signals at most.
                var position = count
                while position > 0, ranks[Int(numbers[position - 1])] > ranks[Int(item.signal)] {
                    numbers[position] = numbers[position - 1]
                    position -= 1
                }
                numbers[position] = item.signal
                count += 1
            }
            var values: [Value] = []
            values.reserveCapacity(count)
            for number in numbers[0..<count] { values.append(.string(pipeline.signalNames[Int(number)])) }
            return values
        }
    }

    /// The distinct signals of the listed evidence, sorted by name, with how often each is listed.
    static func signalCounts(_ evidence: [Evidence]) -> [(signal: String, count: Int)] {
        var counts: [(signal: String, count: Int)] = []
        // One allocation: grown from empty and then sorted into a copy, the list took three or more.
        counts.reserveCapacity(min(evidence.count, 8))
        for item in evidence {
            if let index = counts.firstIndex(where: { $0.signal == item.signal }) { counts[index].count += 1 } else { counts.append((item.signal, 1)) }
        }
        counts.sort { $0.signal < $1.signal }
        return counts
    }

    /// Escalates open insights that waited longer than their audiences allow, on event time.
    func escalate(into changes: inout StoreChanges) {
        guard let clock, let earliest = escalationQueue.earliest, clock.seconds >= earliest else { return }
        // Entries of escalations dropped (the insight expired) or moved are skipped.
        var due: [(key: WindowKey, pending: PendingEscalation)] = []
        for entry in escalationQueue.pop(dueAtOrBefore: clock.seconds) {
            if let pending = escalations[entry.item], pending.due == entry.due { due.append((entry.item, pending)) }
        }
        for (key, pending) in due.sorted(by: { $0.pending.insight.identifier < $1.pending.insight.identifier }) {
            guard escalations[key]?.insight === pending.insight else { continue }  // listed twice
            escalations[key] = nil
            let goalNumber = key.goal
            guard let window = windows[key], let open = window.insight, open === pending.insight,
                  open.status == .open, !open.escalated else { continue }
            let id = open.id
            let goal = pipeline.goalReferences[goalNumber]
            let audienceID = pipeline.workspace.audiences[Int(pending.audience)].id
            guard let escalation = pipeline.workspace.audiences[Int(pending.audience)].escalation,
                  let (target, routes) = pipeline.escalationRoutes[Int(pending.audience)][goalNumber] else { continue }
            let targetAudience = pipeline.workspace.audiences[target]
            // A window changed since its last completion gets its priority worked out again. The
            // explanation and profile only when the target's lens shows them.
            let details = lensFilters[targetAudience.id]?.details ?? .all
            let insight = makeInsight(window, key: key, workingOutPriority: window.changed, details: details)
            for (number, entry) in routes {
                // Escalation routes are numbered after the subscriptions.
                guard window.insight!.routed.insert(pipeline.subscriptions.count + number) else { continue }
                var escalatedInsight = insight
                if details.contains(.explanation) { escalatedInsight.explanation = "Escalated from \(audienceID): unacknowledged for \(escalation.after). " + insight.explanation }
                let deliveryKey = "\(insight.id)/escalation/\(targetAudience.id)/\(entry.index)"
                enqueue(escalatedInsight, goal: goal, audience: targetAudience, entry: Pipeline.SubscriptionEntry(
                    audience: target, index: entry.index, cadence: .immediate, actionName: entry.actionName), key: deliveryKey, window: window, into: &changes)
            }
            open.escalated = true
            changes.escalated.append(id)
            changes.history.append((id, "escalated to \(targetAudience.id): unacknowledged for \(escalation.after) after \(audienceID) received it"))
            summary.escalations += 1
        }
    }
}

/// An escalation waiting for its time, kept by the insight's window key.
struct PendingEscalation {
    let due: Int64
    /// The audience whose escalation rule set `due`.
    let audience: Int32
    /// The insight it is for (a window's later insight is another object).
    let insight: OpenInsight
}
