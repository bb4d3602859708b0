// The Swift runtime's global-executor hooks (swift/Runtime/ConcurrencyHooks.def): function
// pointers in libswift_Concurrency, called with the Swift calling convention, each receiving
// the runtime's own implementation as its last argument.
#include "CConcurrencyHooks.h"

// Linux only: the pool that installs these hooks is built for Linux alone.
#if defined(__linux__)

#define SWIFT_CC __attribute__((swiftcall))

typedef SWIFT_CC void (*enqueue_original_t)(void *job);
typedef SWIFT_CC void (*enqueue_hook_t)(void *job, enqueue_original_t original);
typedef SWIFT_CC void (*delay_original_t)(unsigned long long delay, void *job);
typedef SWIFT_CC void (*delay_hook_t)(unsigned long long delay, void *job, delay_original_t original);
typedef SWIFT_CC void (*deadline_original_t)(
    long long sec, long long nsec, long long tsec, long long tnsec, int clock, void *job);
typedef SWIFT_CC void (*deadline_hook_t)(
    long long sec, long long nsec, long long tsec, long long tnsec, int clock, void *job,
    deadline_original_t original);

extern enqueue_hook_t swift_task_enqueueGlobal_hook;
extern delay_hook_t swift_task_enqueueGlobalWithDelay_hook;
extern deadline_hook_t swift_task_enqueueGlobalWithDeadline_hook;

static sso_enqueue_now_t enqueue_now;
static sso_enqueue_at_t enqueue_at;
static sso_enqueue_after_t enqueue_after;

static SWIFT_CC void enqueue_hook(void *job, enqueue_original_t original) {
    (void)original;
    enqueue_now(job);
}

static SWIFT_CC void delay_hook(unsigned long long delay, void *job, delay_original_t original) {
    (void)original;
    enqueue_after(job, delay);
}

static SWIFT_CC void deadline_hook(
    long long sec, long long nsec, long long tsec, long long tnsec, int clock, void *job,
    deadline_original_t original) {
    (void)tsec;
    (void)tnsec;
    (void)original;
    enqueue_at(job, clock, sec, nsec);
}

int sso_install_global_executor_hooks(sso_enqueue_now_t now, sso_enqueue_at_t at, sso_enqueue_after_t after) {
    if (swift_task_enqueueGlobal_hook || swift_task_enqueueGlobalWithDelay_hook
        || swift_task_enqueueGlobalWithDeadline_hook) {
        return -1;
    }
    enqueue_now = now;
    enqueue_at = at;
    enqueue_after = after;
    // Delayed jobs first: once the immediate hook is in, every new job may come through here.
    swift_task_enqueueGlobalWithDeadline_hook = deadline_hook;
    swift_task_enqueueGlobalWithDelay_hook = delay_hook;
    swift_task_enqueueGlobal_hook = enqueue_hook;
    return 0;
}

#endif
