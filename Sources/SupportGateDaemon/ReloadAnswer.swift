/// What a reload came to, for the journal, STATUS= and whoever waits for it (`supportgate reload`).
struct ReloadAnswer: Sendable, Equatable {
    let applied: Bool
    /// The revision in force afterwards: the new one, or the old one still.
    let configRevision: String
    let previousConfigRevision: String
    let error: String?

    /// Refused: the revision in force stays.
    static func refused(_ reason: String, keeping revision: String) -> ReloadAnswer {
        ReloadAnswer(applied: false, configRevision: revision, previousConfigRevision: revision, error: reason)
    }
}
