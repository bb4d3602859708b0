#ifndef SSO_SELF_HEALING_CONCURRENCY_HOOKS_H
#define SSO_SELF_HEALING_CONCURRENCY_HOOKS_H

#include <stdint.h>

#if defined(__linux__)
// What the pool's timer thread waits with (TimerAlarm): Swift's Glibc module has neither.
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#endif

/// Receives a job the runtime would have given its global executor to run now.
typedef void (*sso_enqueue_now_t)(void *_Nonnull job);
/// Receives a job due at `seconds`/`nanoseconds` on the runtime's clock `clock`
/// (1: continuous, 2: suspending).
typedef void (*sso_enqueue_at_t)(void *_Nonnull job, int32_t clock, int64_t seconds, int64_t nanoseconds);
/// Receives a job due `delay` nanoseconds from now.
typedef void (*sso_enqueue_after_t)(void *_Nonnull job, uint64_t delay);

/// Routes the Swift runtime's global-executor enqueues (immediate, with a deadline, with a delay)
/// to these functions. Returns 0 when installed, -1 when another hook is already in place (then
/// nothing is changed).
int sso_install_global_executor_hooks(
    sso_enqueue_now_t _Nonnull now, sso_enqueue_at_t _Nonnull at, sso_enqueue_after_t _Nonnull after);

#endif
