import Foundation
import XIExpression
import XIGoals
import XIMatcher
import XIPluginAPI

/// What `xi calibrate` found for one goal: each signal's lift and fitted weight, how well the
/// goal's insights and the fitted model predict the outcome on a time-ordered held-out part, and
/// suggested weights.
public struct Calibration: Sendable {
    /// One of the goal's signals.
    public struct SignalLine: Sendable {
        /// The signal's name.
        public var signal: String
        /// Its weight in the goal now (the first selector's, when several name it).
        public var weight: Double
        /// Training subjects with the signal at least once.
        public var subjects: Int
        /// P(outcome | signal) / P(outcome) over the training subjects; nil when no subject had it.
        public var lift: Double?
        /// The fitted logistic coefficient per occurrence.
        public var coefficient: Double
        /// The suggested weight; nil when the signal does not raise the outcome's odds (drop it).
        public var suggestedWeight: Double?
    }

    /// Precision, recall and AUC of one predictor on the held-out subjects.
    public struct Quality: Sendable {
        /// Of the subjects it flags, the share with the outcome; nil when it flags none.
        public var precision: Double?
        /// Of the subjects with the outcome, the share it flags; nil when none has it.
        public var recall: Double?
        /// The area under the ROC curve of its scores; nil without both outcomes.
        public var areaUnderCurve: Double?
    }

    /// The goal's id.
    public var goal: String
    /// The profile field holding the outcome.
    public var outcome: String
    /// Subjects with a known outcome.
    public var subjects: Int
    /// How many of them had it.
    public var positives: Int
    /// Subjects whose outcome could not be read as yes or no.
    public var unreadable: Int
    /// Subjects the weights were fitted on (the earlier ones).
    public var training: Int
    /// Subjects held out to check them (the latest ones).
    public var heldOut: Int
    /// Held-out subjects with the outcome.
    public var heldOutPositives: Int
    /// The event time from which subjects are held out.
    public var heldOutFrom: TimestampValue?
    /// Whether the held-out subjects share their time with training ones (data without event
    /// times): the split then follows the order the subjects were read.
    public var splitByOrder: Bool
    /// Per signal of the goal.
    public var signals: [SignalLine]
    /// The fitted intercept.
    public var intercept: Double
    /// The goal's threshold, kept in the suggestion.
    public var threshold: Double
    /// The goal's insights as a predictor (flagged: an insight was raised; score: the highest).
    public var insights: Quality
    /// The fitted model as a predictor (flagged: its probability is at least 0.5).
    public var model: Quality
    /// When the suggested weights cannot keep the threshold's meaning (most subjects have the
    /// outcome), why.
    public var note: String?

