/// Finds the valid name nearest to a misspelt one, for "did you mean …?" hints.
public enum NameSuggestion {
    /// The candidate nearest to `name` by edit distance, or nil when none is close enough.
    ///
    /// A candidate is close enough when its distance is at most a third of the longer name's
    /// length (at least 1, at most 3), or when one name is a case-insensitive prefix of the other.
    public static func nearest<Candidates: Sequence<String>>(to name: String, in candidates: Candidates) -> String? {
        let target = Array(name.lowercased().unicodeScalars)
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != name {
            let scalars = Array(candidate.lowercased().unicodeScalars)
            let limit = min(3, max(1, max(target.count, scalars.count) / 3))
            var distance = editDistance(target, scalars, limit: limit)
            if distance > limit {
                let isPrefix = target.count >= 3 && scalars.count >= 3
                    && (scalars.starts(with: target) || target.starts(with: scalars))
                guard isPrefix else { continue }
                distance = limit + 1
            }
            if best == nil || distance < best!.distance || (distance == best!.distance && candidate < best!.name) {
                best = (candidate, distance)
            }
        }
        return best?.name
    }

    /// "did you mean 'x'?" for the nearest candidate, or nil.
    public static func hint<Candidates: Sequence<String>>(for name: String, in candidates: Candidates) -> String? {
        nearest(to: name, in: candidates).map { "did you mean '\($0)'?" }
    }

    /// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), stopping
    /// early once every cell of a row exceeds `limit`.
    static func editDistance(_ first: [Unicode.Scalar], _ second: [Unicode.Scalar], limit: Int) -> Int {
        if abs(first.count - second.count) > limit { return limit + 1 }
        if first.isEmpty { return second.count }
        if second.isEmpty { return first.count }
        var previousPrevious = [Int](repeating: 0, count: second.count + 1)
        var previous = Array(0...second.count)
        var current = [Int](repeating: 0, count: second.count + 1)
        for i in 1...first.count {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...second.count {
                let cost = first[i - 1] == second[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, first[i - 1] == second[j - 2], first[i - 2] == second[j - 1] {
                    value = min(value, previousPrevious[j - 2] + 1)
                }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > limit { return limit + 1 }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[second.count]
    }
}
