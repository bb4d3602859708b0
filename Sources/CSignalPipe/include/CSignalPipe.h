#ifndef SSO_SELF_HEALING_SIGNAL_PIPE_H
#define SSO_SELF_HEALING_SIGNAL_PIPE_H

/// Opens a close-on-exec pipe (once per process) and installs a handler that writes the number
/// of each signal it catches as one byte. Returns the pipe's read end, or -1 with errno set.
/// Calling it again adds signals and returns the same descriptor.
int sso_signal_pipe_install(const int *_Nonnull signals, int count);

#endif
