#pragma once
/// \file
/// The window's list of checks: a report-mode, virtual wxListView. On Windows that is the system's own
/// list view (comctl32, drawn inside the process by the system's code); on GTK it is wx's generic list.
/// It stores no text: each cell is asked for while its row is painted, from the rows the window shows,
/// so a row whose state changed costs one repaint of that row and nothing else. On Windows the list view
/// shows at most 259 characters of a cell (its paint buffer); a result is shorter than that, and Info
/// shows it whole.

#include <array>
#include <cstddef>
#include <functional>
#include <vector>

#include <wx/bmpbndl.h>
#include <wx/listctrl.h>

#include "main_presenter.h"

namespace ic::gui {

class CheckList : public wxListView {
public:
    static constexpr std::size_t kStates = static_cast<std::size_t>(RowState::Error) + 1;
    enum Column : long { kStatus = 0, kTest = 1, kResult = 2 };

    /// `rows` returns the rows to show (asked at every paint; the list keeps no copy); `icons` holds one
    /// status icon per RowState.
    CheckList(wxWindow* parent, std::function<const std::vector<RowView>&()> rows, const std::array<wxBitmapBundle, kStates>& icons);

    /// The rows were replaced (another machine, a file opened): shows as many rows as there are now,
    /// repaints them all and selects the first.
    void reset_rows();
    /// Repaints one row (its state or result changed). Costs nothing when the row is scrolled away.
    void row_changed(long row) { RefreshItem(row); }
    /// The selected row, or -1.
    [[nodiscard]] long selected_row() const { return GetFirstSelected(); }
    /// Selects and focuses one row (Info and Enter then work on it).
    void select_row(long row);

private:
    // Asked by the control for each visible cell as it paints (and by GetItemText/GetItem).
    wxString OnGetItemText(long item, long column) const override;
    int OnGetItemImage(long item) const override { return icon_of(item); }
    int OnGetItemColumnImage(long item, long column) const override { return column == kStatus ? icon_of(item) : -1; }
    /// The status icon's index (the row's RowState), or -1 for no row.
    [[nodiscard]] int icon_of(long row) const;

    std::function<const std::vector<RowView>&()> rows_;
};

}  // namespace ic::gui
