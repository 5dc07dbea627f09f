#define _GNU_SOURCE
#include "CBenchmarkSupport.h"
#include <stdio.h>
#include <dlfcn.h>
#if defined(__GLIBC__)
#include <execinfo.h>
#endif

int stack_trace_capture(void **frames, int depth) {
#if defined(__GLIBC__)
    return backtrace(frames, depth);
#else
    (void)frames; (void)depth;
    return 0;
#endif
}

int stack_trace_module(const void *address, const char **file, void **base) {
    Dl_info info;
    if (dladdr(address, &info) == 0 || info.dli_fname == 0) return 0;
    *file = info.dli_fname;
    *base = info.dli_fbase;
    return 1;
}

void benchmark_line_buffered_stdout(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
}
