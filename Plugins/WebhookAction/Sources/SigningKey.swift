import Crypto
import Foundation

/// A webhook signing key, following the Standard Webhooks convention.
///
/// A secret written `whsec_<base64>` is the base64-decoded bytes; any other secret is its UTF-8
/// bytes. The key never appears in a description, a log or an error message.
public struct SigningKey: Sendable, CustomStringConvertible {
    private let keyBytes: [UInt8]

    /// Reads a secret; nil when it starts with `whsec_` but the rest is not base64, or is empty.
    public init?(secret: String) {
        if secret.hasPrefix("whsec_") {
            guard let bytes = Data(base64Encoded: String(secret.dropFirst("whsec_".count))), !bytes.isEmpty else { return nil }
            keyBytes = Array(bytes)
        } else {
            guard !secret.isEmpty else { return nil }
            keyBytes = Array(secret.utf8)
        }
    }

    /// The `webhook-signature` header's value: `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`.
    public func signature(id: String, timestamp: Int, body: [UInt8]) -> String {
        var message = Data("\(id).\(timestamp).".utf8)
        message.append(contentsOf: body)
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: keyBytes))
        return "v1," + Data(code).base64EncodedString()
    }

    /// Never the key.
    public var description: String { "SigningKey(redacted)" }
}
