import Foundation

extension Delivery {
    /// What a message template sees: the body's members as the audience's lens let them out
    /// (an insight's `id`, `goal`, `priority`, `score`, `subject`, …; a digest's `audience`,
    /// `period`, `count`, `insights`), and `delivery` — `id`, `audience`, `kind`, `attempt`,
    /// `is_digest`, `insights`. A body that is not a JSON object gives only `delivery`.
    public var templateContext: [String: Any] {
        var context = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
        context["delivery"] = [
            "id": id, "audience": audience, "kind": kind.rawValue, "attempt": attempt, "is_digest": kind == .digest, "insights": insights,
        ] as [String: Any]
        return context
    }
}
