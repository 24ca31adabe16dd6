/// The OpenAPI 3.1 document of the control plane's REST API, served at `GET /v1/openapi.json`.
///
/// It is the reference for every call, body and error of the API; the router and its tests are held to it.
enum OpenAPIDocument {
    /// The document as pretty-printed JSON text.
    static let json = #"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "Gatehouse control plane",
            "version": "1",
            "description": "Drafts, publishes and serves the configuration of Gatehouse data-plane nodes."
          },
          "security": [
            {
              "bearer": []
            }
          ],
          "tags": [
            {
              "name": "meta",
              "description": "Health, metrics and this document."
            },
            {
              "name": "services",
              "description": "Draft services."
            },
            {
              "name": "endpoints",
              "description": "Live endpoints of services; they change without a publish."
            },
            {
              "name": "routes",
              "description": "Draft routes."
            },
            {
              "name": "breaker-policies",
              "description": "Draft circuit-breaker policies."
            },
            {
              "name": "rate-limits",
              "description": "Draft rate limits."
            },
            {
              "name": "consumers",
              "description": "Draft consumers."
            },
            {
              "name": "versions",
              "description": "Publishing the draft and the published history."
            },
            {
              "name": "nodes",
              "description": "Data-plane nodes: their state, their snapshot poll and their reports."
            }
          ],
          "paths": {
            "/healthz": {
              "get": {
                "operationId": "getHealth",
                "summary": "Tell whether the control plane is up",
                "description": "Needs no token, so that load balancers and supervisors can call it.",
                "tags": [
                  "meta"
                ],
                "security": [],
                "responses": {
                  "200": {
                    "description": "The control plane is up.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Health"
                        }
                      }
                    }
                  }
                }
              }
            },
            "/metrics": {
              "get": {
                "operationId": "getMetrics",
                "summary": "Read the control plane's metrics",
                "tags": [
                  "meta"
                ],
                "responses": {
                  "200": {
                    "description": "The metrics in the Prometheus text exposition format.",
                    "content": {
                      "text/plain; version=0.0.4": {
                        "schema": {
                          "type": "string"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              }
            },
            "/v1/openapi.json": {
              "get": {
                "operationId": "getOpenAPIDocument",
                "summary": "Read this OpenAPI document",
                "tags": [
                  "meta"
                ],
                "responses": {
                  "200": {
                    "description": "The OpenAPI 3.1 document of this API.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "object"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              }
            },
            "/v1/services": {
              "get": {
                "operationId": "listServices",
                "summary": "List the draft services",
                "tags": [
                  "services"
                ],
                "responses": {
                  "200": {
                    "description": "Every draft service, ordered by name.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/ResourceList"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              }
            },
            "/v1/services/{name}": {
              "parameters": [
                {
                  "$ref": "#/components/parameters/Name"
                }
              ],
              "get": {
                "operationId": "getService",
                "summary": "Read a draft service",
                "tags": [
                  "services"
                ],
                "responses": {
                  "200": {
                    "description": "The service.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Resource"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              },
              "put": {
                "operationId": "putService",
                "summary": "Create or replace a draft service",
                "description": "Changes the draft only; nodes see it once a version is published. Idempotent.",
                "tags": [
                  "services"
                ],
                "requestBody": {
                  "required": true,
                  "description": "The service's specification.",
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/ServiceSpec"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "The service was replaced.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Resource"
                        }
                      }
                    }
                  },
                  "201": {
                    "description": "The service was created.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Resource"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "415": {
                    "$ref": "#/components/responses/UnsupportedMediaType"
                  },
                  "422": {
                    "$ref": "#/components/responses/InvalidSpec"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              },
              "delete": {
                "operationId": "deleteService",
                "summary": "Delete a draft service",
                "tags": [
                  "services"
                ],
                "responses": {
                  "204": {
                    "description": "The service was deleted."
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "409": {
                    "$ref": "#/components/responses/StillReferenced"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              }
            },
            "/v1/services/{name}/endpoints": {
              "parameters": [
                {
                  "$ref": "#/components/parameters/Name"
                }
              ],
              "get": {
                "operationId": "listEndpoints",
                "summary": "List a service's live endpoints",
                "tags": [
                  "endpoints"
                ],
                "responses": {
                  "200": {
                    "description": "The service's endpoints, ordered by id.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/EndpointList"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              }
            },
            "/v1/services/{name}/endpoints/{id}": {
              "parameters": [
                {
                  "$ref": "#/components/parameters/Name"
                },
                {
                  "$ref": "#/components/parameters/EndpointID"
                }
              ],
              "put": {
                "operationId": "putEndpoint",
                "summary": "Register or replace a live endpoint",
                "description": "Takes effect without a publish. Answers 404 when the draft has no such service.",
                "tags": [
                  "endpoints"
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/EndpointSpec"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "The endpoint was replaced.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Endpoint"
                        }
                      }
                    }
                  },
                  "201": {
                    "description": "The endpoint was registered.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Endpoint"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "415": {
                    "$ref": "#/components/responses/UnsupportedMediaType"
                  },
                  "422": {
                    "$ref": "#/components/responses/InvalidSpec"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              },
              "delete": {
                "operationId": "deleteEndpoint",
                "summary": "Remove a live endpoint",
                "tags": [
                  "endpoints"
                ],
                "responses": {
                  "204": {
                    "description": "The endpoint was removed."
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              }
            },
            "/v1/services/{name}/endpoints/{id}/heartbeat": {
              "parameters": [
                {
                  "$ref": "#/components/parameters/Name"
                },
                {
                  "$ref": "#/components/parameters/EndpointID"
                }
              ],
              "post": {
                "operationId": "heartbeatEndpoint",
                "summary": "Renew a live endpoint's TTL",
                "description": "Also revives an endpoint whose TTL had run out.",
                "tags": [
                  "endpoints"
                ],
                "responses": {
                  "200": {
                    "description": "The endpoint, with its new expiry.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Endpoint"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              }
            },
            "/v1/routes": {
              "get": {
                "operationId": "listRoutes",
                "summary": "List the draft routes",
                "tags": [
                  "routes"
                ],
                "responses": {
                  "200": {
                    "description": "Every draft route, ordered by name.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/ResourceList"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              }
            },
            "/v1/routes/{name}": {
              "parameters": [
                {
                  "$ref": "#/components/parameters/Name"
                }
              ],
              "get": {
                "operationId": "getRoute",
                "summary": "Read a draft route",
                "tags": [
                  "routes"
                ],
                "responses": {
                  "200": {
                    "description": "The route.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Resource"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              },
              "put": {
                "operationId": "putRoute",
                "summary": "Create or replace a draft route",
                "description": "Changes the draft only; nodes see it once a version is published. Idempotent.",
                "tags": [
                  "routes"
                ],
                "requestBody": {
                  "required": true,
                  "description": "The route's specification.",
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/RouteSpec"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "The route was replaced.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Resource"
                        }
                      }
                    }
                  },
                  "201": {
                    "description": "The route was created.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Resource"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "415": {
                    "$ref": "#/components/responses/UnsupportedMediaType"
                  },
                  "422": {
                    "$ref": "#/components/responses/InvalidSpec"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              },
              "delete": {
                "operationId": "deleteRoute",
                "summary": "Delete a draft route",
                "tags": [
                  "routes"
                ],
                "responses": {
                  "204": {
                    "description": "The route was deleted."
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "409": {
                    "$ref": "#/components/responses/StillReferenced"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              }
            },
            "/v1/breaker-policies": {
              "get": {
                "operationId": "listBreakerPolicies",
                "summary": "List the draft breaker policies",
                "tags": [
                  "breaker-policies"
                ],
                "responses": {
                  "200": {
                    "description": "Every draft breaker policy, ordered by name.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/ResourceList"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              }
            },
            "/v1/breaker-policies/{name}": {
              "parameters": [
                {
                  "$ref": "#/components/parameters/Name"
                }
              ],
              "get": {
                "operationId": "getBreakerPolicy",
                "summary": "Read a draft breaker policy",
                "tags": [
                  "breaker-policies"
                ],
                "responses": {
                  "200": {
                    "description": "The breaker policy.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Resource"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              },
              "put": {
                "operationId": "putBreakerPolicy",
                "summary": "Create or replace a draft breaker policy",
                "description": "Changes the draft only; nodes see it once a version is published. Idempotent.",
                "tags": [
                  "breaker-policies"
                ],
                "requestBody": {
                  "required": true,
                  "description": "The breaker policy's specification.",
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/BreakerPolicySpec"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "The breaker policy was replaced.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Resource"
                        }
                      }
                    }
                  },
                  "201": {
                    "description": "The breaker policy was created.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Resource"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "415": {
                    "$ref": "#/components/responses/UnsupportedMediaType"
                  },
                  "422": {
                    "$ref": "#/components/responses/InvalidSpec"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              },
              "delete": {
                "operationId": "deleteBreakerPolicy",
                "summary": "Delete a draft breaker policy",
                "tags": [
                  "breaker-policies"
                ],
                "responses": {
                  "204": {
                    "description": "The breaker policy was deleted."
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "409": {
                    "$ref": "#/components/responses/StillReferenced"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              }
            },
            "/v1/rate-limits": {
              "get": {
                "operationId": "listRateLimits",
                "summary": "List the draft rate limits",
                "tags": [
                  "rate-limits"
                ],
                "responses": {
                  "200": {
                    "description": "Every draft rate limit, ordered by name.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/ResourceList"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              }
            },
            "/v1/rate-limits/{name}": {
              "parameters": [
                {
                  "$ref": "#/components/parameters/Name"
                }
              ],
              "get": {
                "operationId": "getRateLimit",
                "summary": "Read a draft rate limit",
                "tags": [
                  "rate-limits"
                ],
                "responses": {
                  "200": {
                    "description": "The rate limit.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Resource"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              },
              "put": {
                "operationId": "putRateLimit",
                "summary": "Create or replace a draft rate limit",
                "description": "Changes the draft only; nodes see it once a version is published. Idempotent.",
                "tags": [
                  "rate-limits"
                ],
                "requestBody": {
                  "required": true,
                  "description": "The rate limit's specification.",
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/RateLimitSpec"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "The rate limit was replaced.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Resource"
                        }
                      }
                    }
                  },
                  "201": {
                    "description": "The rate limit was created.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Resource"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "415": {
                    "$ref": "#/components/responses/UnsupportedMediaType"
                  },
                  "422": {
                    "$ref": "#/components/responses/InvalidSpec"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              },
              "delete": {
                "operationId": "deleteRateLimit",
                "summary": "Delete a draft rate limit",
                "tags": [
                  "rate-limits"
                ],
                "responses": {
                  "204": {
                    "description": "The rate limit was deleted."
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "409": {
                    "$ref": "#/components/responses/StillReferenced"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              }
            },
            "/v1/consumers": {
              "get": {
                "operationId": "listConsumers",
                "summary": "List the draft consumers",
                "tags": [
                  "consumers"
                ],
                "responses": {
                  "200": {
                    "description": "Every draft consumer, ordered by name.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/ResourceList"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              }
            },
            "/v1/consumers/{name}": {
              "parameters": [
                {
                  "$ref": "#/components/parameters/Name"
                }
              ],
              "get": {
                "operationId": "getConsumer",
                "summary": "Read a draft consumer",
                "tags": [
                  "consumers"
                ],
                "responses": {
                  "200": {
                    "description": "The consumer.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Resource"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              },
              "put": {
                "operationId": "putConsumer",
                "summary": "Create or replace a draft consumer",
                "description": "Changes the draft only; nodes see it once a version is published. Idempotent.",
                "tags": [
                  "consumers"
                ],
                "requestBody": {
                  "required": true,
                  "description": "The consumer's specification.",
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/ConsumerSpec"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "The consumer was replaced.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Resource"
                        }
                      }
                    }
                  },
                  "201": {
                    "description": "The consumer was created.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Resource"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "415": {
                    "$ref": "#/components/responses/UnsupportedMediaType"
                  },
                  "422": {
                    "$ref": "#/components/responses/InvalidSpec"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              },
              "delete": {
                "operationId": "deleteConsumer",
                "summary": "Delete a draft consumer",
                "tags": [
                  "consumers"
                ],
                "responses": {
                  "204": {
                    "description": "The consumer was deleted."
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "409": {
                    "$ref": "#/components/responses/StillReferenced"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              }
            },
            "/v1/versions": {
              "get": {
                "operationId": "listVersions",
                "summary": "List the published versions",
                "tags": [
                  "versions"
                ],
                "responses": {
                  "200": {
                    "description": "Every published version, oldest first.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/VersionList"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              },
              "post": {
                "operationId": "publishVersion",
                "summary": "Publish the draft as a new version",
                "description": "Validates the whole draft, references between resources included.",
                "tags": [
                  "versions"
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/PublishRequest"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "The draft equals the newest version, which is returned.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Version"
                        }
                      }
                    }
                  },
                  "201": {
                    "description": "The draft was published as a new version.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Version"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "415": {
                    "$ref": "#/components/responses/UnsupportedMediaType"
                  },
                  "422": {
                    "$ref": "#/components/responses/InvalidDraft"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              }
            },
            "/v1/versions/{version}": {
              "parameters": [
                {
                  "$ref": "#/components/parameters/Version"
                }
              ],
              "get": {
                "operationId": "getVersion",
                "summary": "Read a published version with its configuration",
                "tags": [
                  "versions"
                ],
                "responses": {
                  "200": {
                    "description": "The version.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/VersionDetail"
                        }
                      }
                    }
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              }
            },
            "/v1/versions/{from}/diff/{to}": {
              "parameters": [
                {
                  "$ref": "#/components/parameters/FromVersion"
                },
                {
                  "$ref": "#/components/parameters/ToVersion"
                }
              ],
              "get": {
                "operationId": "diffVersions",
                "summary": "Compare two published versions",
                "tags": [
                  "versions"
                ],
                "responses": {
                  "200": {
                    "description": "The resources that differ between the versions.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/VersionDiff"
                        }
                      }
                    }
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              }
            },
            "/v1/nodes": {
              "get": {
                "operationId": "listNodes",
                "summary": "List the data-plane nodes",
                "tags": [
                  "nodes"
                ],
                "responses": {
                  "200": {
                    "description": "Every node that polled, ordered by id.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/Node"
                          }
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              }
            },
            "/v1/nodes/{node}/snapshot": {
              "parameters": [
                {
                  "$ref": "#/components/parameters/Node"
                }
              ],
              "get": {
                "operationId": "getNodeSnapshot",
                "summary": "Poll for the node's configuration snapshot",
                "description": "A long poll, held while If-None-Match names the current snapshot. Registers new nodes.",
                "tags": [
                  "nodes"
                ],
                "parameters": [
                  {
                    "$ref": "#/components/parameters/IfNoneMatch"
                  },
                  {
                    "$ref": "#/components/parameters/Prefer"
                  },
                  {
                    "$ref": "#/components/parameters/NodeLabels"
                  },
                  {
                    "$ref": "#/components/parameters/NodeBuild"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The snapshot the node should run.",
                    "headers": {
                      "ETag": {
                        "$ref": "#/components/headers/SnapshotETag"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Snapshot"
                        }
                      }
                    }
                  },
                  "304": {
                    "description": "The node already holds the snapshot it should run; the wait ran out.",
                    "headers": {
                      "ETag": {
                        "$ref": "#/components/headers/SnapshotETag"
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              }
            },
            "/v1/nodes/{node}/status": {
              "parameters": [
                {
                  "$ref": "#/components/parameters/Node"
                }
              ],
              "put": {
                "operationId": "putNodeStatus",
                "summary": "Report what the node applied",
                "description": "Doubles as a heartbeat.",
                "tags": [
                  "nodes"
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/NodeStatus"
                      }
                    }
                  }
                },
                "responses": {
                  "204": {
                    "description": "The report was recorded."
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "415": {
                    "$ref": "#/components/responses/UnsupportedMediaType"
                  },
                  "422": {
                    "$ref": "#/components/responses/InvalidSpec"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              }
            },
            "/v1/certificates": {
              "get": {
                "operationId": "listCertificates",
                "summary": "List certificates with their expiry",
                "tags": [
                  "certificates"
                ],
                "responses": {
                  "200": {
                    "description": "Every draft certificate, ordered by name.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/CertificateList"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              }
            },
            "/v1/certificates/{name}": {
              "parameters": [
                {
                  "$ref": "#/components/parameters/Name"
                }
              ],
              "get": {
                "operationId": "getCertificate",
                "summary": "Read a draft certificate",
                "tags": [
                  "certificates"
                ],
                "responses": {
                  "200": {
                    "description": "The certificate.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Certificate"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              },
              "put": {
                "operationId": "putCertificate",
                "summary": "Create or replace a draft certificate",
                "description": "Checked with OpenSSL on write; the key is sealed at rest, never returned. Idempotent.",
                "tags": [
                  "certificates"
                ],
                "requestBody": {
                  "required": true,
                  "description": "The certificate's specification.",
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/CertificateUpload"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "The certificate was replaced.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Certificate"
                        }
                      }
                    }
                  },
                  "201": {
                    "description": "The certificate was created.",
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Certificate"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "415": {
                    "$ref": "#/components/responses/UnsupportedMediaType"
                  },
                  "422": {
                    "$ref": "#/components/responses/InvalidSpec"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              },
              "delete": {
                "operationId": "deleteCertificate",
                "summary": "Delete a draft certificate",
                "tags": [
                  "certificates"
                ],
                "responses": {
                  "204": {
                    "description": "The certificate was deleted."
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "409": {
                    "$ref": "#/components/responses/StillReferenced"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  }
                }
              }
            }
          },
          "components": {
            "securitySchemes": {
              "bearer": {
                "type": "http",
                "scheme": "bearer",
                "description": "An API token: admin, read-only or node."
              }
            },
            "parameters": {
              "Name": {
                "name": "name",
                "in": "path",
                "required": true,
                "description": "The resource's name, unique within its kind.",
                "schema": {
                  "$ref": "#/components/schemas/Name"
                }
              },
              "EndpointID": {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "The endpoint's id, unique within its service.",
                "schema": {
                  "$ref": "#/components/schemas/Name"
                }
              },
              "Version": {
                "name": "version",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "integer",
                  "minimum": 1
                }
              },
              "FromVersion": {
                "name": "from",
                "in": "path",
                "required": true,
                "description": "The older side of the comparison.",
                "schema": {
                  "type": "integer",
                  "minimum": 1
                }
              },
              "ToVersion": {
                "name": "to",
                "in": "path",
                "required": true,
                "description": "The newer side of the comparison.",
                "schema": {
                  "type": "integer",
                  "minimum": 1
                }
              },
              "Node": {
                "name": "node",
                "in": "path",
                "required": true,
                "description": "The node's id, as it names itself.",
                "schema": {
                  "$ref": "#/components/schemas/Name"
                }
              },
              "IfNoneMatch": {
                "name": "If-None-Match",
                "in": "header",
                "required": false,
                "description": "The ETag of the snapshot the node holds, such as \"42.7\".",
                "schema": {
                  "type": "string",
                  "pattern": "^\"[0-9]+[.][0-9]+\"$"
                }
              },
              "Prefer": {
                "name": "Prefer",
                "in": "header",
                "required": false,
                "description": "How long to wait for a change, as wait=SECONDS (RFC 7240); none without it.",
                "schema": {
                  "type": "string",
                  "pattern": "^wait=[0-9]{1,3}$"
                }
              },
              "NodeLabels": {
                "name": "Gatehouse-Node-Labels",
                "in": "header",
                "required": false,
                "description": "The node's labels, as k=v,k=v.",
                "schema": {
                  "type": "string",
                  "pattern": "^[A-Za-z0-9._-]+=[A-Za-z0-9._-]*(,[A-Za-z0-9._-]+=[A-Za-z0-9._-]*)*$"
                }
              },
              "NodeBuild": {
                "name": "Gatehouse-Build",
                "in": "header",
                "required": false,
                "description": "The build version the node runs.",
                "schema": {
                  "type": "string",
                  "pattern": "^[!-~]{1,64}$"
                }
              }
            },
            "headers": {
              "SnapshotETag": {
                "description": "The snapshot's version, quoted, such as \"42.7\".",
                "schema": {
                  "type": "string"
                }
              }
            },
            "responses": {
              "BadRequest": {
                "description": "The body is not well-formed JSON, or a name in the path is not valid.",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "Unauthorized": {
                "description": "The request carries no bearer token, or one the control plane does not know.",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "Forbidden": {
                "description": "The token's role does not allow this call.",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "NotFound": {
                "description": "There is no such resource.",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "StillReferenced": {
                "description": "Another draft resource still names this one; `errors` lists which.",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "UnsupportedMediaType": {
                "description": "The body's content type is not application/json.",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "InvalidSpec": {
                "description": "The body is JSON but not a valid specification; `errors` lists every problem.",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "InvalidDraft": {
                "description": "The draft is not valid; `errors` has every problem, at paths like routes.a.service.",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              }
            },
            "schemas": {
              "Name": {
                "type": "string",
                "description": "1 to 63 of a-z, 0-9, '.', '_' and '-', starting with a letter or digit.",
                "pattern": "^[a-z0-9][a-z0-9._-]{0,62}$"
              },
              "Problem": {
                "type": "object",
                "description": "An RFC 9457 problem document.",
                "required": [
                  "type",
                  "title",
                  "status"
                ],
                "properties": {
                  "type": {
                    "type": "string",
                    "description": "A URI reference naming the kind of problem."
                  },
                  "title": {
                    "type": "string",
                    "description": "A short summary of the kind of problem."
                  },
                  "status": {
                    "type": "integer",
                    "minimum": 400,
                    "maximum": 599
                  },
                  "detail": {
                    "type": "string",
                    "description": "What went wrong with this request."
                  },
                  "errors": {
                    "type": "array",
                    "description": "Every problem found in the request body or the draft.",
                    "items": {
                      "$ref": "#/components/schemas/FieldError"
                    }
                  }
                }
              },
              "FieldError": {
                "type": "object",
                "required": [
                  "field",
                  "reason"
                ],
                "properties": {
                  "field": {
                    "type": "string",
                    "description": "The path of the field, such as match.path_prefix."
                  },
                  "reason": {
                    "type": "string",
                    "description": "Why the field is not valid."
                  }
                }
              },
              "Health": {
                "type": "object",
                "required": [
                  "status"
                ],
                "properties": {
                  "status": {
                    "type": "string",
                    "const": "ok"
                  }
                }
              },
              "Resource": {
                "type": "object",
                "description": "A draft resource: its kind, name and specification.",
                "required": [
                  "kind",
                  "name",
                  "spec",
                  "updated_at"
                ],
                "properties": {
                  "kind": {
                    "type": "string",
                    "description": "The resource's kind, such as service or breaker_policy."
                  },
                  "name": {
                    "$ref": "#/components/schemas/Name"
                  },
                  "spec": {
                    "type": "object",
                    "description": "The specification, as it was stored."
                  },
                  "updated_at": {
                    "type": "string",
                    "format": "date-time",
                    "description": "When the resource was last written."
                  }
                }
              },
              "ResourceList": {
                "type": "object",
                "required": [
                  "items"
                ],
                "properties": {
                  "items": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Resource"
                    }
                  }
                }
              },
              "ServiceSpec": {
                "type": "object",
                "description": "A service: a named group of endpoints and how to reach them.",
                "properties": {
                  "lb": {
                    "type": "object",
                    "description": "How requests are spread over the endpoints.",
                    "properties": {
                      "policy": {
                        "type": "string",
                        "enum": [
                          "round_robin",
                          "least_request",
                          "random",
                          "ring_hash",
                          "maglev"
                        ],
                        "default": "round_robin"
                      },
                      "hash_on": {
                        "type": "string",
                        "description": "What ring_hash and maglev hash, such as client_address or header:NAME."
                      }
                    },
                    "additionalProperties": false
                  },
                  "breaker_policy": {
                    "$ref": "#/components/schemas/Name",
                    "description": "The breaker policy guarding the endpoints."
                  },
                  "timeouts": {
                    "type": "object",
                    "properties": {
                      "connect_ms": {
                        "type": "integer",
                        "minimum": 1,
                        "description": "Connect timeout, in milliseconds."
                      },
                      "request_ms": {
                        "type": "integer",
                        "minimum": 1,
                        "description": "Whole-request timeout, in milliseconds."
                      },
                      "idle_ms": {
                        "type": "integer",
                        "minimum": 1,
                        "description": "How long an idle pooled connection is kept, in milliseconds."
                      }
                    },
                    "additionalProperties": false
                  },
                  "retries": {
                    "type": "object",
                    "properties": {
                      "attempts": {
                        "type": "integer",
                        "minimum": 0,
                        "maximum": 10,
                        "description": "Retries after the first try."
                      },
                      "on": {
                        "type": "array",
                        "description": "Which failures are retried.",
                        "items": {
                          "type": "string",
                          "enum": [
                            "connect_failure",
                            "reset",
                            "5xx",
                            "gateway_error",
                            "timeout"
                          ]
                        }
                      },
                      "per_try_timeout_ms": {
                        "type": "integer",
                        "minimum": 1,
                        "description": "Timeout of each try, in milliseconds."
                      },
                      "budget_percent": {
                        "type": "integer",
                        "minimum": 0,
                        "maximum": 100,
                        "description": "Most retries in flight, as a percentage of requests."
                      }
                    },
                    "additionalProperties": false
                  },
                  "health_check": {
                    "type": "object",
                    "description": "Active health checking of the endpoints.",
                    "required": [
                      "path"
                    ],
                    "properties": {
                      "path": {
                        "type": "string",
                        "description": "The path to request, starting with '/'."
                      },
                      "interval_ms": {
                        "type": "integer",
                        "minimum": 1,
                        "description": "Time between checks, in milliseconds."
                      },
                      "timeout_ms": {
                        "type": "integer",
                        "minimum": 1,
                        "description": "Timeout of each check, in milliseconds."
                      },
                      "healthy_threshold": {
                        "type": "integer",
                        "minimum": 1,
                        "description": "Passes in a row that mark an endpoint healthy."
                      },
                      "unhealthy_threshold": {
                        "type": "integer",
                        "minimum": 1,
                        "description": "Failures in a row that mark an endpoint unhealthy."
                      },
                      "expected_statuses": {
                        "type": "array",
                        "description": "Statuses that count as a pass.",
                        "items": {
                          "type": "integer",
                          "minimum": 100,
                          "maximum": 599
                        }
                      }
                    },
                    "additionalProperties": false
                  },
                  "protocol": {
                    "type": "string",
                    "enum": [
                      "http1",
                      "h2",
                      "grpc"
                    ],
                    "default": "http1"
                  },
                  "tls": {
                    "type": "object",
                    "description": "TLS towards the endpoints.",
                    "properties": {
                      "enabled": {
                        "type": "boolean"
                      },
                      "sni": {
                        "type": "string",
                        "description": "The server name to send."
                      },
                      "ca": {
                        "type": "string",
                        "description": "The CA bundle to verify against, in PEM."
                      },
                      "verify": {
                        "type": "boolean"
                      }
                    },
                    "additionalProperties": false
                  }
                },
                "additionalProperties": false
              },
              "RouteMatch": {
                "type": "object",
                "description": "Which requests the route takes: all conditions given, at most one on the path.",
                "properties": {
                  "hosts": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    },
                    "description": "Host names; a leading '*.' matches any subdomain."
                  },
                  "path_exact": {
                    "type": "string"
                  },
                  "path_prefix": {
                    "type": "string"
                  },
                  "path_regex": {
                    "type": "string"
                  },
                  "path_template": {
                    "type": "string",
                    "description": "A path with {variables}, such as /users/{id}."
                  },
                  "methods": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  },
                  "headers": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/HeaderMatch"
                    }
                  },
                  "query": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/QueryMatch"
                    }
                  }
                },
                "additionalProperties": false,
                "not": {
                  "anyOf": [
                    {
                      "required": [
                        "path_exact",
                        "path_prefix"
                      ]
                    },
                    {
                      "required": [
                        "path_exact",
                        "path_regex"
                      ]
                    },
                    {
                      "required": [
                        "path_exact",
                        "path_template"
                      ]
                    },
                    {
                      "required": [
                        "path_prefix",
                        "path_regex"
                      ]
                    },
                    {
                      "required": [
                        "path_prefix",
                        "path_template"
                      ]
                    },
                    {
                      "required": [
                        "path_regex",
                        "path_template"
                      ]
                    }
                  ]
                }
              },
              "HeaderMatch": {
                "type": "object",
                "required": [
                  "name"
                ],
                "properties": {
                  "name": {
                    "type": "string"
                  },
                  "exact": {
                    "type": "string"
                  },
                  "prefix": {
                    "type": "string"
                  },
                  "regex": {
                    "type": "string"
                  },
                  "present": {
                    "type": "boolean"
                  },
                  "invert": {
                    "type": "boolean",
                    "description": "Take the requests the condition does not match."
                  }
                },
                "additionalProperties": false,
                "not": {
                  "anyOf": [
                    {
                      "required": [
                        "exact",
                        "prefix"
                      ]
                    },
                    {
                      "required": [
                        "exact",
                        "regex"
                      ]
                    },
                    {
                      "required": [
                        "prefix",
                        "regex"
                      ]
                    }
                  ]
                }
              },
              "QueryMatch": {
                "type": "object",
                "required": [
                  "name"
                ],
                "properties": {
                  "name": {
                    "type": "string"
                  },
                  "exact": {
                    "type": "string"
                  },
                  "present": {
                    "type": "boolean"
                  }
                },
                "additionalProperties": false
              },
              "RouteSpec": {
                "type": "object",
                "description": "A route: which requests go where. One of service, direct_response and redirect.",
                "properties": {
                  "match": {
                    "$ref": "#/components/schemas/RouteMatch"
                  },
                  "priority": {
                    "type": "integer",
                    "description": "Higher goes first among routes that match alike."
                  },
                  "service": {
                    "$ref": "#/components/schemas/Name",
                    "description": "The service that serves matching requests."
                  },
                  "direct_response": {
                    "type": "object",
                    "description": "Answer the request from the gateway.",
                    "required": [
                      "status"
                    ],
                    "properties": {
                      "status": {
                        "type": "integer",
                        "minimum": 200,
                        "maximum": 599
                      },
                      "body": {
                        "type": "string"
                      },
                      "content_type": {
                        "type": "string"
                      }
                    },
                    "additionalProperties": false
                  },
                  "redirect": {
                    "type": "object",
                    "description": "Redirect the client; parts not given keep the request's value.",
                    "properties": {
                      "status": {
                        "type": "integer",
                        "enum": [
                          301,
                          302,
                          303,
                          307,
                          308
                        ]
                      },
                      "location": {
                        "type": "string",
                        "description": "The whole target; the parts below then do not apply."
                      },
                      "scheme": {
                        "type": "string"
                      },
                      "host": {
                        "type": "string"
                      },
                      "path": {
                        "type": "string"
                      },
                      "strip_query": {
                        "type": "boolean"
                      }
                    },
                    "additionalProperties": false
                  },
                  "rewrite": {
                    "type": "object",
                    "description": "How the path changes on the way upstream.",
                    "properties": {
                      "path_prefix": {
                        "type": "string",
                        "description": "Replaces the matched path prefix."
                      },
                      "path_template": {
                        "type": "string",
                        "description": "Builds the path from the match's variables."
                      }
                    },
                    "additionalProperties": false,
                    "minProperties": 1,
                    "maxProperties": 1
                  },
                  "request_headers": {
                    "type": "object",
                    "description": "Header changes, applied in order: remove, then add.",
                    "properties": {
                      "add": {
                        "type": "object",
                        "additionalProperties": {
                          "type": "string"
                        },
                        "description": "Headers to set, by name; a value replaces any the message had."
                      },
                      "remove": {
                        "type": "array",
                        "items": {
                          "type": "string"
                        },
                        "description": "Names of headers to remove."
                      }
                    },
                    "additionalProperties": false
                  },
                  "response_headers": {
                    "type": "object",
                    "description": "Header changes, applied in order: remove, then add.",
                    "properties": {
                      "add": {
                        "type": "object",
                        "additionalProperties": {
                          "type": "string"
                        },
                        "description": "Headers to set, by name; a value replaces any the message had."
                      },
                      "remove": {
                        "type": "array",
                        "items": {
                          "type": "string"
                        },
                        "description": "Names of headers to remove."
                      }
                    },
                    "additionalProperties": false
                  },
                  "timeouts": {
                    "type": "object",
                    "properties": {
                      "request_ms": {
                        "type": "integer",
                        "minimum": 1,
                        "description": "Whole-request timeout, in milliseconds."
                      }
                    },
                    "additionalProperties": false
                  },
                  "retries": {
                    "type": "object",
                    "properties": {
                      "attempts": {
                        "type": "integer",
                        "minimum": 0,
                        "maximum": 10,
                        "description": "Retries after the first try."
                      }
                    },
                    "additionalProperties": false
                  },
                  "policies": {
                    "type": "object",
                    "properties": {
                      "rate_limit": {
                        "$ref": "#/components/schemas/Name",
                        "description": "The rate limit applied to the route."
                      },
                      "auth": {
                        "type": "object",
                        "description": "How callers authenticate."
                      }
                    },
                    "additionalProperties": false
                  }
                },
                "additionalProperties": false,
                "oneOf": [
                  {
                    "required": [
                      "service"
                    ]
                  },
                  {
                    "required": [
                      "direct_response"
                    ]
                  },
                  {
                    "required": [
                      "redirect"
                    ]
                  }
                ]
              },
              "BreakerPolicySpec": {
                "type": "object",
                "description": "A circuit-breaker policy that services name.",
                "properties": {
                  "failure_rate": {
                    "type": "number",
                    "exclusiveMinimum": 0,
                    "maximum": 1,
                    "description": "The share of failed requests in the window that opens the breaker."
                  },
                  "min_requests": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "Requests the window needs before failure_rate applies."
                  },
                  "window_s": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "The length of the window, in seconds."
                  },
                  "consecutive_failures": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "Failures in a row that open the breaker."
                  },
                  "open_s": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "How long the breaker first stays open, in seconds."
                  },
                  "max_open_s": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "The longest the breaker stays open after repeated openings, in seconds."
                  },
                  "half_open_requests": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "Trial requests let through while half open."
                  },
                  "failure_on": {
                    "type": "array",
                    "description": "What counts as a failure.",
                    "items": {
                      "type": "string",
                      "enum": [
                        "5xx",
                        "connect_failure",
                        "timeout",
                        "reset"
                      ]
                    }
                  },
                  "max_concurrent_requests": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "Most requests in flight to the service."
                  },
                  "max_pending_requests": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "Most requests waiting for a connection."
                  },
                  "max_connections_per_endpoint": {
                    "type": "integer",
                    "minimum": 1
                  },
                  "max_retries_in_flight": {
                    "type": "integer",
                    "minimum": 0
                  }
                },
                "additionalProperties": false
              },
              "RateLimitSpec": {
                "type": "object",
                "description": "A token-bucket rate limit that routes name.",
                "required": [
                  "requests_per_s"
                ],
                "properties": {
                  "requests_per_s": {
                    "type": "number",
                    "exclusiveMinimum": 0,
                    "description": "The sustained rate."
                  },
                  "burst": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "Requests allowed above the rate at once."
                  },
                  "key": {
                    "type": "string",
                    "description": "What the limit counts by: client_address, consumer or header:NAME.",
                    "pattern": "^(client_address|consumer|header:[A-Za-z0-9_-]+)$",
                    "default": "client_address"
                  }
                },
                "additionalProperties": false
              },
              "ConsumerSpec": {
                "type": "object",
                "description": "A caller known to the gateway, with its credentials.",
                "properties": {
                  "groups": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  },
                  "api_key_hashes": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    },
                    "description": "SHA-256 of each API key, in hexadecimal."
                  },
                  "jwt_subjects": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    },
                    "description": "The sub claims that identify the consumer."
                  }
                },
                "additionalProperties": false
              },
              "EndpointSpec": {
                "type": "object",
                "required": [
                  "address",
                  "port"
                ],
                "properties": {
                  "address": {
                    "type": "string",
                    "minLength": 1,
                    "description": "Host name or IP address."
                  },
                  "port": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 65535
                  },
                  "weight": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 1000,
                    "description": "Share of traffic relative to the service's other endpoints."
                  },
                  "ttl_s": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 86400,
                    "description": "Seconds without a heartbeat after which the endpoint lapses; none without it."
                  },
                  "labels": {
                    "type": "object",
                    "additionalProperties": {
                      "type": "string"
                    }
                  }
                },
                "additionalProperties": false
              },
              "Endpoint": {
                "type": "object",
                "required": [
                  "service",
                  "id",
                  "address",
                  "port",
                  "weight",
                  "ttl_s",
                  "expires_at",
                  "lapsed",
                  "last_heartbeat"
                ],
                "properties": {
                  "service": {
                    "$ref": "#/components/schemas/Name"
                  },
                  "id": {
                    "$ref": "#/components/schemas/Name"
                  },
                  "address": {
                    "type": "string"
                  },
                  "port": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 65535
                  },
                  "weight": {
                    "type": "integer",
                    "minimum": 0
                  },
                  "ttl_s": {
                    "type": [
                      "integer",
                      "null"
                    ],
                    "minimum": 1
                  },
                  "expires_at": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "format": "date-time"
                  },
                  "lapsed": {
                    "type": "boolean",
                    "description": "The TTL ran out; the endpoint is out of snapshots."
                  },
                  "last_heartbeat": {
                    "type": "string",
                    "format": "date-time"
                  },
                  "labels": {
                    "type": "object",
                    "additionalProperties": {
                      "type": "string"
                    }
                  }
                }
              },
              "EndpointList": {
                "type": "object",
                "required": [
                  "items"
                ],
                "properties": {
                  "items": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Endpoint"
                    }
                  }
                }
              },
              "PublishRequest": {
                "type": "object",
                "required": [
                  "message"
                ],
                "properties": {
                  "message": {
                    "type": "string",
                    "description": "What the version changes, for the history."
                  }
                },
                "additionalProperties": false
              },
              "Version": {
                "type": "object",
                "required": [
                  "version",
                  "hash",
                  "message",
                  "created_at"
                ],
                "properties": {
                  "version": {
                    "type": "integer",
                    "minimum": 1
                  },
                  "hash": {
                    "type": "string",
                    "description": "The hash of the version's configuration."
                  },
                  "message": {
                    "type": "string"
                  },
                  "created_at": {
                    "type": "string",
                    "format": "date-time"
                  }
                }
              },
              "VersionDetail": {
                "allOf": [
                  {
                    "$ref": "#/components/schemas/Version"
                  }
                ],
                "type": "object",
                "required": [
                  "config"
                ],
                "properties": {
                  "config": {
                    "type": "object",
                    "description": "The whole configuration of the version."
                  }
                }
              },
              "VersionList": {
                "type": "object",
                "required": [
                  "items"
                ],
                "properties": {
                  "items": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Version"
                    }
                  }
                }
              },
              "VersionDiff": {
                "type": "object",
                "required": [
                  "from",
                  "to",
                  "changes"
                ],
                "properties": {
                  "from": {
                    "type": "integer"
                  },
                  "to": {
                    "type": "integer"
                  },
                  "changes": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "required": [
                        "kind",
                        "name",
                        "change"
                      ],
                      "properties": {
                        "kind": {
                          "type": "string"
                        },
                        "name": {
                          "type": "string"
                        },
                        "change": {
                          "type": "string",
                          "enum": [
                            "added",
                            "removed",
                            "changed"
                          ]
                        }
                      }
                    }
                  }
                }
              },
              "Node": {
                "type": "object",
                "required": [
                  "node",
                  "labels",
                  "build",
                  "desired_version",
                  "applied_version",
                  "rejected",
                  "last_seen",
                  "first_seen",
                  "state",
                  "drifted"
                ],
                "properties": {
                  "node": {
                    "type": "string"
                  },
                  "labels": {
                    "type": "object",
                    "additionalProperties": {
                      "type": "string"
                    }
                  },
                  "build": {
                    "type": "string"
                  },
                  "desired_version": {
                    "type": [
                      "integer",
                      "null"
                    ],
                    "description": "The version the node should run."
                  },
                  "applied_version": {
                    "type": [
                      "integer",
                      "null"
                    ],
                    "description": "The version the node last applied."
                  },
                  "rejected": {
                    "type": [
                      "object",
                      "null"
                    ],
                    "description": "The version the node refused, while it still does.",
                    "required": [
                      "version",
                      "error"
                    ],
                    "properties": {
                      "version": {
                        "type": "integer"
                      },
                      "error": {
                        "type": "string"
                      }
                    }
                  },
                  "last_seen": {
                    "type": "string",
                    "format": "date-time"
                  },
                  "first_seen": {
                    "type": "string",
                    "format": "date-time"
                  },
                  "state": {
                    "type": "string",
                    "enum": [
                      "ready",
                      "stale"
                    ],
                    "description": "Stale: not heard from lately."
                  },
                  "drifted": {
                    "type": "boolean",
                    "description": "The applied version is not the desired one."
                  }
                }
              },
              "NodeStatus": {
                "type": "object",
                "properties": {
                  "applied_version": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "The snapshot version the node runs, such as 42.7."
                  },
                  "rejected": {
                    "type": [
                      "object",
                      "null"
                    ],
                    "description": "The snapshot version the node refused, and why.",
                    "required": [
                      "version",
                      "error"
                    ],
                    "properties": {
                      "version": {
                        "type": "string"
                      },
                      "error": {
                        "type": "string"
                      }
                    },
                    "additionalProperties": false
                  },
                  "figures": {
                    "type": "object",
                    "description": "Counts since the previous report.",
                    "properties": {
                      "requests": {
                        "type": "integer",
                        "minimum": 0
                      },
                      "responses_5xx": {
                        "type": "integer",
                        "minimum": 0
                      },
                      "breaker_openings": {
                        "type": "integer",
                        "minimum": 0
                      }
                    },
                    "additionalProperties": false
                  }
                },
                "additionalProperties": false
              },
              "Snapshot": {
                "type": "object",
                "description": "Everything a node needs to serve, at one snapshot version.",
                "required": [
                  "version",
                  "config_version",
                  "generated_at",
                  "services",
                  "endpoints",
                  "routes",
                  "breaker_policies",
                  "rate_limits",
                  "consumers",
                  "certificates"
                ],
                "properties": {
                  "version": {
                    "type": "string",
                    "description": "Configuration version and endpoint generation, such as 42.7."
                  },
                  "config_version": {
                    "type": "integer",
                    "minimum": 0
                  },
                  "generated_at": {
                    "type": "string",
                    "format": "date-time"
                  },
                  "services": {
                    "type": "object",
                    "additionalProperties": {
                      "type": "object"
                    }
                  },
                  "endpoints": {
                    "type": "object",
                    "description": "Each service's endpoints, by service name.",
                    "additionalProperties": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/SnapshotEndpoint"
                      }
                    }
                  },
                  "routes": {
                    "type": "object",
                    "additionalProperties": {
                      "type": "object"
                    }
                  },
                  "breaker_policies": {
                    "type": "object",
                    "additionalProperties": {
                      "type": "object"
                    }
                  },
                  "rate_limits": {
                    "type": "object",
                    "additionalProperties": {
                      "type": "object"
                    }
                  },
                  "consumers": {
                    "type": "object",
                    "additionalProperties": {
                      "type": "object"
                    }
                  },
                  "certificates": {
                    "type": "object",
                    "additionalProperties": {
                      "type": "object"
                    }
                  }
                }
              },
              "SnapshotEndpoint": {
                "type": "object",
                "required": [
                  "id",
                  "address",
                  "port",
                  "weight",
                  "healthy"
                ],
                "properties": {
                  "id": {
                    "type": "string"
                  },
                  "address": {
                    "type": "string"
                  },
                  "port": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 65535
                  },
                  "weight": {
                    "type": "integer",
                    "minimum": 0
                  },
                  "healthy": {
                    "type": "boolean"
                  }
                }
              },
              "CertificateUpload": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "cert_pem",
                  "key_pem",
                  "snis"
                ],
                "description": "A PEM chain (leaf first), its unencrypted PEM key, and the names it serves.",
                "properties": {
                  "cert_pem": {
                    "type": "string",
                    "description": "The certificate chain in PEM, leaf first."
                  },
                  "key_pem": {
                    "type": "string",
                    "description": "The private key in PEM; stored encrypted, never returned."
                  },
                  "snis": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                      "type": "string"
                    },
                    "description": "Exact names or *. wildcards."
                  }
                }
              },
              "Certificate": {
                "type": "object",
                "required": [
                  "kind",
                  "name",
                  "spec",
                  "updated_at"
                ],
                "description": "A stored certificate, without its key, with its subject, names and validity.",
                "properties": {
                  "kind": {
                    "type": "string"
                  },
                  "name": {
                    "type": "string"
                  },
                  "spec": {
                    "type": "object"
                  },
                  "updated_at": {
                    "type": "string",
                    "format": "date-time"
                  },
                  "subject": {
                    "type": "string"
                  },
                  "dns_names": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  },
                  "not_before": {
                    "type": "string",
                    "format": "date-time"
                  },
                  "not_after": {
                    "type": "string",
                    "format": "date-time"
                  }
                }
              },
              "CertificateList": {
                "type": "object",
                "required": [
                  "items"
                ],
                "properties": {
                  "items": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Certificate"
                    }
                  }
                }
              }
            }
          }
        }
        """#
}
