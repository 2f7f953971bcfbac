/// The gate's version, in one place: `supportgate --version` prints it, and
/// `Scripts/package.sh` names the Debian package after it (it reads this line).
public enum GateVersion {
    public static let current = "0.20.0"
}
