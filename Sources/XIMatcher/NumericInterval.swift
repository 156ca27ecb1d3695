import XIExpression

/// A set of numbers `lower … upper`, each end open, closed or unbounded: what one or more range
/// conjuncts on the same attribute (`nps >= 0 && nps <= 6`) allow.
struct NumericInterval: Sendable, Equatable {
    var lower: Double?
    var lowerInclusive: Bool
    var upper: Double?
    var upperInclusive: Bool

    static let everything = NumericInterval(lower: nil, lowerInclusive: false, upper: nil, upperInclusive: false)

    /// Whether `number` (never NaN) lies inside.
    @inline(__always)
    func contains(_ number: Double) -> Bool {
        if let lower {
            if lowerInclusive ? !(number >= lower) : !(number > lower) { return false }
        }
        if let upper {
            if upperInclusive ? !(number <= upper) : !(number < upper) { return false }
        }
        return true
    }

    /// Whether any number strictly between `low` and `high` lies inside (nil ends are unbounded).
    func overlapsOpenGap(low: Double?, high: Double?) -> Bool {
        if let lower, let high, !(lower < high) { return false }
        if let upper, let low, !(upper > low) { return false }
        return true
    }

    /// Whether every number strictly between `low` and `high` lies inside (nil ends are unbounded).
    func coversOpenGap(low: Double?, high: Double?) -> Bool {
        if let lower {
            guard let low, lower <= low else { return false }
        }
        if let upper {
            guard let high, upper >= high else { return false }
        }
        return true
    }

    /// The intersection with another interval.
    func intersected(with other: NumericInterval) -> NumericInterval {
        var result = self
        if let otherLower = other.lower {
            if let lower = result.lower {
                if otherLower > lower {
                    result.lower = otherLower
                    result.lowerInclusive = other.lowerInclusive
                } else if otherLower == lower {
                    result.lowerInclusive = result.lowerInclusive && other.lowerInclusive
                }
            } else {
                result.lower = otherLower
                result.lowerInclusive = other.lowerInclusive
            }
        }
        if let otherUpper = other.upper {
            if let upper = result.upper {
                if otherUpper < upper {
                    result.upper = otherUpper
                    result.upperInclusive = other.upperInclusive
                } else if otherUpper == upper {
                    result.upperInclusive = result.upperInclusive && other.upperInclusive
                }
            } else {
                result.upper = otherUpper
                result.upperInclusive = other.upperInclusive
            }
        }
        return result
    }

    /// The boundaries this interval contributes to a range dimension.
    var boundaries: [Double] { [lower, upper].compactMap { $0 } }
}

extension Value {
    /// The value as a double for range tests, when it is a number that is not NaN.
    ///
    /// Integers beyond ±2^53 round, which cannot change a comparison with the index's constants:
    /// those are limited to magnitudes below 2^53 (see ``ConditionAnalyzer``).
    @inline(__always)
    var rangeNumber: Double? {
        switch self {
        case .int(let number): return Double(number)
        case .uint(let number): return Double(number)
        case .double(let number): return number.isNaN ? nil : number
        default: return nil
        }
    }
}
