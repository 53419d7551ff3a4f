/*
 * ge_api_error_codes.h: ge::Status values. SUCCESS (0) and FAILED (0xFFFFFFFF, the
 * "ge result = 4294967295" of CANN logs) are constexpr in namespace ge, not macros, so programs
 * that define their own SUCCESS/FAILED macros after the includes still compile. PARAM_INVALID
 * (50331649) is what CompileGraph returns for bad arguments.
 */
#ifndef INC_EXTERNAL_GE_GE_API_ERROR_CODES_H_
#define INC_EXTERNAL_GE_GE_API_ERROR_CODES_H_

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "ge_api_types.h"
#include "ge_error_codes.h"
#include "graph/ascend_string.h"

namespace ge {
/* Error numbers -> descriptions, filled by the GE_ERRORNO definitions below. */
class GE_FUNC_VISIBILITY StatusFactory {
 public:
    static StatusFactory *Instance() {
        static StatusFactory instance;
        return &instance;
    }
    void RegisterErrorNo(const uint32_t err, const std::string &desc) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (err_desc_.find(err) == err_desc_.end()) err_desc_[err] = desc;
    }
    void RegisterErrorNo(const uint32_t err, const char *const desc) {
        if (desc != nullptr) RegisterErrorNo(err, std::string(desc));
    }
    std::string GetErrDesc(const uint32_t err) {
        std::lock_guard<std::mutex> lock(mutex_);
        const auto it = err_desc_.find(err);
        return it == err_desc_.end() ? std::string() : it->second;
    }
    AscendString GetErrDescV2(const uint32_t err) { return AscendString(GetErrDesc(err).c_str()); }

 protected:
    StatusFactory() = default;
    ~StatusFactory() = default;

 private:
    std::mutex mutex_;
    std::map<uint32_t, std::string> err_desc_;
};

class GE_FUNC_VISIBILITY ErrorNoRegisterar {
 public:
    ErrorNoRegisterar(const uint32_t err, const std::string &desc) noexcept {
        StatusFactory::Instance()->RegisterErrorNo(err, desc);
    }
    ErrorNoRegisterar(const uint32_t err, const char *const desc) noexcept {
        StatusFactory::Instance()->RegisterErrorNo(err, desc);
    }
    ~ErrorNoRegisterar() = default;
};
}  // namespace ge

/* Code layout (32 bits): runtime 2 | type 2 | level 3 | sysid 8 | modid 5 | value 12. */
#ifndef GE_ERRORNO
#define GE_ERRORNO(runtime, type, level, sysid, modid, name, value, desc)                                   \
    constexpr ge::Status name = (static_cast<uint32_t>(0xFFU & static_cast<uint32_t>(runtime)) << 30U) |   \
                                (static_cast<uint32_t>(0xFFU & static_cast<uint32_t>(type)) << 28U) |      \
                                (static_cast<uint32_t>(0xFFU & static_cast<uint32_t>(level)) << 25U) |     \
                                (static_cast<uint32_t>(0xFFU & static_cast<uint32_t>(sysid)) << 17U) |     \
                                (static_cast<uint32_t>(0xFFU & static_cast<uint32_t>(modid)) << 12U) |     \
                                (static_cast<uint32_t>(0x0FFFU) & static_cast<uint32_t>(value));          \
    const ErrorNoRegisterar g_errorno_##name((name), (desc))
#endif
#ifndef GE_ERRORNO_EXTERNAL
#define GE_ERRORNO_EXTERNAL(name, desc) const ErrorNoRegisterar g_errorno_##name((name), (desc))
#endif

namespace ge {
GE_ERRORNO(0, 0, 0, 0, 0, SUCCESS, 0, "success");
GE_ERRORNO(0x3, 0x3, 0x7, 0xFFU, 0x1F, FAILED, 0xFFFU, "failed");
/* CANN declares this one in register/register_error_codes.h (DECLARE_ERRORNO_COMMON(PARAM_INVALID, 1)). */
constexpr Status PARAM_INVALID = 50331649U;
const ErrorNoRegisterar g_errorno_PARAM_INVALID(PARAM_INVALID, "param invalid");

static_assert(SUCCESS == 0U && FAILED == 0xFFFFFFFFU, "GE status values");
}  // namespace ge

#endif
