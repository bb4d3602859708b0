#ifndef SSO_SELF_HEALING_CCURL_H
#define SSO_SELF_HEALING_CCURL_H

#include <curl/curl.h>

/* libcurl is loaded with dlopen on first use, not linked: a process that makes no HTTP request
   (status, a daemon with only local channels) then maps none of its dependency chain (OpenSSL,
   GnuTLS, Kerberos, LDAP...), which costs several megabytes and milliseconds at start.

   Each sso_curl_* function forwards to the libcurl function of the same name, loading libcurl
   first if needed. When libcurl cannot be loaded they fail as libcurl reports a failure:
   NULL handles, CURLE_FAILED_INIT, CURLM_INTERNAL_ERROR, CURLUE_OUT_OF_MEMORY. */

/// Loads libcurl and runs curl_global_init once. Returns 1 when libcurl is usable.
int sso_curl_available(void);
/// Why libcurl could not be loaded (the dynamic loader's message), or NULL.
const char *sso_curl_load_error(void);

CURL *sso_curl_easy_init(void);
void sso_curl_easy_cleanup(CURL *handle);
const char *sso_curl_easy_strerror(CURLcode code);
struct curl_slist *sso_curl_slist_append(struct curl_slist *list, const char *string);
void sso_curl_slist_free_all(struct curl_slist *list);
void sso_curl_free(void *pointer);

CURLM *sso_curl_multi_init(void);
CURLMcode sso_curl_multi_cleanup(CURLM *multi);
CURLMcode sso_curl_multi_add_handle(CURLM *multi, CURL *easy);
CURLMcode sso_curl_multi_remove_handle(CURLM *multi, CURL *easy);
CURLMcode sso_curl_multi_perform(CURLM *multi, int *running);
CURLMcode sso_curl_multi_poll(CURLM *multi, struct curl_waitfd *extra, unsigned int count, int timeout, int *numfds);
CURLMcode sso_curl_multi_wakeup(CURLM *multi);
CURLMsg *sso_curl_multi_info_read(CURLM *multi, int *remaining);

CURLU *sso_curl_url(void);
void sso_curl_url_cleanup(CURLU *handle);
CURLUcode sso_curl_url_set(CURLU *handle, CURLUPart part, const char *content, unsigned int flags);
CURLUcode sso_curl_url_get(const CURLU *handle, CURLUPart part, char **content, unsigned int flags);

/* curl_easy_setopt and curl_easy_getinfo are variadic; Swift cannot call them, so these typed
   wrappers forward one argument of each kind. */
typedef size_t (*sso_curl_write_callback)(char *data, size_t size, size_t count, void *context);
CURLcode sso_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode sso_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode sso_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode sso_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode sso_curl_setopt_offset(CURL *handle, CURLoption option, curl_off_t value);
CURLcode sso_curl_setopt_write_function(CURL *handle, CURLoption option, sso_curl_write_callback value);
CURLcode sso_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);

#endif
