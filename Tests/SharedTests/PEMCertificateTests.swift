import COpenSSL
import Testing

@testable import Shared

/// 2027-01-15T08:00:00Z, the moment the checks below run at.
private let now: Int64 = 1_800_000_000
private let day: Int64 = 86_400

/// The base64 lines of a PEM block, which must never show up in an error.
private func bodyLines(of pem: String) -> [String] {
    pem.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("-----") }
}

@Suite struct PEMCertificateDecodingTests {
    @Test func decodesTheFieldsOfASelfSignedCertificate() throws {
        let key = try TestCertificates.ecKey()
        let certificate = try TestCertificates.certificate(
            key: key, commonName: "api.example.test", dnsNames: ["api.example.test", "*.api.example.test"],
            notBefore: now - day, notAfter: now + 90 * day, serial: 0x1234)

        let chain = try PEMCertificate.decodeChain(try certificate.pemEncoded())

        #expect(chain.count == 1)
        let info = try #require(chain.first).info
        #expect(info.subject == "CN=api.example.test,O=Gatehouse Tests")
        #expect(info.dnsNames == ["api.example.test", "*.api.example.test"])
        #expect(info.notBefore == now - day)
        #expect(info.notAfter == now + 90 * day)
        #expect(info.serialHex == "1234")
    }

    @Test func aCertificateWithoutAlternativeNamesHasNoDNSNames() throws {
        let key = try TestCertificates.ecKey()
        let certificate = try TestCertificates.certificate(
            key: key, commonName: "bare", notBefore: now, notAfter: now + day)

        let info = try #require(try PEMCertificate.decodeChain(try certificate.pemEncoded()).first).info

        #expect(info.dnsNames.isEmpty)
        #expect(info.subject == "CN=bare,O=Gatehouse Tests")
    }

    @Test func decodesAChainInOrderAndSkipsOtherBlocks() throws {
        let authorityKey = try TestCertificates.ecKey()
        let authority = try TestCertificates.certificate(
            key: authorityKey, commonName: "Test Authority", notBefore: now - day, notAfter: now + day)
        let leafKey = try TestCertificates.ecKey()
        let leaf = try TestCertificates.certificate(
            key: leafKey, commonName: "leaf.example.test", dnsNames: ["leaf.example.test"],
            notBefore: now - day, notAfter: now + day, issuer: (authority, authorityKey))
        let text =
            try leaf.pemEncoded() + "comment between blocks\n" + TestCertificates.pem(of: leafKey)
            + authority.pemEncoded()

        let chain = try PEMCertificate.decodeChain(text)

        #expect(
            chain.map(\.info.subject) == [
                "CN=leaf.example.test,O=Gatehouse Tests", "CN=Test Authority,O=Gatehouse Tests",
            ])
    }

    @Test func textWithoutACertificateIsRefused() {
        let error = #expect(throws: OpenSSLError.self) {
            try PEMCertificate.decodeChain("not a certificate at all")
        }
        #expect(error?.reason == .malformedInput)
        #expect(error?.shortName == "openssl_malformed_input")
        #expect(error?.summary == "no BEGIN CERTIFICATE block found")
    }

    @Test func aDamagedBlockCarriesOpenSSLsEntriesAndLeavesTheQueueEmpty() {
        let damaged = "-----BEGIN CERTIFICATE-----\nMIIBdGFyYmFnZQ==\n-----END CERTIFICATE-----\n"

        let error = #expect(throws: OpenSSLError.self) {
            try PEMCertificate.decodeChain(damaged)
        }

        #expect(error?.operation == "PEM_read_bio_X509")
        #expect(error?.entries.isEmpty == false)
        #expect(error?.entries.allSatisfy { $0.hasPrefix("error:") } == true)
        #expect(ERR_peek_error() == 0)
    }
}

@Suite struct PEMPrivateKeyTests {
    @Test(arguments: [PEMPrivateKey.Algorithm.ec, .rsa])
    func decodesPKCS8AndTraditionalForms(algorithm: PEMPrivateKey.Algorithm) throws {
        let key = algorithm == .rsa ? try TestCertificates.rsaKey() : try TestCertificates.ecKey()

        let pkcs8 = try TestCertificates.pem(of: key, format: .pkcs8)
        let traditional = try TestCertificates.pem(of: key, format: .traditional)

        #expect(pkcs8.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        #expect(!traditional.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        #expect(try PEMPrivateKey(pem: pkcs8).algorithm == algorithm)
        #expect(try PEMPrivateKey(pem: traditional).algorithm == algorithm)
    }

