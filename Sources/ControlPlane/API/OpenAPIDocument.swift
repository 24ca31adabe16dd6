/// The OpenAPI document of the REST API.
enum OpenAPIDocument {
    static let json =
        #"{"openapi": "3.1.0", "info": {"title": "Gatehouse control plane", "version": "1"}, "paths": {}}"#
}
