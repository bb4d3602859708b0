#ifndef SSO_SELF_HEALING_CCURL_SHIM_H
#define SSO_SELF_HEALING_CCURL_SHIM_H

#include <curl/curl.h>

/* curl_easy_setopt and curl_easy_getinfo are variadic macros in C; Swift cannot call them,
   so these typed wrappers forward one argument of each kind. */
static inline CURLcode sso_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode sso_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode sso_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode sso_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode sso_curl_setopt_offset(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}
typedef size_t (*sso_curl_write_callback)(char *data, size_t size, size_t count, void *context);
static inline CURLcode sso_curl_setopt_write_function(CURL *handle, CURLoption option, sso_curl_write_callback value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode sso_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}
#endif
