import Foundation
import NIOSSL
import XIPluginAPI

/// The `email` action's validated options.
public struct EmailSettings: Sendable {
    /// When to encrypt a `smtp://` session.
    public enum StartTLS: String, Sendable {
        /// When the server offers STARTTLS (the default).
        case whenOffered = "when_offered"
        /// Always: a server that does not offer it is an error.
        case required
        /// Never (a server on a trusted network that offers a broken TLS).
        case never
    }

    /// The server's host.
    public var host: String
    /// Its port (587 for `smtp`, 465 for `smtps`, unless the URL says).
    public var port: Int
    /// `smtps`: TLS from the first byte.
    public var implicitTLS: Bool
    /// The login, when the URL gives one.
    public var user: String?
    /// The password, when the URL gives one.
    public var password: String?
    /// STARTTLS policy for `smtp`.
    public var startTLS: StartTLS
    /// Whether a password may go over an unencrypted session.
    public var allowsPlainAuthentication: Bool
    /// A PEM file of certificate authorities to trust (a private CA), besides the system's.
    public var certificateAuthorities: String?
    /// The sender address.
    public var from: String
    /// The recipients.
    public var to: [String]
    /// The name given in EHLO.
    public var heloName: String
    /// The longest wait for each step of a session (`timeout`), tries after the first for a
    /// transient failure (`retries`), and the first retry's wait (`backoff`).
    public var policy: RetryPolicy

    /// Reads the options. `smtp_url` is a secret (it may carry the password): messages never show it.
    public init(_ context: PluginContext) throws(PluginError) {
        let name = context.name
        do {
            guard let text = try context.string("smtp_url"),
                  let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), scheme == "smtp" || scheme == "smtps",
                  let host = url.host, !host.isEmpty
            else {
                throw PluginError("option 'smtp_url' of '\(name)' must be smtp://[user:password@]host[:port] or smtps://…")
            }
            self.host = host
            implicitTLS = scheme == "smtps"
            port = url.port ?? (implicitTLS ? 465 : 587)
            user = url.user?.removingPercentEncoding
            password = url.password?.removingPercentEncoding
            let tlsPolicy = try context.string("starttls") ?? "when_offered"
            guard let startTLS = StartTLS(rawValue: tlsPolicy) else {
                throw PluginError("option 'starttls' of '\(name)' is '\(tlsPolicy)'; use when_offered, required or never")
            }
            self.startTLS = startTLS
            if case .boolean(let flag)? = context.options["allow_insecure_auth"] { allowsPlainAuthentication = flag } else { allowsPlainAuthentication = false }
            certificateAuthorities = try context.path("ca_file")
            guard let from = try context.string("from"), from.contains("@") else {
                throw PluginError("option 'from' of '\(name)' must be the sender's address (xi@bank.example)")
            }
            self.from = from
            to = try context.stringList("to") ?? []
            guard !to.isEmpty, to.allSatisfy({ $0.contains("@") && !$0.contains(where: { "\r\n<>".contains($0) }) }) else {
                throw PluginError("option 'to' of '\(name)' must list recipients' addresses")
            }
            heloName = try context.string("helo") ?? "xi.localhost"
            policy = try RetryPolicy(context, timeout: 30, retries: 3, backoffOption: "backoff")
        } catch let error as PluginError {
            throw error
        } catch {
            throw PluginError("\(error)")
        }
        if let certificateAuthorities, !FileManager.default.fileExists(atPath: certificateAuthorities) {
            throw PluginError("option 'ca_file' of '\(name)': no such file \(certificateAuthorities)")
        }
    }

    /// The TLS client context: the system's trust roots, plus `ca_file` when given.
    func makeTLSContext() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let certificateAuthorities {
            configuration.additionalTrustRoots = [.file(certificateAuthorities)]
        }
        return try NIOSSLContext(configuration: configuration)
    }
}
