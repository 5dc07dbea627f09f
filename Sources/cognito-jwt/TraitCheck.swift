#if !CLI
#error("cognito-jwt is built with the package trait \"CLI\" (on by default): swift build --traits CLI")
#endif
