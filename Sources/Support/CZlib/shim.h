// zlib for reading gzip-compressed recordings (Debian: zlib1g-dev).
#include <zlib.h>
