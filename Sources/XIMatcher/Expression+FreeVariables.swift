import XIExpression

extension Expression {
    /// The root names of the variables the expression reads, outside comprehension bindings,
    /// in first-use order: `profile.tier == 'gold' && nps < 7` reads `profile` and `nps`.
    public func freeVariables() -> [String] {
        var names: [String] = []
        var seen = Set<String>()
        collectFreeVariables(bound: [], names: &names, seen: &seen)
        return names
    }

    private func collectFreeVariables(bound: Set<String>, names: inout [String], seen: inout Set<String>) {
        switch kind {
        case .literal:
            break
        case .identifier(let name):
            let root = String(name.split(separator: ".", maxSplits: 1).first ?? Substring(name))
            if !bound.contains(root), seen.insert(root).inserted { names.append(root) }
        case .select(let operand, _, _):
            operand.collectFreeVariables(bound: bound, names: &names, seen: &seen)
        case .call(_, let target, let arguments):
            target?.collectFreeVariables(bound: bound, names: &names, seen: &seen)
            for argument in arguments { argument.collectFreeVariables(bound: bound, names: &names, seen: &seen) }
        case .list(let elements):
            for element in elements { element.collectFreeVariables(bound: bound, names: &names, seen: &seen) }
        case .map(let entries):
            for entry in entries {
                entry.key.collectFreeVariables(bound: bound, names: &names, seen: &seen)
                entry.value.collectFreeVariables(bound: bound, names: &names, seen: &seen)
            }
        case .comprehension(let comprehension):
            comprehension.range.collectFreeVariables(bound: bound, names: &names, seen: &seen)
            comprehension.initial.collectFreeVariables(bound: bound, names: &names, seen: &seen)
            let inner = bound.union([comprehension.iterationVariable, comprehension.accumulatorVariable])
            comprehension.condition.collectFreeVariables(bound: inner, names: &names, seen: &seen)
            comprehension.step.collectFreeVariables(bound: inner, names: &names, seen: &seen)
            comprehension.result.collectFreeVariables(bound: inner, names: &names, seen: &seen)
        }
    }
}
