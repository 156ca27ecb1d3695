import Testing
import XIExpression
import XIPluginAPI
import XIPluginTesting

/// The detector check catches the mistakes it promises to catch.
@Suite struct DetectorConformanceTests {
    /// Raises on a subject's second survey, optionally remembering only within one batch.
    struct SecondSurvey: Detector {
        var remembersAcrossBatches = true
        var strength = 1.0
        var eventKinds: Set<String> { [] }

        func detect(_ events: [Event], schema: EventSchema, state: inout DetectorState, into signals: inout [Signal]) {
            var local: [Subject: String] = [:]
            for event in events {
                guard let subject = event.subject else { continue }
                let seen = remembersAcrossBatches ? state[subject] : local[subject]
                if seen != nil {
                    signals.append(Signal(name: "second", subject: subject, time: event.time, strength: strength, evidence: [event.id]))
                }
                if remembersAcrossBatches { state[subject] = event.id } else { local[subject] = event.id }
            }
        }
    }

    let events = (0..<14).map(Fixtures.event)

    @Test func aDetectorThatRemembersAcrossBatchesConforms() {
        let failures = DetectorConformance.check(detector: SecondSurvey(), events: events, schema: Fixtures.schema)
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func memoryKeptOnlyWithinABatchIsCaught() {
        let failures = DetectorConformance.check(detector: SecondSurvey(remembersAcrossBatches: false), events: events, schema: Fixtures.schema)
        #expect(failures.contains { $0.contains("one batch each, memory carried, gave other signals") }, "\(failures)")
    }

    @Test func aStrengthOutsideZeroToOneIsCaught() {
        let failures = DetectorConformance.check(detector: SecondSurvey(strength: 2), events: events, schema: Fixtures.schema)
        #expect(failures.contains { $0.contains("outside 0 … 1") }, "\(failures)")
    }
}
