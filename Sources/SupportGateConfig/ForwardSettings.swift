import BusinessCalendar
import SupportGateFiling

/// `[forward]`: what `supportgate forward` needs (contract §8), plus what a production
/// daemon needs besides (its state folder, a status request budget). Read by the forwarder
/// alone; not part of `configRevision`.
public struct ForwardSettings: Sendable, Hashable {
    /// The folder of `<partnerTenantId>.json` credentials files (without systemd's
    /// `LoadCredential=`).
    public var credentials: String
    /// Extra PEM trust anchors; nil: the system's alone.
    public var caFile: String?
    public var concurrency: Int
    public var perPartnerConcurrency: Int
    public var statusIntervalMinutes: Int
    /// RFC 3339; nil: for each partner, when the forwarder first ran for it.
    public var since: String?
    /// Where the forwarder keeps what is its own (first-run times, link requests, rotated
    /// refresh tokens); `$STATE_DIRECTORY` overrides it under systemd.
    public var stateDirectory: String
    /// Status requests (Azure GETs and Partner Center GETs) per minute, all partners together.
    public var statusRequestsPerMinute: Int
    public var endpoints: CloudEndpoints

    /// `[forward.endpoints.<cloud>]` for the three clouds the directory names.
    public struct CloudEndpoints: Sendable, Hashable {
        public var publicCloud: MicrosoftEndpoints
        public var usgov: MicrosoftEndpoints
        public var germany: MicrosoftEndpoints

        public subscript(cloud: String) -> MicrosoftEndpoints? {
            switch cloud {
            case "public": publicCloud
            case "usgov": usgov
            case "germany": germany
            default: nil
            }
        }
    }

    /// `since` as a time; nil when not set (the check that it parses is the key's).
    public var sinceTimestamp: Timestamp? {
        since.flatMap(Timestamp.parseRFC3339)
    }

    static var unset: ForwardSettings {
        let empty = MicrosoftEndpoints(authority: "", azure: "", partnerCenter: "")
        return ForwardSettings(credentials: "", caFile: nil, concurrency: 0, perPartnerConcurrency: 0, statusIntervalMinutes: 0, since: nil,
                               stateDirectory: "", statusRequestsPerMinute: 0,
                               endpoints: CloudEndpoints(publicCloud: empty, usgov: empty, germany: empty))
    }
}
