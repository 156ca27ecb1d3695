/// The parts of an insight that are worked out only when something shows them: its explanation
/// (text made from its window's tallies) and its profile (the subject's profile fields as text).
/// An insight made for one audience's delivery needs only what its lens shows (``LensFilter/details``).
struct InsightDetails: OptionSet {
    let rawValue: UInt8

    /// `customer:C-1 has weighted evidence 7.5 for 'Retention' …`.
    static let explanation = InsightDetails(rawValue: 1 << 0)
    /// The subject's profile fields.
    static let profile = InsightDetails(rawValue: 1 << 1)
    /// Both: what a stored document holds.
    static let all: InsightDetails = [.explanation, .profile]
}
