#include "curltransfer.h"

#include <algorithm>
#include <mutex>

namespace flotilla::backends::curltransfer {

void initCurl()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}


size_t onData(char *data, size_t size, size_t count, void *user)
{
    auto *t = static_cast<Transfer *>(user);
    const size_t n = size * count;
    if (!t->onLine) {
        t->body.append(data, qsizetype(n));
        return n;
    }
    t->pending.append(data, qsizetype(n));
    qsizetype start = 0;
    for (qsizetype nl = t->pending.indexOf('\n'); nl >= 0; nl = t->pending.indexOf('\n', start)) {
        const QByteArray line = t->pending.mid(start, nl - start).trimmed();
        start = nl + 1;
        if (!line.isEmpty() && !(*t->onLine)(line)) {
            t->stoppedByCallback = true;
            return 0; // ends the transfer
        }
    }
    t->pending.remove(0, start);
    if (t->body.size() < 64 * 1024) // the start of the answer, for an error's message
        t->body.append(data, qsizetype(std::min<size_t>(n, 64 * 1024)));
    return n;
}

int onProgress(void *user, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    auto *t = static_cast<Transfer *>(user);
    return t->stop && t->stop->load() ? 1 : 0;
}

} // namespace flotilla::backends::curltransfer
