import Shared

/// The control plane: the registry of services, endpoints, routes and policies, kept in SQLite.
public enum ControlPlane {}
