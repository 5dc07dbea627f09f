#ifndef C_BENCHMARK_SUPPORT_H
#define C_BENCHMARK_SUPPORT_H

/// Fills `frames` with up to `depth` return addresses of the calling thread (glibc `backtrace`); returns how many.
int stack_trace_capture(void **frames, int depth);

/// The file and load address of the module holding `address` (`dladdr`); returns 0 when unknown.
int stack_trace_module(const void *address, const char **file, void **base);

/// Makes standard output line-buffered, so that progress shows through a pipe.
void benchmark_line_buffered_stdout(void);

#endif
