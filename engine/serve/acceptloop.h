#pragma once

#include "../common/log.h"

#include <boost/asio/error.hpp>
#include <boost/system/error_code.hpp>

#include <memory>
#include <utility>

namespace flotilla::engine::serve {

/// Accepts connections on `acceptor` until `shared->stopped`: each socket goes to `onSocket`. Running out
/// of file descriptors is logged and accepting goes on (the Kubernetes and Docker API servers).
template <class Shared, class Acceptor, class OnSocket>
void acceptLoop(const std::shared_ptr<Shared> &shared, Acceptor &acceptor, const char *logName, OnSocket onSocket)
{
    acceptor.async_accept([shared, &acceptor, logName, onSocket](boost::system::error_code ec,
                                                                  typename Acceptor::protocol_type::socket socket) {
        if (shared->stopped)
            return;
        if (!ec)
            onSocket(std::move(socket));
        else if (ec == boost::asio::error::no_descriptors)
            log::warning(logName, "too many open connections: " + ec.message());
        acceptLoop(shared, acceptor, logName, onSocket);
    });
}

} // namespace flotilla::engine::serve
