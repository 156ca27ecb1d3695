import Foundation
import XIExpression
import XIPluginAPI

/// Raises its signal when a subject's banking moves elsewhere, from account and profile events
/// and from what customers say:
/// - **a product closed**: one held at the subject's previous event (`products_field`, a list) is
///   gone; strength 0.6, plus 0.2 for each further product, at most 1;
/// - **a product held elsewhere**, when known (`held_elsewhere_field`, a list or text): a new
///   entry; strength 0.6;
/// - **money moved out**: `outflow_field` (an amount) against the balance before it, or a fall of
///   `balance_field` against the subject's previous balance; strength the share moved out;
/// - **a competitor named** in the event's text (`competitor_terms`, whole words, any case, with
///   or without a possessive 's):
///   strength 0.6, or 0.9 when the text also says the customer is moving (`switching_terms`).
///
/// The signal is raised when the strongest of these reaches `threshold`. Products, holdings
/// elsewhere and balance are remembered per subject in ``DetectorState`` (kept by the runtime in
/// the store); a detector given only competitor terms remembers nothing and runs while batches
/// are read.
public struct ShareOfWalletDetector: Detector {
    /// The signal it raises.
    public var signal: String
    /// A list field of the products held with us.
    public var productsField: String?
    /// A list or text field of products held elsewhere.
    public var heldElsewhereField: String?
    /// A field with an amount moved out.
    public var outflowField: String?
    /// A field with the balance held with us.
    public var balanceField: String?
    /// Competitor names, each as lowercased word hashes.
    let competitors: [[UInt64]]
    /// Words that say the customer is moving, as word hashes.
    let switching: Set<UInt64>
    /// The least strength that raises the signal.
    public var threshold: Double
    public var eventKinds: Set<String> { [] }
    public var remembersSubjects: Bool { productsField != nil || heldElsewhereField != nil || balanceField != nil }

    /// English words that say a customer is moving away.
    public static let englishSwitchingTerms = [
        "move", "moving", "moved", "switch", "switching", "switched", "transfer", "transferring", "leave", "leaving", "close", "closing", "cancel",
    ]

    /// Creates a detector.
    public init(
        signal: String, productsField: String? = nil, heldElsewhereField: String? = nil, outflowField: String? = nil, balanceField: String? = nil,
        competitorTerms: [String] = [], switchingTerms: [String] = ShareOfWalletDetector.englishSwitchingTerms, threshold: Double = 0.5
    ) {
        self.signal = signal
        self.productsField = productsField
        self.heldElsewhereField = heldElsewhereField
        self.outflowField = outflowField
        self.balanceField = balanceField
        // Each term, and its possessive ("Monzo's": one word to TextWords).
        competitors = competitorTerms.flatMap { term -> [[UInt64]] in
            let words = TextWords.hashes(of: term)
            guard !words.isEmpty else { return [] }
            return [words, Array(words.dropLast()) + TextWords.hashes(of: term + "'s").suffix(1)]
        }
        switching = Set(switchingTerms.flatMap { TextWords.hashes(of: $0) })
        self.threshold = threshold
    }

    /// What is remembered about one subject, kept decoded between events (see ``DetectorMemory``).
    struct Memory: Equatable, DetectorMemory {
        var products: [String]?
        var elsewhere: [String]?
        var balance: Double?

        init() {}

        init(document: String?) { self = ShareOfWalletDetector.decode(document) }

        var document: String? { ShareOfWalletDetector.encode(self) }
    }

    /// The fields' positions in one schema.
    struct Positions {
        var products, elsewhere, outflow, balance: Int?
    }

