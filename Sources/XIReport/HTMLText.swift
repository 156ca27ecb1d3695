import Foundation
import XIExpression

/// Text made safe for HTML and SVG, and the little formatting the report needs.
enum HTMLText {
    /// `text` with `&`, `<`, `>`, `"` and `'` escaped.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// The UTC date (`2026-03-01`) of a day counted from 1970-01-01.
    static func date(ofDay day: Int64) -> String {
        String((TimestampValue(seconds: day * 86_400)?.description ?? "").prefix(10))
    }

    /// The day counted from 1970-01-01 of a UTC date (`2026-03-01`); nil when it is not one.
    static func day(ofDate text: String) -> Int64? {
        TimestampValue(parsing: text + "T00:00:00Z").map { $0.seconds >= 0 ? $0.seconds / 86_400 : ($0.seconds - 86_399) / 86_400 }
    }

    /// A count with thousands separators: `12,345`.
    static func count(_ number: Int) -> String {
        let digits = String(abs(number))
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped += "," }
            grouped.append(digit)
        }
        return (number < 0 ? "-" : "") + grouped
    }

    /// A number for an SVG coordinate: at most one decimal.
    static func coordinate(_ number: Double) -> String {
        let rounded = (number * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int64(rounded)) : String(rounded)
    }
}
