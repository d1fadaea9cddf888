#include "check_list.h"

#include <utility>

namespace ic::gui {

CheckList::CheckList(wxWindow* parent, std::function<const std::vector<RowView>&()> rows, const std::array<wxBitmapBundle, kStates>& icons)
    : wxListView(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_VIRTUAL | wxLC_SINGLE_SEL),
      rows_(std::move(rows)) {
    SetSmallImages(wxVector<wxBitmapBundle>(icons.begin(), icons.end()));
    AppendColumn("Status", wxLIST_FORMAT_LEFT, FromDIP(150));
    AppendColumn("Test", wxLIST_FORMAT_LEFT, FromDIP(400));
    AppendColumn("Result", wxLIST_FORMAT_LEFT, FromDIP(560));
    reset_rows();
}

void CheckList::reset_rows() {
    SetItemCount(static_cast<long>(rows_().size()));
    Refresh();
    if (GetItemCount() > 0) select_row(0);  // Info works from the keyboard at once
}

void CheckList::select_row(long row) {
    Select(row);
    Focus(row);
}

wxString CheckList::OnGetItemText(long row, long column) const {
    const auto& rows = rows_();
    if (row < 0 || static_cast<std::size_t>(row) >= rows.size()) return {};
    const RowView& r = rows[static_cast<std::size_t>(row)];
    switch (column) {
        case kStatus: return wxString::FromUTF8(r.state_text().c_str());
        case kTest: return wxString::FromUTF8(r.title.c_str());
        case kResult: return wxString::FromUTF8(r.summary.c_str());
        default: return {};
    }
}

int CheckList::icon_of(long row) const {
    const auto& rows = rows_();
    if (row < 0 || static_cast<std::size_t>(row) >= rows.size()) return -1;
    return static_cast<int>(rows[static_cast<std::size_t>(row)].state);
}

}  // namespace ic::gui
