#pragma once

#include "objecttablemodel.h"

#include <memory>
#include <vector>

namespace flotilla::models {

/// An object table with one display row per object, computed once per change (not per paint).
/// Subclasses say how an object becomes a Row; rowAdded/rowRemoved let them keep counters.
template <typename Row>
class CachedObjectModel : public ObjectTableModel {
public:
    using ObjectTableModel::ObjectTableModel;

protected:
    virtual Row makeRow(const engine::api::Object &object) const = 0;
    virtual void rowAdded(const Row &) {}
    virtual void rowRemoved(const Row &) {}

    const Row &rowAt(int row) const { return *m_rows[std::size_t(row)]; }

    void cacheAppend(const engine::api::ObjectPtr &object) override
    {
        m_rows.push_back(std::make_unique<Row>(makeRow(*object)));
        rowAdded(*m_rows.back());
    }
    void cacheUpdate(int row, const engine::api::ObjectPtr &object) override
    {
        Row &r = *m_rows[std::size_t(row)];
        rowRemoved(r);
        r = makeRow(*object);
        rowAdded(r);
    }
    void cacheErase(int first, int last) override
    {
        for (int i = first; i <= last; ++i)
            rowRemoved(*m_rows[std::size_t(i)]);
        m_rows.erase(m_rows.begin() + first, m_rows.begin() + last + 1);
    }
    void cacheClear() override
    {
        for (const auto &r : m_rows)
            rowRemoved(*r);
        m_rows.clear();
    }

private:
    // Rows by pointer: removing one near the top of a large table moves pointers, not whole rows.
    std::vector<std::unique_ptr<Row>> m_rows;
};

} // namespace flotilla::models