    @Test func decodesEd25519() throws {
        let key = try PEMPrivateKey(pem: try TestCertificates.pem(of: try TestCertificates.ed25519Key()))

        #expect(key.algorithm == .ed25519)
    }

    @Test func theDescriptionNamesOnlyTheAlgorithm() throws {
        let key = try TestCertificates.ecKey()

        #expect(key.description == "PEMPrivateKey(ec, 256 bits)")
    }

    @Test func anEncryptedKeyIsRefusedWithoutPrompting() throws {
        let pem = try TestCertificates.pem(of: try TestCertificates.ecKey(), format: .encrypted(passphrase: "hunter22"))

        let error = #expect(throws: OpenSSLError.self) {
            try PEMPrivateKey(pem: pem)
        }

        #expect(error?.summary == "the key is encrypted; provide it without a passphrase")
    }

    @Test func theDecoderNeverAsksForAPassphrase() throws {
        let pem = try TestCertificates.pem(of: try TestCertificates.ecKey(), format: .encrypted(passphrase: "hunter22"))

        let key = try MemoryBIO.reading(pem) { bio in
            PEM_read_bio_PrivateKey(bio, nil, refusePassphrase, nil)
        }

        #expect(key == nil)
        ERR_clear_error()
    }
}

@Suite struct CertificateCheckTests {
    @Test func aValidPairHasNoProblems() throws {
        let pair = try TestCertificates.pair(notBefore: now - day, notAfter: now + 90 * day)

        #expect(CertificateCheck.validate(certPEM: pair.certificatePEM, keyPEM: pair.keyPEM, now: now) == [])
    }