    /// Suggested weights as a goal's `signals:` list in YAML, with the figures as comments.
    public var suggestionYAML: String {
        var lines = [
            "# xi calibrate --goal \(goal) --outcome \(outcome)",
            "# \(subjects) subjects with an outcome (\(positives) positive); trained on the first \(training), checked on the last \(heldOut) by event time.",
            "# Held out: goal's insights precision \(Self.percent(insights.precision)), recall \(Self.percent(insights.recall)), AUC \(Self.decimal(insights.areaUnderCurve));",
            "#           fitted weights precision \(Self.percent(model.precision)), recall \(Self.percent(model.recall)), AUC \(Self.decimal(model.areaUnderCurve)).",
            "# With these weights a subject's score reaches the threshold (\(KPIResult.format(threshold))) where the fitted chance of the outcome reaches 50 %.",
        ]
        if let note { lines.append("# \(note)") }
        lines.append("goal: \(goal)")
        lines.append("threshold: \(KPIResult.format(threshold))")
        lines.append("signals:")
        for line in signals {
            if let weight = line.suggestedWeight {
                lines.append("  - { signal: \(line.signal), weight: \(KPIResult.format(weight)) }    # now \(KPIResult.format(line.weight)), lift \(Self.decimal(line.lift))")
            } else {
                lines.append("  # - { signal: \(line.signal) }    # drop: it does not raise the odds (coefficient \(Self.decimal(line.coefficient)), lift \(Self.decimal(line.lift)))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A share as `41.5 %`, or `—`.
    public static func percent(_ value: Double?) -> String { value.map { String(format: "%.1f %%", $0 * 100) } ?? "—" }
    /// A number with two decimals, or `—`.
    public static func decimal(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "—" }

    /// Whether a profile value says the outcome happened: true, 1, or text such as yes, true,
    /// y, 1, churned; nil when it cannot be read.
    static func outcome(_ value: Value?) -> Bool? {
        switch value {
        case .bool(let flag)?: return flag
        case .int(let number)? where number == 0 || number == 1: return number == 1
        case .uint(let number)? where number <= 1: return number == 1
        case .double(let number)? where number == 0 || number == 1: return number == 1
        case .string(let text)?:
            switch text.lowercased().trimmingCharacters(in: .whitespaces) {
            case "yes", "y", "true", "1", "churned", "left", "closed": return true
            case "no", "n", "false", "0", "stayed", "active", "open": return false
            default: return nil
            }
        default: return nil
        }
    }
}

extension Runtime {
    /// The goal to calibrate, checked with its outcome field before anything is read: throws
    /// ``RuntimeError`` for an unknown goal or an outcome that is not a profile field.
    public func calibrationGoal(_ id: String, outcome: String) throws -> Goal {
        guard let goal = workspace.goal(id) else {
            throw RuntimeError("unknown goal '\(id)'; goals: \(workspace.goals.map(\.id).joined(separator: ", "))")
        }
        guard pipeline.profileFields.contains(outcome) else {
            throw RuntimeError(
                "'\(outcome)' is not a profile field; the outcome must be a field of the profile events (kind profile) in xi.yaml: "
                    + (pipeline.profileFields.isEmpty ? "no source has event: profile" : pipeline.profileFields.joined(separator: ", ")))
        }
        return goal
    }

    /// Calibrates `goal` against the profile field `outcome`, on what the store holds: run it on a
    /// store that kept every piece of evidence (``keepsAllEvidence``, a dry run's scratch store).
    /// The latest `heldOut` share of subjects (by the event time of their profile and evidence)
    /// is held out.
    public func calibration(goal id: String, outcome: String, heldOut share: Double = 0.2) throws -> Calibration {
        let goal = try calibrationGoal(id, outcome: outcome)
        // Outcomes, in the order subjects were first stored, with the time of their last update.
        struct Subject {
            var outcome: Bool
            var order: Int
            var seconds: Int64
            var counts: [Double]
            var score: Double = 0
            var flagged = false
        }
        let signalNames = goal.signals.map(\.signal).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let signalIndex = Dictionary(uniqueKeysWithValues: signalNames.enumerated().map { ($1, $0) })
        var subjects: [String: Subject] = [:]
        var unreadable = 0
        for (order, row) in try store.profilesWithTimes().enumerated() {
            guard row.subject.hasPrefix(goal.subject.rawValue + ":") else { continue }
            guard case .map(let object)? = try? JSONRecordDecoder.decodeValue(Array(row.document.utf8)) else { continue }
            guard let value = Calibration.outcome(object[string: outcome]) else {
                unreadable += 1
                continue
            }
            subjects[row.subject] = Subject(outcome: value, order: order, seconds: row.seconds, counts: Array(repeating: 0, count: signalNames.count))
        }
        for row in try store.evidence(since: nil) where row.goal == goal.id {
            let key = row.subject.description
            guard subjects[key] != nil, let index = signalIndex[row.signal] else { continue }
            subjects[key]!.counts[index] += 1
            subjects[key]!.seconds = max(subjects[key]!.seconds, row.time.seconds)
        }
        for stored in try current(store.insights().filter { $0.insight.goal == goal.id }) {
            let key = stored.insight.subject.description
            guard subjects[key] != nil else { continue }
            subjects[key]!.flagged = true
            subjects[key]!.score = max(subjects[key]!.score, stored.insight.score)
        }
        let ordered = subjects.values.sorted { ($0.seconds, $0.order) < ($1.seconds, $1.order) }
        guard ordered.count >= 10 else {
            throw RuntimeError("only \(ordered.count) \(goal.subject.rawValue)s have a readable '\(outcome)'; calibration needs at least 10 (and more to mean much)")
        }
        let heldOutCount = min(ordered.count - 5, max(1, Int((Double(ordered.count) * share).rounded())))
        let training = Array(ordered.prefix(ordered.count - heldOutCount))
        let test = Array(ordered.suffix(heldOutCount))
        let model = LogisticRegression.fit(features: training.map(\.counts), outcomes: training.map(\.outcome))

        // Lift per signal on the training part.
        let baseRate = Double(training.filter(\.outcome).count) / Double(training.count)
        var lines: [Calibration.SignalLine] = []
        let scale = model.intercept < 0 ? goal.threshold / -model.intercept : nil
        for (index, name) in signalNames.enumerated() {
            let with = training.filter { $0.counts[index] > 0 }
            let lift = with.isEmpty || baseRate == 0 ? nil : (Double(with.filter(\.outcome).count) / Double(with.count)) / baseRate
            let coefficient = model.coefficients[index]
            let weight = goal.signals.first { $0.signal == name }?.weight ?? 1
            var suggested: Double?
            if coefficient > 0 { suggested = scale.map { ($0 * coefficient * 100).rounded() / 100 } ?? weight }
            lines.append(Calibration.SignalLine(signal: name, weight: weight, subjects: with.count, lift: lift, coefficient: coefficient, suggestedWeight: suggested))
        }
        func quality(flagged: [Bool], scores: [Double]) -> Calibration.Quality {
            let outcomes = test.map(\.outcome)
            let truePositives = zip(flagged, outcomes).filter { $0.0 && $0.1 }.count
            let flaggedCount = flagged.filter { $0 }.count
            let positives = outcomes.filter { $0 }.count
            return Calibration.Quality(
                precision: flaggedCount == 0 ? nil : Double(truePositives) / Double(flaggedCount),
                recall: positives == 0 ? nil : Double(truePositives) / Double(positives),
                areaUnderCurve: LogisticRegression.areaUnderCurve(scores: scores, outcomes: outcomes))
        }
        let probabilities = test.map { model.probability($0.counts) }
        return Calibration(
            goal: goal.id, outcome: outcome, subjects: ordered.count, positives: ordered.filter(\.outcome).count, unreadable: unreadable,
            training: training.count, heldOut: test.count, heldOutPositives: test.filter(\.outcome).count,
            heldOutFrom: test.first.flatMap { TimestampValue(seconds: $0.seconds) }, splitByOrder: test.first?.seconds == training.last?.seconds, signals: lines, intercept: model.intercept, threshold: goal.threshold,
            insights: quality(flagged: test.map(\.flagged), scores: test.map(\.score)),
            model: quality(flagged: probabilities.map { $0 >= 0.5 }, scores: probabilities),
            note: scale == nil ? "Most subjects have the outcome (fitted intercept ≥ 0): the weights are kept as they are for signals that raise the odds." : nil)
    }
}
