import Foundation
import Testing
import XIPluginAPI
@testable import XIWebhookAction

@Suite struct RetryScheduleTests {
    @Test func waitsAreFullJitterUnderADoublingCap() {
        for retry in 0..<8 {
            let ceiling = min(4, 0.5 * pow(2, Double(retry)))
            for _ in 0..<200 {
                let wait = RetrySchedule.delay(retry: retry, base: 0.5, maximum: 4)
                #expect(wait >= 0 && wait <= ceiling)
            }
        }
        // Full jitter spreads the waits out instead of repeating one value.
        let waits = Set((0..<50).map { _ in RetrySchedule.delay(retry: 3, base: 0.5, maximum: 30) })
        #expect(waits.count > 10)
        #expect(RetrySchedule.delay(retry: 1_000, base: 0.5, maximum: 30) <= 30)
        #expect(RetrySchedule.delay(retry: 2, base: 0, maximum: 30) == 0)
    }

    @Test func readsRetryAfterInSecondsOrAsADate() {
        #expect(RetrySchedule.retryAfter("120") == 120)
        #expect(RetrySchedule.retryAfter(" 0 ") == 0)
        #expect(RetrySchedule.retryAfter(nil) == nil)
        #expect(RetrySchedule.retryAfter("soon") == nil)
        let now = Date(timeIntervalSince1970: 1_777_000_000)  // Fri, 24 Apr 2026 03:06:40 GMT
        #expect(RetrySchedule.retryAfter("Fri, 24 Apr 2026 03:07:40 GMT", now: now) == 60)
        #expect(RetrySchedule.retryAfter("Fri, 24 Apr 2026 03:00:00 GMT", now: now) == 0)
    }

    @Test func parsesDurations() {
        #expect(PluginContext.parseDuration("500ms") == 0.5)
        #expect(PluginContext.parseDuration("10s") == 10)
        #expect(PluginContext.parseDuration("0.25s") == 0.25)
        #expect(PluginContext.parseDuration("2m") == 120)
        #expect(PluginContext.parseDuration("1h") == 3_600)
        #expect(PluginContext.parseDuration("3") == 3)
        #expect(PluginContext.parseDuration("soon") == nil)
    }
}
