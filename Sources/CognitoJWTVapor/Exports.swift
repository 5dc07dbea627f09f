// `import CognitoJWTVapor` brings the core types (`CognitoVerifier`, `CognitoClaims`, `CognitoIdentity`, …) too.
@_exported import CognitoJWT