    public func detect(_ events: [Event], schema: EventSchema, state: inout DetectorState, into signals: inout [Signal]) {
        let positions = Positions(
            products: productsField.flatMap { schema.position(of: $0) }, elsewhere: heldElsewhereField.flatMap { schema.position(of: $0) },
            outflow: outflowField.flatMap { schema.position(of: $0) }, balance: balanceField.flatMap { schema.position(of: $0) })
        let remembers = positions.products != nil || positions.elsewhere != nil || positions.balance != nil
        for index in events.indices {
            guard let subject = events[index].subjects.first else { continue }
            var strength = 0.0
            if !competitors.isEmpty, let text = events[index].text, !text.isEmpty {
                strength = competitorStrength(in: text)
            }
            if remembers || positions.outflow != nil {
                var memory = remembers ? state.memory(of: subject, as: Memory.self) : Memory()
                strength = max(strength, movement(of: events[index], positions: positions, memory: &memory))
                if remembers { state.setMemory(memory, of: subject) }
            }
            if strength >= threshold && strength > 0 {
                signals.append(Signal(name: signal, subject: subject, time: events[index].time, strength: min(1, strength), evidence: [events[index].id]))
            }
        }
    }

    /// 0.9 when a competitor is named with a switching word, 0.6 when only named, else 0.
    public func competitorStrength(in text: String) -> Double {
        let words = TextWords.hashes(of: text)
        var named = false
        for position in words.indices where !named {
            named = competitors.contains { term in
                position + term.count <= words.count && term.indices.allSatisfy { words[position + $0] == term[$0] }
            }
        }
        guard named else { return 0 }
        return words.contains(where: switching.contains) ? 0.9 : 0.6
    }

    /// The strength of products closed, taken elsewhere and money moved out, updating `memory`.
    func movement(of event: Event, positions: Positions, memory: inout Memory) -> Double {
        var strength = 0.0
        if let position = positions.products, let products = Self.texts(event.fields[position]) {
            if let before = memory.products {
                let closed = before.filter { !products.contains($0) }.count
                if closed > 0 { strength = max(strength, min(1, 0.4 + 0.2 * Double(closed))) }
            }
            memory.products = products
        }
        if let position = positions.elsewhere, let elsewhere = Self.texts(event.fields[position]) {
            if elsewhere.contains(where: { !(memory.elsewhere ?? []).contains($0) }) { strength = max(strength, 0.6) }
            memory.elsewhere = elsewhere
        }
        let balance = positions.balance.flatMap { event.fields[$0]?.number }
        if let position = positions.outflow, let outflow = event.fields[position]?.number, outflow > 0 {
            // Against the balance before the money left: the remembered one, else this event's plus the outflow.
            if let before = memory.balance ?? balance.map({ $0 + outflow }), before > 0 {
                strength = max(strength, min(1, outflow / before))
            } else {
                strength = max(strength, 0.5)
            }
        } else if let balance, let before = memory.balance, before > 0, balance < before {
            strength = max(strength, min(1, (before - balance) / before))
        }
        if let balance { memory.balance = balance }
        return strength
    }

    public func analyze(_ event: Event, schema: EventSchema) -> [(name: String, value: Value)]? {
        guard !competitors.isEmpty, let text = event.text else { return nil }
        return [("competitor_strength", .double(competitorStrength(in: text)))]
    }

    /// A list of text, or a text of `;`- or `,`-separated items; nil when absent.
    static func texts(_ value: Value?) -> [String]? {
        switch value {
        case .list(let items)?: return items.compactMap { if case .string(let text) = $0 { text } else { nil } }
        case .string(let text)?:
            return text.split(whereSeparator: { $0 == ";" || $0 == "," }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        default: return nil
        }
    }

    /// Memory as a document: `p`, `e` (items separated by a unit separator) and `b` lines.
    static func encode(_ memory: Memory) -> String? {
        var lines: [String] = []
        if let products = memory.products { lines.append("p\t" + products.joined(separator: "\u{1F}")) }
        if let elsewhere = memory.elsewhere { lines.append("e\t" + elsewhere.joined(separator: "\u{1F}")) }
        if let balance = memory.balance { lines.append("b\t\(balance)") }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }

    /// The memory of a document (a damaged line is skipped).
    static func decode(_ document: String?) -> Memory {
        var memory = Memory()
        guard let document else { return memory }
        for line in document.split(separator: "\n") {
            guard let tab = line.firstIndex(of: "\t") else { continue }
            let body = line[line.index(after: tab)...]
            let items = body.isEmpty ? [] : body.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
            switch line[..<tab] {
            case "p": memory.products = items
            case "e": memory.elsewhere = items
            case "b": memory.balance = Double(body)
            default: continue
            }
        }
        return memory
    }
}
