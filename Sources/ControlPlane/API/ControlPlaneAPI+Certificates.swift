import Shared

/// Certificates: checked with OpenSSL when written (parses, key matches, within its validity), the private key
/// encrypted with the master key before it is stored, and never returned.
extension ControlPlaneAPI {
    func addCertificateRoutes() {
        add("GET", "/v1/certificates", .read) { api, _ in try api.listCertificates() }
        add("GET", "/v1/certificates/{name}", .read) { api, call in try api.getCertificate(call) }
        add("PUT", "/v1/certificates/{name}", .admin) { api, call in try api.putCertificate(call) }
        add("DELETE", "/v1/certificates/{name}", .admin) { api, call in try api.deleteCertificate(call) }
    }

    private func listCertificates() throws -> APIResponse {
        .json(.object(["items": .array(try store.list(kind: .certificate).map(certificateJSON))]))
    }

    private func getCertificate(_ call: APICall) throws -> APIResponse {
        let name = call.capture("name")
        guard let resource = try store.get(kind: .certificate, name: name) else {
            throw APIProblem.notFound("no certificate named \(name)")
        }
        return .json(certificateJSON(resource))
    }

    private func putCertificate(_ call: APICall) throws -> APIResponse {
        let name = call.capture("name")
        if let problem = ResourceName.problem(name) {
            throw APIProblem.badRequest("invalid name", errors: [.init(field: "name", reason: problem)])
        }
        _ = try call.jsonBody()
        let bundle: CertificateBundle
        do {
            bundle = try ConfigDecoder.decode(CertificateBundle.self, from: call.request.body)
        } catch {
            throw APIProblem.invalid("the certificate is invalid", errors: error.fieldErrors)
        }
        let problems = CertificateCheck.validate(
            certPEM: bundle.certificate.certificatePEM, keyPEM: bundle.keyPEM, now: call.now / 1000)
        guard problems.isEmpty else {
            throw APIProblem.invalid(
                "the certificate cannot be used", errors: problems.map { .init(field: Self.field(of: $0), reason: $0) })
        }
        let sealed = try masterKey.seal(Array(bundle.keyPEM.utf8), associatedData: Array(name.utf8))
        let spec = String(decoding: bundle.certificate.jsonValue.canonicalBytes, as: UTF8.self)
        let created = try store.putCertificate(name: name, spec: spec, encryptedKey: sealed)
        guard let resource = try store.get(kind: .certificate, name: name) else {
            throw APIProblem(
                status: 500, title: "Store failure", detail: "the certificate vanished after it was written")
        }
        logger.info("certificate stored", metadata: ["name": "\(name)"])
        return .json(certificateJSON(resource), status: created ? 201 : 200)
    }

    private func deleteCertificate(_ call: APICall) throws -> APIResponse {
        let name = call.capture("name")
        guard try store.delete(kind: .certificate, name: name) else {
            throw APIProblem.notFound("no certificate named \(name)")
        }
        return .empty(204)
    }

    /// The JSON field a certificate problem is about.
    private static func field(of problem: String) -> String {
        problem.hasPrefix("key") ? "key_pem" : "cert_pem"
    }

    /// The resource with what the certificate says about itself: subject, names and validity.
    private func certificateJSON(_ resource: Resource) -> JSONValue {
        guard case .object(var fields) = resourceJSON(resource) else { return resourceJSON(resource) }
        if case .object(let spec)? = fields["spec"], case .string(let pem)? = spec["cert_pem"],
            let leaf = try? PEMCertificate.decodeChain(pem).first
        {
            fields["subject"] = .string(leaf.info.subject)
            fields["dns_names"] = .array(leaf.info.dnsNames.map { .string($0) })
            fields["not_before"] = .string(APITime.text(leaf.info.notBefore * 1000))
            fields["not_after"] = .string(APITime.text(leaf.info.notAfter * 1000))
        }
        return .object(fields)
    }

    /// The draft's certificates with their decrypted keys, for a snapshot.
    func certificateBundles(_ certificates: [String: CertificateSpec]) throws -> [String: CertificateBundle] {
        var bundles: [String: CertificateBundle] = [:]
        for (name, certificate) in certificates {
            guard let sealed = try store.certificateKey(name: name) else {
                throw APIProblem(status: 500, title: "Store failure", detail: "certificate \(name) has no key")
            }
            let key = try masterKey.open(sealed, associatedData: Array(name.utf8))
            bundles[name] = CertificateBundle(certificate: certificate, keyPEM: String(decoding: key, as: UTF8.self))
        }
        return bundles
    }
}