    @Test func garbageIsReportedForEachField() throws {
        let problems = CertificateCheck.validate(certPEM: "garbage", keyPEM: "more garbage", now: now)

        #expect(
            problems == [
                "certificate_pem: does not parse: no BEGIN CERTIFICATE block found",
                "key_pem: does not parse: no BEGIN PRIVATE KEY block found",
            ])
    }

    @Test func aDamagedKeyBlockIsReportedWithoutItsContent() throws {
        let pair = try TestCertificates.pair(notBefore: now - day, notAfter: now + day)
        var lines = pair.keyPEM.split(separator: "\n").map(String.init)
        lines[1] = String(lines[1].reversed())
        let damagedKey = lines.joined(separator: "\n") + "\n"

        let problems = CertificateCheck.validate(certPEM: pair.certificatePEM, keyPEM: damagedKey, now: now)

        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("key_pem: does not parse: ") == true)
        for line in bodyLines(of: damagedKey) + bodyLines(of: pair.keyPEM) {
            #expect(!problems.joined().contains(line))
        }
    }

    @Test func theKeyOfAnotherCertificateDoesNotMatch() throws {
        let pair = try TestCertificates.pair(notBefore: now - day, notAfter: now + day)
        let other = try TestCertificates.pair(notBefore: now - day, notAfter: now + day)

        let problems = CertificateCheck.validate(certPEM: pair.certificatePEM, keyPEM: other.keyPEM, now: now)

        #expect(problems == ["key_pem: does not match the certificate"])
        #expect(ERR_peek_error() == 0)
    }

    @Test func aKeyOfAnotherAlgorithmDoesNotMatch() throws {
        let pair = try TestCertificates.pair(notBefore: now - day, notAfter: now + day)
        let rsaKey = try TestCertificates.pem(of: try TestCertificates.rsaKey())

        let problems = CertificateCheck.validate(certPEM: pair.certificatePEM, keyPEM: rsaKey, now: now)

        #expect(problems == ["key_pem: does not match the certificate"])
    }

    @Test func anRSAPairIsAccepted() throws {
        let key = try TestCertificates.rsaKey()
        let certificate = try TestCertificates.certificate(
            key: key, commonName: "rsa.example.test", dnsNames: ["rsa.example.test"],
            notBefore: now - day, notAfter: now + day)
        let keyPEM = try TestCertificates.pem(of: key, format: .traditional)

        let problems = CertificateCheck.validate(certPEM: try certificate.pemEncoded(), keyPEM: keyPEM, now: now)

        #expect(problems == [])
        #expect(keyPEM.hasPrefix("-----BEGIN RSA PRIVATE KEY-----"))
    }

    @Test func anEd25519PairIsAccepted() throws {
        let key = try TestCertificates.ed25519Key()
        let certificate = try TestCertificates.certificate(
            key: key, commonName: "ed.example.test", notBefore: now - day, notAfter: now + day)

        let problems = CertificateCheck.validate(
            certPEM: try certificate.pemEncoded(), keyPEM: try TestCertificates.pem(of: key), now: now)

        #expect(problems == [])
    }

    @Test func anExpiredCertificateIsReported() throws {
        let pair = try TestCertificates.pair(notBefore: 1_767_323_045 - 90 * day, notAfter: 1_767_323_045)

        let problems = CertificateCheck.validate(certPEM: pair.certificatePEM, keyPEM: pair.keyPEM, now: now)

        #expect(problems == ["certificate_pem: expired on 2026-01-02T03:04:05Z"])
    }

    @Test func aCertificateNotYetValidIsReported() throws {
        let pair = try TestCertificates.pair(notBefore: 1_803_902_400, notAfter: 1_803_902_400 + 90 * day)

        let problems = CertificateCheck.validate(certPEM: pair.certificatePEM, keyPEM: pair.keyPEM, now: now)

        #expect(problems == ["certificate_pem: not yet valid until 2027-03-01T12:00:00Z"])
    }

    @Test func validityBoundsAreInclusive() throws {
        let pair = try TestCertificates.pair(notBefore: now, notAfter: now + day)

        #expect(CertificateCheck.validate(certPEM: pair.certificatePEM, keyPEM: pair.keyPEM, now: now) == [])
        #expect(CertificateCheck.validate(certPEM: pair.certificatePEM, keyPEM: pair.keyPEM, now: now + day) == [])
    }

    @Test func aChainInTheWrongOrderIsReported() throws {
        let authorityKey = try TestCertificates.ecKey()
        let authority = try TestCertificates.certificate(
            key: authorityKey, commonName: "Test Authority", notBefore: now - day, notAfter: now + day)
        let leafKey = try TestCertificates.ecKey()
        let leaf = try TestCertificates.certificate(
            key: leafKey, commonName: "leaf.example.test", notBefore: now - day, notAfter: now + day,
            issuer: (authority, authorityKey))
        let keyPEM = try TestCertificates.pem(of: leafKey)

        let inOrder = try leaf.pemEncoded() + authority.pemEncoded()
        let reversed = try authority.pemEncoded() + leaf.pemEncoded()

        #expect(CertificateCheck.validate(certPEM: inOrder, keyPEM: keyPEM, now: now) == [])
        #expect(
            CertificateCheck.validate(certPEM: reversed, keyPEM: keyPEM, now: now) == [
                "key_pem: does not match the certificate",
                "certificate_pem: \"CN=leaf.example.test,O=Gatehouse Tests\" did not issue "
                    + "\"CN=Test Authority,O=Gatehouse Tests\"; list the leaf first, then each issuer in turn",
            ])
    }

    @Test func anExpiredIssuerIsReportedByPosition() throws {
        let authorityKey = try TestCertificates.ecKey()
        let authority = try TestCertificates.certificate(
            key: authorityKey, commonName: "Old Authority", notBefore: now - 9 * day, notAfter: now - day)
        let leafKey = try TestCertificates.ecKey()
        let leaf = try TestCertificates.certificate(
            key: leafKey, commonName: "leaf.example.test", notBefore: now - day, notAfter: now + day,
            issuer: (authority, authorityKey))

        let problems = CertificateCheck.validate(
            certPEM: try leaf.pemEncoded() + authority.pemEncoded(), keyPEM: try TestCertificates.pem(of: leafKey),
            now: now)

        #expect(problems == ["certificate_pem: certificate 2 of the chain: expired on 2027-01-14T08:00:00Z"])
    }

    @Test func timestampsAreRFC3339InUTC() {
        #expect(CertificateCheck.timestamp(0) == "1970-01-01T00:00:00Z")
        #expect(CertificateCheck.timestamp(1_767_323_045) == "2026-01-02T03:04:05Z")
    }
}
