import Testing

@testable import Shared

@Test func versionIsSemantic() {
    #expect(BuildInfo.version.split(separator: ".").count == 3)
}
