#if canImport(Glibc)
import Glibc
#endif
import SupportGateLedger
import SupportGateSpool

/// A ledger that failed, as a batch's fault: logged as a ledger fault (LEDGER_FAULT), not
/// as a spool one, with the errno that says how the daemon backs off.
enum LedgerFault {
    static func spoolError(_ error: LedgerError) -> SpoolError {
        let (kind, errno): (String, Int32) =
            error.isReplaced ? ("file deleted or replaced", ESTALE)
            : error.isTimedOut ? ("timed out", ETIMEDOUT)
            : error.isUnavailable ? ("unavailable", ECONNREFUSED)
            : error.isResourceExhausted ? ("full", ENOSPC)
            : error.isBusy ? ("busy", EBUSY)
            : ("error", EIO)
        return SpoolError("cannot record incidents in the ledger: \(error.message)", path: error.path, errno: errno, ledgerFault: kind)
    }
}
