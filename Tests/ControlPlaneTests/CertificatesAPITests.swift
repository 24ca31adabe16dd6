import Foundation
import Shared
import Testing

@testable import ControlPlane

/// A self-signed EC P-256 certificate for `api.example.test` and `*.example.test`, valid for a century, with
/// its key, and the key of another certificate.
enum CertificateFixtures {
    static let certificate = """
        -----BEGIN CERTIFICATE-----
        MIIBuzCCAWGgAwIBAgIUKGQOo54Rngb2Ea4DKniRQBiYHg8wCgYIKoZIzj0EAwIw
        GzEZMBcGA1UEAwwQYXBpLmV4YW1wbGUudGVzdDAgFw0yNjEyMDQwNzM2NDlaGA8y
        MTI2MTExMDA3MzY0OVowGzEZMBcGA1UEAwwQYXBpLmV4YW1wbGUudGVzdDBZMBMG
        ByqGSM49AgEGCCqGSM49AwEHA0IABHVmBeS7ujcIThtxkc965Kl+lr/7NocGfkWQ
        Gm3+8Q1js5WpJ6bex2vVzqspe/0+mWWuNDZB7REuqqD+BwF64fmjgYAwfjAdBgNV
        HQ4EFgQUa1knk4YZ+YJ5tWN09J0fAlQ9uLwwHwYDVR0jBBgwFoAUa1knk4YZ+YJ5
        tWN09J0fAlQ9uLwwDwYDVR0TAQH/BAUwAwEB/zArBgNVHREEJDAighBhcGkuZXhh
        bXBsZS50ZXN0gg4qLmV4YW1wbGUudGVzdDAKBggqhkjOPQQDAgNIADBFAiEA2eRH
        p5u7bHRH/tLkadcapOdxbZVQEtW2vfNYihL7BusCIAXDR43kW0j+YwN3ow/TdKRO
        51gcoNHJClPoe2GLL2tw
        -----END CERTIFICATE-----
        """
    static let key = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgJJkdtaabNBIXMC6t
        jBuUohEm7RkmCHODT3P6TlAH3uWhRANCAAR1ZgXku7o3CE4bcZHPeuSpfpa/+zaH
        Bn5FkBpt/vENY7OVqSem3sdr1c6rKXv9PpllrjQ2Qe0RLqqg/gcBeuH5
        -----END PRIVATE KEY-----
        """
    static let otherKey = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQghCAq45JYvEwSsVZn
        fVZpDDlW8WHGFk8eqSpvbTTbelihRANCAATSBOdzWsKBIWO/RYQ8o2Avu1lsmIda
        vAAc0cDNvrk0E7I4MdXPTk4pa14wsWnEixYfwez89LEBkdbogfbfQAjf
        -----END PRIVATE KEY-----
        """
}

extension StoreTests {
    /// Certificates through the REST API: checked on write, key encrypted at rest and never returned.
    @Suite("Certificates API")
    struct CertificatesAPITests {
        private static func body(key: String) throws -> String {
            let object: [String: Any] = [
                "cert_pem": CertificateFixtures.certificate, "key_pem": key,
                "snis": ["api.example.test", "*.example.test"],
            ]
            return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        }

        @Test func storesACertificateWithoutEverReturningItsKey() throws {
            try withAPIServer { api throws in
                let created = try api.request(
                    "PUT", "/v1/certificates/api", body: try Self.body(key: CertificateFixtures.key))
                #expect(created.status == 201)
                #expect(!created.body.contains("PRIVATE KEY"))
                let fetched = try api.request("GET", "/v1/certificates/api")
                #expect(fetched.status == 200)
                #expect(!fetched.body.contains("PRIVATE KEY"))
                #expect(fetched.body.contains("\"not_after\":\"21"))
                #expect(fetched.body.contains("api.example.test"))
                let listed = try api.request("GET", "/v1/certificates")
                #expect(!listed.body.contains("PRIVATE KEY"))
                #expect(try api.request("DELETE", "/v1/certificates/api").status == 204)
                #expect(try api.request("GET", "/v1/certificates/api").status == 404)
            }
        }

        @Test func refusesAKeyThatDoesNotMatch() throws {
            try withAPIServer { api throws in
                let answer = try api.request(
                    "PUT", "/v1/certificates/api", body: try Self.body(key: CertificateFixtures.otherKey))
                #expect(answer.status == 422)
                #expect(answer.body.contains("key_pem"))
                #expect(!answer.body.contains("PRIVATE KEY"))
            }
        }

        @Test func refusesSomethingThatIsNotACertificate() throws {
            try withAPIServer { api throws in
                let body =
                    #"{"cert_pem": "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n", "#
                    + #""key_pem": "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n", "#
                    + #""snis": ["a.test"]}"#
                let answer = try api.request("PUT", "/v1/certificates/broken", body: body)
                #expect(answer.status == 422)
            }
        }

        @Test func snapshotsCarryTheDecryptedKey() throws {
            try withAPIServer { api throws in
                #expect(
                    try api.request("PUT", "/v1/certificates/api", body: try Self.body(key: CertificateFixtures.key))
                        .status == 201)
                #expect(try api.request("POST", "/v1/versions", body: #"{"message": "tls"}"#).status == 201)
                let snapshot = try api.request("GET", "/v1/nodes/n1/snapshot", token: .node)
                #expect(snapshot.status == 200)
                #expect(snapshot.body.contains("BEGIN PRIVATE KEY"))
            }
        }
    }
}
