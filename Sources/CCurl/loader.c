#include "CCurl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>

#if defined(__APPLE__)
#define SSO_LIBCURL_NAME "libcurl.4.dylib"
#else
#define SSO_LIBCURL_NAME "libcurl.so.4"
#endif

static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    void (*free)(void *);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_cleanup)(CURLM *);
    CURLMcode (*multi_add_handle)(CURLM *, CURL *);
    CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
    CURLMcode (*multi_perform)(CURLM *, int *);
    CURLMcode (*multi_poll)(CURLM *, struct curl_waitfd *, unsigned int, int, int *);
    CURLMcode (*multi_wakeup)(CURLM *);
    CURLMsg *(*multi_info_read)(CURLM *, int *);
    CURLU *(*url)(void);
    void (*url_cleanup)(CURLU *);
    CURLUcode (*url_set)(CURLU *, CURLUPart, const char *, unsigned int);
    CURLUcode (*url_get)(const CURLU *, CURLUPart, char **, unsigned int);
} api;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static int loaded;
static char load_error[512];

static void load(void) {
    void *library = dlopen(SSO_LIBCURL_NAME, RTLD_LAZY | RTLD_LOCAL);
    if (!library) {
        const char *reason = dlerror();
        snprintf(load_error, sizeof load_error, "%s", reason ? reason : "cannot load " SSO_LIBCURL_NAME);
        return;
    }
#define RESOLVE(field, symbol)                                                                     \
    do {                                                                                           \
        *(void **)(&api.field) = dlsym(library, symbol);                                           \
        if (!api.field) {                                                                          \
            snprintf(load_error, sizeof load_error, "%s has no %s", SSO_LIBCURL_NAME, symbol);     \
            return;                                                                                \
        }                                                                                          \
    } while (0)
    RESOLVE(global_init, "curl_global_init");
    RESOLVE(easy_init, "curl_easy_init");
    RESOLVE(easy_cleanup, "curl_easy_cleanup");
    RESOLVE(easy_strerror, "curl_easy_strerror");
    RESOLVE(easy_setopt, "curl_easy_setopt");
    RESOLVE(easy_getinfo, "curl_easy_getinfo");
    RESOLVE(slist_append, "curl_slist_append");
    RESOLVE(slist_free_all, "curl_slist_free_all");
    RESOLVE(free, "curl_free");
    RESOLVE(multi_init, "curl_multi_init");
    RESOLVE(multi_cleanup, "curl_multi_cleanup");
    RESOLVE(multi_add_handle, "curl_multi_add_handle");
    RESOLVE(multi_remove_handle, "curl_multi_remove_handle");
    RESOLVE(multi_perform, "curl_multi_perform");
    RESOLVE(multi_poll, "curl_multi_poll");
    RESOLVE(multi_wakeup, "curl_multi_wakeup");
    RESOLVE(multi_info_read, "curl_multi_info_read");
    RESOLVE(url, "curl_url");
    RESOLVE(url_cleanup, "curl_url_cleanup");
    RESOLVE(url_set, "curl_url_set");
    RESOLVE(url_get, "curl_url_get");
#undef RESOLVE
    if (api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        snprintf(load_error, sizeof load_error, "curl_global_init failed");
        return;
    }
    loaded = 1;
}

int sso_curl_available(void) {
    pthread_once(&load_once, load);
    return loaded;
}

const char *sso_curl_load_error(void) {
    return sso_curl_available() ? NULL : load_error;
}

CURL *sso_curl_easy_init(void) { return sso_curl_available() ? api.easy_init() : NULL; }
void sso_curl_easy_cleanup(CURL *handle) { if (sso_curl_available()) api.easy_cleanup(handle); }
const char *sso_curl_easy_strerror(CURLcode code) {
    return sso_curl_available() ? api.easy_strerror(code) : load_error;
}
struct curl_slist *sso_curl_slist_append(struct curl_slist *list, const char *string) {
    return sso_curl_available() ? api.slist_append(list, string) : NULL;
}
void sso_curl_slist_free_all(struct curl_slist *list) { if (sso_curl_available()) api.slist_free_all(list); }
void sso_curl_free(void *pointer) { if (sso_curl_available()) api.free(pointer); }

CURLM *sso_curl_multi_init(void) { return sso_curl_available() ? api.multi_init() : NULL; }
CURLMcode sso_curl_multi_cleanup(CURLM *multi) {
    return sso_curl_available() ? api.multi_cleanup(multi) : CURLM_INTERNAL_ERROR;
}
CURLMcode sso_curl_multi_add_handle(CURLM *multi, CURL *easy) {
    return sso_curl_available() ? api.multi_add_handle(multi, easy) : CURLM_INTERNAL_ERROR;
}
CURLMcode sso_curl_multi_remove_handle(CURLM *multi, CURL *easy) {
    return sso_curl_available() ? api.multi_remove_handle(multi, easy) : CURLM_INTERNAL_ERROR;
}
CURLMcode sso_curl_multi_perform(CURLM *multi, int *running) {
    return sso_curl_available() ? api.multi_perform(multi, running) : CURLM_INTERNAL_ERROR;
}
CURLMcode sso_curl_multi_poll(CURLM *multi, struct curl_waitfd *extra, unsigned int count, int timeout, int *numfds) {
    return sso_curl_available() ? api.multi_poll(multi, extra, count, timeout, numfds) : CURLM_INTERNAL_ERROR;
}
CURLMcode sso_curl_multi_wakeup(CURLM *multi) {
    return sso_curl_available() ? api.multi_wakeup(multi) : CURLM_INTERNAL_ERROR;
}
CURLMsg *sso_curl_multi_info_read(CURLM *multi, int *remaining) {
    return sso_curl_available() ? api.multi_info_read(multi, remaining) : NULL;
}

CURLU *sso_curl_url(void) { return sso_curl_available() ? api.url() : NULL; }
void sso_curl_url_cleanup(CURLU *handle) { if (sso_curl_available()) api.url_cleanup(handle); }
CURLUcode sso_curl_url_set(CURLU *handle, CURLUPart part, const char *content, unsigned int flags) {
    return sso_curl_available() ? api.url_set(handle, part, content, flags) : CURLUE_OUT_OF_MEMORY;
}
CURLUcode sso_curl_url_get(const CURLU *handle, CURLUPart part, char **content, unsigned int flags) {
    return sso_curl_available() ? api.url_get(handle, part, content, flags) : CURLUE_OUT_OF_MEMORY;
}

CURLcode sso_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return sso_curl_available() ? api.easy_setopt(handle, option, value) : CURLE_FAILED_INIT;
}
CURLcode sso_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return sso_curl_available() ? api.easy_setopt(handle, option, value) : CURLE_FAILED_INIT;
}
CURLcode sso_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return sso_curl_available() ? api.easy_setopt(handle, option, value) : CURLE_FAILED_INIT;
}
CURLcode sso_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return sso_curl_available() ? api.easy_setopt(handle, option, value) : CURLE_FAILED_INIT;
}
CURLcode sso_curl_setopt_offset(CURL *handle, CURLoption option, curl_off_t value) {
    return sso_curl_available() ? api.easy_setopt(handle, option, value) : CURLE_FAILED_INIT;
}
CURLcode sso_curl_setopt_write_function(CURL *handle, CURLoption option, sso_curl_write_callback value) {
    return sso_curl_available() ? api.easy_setopt(handle, option, value) : CURLE_FAILED_INIT;
}
CURLcode sso_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return sso_curl_available() ? api.easy_getinfo(handle, info, value) : CURLE_FAILED_INIT;
}
