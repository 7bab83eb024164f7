// Linux interfaces that Swift's Glibc module does not export.
#define _GNU_SOURCE 1
#include <errno.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <malloc.h>
#include <fcntl.h>

// True when some process has the file open for writing: a read lease is refused then (EAGAIN). Leases need the
// caller to own the file or hold CAP_LEASE, and are not offered by every file system: -1 means "cannot tell".
static inline int neardup_open_for_writing(int descriptor) {
#ifdef F_SETLEASE
    if (fcntl(descriptor, F_SETLEASE, F_RDLCK) == 0) {
        fcntl(descriptor, F_SETLEASE, F_UNLCK);
        return 0;
    }
    return errno == EAGAIN ? 1 : -1;
#else
    (void)descriptor;
    return -1;
#endif
}
