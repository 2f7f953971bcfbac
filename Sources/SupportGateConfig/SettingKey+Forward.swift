import BusinessCalendar
import SupportGateFiling
import TOMLDocument

extension SettingKey {
    /// Text where `""` means "not set" (`forward.since`, `forward.caFile`): the contract's
    /// example writes the empty string for both.
    static func optionalText(_ name: String, _ path: WritableKeyPath<GateConfiguration, String?>, allowed: String, doc: String,
                             resolvesPath: Bool = false, check: @escaping (String) -> String?) -> SettingKey {
        SettingKey(name: name, kind: resolvesPath ? .path : .text(allowed: allowed), doc: doc, decides: false, defaultNote: nil,
                   applyDefault: { $0[keyPath: path] = nil },
                   read: { entry, configuration, reader, base in
                       guard let text = reader.string(entry, name) else { return }
                       guard !text.isEmpty else {
                           configuration[keyPath: path] = nil
                           return
                       }
                       if let problem = check(text) { reader.fail(entry.node.position, name, problem) }
                       configuration[keyPath: path] = resolvesPath ? ConfigurationParser.resolve(text, against: base) : text
                   },
                   show: { quoted($0[keyPath: path] ?? "") })
    }

    /// One base URL of one cloud (`forward.endpoints.<cloud>.<which>`), defaulting to
    /// Microsoft's published one.
    static func endpoint(_ cloud: String, _ leaf: String, doc: String) -> SettingKey {
        let name = "forward.endpoints.\(cloud).\(leaf)"
        let cloudPath: WritableKeyPath<ForwardSettings.CloudEndpoints, MicrosoftEndpoints> = switch cloud {
        case "usgov": \.usgov
        case "germany": \.germany
        default: \.publicCloud
        }
        let which: WritableKeyPath<MicrosoftEndpoints, String> = switch leaf {
        case "authority": \.authority
        case "azure": \.azure
        default: \.partnerCenter
        }
        let endpoints: WritableKeyPath<GateConfiguration, ForwardSettings.CloudEndpoints> = \.forward.endpoints
        let inCloud: WritableKeyPath<GateConfiguration, MicrosoftEndpoints> = endpoints.appending(path: cloudPath)
        let full: WritableKeyPath<GateConfiguration, String> = inCloud.appending(path: which)
        let standard = MicrosoftEndpoints.defaults(cloud: cloud)?[keyPath: which] ?? ""
        return SettingKey(name: name, kind: .text(allowed: "an `https://` URL (`http://` for a local test double)"), doc: doc, decides: false, defaultNote: nil,
                          applyDefault: { $0[keyPath: full] = standard },
                          read: { entry, configuration, reader, _ in
                              guard let text = reader.string(entry, name) else { return }
                              if let problem = urlProblem(text) {
                                  reader.fail(entry.node.position, name, problem)
                              } else {
                                  configuration[keyPath: full] = text.hasSuffix("/") ? String(text.dropLast()) : text
                              }
                          },
                          show: { quoted($0[keyPath: full]) })
    }

    static func urlProblem(_ text: String) -> String? {
        guard text.hasPrefix("https://") || text.hasPrefix("http://"), text.count > 8, !text.contains(" "), !text.contains("?") else {
            return "must be a base URL such as \"https://management.azure.com\" (no query, no spaces)"
        }
        return nil
    }

    static func rfc3339Problem(_ text: String) -> String? {
        Timestamp.parseRFC3339(text) == nil ? "must be an RFC 3339 time such as \"2026-12-01T00:00:00Z\", or \"\" for the first run per partner" : nil
    }
}
