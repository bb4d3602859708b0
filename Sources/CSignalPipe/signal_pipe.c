// The self-pipe trick: the handler only write(2)s, which is async-signal-safe, so whichever
// thread the kernel picks for a signal, a reader thread gets it in order and nothing is lost
// but repeats of a signal already waiting in a full pipe.
#define _GNU_SOURCE
#include "CSignalPipe.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static int pipe_read_end = -1;
static int pipe_write_end = -1;
static pthread_mutex_t install_lock = PTHREAD_MUTEX_INITIALIZER;

static void handle_signal(int number) {
    int saved = errno;
    unsigned char byte = (unsigned char)number;
    (void)write(pipe_write_end, &byte, 1);
    errno = saved;
}

static int open_pipe(void) {
    int ends[2];
    if (pipe(ends) != 0) return -1;
    for (int i = 0; i < 2; i++) {
        if (fcntl(ends[i], F_SETFD, FD_CLOEXEC) != 0) goto fail;
    }
    // A full pipe drops the byte instead of blocking inside the handler.
    int flags = fcntl(ends[1], F_GETFL);
    if (flags < 0 || fcntl(ends[1], F_SETFL, flags | O_NONBLOCK) != 0) goto fail;
    pipe_read_end = ends[0];
    pipe_write_end = ends[1];
    return 0;
fail:
    close(ends[0]);
    close(ends[1]);
    return -1;
}

int sso_signal_pipe_install(const int *signals, int count) {
    pthread_mutex_lock(&install_lock);
    int result = pipe_read_end;
    if (result < 0 && open_pipe() != 0) {
        pthread_mutex_unlock(&install_lock);
        return -1;
    }
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handle_signal;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    for (int i = 0; i < count; i++) {
        if (sigaction(signals[i], &action, NULL) != 0) {
            pthread_mutex_unlock(&install_lock);
            return -1;
        }
    }
    result = pipe_read_end;
    pthread_mutex_unlock(&install_lock);
    return result;
}
