import Testing

@testable import DataPlane
