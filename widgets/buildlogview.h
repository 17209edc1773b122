#pragma once

#include <engine/image/buildevent.h>

#include <QModelIndex>
#include <QSet>
#include <QWidget>

#include <vector>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTimer;
class QTreeView;

namespace flotilla::models {
class BuildLogModel;
}

namespace flotilla::widgets {

/// The log of an image build as it streams in: a header that says where the build is, a progress bar and
/// Cancel, a search box, Copy and Save…, and one collapsible section per step (open while it runs or
/// when it failed, closed when it is cached or done unless the user opened it). Follows the end of the
/// log while building unless the user scrolled up. Clicking a step asks the editor to select its
/// instruction (stepActivated); showStepForLine goes the other way.
class BuildLogView final : public QWidget {
    Q_OBJECT
public:
    explicit BuildLogView(QWidget *parent = nullptr);
    ~BuildLogView() override;

    /// Applies a batch of the build's events (on the GUI thread, as the backend delivers them).
    void appendEvents(const std::vector<engine::image::BuildEvent> &events);
    /// Empties the log for the next build.
    void clear();
    /// The image's name in the header ("Building my-microservice…").
    void setBuildTitle(const QString &title);
    QString buildTitle() const { return m_title; }

    bool isBuilding() const;
    /// The header's text in full (the label elides it to its width).
    QString statusText() const { return m_statusText; }
    /// Writes the log as plain text; false (with the reason in `error`) when the file cannot be written.
    bool saveTo(const QString &path, QString *error = nullptr) const;
    /// Focuses the search box (Ctrl+F).
    void focusSearch();
    /// Number of lines matching the search, and which one is current (0-based, -1: none).
    int matchCount() const { return int(m_matches.size()); }
    int currentMatch() const { return m_currentMatch; }

    models::BuildLogModel *model() const { return m_model; }
    QTreeView *tree() const { return m_tree; }
    QLabel *statusLabel() const { return m_status; }
    QProgressBar *progressBar() const { return m_progress; }
    QPushButton *cancelButton() const { return m_cancel; }
    QLineEdit *searchBox() const { return m_search; }
    QLabel *matchLabel() const { return m_matchLabel; }
    QPushButton *copyButton() const { return m_copy; }
    QPushButton *saveButton() const { return m_save; }

public slots:
    /// Selects and shows the step whose instruction covers Dockerfile line `line` (1-based).
    void showStepForLine(int line);
    /// Moves to the next (or previous) line matching the search, wrapping around.
    void nextMatch();
    void previousMatch();
    void copyToClipboard();
    /// Asks for a file and saves the log there.
    void saveWithDialog();

signals:
    /// The user clicked or activated a step (or one of its lines): select lines line..endLine in the editor.
    void stepActivated(int line, int endLine);
    /// The user pressed Cancel.
    void cancelRequested();

protected:
    bool event(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onSummaryChanged();
    void onRowsInserted(const QModelIndex &parent, int first, int last);
    void onStepsChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    void onExpansionChanged(const QModelIndex &index);
    void onSearchChanged();
    void onItemActivated(const QModelIndex &index);
    void applyAutoExpansion(int row);
    void setExpandedByView(const QModelIndex &index, bool expanded);
    void findMatches();
    void goToMatch(int match);
    void updateMatchLabel();
    void updateHeader();
    void setStatusText(const QString &text, bool failed);
    void elideStatus();

    models::BuildLogModel *m_model;
    QString m_title;
    QLabel *m_status;
    QProgressBar *m_progress;
    QPushButton *m_cancel;
    QLineEdit *m_search;
    QLabel *m_matchLabel;
    QPushButton *m_copy;
    QPushButton *m_save;
    QTreeView *m_tree;
    QTimer *m_searchTimer;
    QString m_statusText;
    bool m_cancelRequested = false;

    bool m_follow = true;         ///< keep the end of the log in view
    bool m_changingExpansion = false;
    QSet<int> m_userToggled;      ///< top-level rows the user opened or closed: left as they are
    std::vector<QPersistentModelIndex> m_matches;
    int m_currentMatch = -1;
};

} // namespace flotilla::widgets
