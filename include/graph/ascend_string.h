/*
 * ascend_string.h: ge::AscendString, the string type of CANN's C++ API (option maps, names).
 * Implicit from const char * so {{"ge.exec.deviceId", "0"}} builds a map; copies share one
 * immutable buffer. A default-constructed AscendString holds nothing and reads as "".
 */
#ifndef INC_EXTERNAL_GRAPH_ASCEND_STRING_H_
#define INC_EXTERNAL_GRAPH_ASCEND_STRING_H_

#include <cstring>
#include <functional>
#include <memory>
#include <string>

#include "types.h"

namespace ge {
class AscendStringImpl;

class AscendString {
 public:
    AscendString() = default;
    ~AscendString() = default;
    /* Copies (and moves) share the buffer; declared so -Wdeprecated-copy-with-dtor stays quiet. */
    AscendString(const AscendString &) = default;
    AscendString &operator=(const AscendString &) = default;

    AscendString(const char_t *const name) {  // NOLINT: implicit on purpose, as in CANN
        if (name != nullptr) name_ = std::make_shared<std::string>(name);
    }
    AscendString(const char_t *const name, size_t length) {
        if (name != nullptr) name_ = std::make_shared<std::string>(name, length);
    }

    const char_t *GetString() const { return name_ ? name_->c_str() : ""; }
    size_t GetLength() const { return name_ ? name_->length() : 0U; }
    /* Position of `ascend_string` in this string, std::string::npos when absent. */
    size_t Find(const AscendString &ascend_string) const {
        return View().find(ascend_string.View());
    }
    size_t Hash() const { return std::hash<std::string>()(View()); }

    bool operator<(const AscendString &d) const { return Compare(d) < 0; }
    bool operator>(const AscendString &d) const { return Compare(d) > 0; }
    bool operator<=(const AscendString &d) const { return Compare(d) <= 0; }
    bool operator>=(const AscendString &d) const { return Compare(d) >= 0; }
    bool operator==(const AscendString &d) const { return Compare(d) == 0; }
    bool operator!=(const AscendString &d) const { return Compare(d) != 0; }
    bool operator==(const char_t *const d) const {
        return std::strcmp(GetString(), d != nullptr ? d : "") == 0;
    }
    bool operator!=(const char_t *const d) const { return !(*this == d); }

 private:
    const std::string &View() const {
        static const std::string kEmpty;
        return name_ ? *name_ : kEmpty;
    }
    int Compare(const AscendString &d) const { return View().compare(d.View()); }

    std::shared_ptr<std::string> name_;
    friend class AscendStringImpl;
};
}  // namespace ge

namespace std {
template <>
struct hash<ge::AscendString> {
    size_t operator()(const ge::AscendString &name) const { return name.Hash(); }
};
}  // namespace std

#endif
