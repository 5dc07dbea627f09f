#if !Fluent
#error(
    "CognitoJWTFluent is built with the package trait \"Fluent\": add it to the traits of swift-cognito-jwt in Package.swift, e.g. .package(url: \"https://github.com/swift-cognito-jwt/swift-cognito-jwt.git\", from: \"1.0.0\", traits: [\"Fluent\"])"
)
#endif
