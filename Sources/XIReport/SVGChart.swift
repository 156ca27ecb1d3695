import XIRuntime

/// Small inline SVG charts: no script, no external asset, readable without colour (titles and labels).
enum SVGChart {
    /// Colours for series, in order (colour-blind friendly, after Okabe and Ito).
    static let palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

    /// A line over `points` (nil: a gap) with a dashed `target` line; x labels are the first and last `labels`.
    static func line(points: [Double?], labels: [String], target: Double?, unit: String, title: String, width: Double = 320, height: Double = 120) -> String {
        // A sparkline (small height) has no axis labels.
        let labelled = height >= 60
        let left = labelled ? 40.0 : 2.0, right = labelled ? 8.0 : 2.0, top = labelled ? 8.0 : 2.0, bottom = labelled ? 20.0 : 2.0
        let values = points.compactMap { $0 } + (target.map { [$0] } ?? [])
        guard !values.isEmpty else {
            return "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTMLText.escape(title)): no data\"><text x=\"\(Int(width / 2))\" y=\"\(Int(height / 2))\" text-anchor=\"middle\" class=\"muted\">no data</text></svg>"
        }
        var low = values.min()!, high = values.max()!
        if low == high { low -= 1; high += 1 }
        let margin = (high - low) * 0.1
        low -= margin
        high += margin
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func x(_ index: Int) -> Double { left + (points.count > 1 ? plotWidth * Double(index) / Double(points.count - 1) : plotWidth / 2) }
        func y(_ value: Double) -> Double { top + plotHeight * (1 - (value - low) / (high - low)) }
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTMLText.escape(title))\">"
        svg += "<title>\(HTMLText.escape(title))</title>"
        svg += "<line x1=\"\(Int(left))\" y1=\"\(HTMLText.coordinate(top + plotHeight))\" x2=\"\(HTMLText.coordinate(width - right))\" y2=\"\(HTMLText.coordinate(top + plotHeight))\" class=\"axis\"/>"
        if labelled {
            svg += "<text x=\"\(Int(left - 4))\" y=\"\(HTMLText.coordinate(top + 8))\" text-anchor=\"end\" class=\"tick\">\(HTMLText.escape(format(high - margin) + unit))</text>"
            svg += "<text x=\"\(Int(left - 4))\" y=\"\(HTMLText.coordinate(top + plotHeight))\" text-anchor=\"end\" class=\"tick\">\(HTMLText.escape(format(low + margin) + unit))</text>"
        }
        if let target {
            svg += "<line x1=\"\(Int(left))\" y1=\"\(HTMLText.coordinate(y(target)))\" x2=\"\(HTMLText.coordinate(width - right))\" y2=\"\(HTMLText.coordinate(y(target)))\" class=\"target\"><title>target \(HTMLText.escape(format(target) + unit))</title></line>"
        }
        // One path per run of points without a gap.
        var runs: [[(Int, Double)]] = [[]]
        for (index, point) in points.enumerated() {
            if let point { runs[runs.count - 1].append((index, point)) } else if !runs[runs.count - 1].isEmpty { runs.append([]) }
        }
        for run in runs where !run.isEmpty {
            let path = run.enumerated().map { offset, point in (offset == 0 ? "M" : "L") + HTMLText.coordinate(x(point.0)) + " " + HTMLText.coordinate(y(point.1)) }.joined(separator: " ")
            svg += "<path d=\"\(path)\" class=\"series\"/>"
        }
        for (index, point) in points.enumerated() {
            guard let point else { continue }
            let label = index < labels.count ? labels[index] + ": " : ""
            svg += "<circle cx=\"\(HTMLText.coordinate(x(index)))\" cy=\"\(HTMLText.coordinate(y(point)))\" r=\"\(labelled ? "2.5" : "0.8")\" class=\"dot\"><title>\(HTMLText.escape(label + format(point) + unit))</title></circle>"
        }
        if let first = labels.first, let last = labels.last {
            svg += "<text x=\"\(Int(left))\" y=\"\(Int(height - 4))\" class=\"tick\">\(HTMLText.escape(first))</text>"
            svg += "<text x=\"\(HTMLText.coordinate(width - right))\" y=\"\(Int(height - 4))\" text-anchor=\"end\" class=\"tick\">\(HTMLText.escape(last))</text>"
        }
        return svg + "</svg>"
    }

    /// Stacked bars: one bar per label (a day), one colour per series, with a legend.
    static func stackedBars(labels: [String], series: [(name: String, values: [Int])], title: String, width: Double = 720, height: Double = 180) -> String {
        let left = 40.0, right = 8.0, top = 8.0, bottom = 20.0
        let totals = labels.indices.map { index in series.reduce(0) { $0 + (index < $1.values.count ? $1.values[index] : 0) } }
        let highest = max(1, totals.max() ?? 1)
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let slot = plotWidth / Double(max(1, labels.count))
        let barWidth = min(24, max(1, slot * 0.8))
        var svg = "<svg class=\"chart wide\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTMLText.escape(title))\"><title>\(HTMLText.escape(title))</title>"
        svg += "<line x1=\"\(Int(left))\" y1=\"\(HTMLText.coordinate(top + plotHeight))\" x2=\"\(HTMLText.coordinate(width - right))\" y2=\"\(HTMLText.coordinate(top + plotHeight))\" class=\"axis\"/>"
        svg += "<text x=\"\(Int(left - 4))\" y=\"\(HTMLText.coordinate(top + 8))\" text-anchor=\"end\" class=\"tick\">\(HTMLText.count(highest))</text>"
        svg += "<text x=\"\(Int(left - 4))\" y=\"\(HTMLText.coordinate(top + plotHeight))\" text-anchor=\"end\" class=\"tick\">0</text>"
        for index in labels.indices {
            var base = top + plotHeight
            for (number, entry) in series.enumerated() {
                let value = index < entry.values.count ? entry.values[index] : 0
                guard value > 0 else { continue }
                let barHeight = plotHeight * Double(value) / Double(highest)
                base -= barHeight
                svg += "<rect x=\"\(HTMLText.coordinate(left + slot * Double(index) + (slot - barWidth) / 2))\" y=\"\(HTMLText.coordinate(base))\" width=\"\(HTMLText.coordinate(barWidth))\" height=\"\(HTMLText.coordinate(barHeight))\" fill=\"\(palette[number % palette.count])\"><title>\(HTMLText.escape("\(labels[index]) · \(entry.name): \(HTMLText.count(value))"))</title></rect>"
            }
        }
        if let first = labels.first, let last = labels.last {
            svg += "<text x=\"\(Int(left))\" y=\"\(Int(height - 4))\" class=\"tick\">\(HTMLText.escape(first))</text>"
            svg += "<text x=\"\(HTMLText.coordinate(width - right))\" y=\"\(Int(height - 4))\" text-anchor=\"end\" class=\"tick\">\(HTMLText.escape(last))</text>"
        }
        return svg + "</svg>" + legend(series.map(\.name))
    }

    /// A legend of coloured names.
    static func legend(_ names: [String]) -> String {
        "<p class=\"legend\">" + names.enumerated().map { number, name in
            "<span><i style=\"background:\(palette[number % palette.count])\"></i>\(HTMLText.escape(name))</span>"
        }.joined(separator: " ") + "</p>"
    }

    /// Horizontal bars for named counts, largest first.
    static func bars(_ entries: [(name: String, count: Int)], title: String, width: Double = 360) -> String {
        let rowHeight = 18.0, labelWidth = 170.0
        let height = max(rowHeight, rowHeight * Double(entries.count))
        let highest = max(1, entries.map(\.count).max() ?? 1)
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTMLText.escape(title))\"><title>\(HTMLText.escape(title))</title>"
        for (index, entry) in entries.enumerated() {
            let y = rowHeight * Double(index)
            let barWidth = max(1, (width - labelWidth - 60) * Double(entry.count) / Double(highest))
            svg += "<text x=\"\(Int(labelWidth - 6))\" y=\"\(HTMLText.coordinate(y + 13))\" text-anchor=\"end\" class=\"label\">\(HTMLText.escape(entry.name))</text>"
            svg += "<rect x=\"\(Int(labelWidth))\" y=\"\(HTMLText.coordinate(y + 3))\" width=\"\(HTMLText.coordinate(barWidth))\" height=\"12\" fill=\"\(palette[0])\"><title>\(HTMLText.escape("\(entry.name): \(HTMLText.count(entry.count))"))</title></rect>"
            svg += "<text x=\"\(HTMLText.coordinate(labelWidth + barWidth + 4))\" y=\"\(HTMLText.coordinate(y + 13))\" class=\"label\">\(HTMLText.count(entry.count))</text>"
        }
        return svg + "</svg>"
    }

    /// A number as the KPIs are shown.
    static func format(_ number: Double) -> String { KPIResult.format(number) }
}
