/// Whom a goal's evidence and insights are about.
public enum SubjectKind: String, Sendable, Hashable, CaseIterable {
    /// A customer (the default).
    case customer
    /// A contact-centre agent.
    case agent
    /// A customer journey, such as online account opening.
    case journey
    /// A product.
    case product
}
