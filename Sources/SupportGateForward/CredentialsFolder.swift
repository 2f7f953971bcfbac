#if canImport(Glibc)
import Glibc
#endif
import StrictJSON
import SupportGateCore
import SupportGateFiling
import SupportGateSpool
import SystemCalls

/// The partners' credentials files (contract §8): `<partnerTenantId>.json` with `clientId`,
/// `clientSecret` and, to follow Partner Center requests, `refreshToken`. Under systemd they
/// arrive through `LoadCredential=` in `$CREDENTIALS_DIRECTORY`, each named
/// `<credentialID>_<file>`; without it, from `forward.credentials`, where a file others may
/// read is refused, as the gate refuses a readable directory.
public struct CredentialsFolder: Sendable {
    /// The `LoadCredential=` id of the folder in systemd/supportgate-forward.service.
    public static let systemdCredentialID = "credentials"

    public let path: String
    /// The prefix systemd puts before each file's name ("credentials_"), "" without systemd.
    public let prefix: String
    /// Whether the files must be the forwarder's alone (no systemd to see to it).
    public let checkPrivacy: Bool

    public init(path: String, prefix: String, checkPrivacy: Bool) {
        self.path = path
        self.prefix = prefix
        self.checkPrivacy = checkPrivacy
    }

    /// `$CREDENTIALS_DIRECTORY` when set, else the configured folder.
    public static func locate(configured: String, environment: [String: String]) -> CredentialsFolder {
        if let systemd = environment["CREDENTIALS_DIRECTORY"], !systemd.isEmpty {
            return CredentialsFolder(path: systemd, prefix: systemdCredentialID + "_", checkPrivacy: false)
        }
        return CredentialsFolder(path: configured, prefix: "", checkPrivacy: true)
    }

    /// A file that was not taken, and why (never with a secret in it).
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public let file: String
        public let message: String
        public var description: String { "\(file): \(message)" }
    }

    public struct Loaded: Sendable {
        public var partners: [String: PartnerCredentials] = [:]
        public var problems: [Problem] = []
    }

    public func load() -> Loaded {
        var loaded = Loaded()
        let folder: DirectoryHandle
        do {
            folder = try DirectoryHandle(path: path)
        } catch {
            loaded.problems.append(Problem(file: path, message: "cannot open the credentials folder: \(error.kind)"))
            return loaded
        }
        for name in folder.names(limit: 100_000, where: { !$0.isHidden && $0.hasPrefix(prefix) && $0.hasSuffix(".json") }) {
            let text = name.description
            let tenant = String(text.dropFirst(prefix.count).dropLast(".json".count))
            let file = "\(path)/\(text)"
            guard let guid = TenantGUID(tenant), guid.description == tenant.lowercased() else {
                loaded.problems.append(Problem(file: file, message: "the name is not <partnerTenantId>.json"))
                continue
            }
            switch read(folder, name, partner: guid.description) {
            case .success(let credentials): loaded.partners[guid.description] = credentials
            case .failure(let problem): loaded.problems.append(Problem(file: file, message: problem.message))
            }
        }
        return loaded
    }

    private func read(_ folder: DirectoryHandle, _ name: FileName, partner: String) -> Result<PartnerCredentials, Problem> {
        func problem(_ message: String) -> Result<PartnerCredentials, Problem> { .failure(Problem(file: "", message: message)) }
        let descriptor: Int32
        do throws(SystemCallError) {
            descriptor = try folder.openEntry(name)
        } catch {
            return problem("cannot open: \(error)")
        }
        defer { try? SystemCall.close(descriptor) }  // read only
        guard let status = try? SystemCall.fstat(descriptor), status.st_mode & S_IFMT == S_IFREG else { return problem("not a regular file") }
        if checkPrivacy {
            // With an ACL, the group bits are its mask: 0 means no named entry may read either.
            if status.st_mode & 0o077 != 0 {
                return problem("others may read it (mode \(String(status.st_mode & 0o777, radix: 8))); make it 0600 (chmod 600), as it holds a client secret")
            }
            if status.st_uid != geteuid(), status.st_uid != 0 {
                return problem("owned by uid \(status.st_uid), neither the forwarder nor root")
            }
        }
        guard let read = try? SizedRead.bytes(descriptor, limit: 64 * 1024), read.end == .endOfFile else { return problem("unreadable or larger than 64 KiB") }
        let object: JSONObject
        do {
            object = try JSONParser.parseObject(read.bytes)
        } catch {
            // The parser's message quotes no value, only where: no secret leaks through it.
            return problem("not a JSON object (line \(error.line), column \(error.column))")
        }
        for key in object.keys where !["clientId", "clientSecret", "refreshToken"].contains(key) {
            return problem("unknown key \"\(key)\"; a credentials file takes clientId, clientSecret and refreshToken")
        }
        guard let clientId = object["clientId"]?.stringValue, !clientId.isEmpty else { return problem("/clientId is missing or not a string") }
        guard let secret = object["clientSecret"]?.stringValue, !secret.isEmpty else { return problem("/clientSecret is missing or not a string") }
        var refresh: Secret?
        if let value = object["refreshToken"], !value.isNull {
            guard let text = value.stringValue, !text.isEmpty else { return problem("/refreshToken is not a string") }
            refresh = Secret(text)
        }
        return .success(PartnerCredentials(partnerTenantId: partner, clientId: clientId, clientSecret: Secret(secret), refreshToken: refresh))
    }
}
