#ifndef C_COGNITO_JWT_PREFETCH_H
#define C_COGNITO_JWT_PREFETCH_H

/// Asks the processor to bring the cache line at `address` in for writing. A hint: it never faults, never waits
/// for memory and compiles to nothing where the processor has no such instruction.
static inline __attribute__((always_inline)) void cognito_jwt_prefetch_for_writing(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#endif
