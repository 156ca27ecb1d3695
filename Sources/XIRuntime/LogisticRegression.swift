import Foundation

/// Logistic regression with a ridge penalty, fitted by Newton's method (iteratively reweighted
/// least squares): for the few signals of a goal, a handful of exact steps beat any learning rate.
public struct LogisticRegression: Sendable {
    /// The intercept.
    public var intercept: Double
    /// One coefficient per feature.
    public var coefficients: [Double]

    /// Fits `outcomes` (true: positive) on `features` (one row per example, one column per
    /// feature). `ridge` penalises the coefficients (not the intercept) to keep them finite when a
    /// feature separates the classes or is never seen.
    public static func fit(features: [[Double]], outcomes: [Bool], ridge: Double = 1, iterations: Int = 50) -> LogisticRegression {
        let width = (features.first?.count ?? 0) + 1
        var beta = [Double](repeating: 0, count: width)
        let positives = Double(outcomes.filter { $0 }.count)
        let rate = min(max(positives / Double(max(1, outcomes.count)), 1e-6), 1 - 1e-6)
        beta[0] = log(rate / (1 - rate))
        for _ in 0..<iterations {
            var gradient = [Double](repeating: 0, count: width)
            var hessian = [[Double]](repeating: [Double](repeating: 0, count: width), count: width)
            for (row, outcome) in zip(features, outcomes) {
                let x = [1] + row
                let p = probability(x, beta)
                let residual = (outcome ? 1 : 0) - p
                let weight = max(p * (1 - p), 1e-9)
                for i in 0..<width {
                    gradient[i] += residual * x[i]
                    guard x[i] != 0 else { continue }
                    for j in i..<width where x[j] != 0 { hessian[i][j] += weight * x[i] * x[j] }
                }
            }
            for i in 0..<width {
                for j in 0..<i { hessian[i][j] = hessian[j][i] }
                if i > 0 {
                    gradient[i] -= ridge * beta[i]
                    hessian[i][i] += ridge
                }
                hessian[i][i] += 1e-9
            }
            guard let step = solve(hessian, gradient) else { break }
            var largest = 0.0
            for i in 0..<width {
                beta[i] += step[i]
                largest = max(largest, abs(step[i]))
            }
            if largest < 1e-8 { break }
        }
        return LogisticRegression(intercept: beta[0], coefficients: Array(beta.dropFirst()))
    }

    /// The probability of a positive outcome for one example.
    public func probability(_ features: [Double]) -> Double {
        Self.probability([1] + features, [intercept] + coefficients)
    }

    static func probability(_ x: [Double], _ beta: [Double]) -> Double {
        var logit = 0.0
        for (value, coefficient) in zip(x, beta) { logit += value * coefficient }
        return 1 / (1 + exp(-logit))
    }

    /// Solves `matrix · x = vector` by Gaussian elimination with partial pivoting; nil when singular.
    static func solve(_ matrix: [[Double]], _ vector: [Double]) -> [Double]? {
        var a = matrix
        var b = vector
        let n = b.count
        for column in 0..<n {
            guard let pivot = (column..<n).max(by: { abs(a[$0][column]) < abs(a[$1][column]) }), abs(a[pivot][column]) > 1e-12 else { return nil }
            a.swapAt(column, pivot)
            b.swapAt(column, pivot)
            for row in (column + 1)..<n where a[row][column] != 0 {
                let factor = a[row][column] / a[column][column]
                for k in column..<n { a[row][k] -= factor * a[column][k] }
                b[row] -= factor * b[column]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = b[row]
            for k in (row + 1)..<n { sum -= a[row][k] * x[k] }
            x[row] = sum / a[row][row]
        }
        return x
    }

    /// The area under the ROC curve of `scores` against `outcomes`: the chance that a positive
    /// example scores above a negative one (ties count half). Nil without both classes.
    public static func areaUnderCurve(scores: [Double], outcomes: [Bool]) -> Double? {
        let positives = outcomes.filter { $0 }.count
        let negatives = outcomes.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        // Mann–Whitney U from ranks, averaging ranks over ties.
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var ranks = [Double](repeating: 0, count: scores.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && scores[order[end + 1]] == scores[order[start]] { end += 1 }
            let rank = Double(start + end) / 2 + 1
            for position in start...end { ranks[order[position]] = rank }
            start = end + 1
        }
        let positiveRanks = zip(ranks, outcomes).filter { $0.1 }.reduce(0) { $0 + $1.0 }
        let u = positiveRanks - Double(positives * (positives + 1)) / 2
        return u / Double(positives * negatives)
    }
}
