import Shared
import Testing

@testable import DataPlane

@Suite struct ProxyStatusTests {
    @Test func configShowsTheSnapshotWithoutCertificateKeys() throws {
        let status = ProxyStatus()
        #expect(status.redactedSnapshot == nil)
        let snapshot =
            #"{"version": "3.1", "routes": {"web": {}}, "#
            + #""certificates": {"api": {"cert_pem": "CERT", "key_pem": "-----BEGIN PRIVATE KEY-----secret"}}}"#
        status.show(snapshot: Array(snapshot.utf8))
        let shown = String(decoding: try #require(status.redactedSnapshot), as: UTF8.self)
        #expect(shown.contains(#""version":"3.1""#))
        #expect(shown.contains(#""cert_pem":"CERT""#))
        #expect(shown.contains(#""key_pem":"[redacted]""#))
        #expect(!shown.contains("secret"))
    }
}
