// Linux interfaces that Swift's Glibc module does not export.
#include <signal.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <malloc.h>
