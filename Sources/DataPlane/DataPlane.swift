import Shared

/// The data plane: the proxy deployed on every host.
public enum DataPlane {}
