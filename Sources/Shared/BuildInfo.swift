/// What this build of Gatehouse calls itself: printed by `gatehouse --version` and sent by data planes
/// to the control plane with every poll.
public enum BuildInfo {
    /// The release version, semantic versioning.
    public static let version = "0.1.0"
}
