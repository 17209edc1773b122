#pragma once

// What the libcurl clients of the backends (KubeClient, DockerClient) share: one global initialisation,
// and a transfer that collects a body or cuts a stream into lines, stoppable from another thread.

#include <QByteArray>

#include <curl/curl.h>

#include <atomic>
#include <functional>

namespace flotilla::backends::curltransfer {

void initCurl();

/// A libcurl handle and its header list, freed together.
struct Easy {
    Easy() = default;
    Easy(const Easy &) = delete;
    Easy &operator=(const Easy &) = delete;
    CURL *handle = curl_easy_init();
    curl_slist *headers = nullptr;
    ~Easy()
    {
        curl_slist_free_all(headers);
        curl_easy_cleanup(handle);
    }
};

struct Transfer {
    QByteArray body;
    QByteArray pending; ///< stream: the part of a line not ended yet
    const std::function<bool(const QByteArray &)> *onLine = nullptr;
    const std::atomic<bool> *stop = nullptr;
    bool stoppedByCallback = false;
};

/// CURLOPT_WRITEFUNCTION with a Transfer: the body, or each line to onLine (false from it ends the transfer;
/// the first 64 KiB are kept for an error's message).
size_t onData(char *data, size_t size, size_t count, void *user);
/// CURLOPT_XFERINFOFUNCTION with a Transfer: ends it once `stop` is set.
int onProgress(void *user, curl_off_t, curl_off_t, curl_off_t, curl_off_t);

} // namespace flotilla::backends::curltransfer
