/// Just enough of RFC 5321 to find the domain an address belongs to.
public enum EmailAddress {
    /// The lower-cased domain of "local@domain.tld", or nil if it is not of that shape.
    public static func domain(of address: String) -> String? {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[0].contains(where: \.isWhitespace) else { return nil }
        let domain = parts[1].lowercased()
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCIILetterOrDigit || $0 == "-" } }) else {
            return nil
        }
        return domain
    }

    /// `domain` is `owner` or one of its subdomains.
    public static func domain(_ domain: String, isWithin owner: String) -> Bool {
        domain == owner || domain.hasSuffix("." + owner)
    }
}
