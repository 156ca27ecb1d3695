/// How a name, possibly dotted (`profile.tier`), resolves against declarations.
///
/// CEL resolves `a.b.c` to the longest declared qualified name first: the variable `a.b.c`,
/// else the variable `a.b` with the field `c` selected, else `a` with `b` and `c` selected.
/// Comprehension variables shadow declared names.
enum NameResolution {
    /// The dotted path of a chain of (non-test) selects rooted at an identifier: `a.b.c` → `["a", "b", "c"]`.
    static func path(of expression: Expression) -> [String]? {
        var fields: [String] = []
        var current = expression
        while true {
            switch current.kind {
            case .identifier(let name):
                fields.append(name)
                return fields.reversed()
            case .select(let operand, let field, let testOnly):
                if testOnly { return nil }
                fields.append(field)
                current = operand
            default:
                return nil
            }
        }
    }

    /// The longest declared prefix of `path`: its slot, the declared name and how many path elements it covers.
    static func resolve(_ path: [String], in declarations: Declarations) -> (slot: Int, name: String, length: Int)? {
        var length = path.count
        while length > 0 {
            let name = length == 1 ? path[0] : path[0..<length].joined(separator: ".")
            if let slot = declarations.slot(of: name) { return (slot, name, length) }
            length -= 1
        }
        return nil
    }

    /// The declared name nearest to `name` by edit distance, when it is close enough to be a likely typo.
    static func suggestion(for name: String, among candidates: [String]) -> String? {
        var best: (name: String, distance: Int)?
        let limit = max(1, min(3, name.count / 3 + 1))
        for candidate in candidates where candidate != name {
            let distance = editDistance(name, candidate, limit: limit)
            if distance <= limit && (best == nil || distance < best!.distance) {
                best = (candidate, distance)
            }
        }
        return best?.name
    }

    /// Levenshtein distance, stopping early once it exceeds `limit`.
    static func editDistance(_ left: String, _ right: String, limit: Int) -> Int {
        let a = Array(left.unicodeScalars)
        let b = Array(right.unicodeScalars)
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
