import XIExpression

extension Value {
    /// The value as a number, for detectors that compare fields: an int, uint or double as is, a
    /// duration in seconds; nil for anything else (text is not parsed).
    public var number: Double? {
        switch self {
        case .int(let number): Double(number)
        case .uint(let number): Double(number)
        case .double(let number): number
        case .duration(let duration): duration.totalSeconds
        default: nil
        }
    }
}
