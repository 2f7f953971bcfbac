/// Where one accepted draft stands with Microsoft (contract §8, a record's `state`).
public enum FilingState: String, Sendable, Hashable, CaseIterable {
    /// The forwarder has taken the draft and may have sent it; whether a ticket exists is
    /// found out by its name before anything is sent again.
    case pending
    /// Microsoft has the ticket: `ticketId` is its number.
    case filed
    /// Microsoft refused the request for good (a 4xx other than 401, 408 and 429, or an
    /// operation that ended `Failed`/`Canceled`): `lastError` says why.
    case rejectedByMicrosoft = "rejected-by-microsoft"
    /// A Partner Center request: no API creates it any more, so a person files it from the
    /// record's text and links it (`supportgate filed link`).
    case manual
}

/// Which API a submission goes to (the result's `submission.target`).
public enum FilingTarget: String, Sendable, Hashable, CaseIterable {
    case azureSupportAPI = "azure-support-api"
    case partnerCenter = "partner-center"
}
