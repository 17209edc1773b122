#pragma once

#include "cachedobjectmodel.h"

#include <engine/sandbox/containers.h>

#include <QColor>
#include <QStringList>

Q_DECLARE_METATYPE(flotilla::engine::sandbox::ContainerInfo)

namespace flotilla::models {

struct ContainerRow {
    engine::sandbox::ContainerInfo info;
    QString name, image, state, ports, id;
    QStringList portList; ///< "0.0.0.0:3000→8080/tcp", one per published port
};

/// The sandbox's Docker containers (kind Container), as `docker ps -a` lists them: state, Docker's
/// status line ("Up 5 minutes", "Exited (0) 3 seconds ago") on the simulation clock, published ports.
class ContainerModel final : public CachedObjectModel<ContainerRow> {
    Q_OBJECT
public:
    enum Column { Name, Image, State, Status, Ports, Restarts, Created, Id, ColumnCount };
    enum Role {
        ContainerInfoRole = LastCommonRole, ///< the decoded engine::sandbox::ContainerInfo
        StateRole,                          ///< "running", "exited", …
        ContainerIdRole,                    ///< the full id (64 hex digits)
        HostPortsRole,                      ///< QList<int>: the host ports published now
    };

    explicit ContainerModel(QObject *parent = nullptr);

    /// The container of a row (the model's own copy; valid until the next batch).
    const engine::sandbox::ContainerInfo &containerAt(int row) const { return rowAt(row).info; }
    /// "0.0.0.0:3000→8080/tcp": one published port as the Ports column shows it.
    static QString portText(const engine::sandbox::PortBinding &port);
    /// What the container runs: its entrypoint and command ("node server.js").
    static QString commandText(const engine::sandbox::ContainerInfo &container);
    /// The colour of a state's dot (running green, restarting amber, exited grey or red by its exit code).
    static QColor stateColor(const engine::sandbox::ContainerInfo &container);

protected:
    std::span<const ColumnSpec> columns() const override;
    ContainerRow makeRow(const engine::api::Object &container) const override;
    QVariant cellData(int row, int column, int role) const override;
};

} // namespace flotilla::models
