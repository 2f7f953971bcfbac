import BusinessCalendar
#if canImport(Glibc)
import Glibc
#endif
import SupportGateCore

extension DraftIntake {
    /// The result of a poison draft (InFlightRecord): it was being decided at two abnormal
    /// exits of the gate, so it is not read again. Like a draft that could not be read it
    /// uses up no id and no incident, its result goes on its owner's shelf, and its original
    /// to quarantine/ for a person to look at.
    func poisoned(_ claim: FileName, at instant: Timestamp) -> PreparedDraft {
        let original = ClaimName.original(of: claim)
        let finding = Finding(.draftPoison,
                              "the gate stopped abnormally (crashed, was killed, or hung past its watchdog) twice while deciding this draft; it is not decided again, and its original is kept in quarantine/",
                              rule: .readFile,
                              remedy: "Do not drop this file again; ask the operator, who can find it in quarantine/ and report the fault. A corrected draft may use the same \"draftId\".")
        let result = evaluator.unreadable(finding, fallbackDraftId: DraftIdentifier.derive(fromFileName: original.description), at: instant)
        let uid = folders.processing.entryStatus(claim)?.st_uid
        var prepared = PreparedDraft(claim: claim, original: original, evaluation: .decided(result), uid: uid)
        prepared.shelf = .submitter(uid)
        return prepared
    }
}
