/// Conformance cases (`file/section/name` in `../shared/conformance/cel/cases.json`) that are
/// deliberately outside xi's CEL subset, each with the reason. The conformance test fails when a
/// case not listed here fails, and when a listed case passes (so the list stays honest).
enum UnsupportedConformanceCases {
    static let reasons: [String: String] = [:]
}
