/// The matcher workload of the benchmarks and `scripts/generate-match-workload.py`: records with
/// seven attributes and rules `kind == K && 1–3 more predicates`.
///
/// Records: `kind`, `segment`, `country`, `channel` (strings), `nps` (int 0–10), `age_days`
/// (int 0–3,650), `amount` (double 0–5,000). Rules: `kind == K` and one to three of a range on a
/// number, an `in` list on `segment` or `country`, or `channel == C`.
public struct MatchWorkload: Sendable {
    /// Event kinds.
    public static let kinds = ["survey", "call", "chat", "email", "complaint", "ivr", "web_session", "branch_visit", "account_change", "payment"]
    /// Customer segments.
    public static let segments = ["mass", "affluent", "gold", "platinum", "private"]
    /// Countries.
    public static let countries = ["GB", "IE", "FR", "DE", "ES", "IT", "NL", "BE", "PT", "SE", "NO", "DK", "FI", "PL", "CZ", "AT", "CH", "HU", "RO", "GR"]
    /// Contact channels.
    public static let channels = ["phone", "app", "web", "branch", "email", "chat"]

    /// The record attributes, in the order the workload lays them out.
    public static let attributes = ["kind", "segment", "country", "channel", "nps", "age_days", "amount"]

    /// One generated record: the seven attributes.
    public struct Record: Sendable {
        /// `kind`.
        public var kind: String
        /// `segment`.
        public var segment: String
        /// `country`.
        public var country: String
        /// `channel`.
        public var channel: String
        /// `nps`, 0–10.
        public var nps: Int
        /// `age_days`, 0–3,650.
        public var ageDays: Int
        /// `amount`, 0–5,000 with cents.
        public var amount: Double

        /// The record as one JSON line.
        public var jsonLine: String {
            "{\"kind\":\"\(kind)\",\"segment\":\"\(segment)\",\"country\":\"\(country)\",\"channel\":\"\(channel)\",\"nps\":\(nps),\"age_days\":\(ageDays),\"amount\":\(amountText)}"
        }

        private var amountText: String {
            let text = String(amount)
            return text.contains(".") || text.contains("e") ? text : text + ".0"
        }
    }

    /// Generates `count` rule conditions.
    public static func rules(count: Int, seed: UInt64 = 42) -> [String] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in rule(using: &generator) }
    }

    /// Generates `count` records.
    public static func records(count: Int, seed: UInt64 = 7) -> [Record] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            Record(
                kind: kinds.randomElement(using: &generator)!,
                segment: segments.randomElement(using: &generator)!,
                country: countries.randomElement(using: &generator)!,
                channel: channels.randomElement(using: &generator)!,
                nps: Int.random(in: 0...10, using: &generator),
                ageDays: Int.random(in: 0...3650, using: &generator),
                amount: Double(Int.random(in: 0...500_000, using: &generator)) / 100)
        }
    }

    /// One rule: `kind == K` and one to three more predicates on distinct attributes.
    public static func rule(using generator: inout SeededGenerator) -> String {
        var parts = ["kind == \"\(kinds.randomElement(using: &generator)!)\""]
        var choices = ["nps", "age_days", "amount", "segment", "country", "channel"]
        choices.shuffle(using: &generator)
        let extra = Int.random(in: 1...3, using: &generator)
        for attribute in choices.prefix(extra) {
            switch attribute {
            case "nps":
                parts.append(Bool.random(using: &generator)
                    ? "nps <= \(Int.random(in: 0...10, using: &generator))"
                    : "nps >= \(Int.random(in: 0...10, using: &generator))")
            case "age_days":
                let low = Int.random(in: 0...3000, using: &generator)
                parts.append(Bool.random(using: &generator)
                    ? "age_days > \(low)"
                    : "age_days >= \(low) && age_days < \(low + Int.random(in: 30...650, using: &generator))")
            case "amount":
                parts.append("amount > \(Int.random(in: 0...4900, using: &generator)).0")
            case "segment":
                parts.append("segment in \(list(from: segments, count: Int.random(in: 1...2, using: &generator), using: &generator))")
            case "country":
                parts.append("country in \(list(from: countries, count: Int.random(in: 1...4, using: &generator), using: &generator))")
            default:
                parts.append("channel == \"\(channels.randomElement(using: &generator)!)\"")
            }
        }
        return parts.joined(separator: " && ")
    }

    private static func list(from values: [String], count: Int, using generator: inout SeededGenerator) -> String {
        var pool = values
        pool.shuffle(using: &generator)
        return "[" + pool.prefix(count).map { "\"\($0)\"" }.joined(separator: ", ") + "]"
    }
}
