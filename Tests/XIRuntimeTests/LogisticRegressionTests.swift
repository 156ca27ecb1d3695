import Foundation
import Testing
import XIRuntime
import XIWorkloads

/// The fit against known coefficients, and the AUC against hand-worked cases.
@Suite struct LogisticRegressionTests {
    @Test func recoversTheCoefficientsOfTheDataItWasDrawnFrom() {
        // Two count features; the truth: logit = -2 + 1.5 a + 0.0 b.
        var generator = SeededGenerator(seed: 42)
        var features: [[Double]] = []
        var outcomes: [Bool] = []
        for _ in 0..<20_000 {
            let a = Double(generator.next() % 3), b = Double(generator.next() % 3)
            let p = 1 / (1 + exp(-(-2 + 1.5 * a + 0 * b)))
            features.append([a, b])
            outcomes.append(Double(generator.next() % 1_000_000) / 1_000_000 < p)
        }
        let model = LogisticRegression.fit(features: features, outcomes: outcomes, ridge: 0.01)
        #expect(abs(model.intercept + 2) < 0.15, "intercept \(model.intercept)")
        #expect(abs(model.coefficients[0] - 1.5) < 0.15, "a \(model.coefficients[0])")
        #expect(abs(model.coefficients[1]) < 0.1, "b \(model.coefficients[1])")
    }

    @Test func aSeparatingFeatureStaysFiniteUnderTheRidge() {
        let model = LogisticRegression.fit(features: [[0], [0], [1], [1]], outcomes: [false, false, true, true])
        #expect(model.coefficients[0].isFinite && model.coefficients[0] > 0)
        #expect(model.probability([1]) > 0.5 && model.probability([0]) < 0.5)
    }

    @Test func areaUnderCurveCountsPairsAndTiesHalf() {
        #expect(LogisticRegression.areaUnderCurve(scores: [0.1, 0.4, 0.35, 0.8], outcomes: [false, false, true, true]) == 0.75)
        #expect(LogisticRegression.areaUnderCurve(scores: [1, 2, 3], outcomes: [false, true, true]) == 1)
        #expect(LogisticRegression.areaUnderCurve(scores: [3, 2, 1], outcomes: [false, true, true]) == 0)
        #expect(LogisticRegression.areaUnderCurve(scores: [1, 1, 1, 1], outcomes: [false, true, false, true]) == 0.5)
        #expect(LogisticRegression.areaUnderCurve(scores: [1, 2], outcomes: [true, true]) == nil)
    }
}
