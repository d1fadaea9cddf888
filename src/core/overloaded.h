#pragma once
// std::visit with one lambda per alternative (internal to the core library).
namespace ic {

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace ic
