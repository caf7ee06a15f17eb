#ifndef BOURSE_CPREFETCH_H
#define BOURSE_CPREFETCH_H

/// Starts loading the cache line at `address` for a coming write; returns at once (a hint, never a fault).
static inline void bourse_prefetch_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#endif
