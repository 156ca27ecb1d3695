import Foundation

/// Exponential backoff with full jitter, and `Retry-After` reading.
enum RetrySchedule {
    /// The wait before retry number `retry` (0 for the first): a random time between zero and
    /// `min(maximum, base × 2^retry)` ("full jitter").
    static func delay(retry: Int, base: Double, maximum: Double) -> Double {
        let ceiling = min(maximum, base * pow(2, Double(min(retry, 30))))
        guard ceiling > 0 else { return 0 }
        return Double.random(in: 0...ceiling)
    }

    /// A `Retry-After` header's wait in seconds: a number of seconds or an HTTP date.
    static func retryAfter(_ value: String?, now: Date = Date()) -> Double? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value) { return max(0, seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }
}
