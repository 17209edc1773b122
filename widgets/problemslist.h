#pragma once

#include <engine/image/dockerfile.h>

#include <QPointer>
#include <QTreeWidget>

namespace flotilla::widgets {

class DockerfileEditor;

/// The problems of a Dockerfile editor, one row each: severity, line:column, rule and message (the hint
/// as tooltip). Choosing a row selects the problem's range in the editor.
class ProblemsList final : public QTreeWidget {
    Q_OBJECT
public:
    enum Column { LocationColumn, RuleColumn, MessageColumn, ColumnCount };

    explicit ProblemsList(QWidget *parent = nullptr);

    /// Follows an editor's diagnostics (nullptr: none).
    void setEditor(DockerfileEditor *editor);
    DockerfileEditor *editor() const { return m_editor; }
    /// The diagnostic shown in a row.
    engine::image::Diagnostic diagnosticAt(int row) const;
    /// Selects a row's range in the editor and gives the editor the focus.
    void activateRow(int row);

    static QIcon severityIcon(engine::image::Severity severity);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void refresh();
    void onItemActivated(QTreeWidgetItem *item);
    void onItemClicked(QTreeWidgetItem *item);

    QPointer<DockerfileEditor> m_editor;
    QList<engine::image::Diagnostic> m_diagnostics;
};

} // namespace flotilla::widgets
