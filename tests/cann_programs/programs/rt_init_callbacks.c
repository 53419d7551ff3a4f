#define _POSIX_C_SOURCE 200809L
/* Callbacks a module registers to come up and go down with the runtime: init callbacks run at
 * aclInit with the text of its configuration file (at once when registered while the runtime is
 * up), finalize callbacks at aclFinalize while the runtime still works; unregistered ones do not
 * run. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "acl/acl.h"
#include "cann_check.h"

static const char g_config[] = "{\"dump\": {}, \"note\": \"rt_init_callbacks\"}";

typedef struct {
    int initCalls;
    int finalizeCalls;
    int runtimeUp; /* could the callback use the runtime? */
    char config[128];
} ModuleState;

static ModuleState g_model, g_other, g_late, g_dropped;

static int RuntimeWorks(void)
{
    uint32_t count = 0;
    return aclrtGetDeviceCount(&count) == ACL_SUCCESS && count > 0;
}

static aclError OnInit(const char *configStr, size_t len, void *userData)
{
    ModuleState *m = userData;
    m->initCalls++;
    m->runtimeUp = RuntimeWorks();
    EXPECT(len < sizeof m->config && (len == 0 || configStr != NULL));
    if (len) memcpy(m->config, configStr, len);
    m->config[len] = '\0';
    return ACL_SUCCESS;
}

static aclError OnFinalize(void *userData)
{
    ModuleState *m = userData;
    m->finalizeCalls++;
    m->runtimeUp = RuntimeWorks();
    return ACL_SUCCESS;
}

static aclError NeverInit(const char *configStr, size_t len, void *userData)
{
    (void)configStr, (void)len;
    ((ModuleState *)userData)->initCalls++;
    return ACL_SUCCESS;
}

static aclError NeverFinalize(void *userData)
{
    ((ModuleState *)userData)->finalizeCalls++;
    return ACL_SUCCESS;
}

static void WriteConfig(char *path, size_t size)
{
    snprintf(path, size, "/tmp/rt_init_callbacks_%ld.json", (long)getpid());
    FILE *f = fopen(path, "w");
    EXPECT(f != NULL);
    EXPECT(fwrite(g_config, 1, strlen(g_config), f) == strlen(g_config));
    EXPECT(fclose(f) == 0);
}

int main(void)
{
    /* before aclInit, as a library constructor would */
    CHECK_ACL(aclInitCallbackRegister(ACL_REG_TYPE_ACL_MODEL, OnInit, &g_model));
    CHECK_ACL(aclInitCallbackRegister(ACL_REG_TYPE_OTHER, OnInit, &g_other));
    CHECK_ACL(aclFinalizeCallbackRegister(ACL_REG_TYPE_ACL_MODEL, OnFinalize, &g_model));
    CHECK_ACL(aclFinalizeCallbackRegister(ACL_REG_TYPE_OTHER, OnFinalize, &g_other));
    /* one callback per module type */
    EXPECT(aclInitCallbackRegister(ACL_REG_TYPE_ACL_MODEL, NeverInit, &g_dropped) != ACL_SUCCESS);
    EXPECT(aclInitCallbackRegister(ACL_REG_TYPE_ACL_DVPP, NULL, &g_dropped) == ACL_ERROR_INVALID_PARAM);
    /* registered, then unregistered: never runs */
    CHECK_ACL(aclInitCallbackRegister(ACL_REG_TYPE_ACL_DVPP, NeverInit, &g_dropped));
    CHECK_ACL(aclFinalizeCallbackRegister(ACL_REG_TYPE_ACL_DVPP, NeverFinalize, &g_dropped));
    CHECK_ACL(aclInitCallbackUnRegister(ACL_REG_TYPE_ACL_DVPP, NeverInit));
    CHECK_ACL(aclFinalizeCallbackUnRegister(ACL_REG_TYPE_ACL_DVPP, NeverFinalize));
    EXPECT(aclInitCallbackUnRegister(ACL_REG_TYPE_ACL_DVPP, NeverInit) != ACL_SUCCESS);
    EXPECT(aclFinalizeCallbackUnRegister(ACL_REG_TYPE_ACL_DVPP, NeverFinalize) != ACL_SUCCESS);
    EXPECT(g_model.initCalls == 0 && g_other.initCalls == 0);

    char path[256];
    WriteConfig(path, sizeof path);
    CHECK_ACL(aclInit(path));
    EXPECT(g_model.initCalls == 1 && g_other.initCalls == 1);
    EXPECT(strcmp(g_model.config, g_config) == 0 && strcmp(g_other.config, g_config) == 0);
    EXPECT(g_model.runtimeUp && g_other.runtimeUp);

    /* registered while the runtime is up: runs at once */
    CHECK_ACL(aclInitCallbackRegister(ACL_REG_TYPE_ACL_RETR, OnInit, &g_late));
    EXPECT(g_late.initCalls == 1 && g_late.runtimeUp);
    CHECK_ACL(aclInitCallbackUnRegister(ACL_REG_TYPE_ACL_RETR, OnInit));

    CHECK_ACL(aclrtSetDevice(0));
    CHECK_ACL(aclrtResetDevice(0));
    EXPECT(g_model.finalizeCalls == 0);
    g_model.runtimeUp = g_other.runtimeUp = 0;
    CHECK_ACL(aclFinalize());
    EXPECT(g_model.finalizeCalls == 1 && g_other.finalizeCalls == 1);
    EXPECT(g_model.runtimeUp && g_other.runtimeUp); /* they ran before the runtime went down */
    EXPECT(g_dropped.initCalls == 0 && g_dropped.finalizeCalls == 0);
    EXPECT(g_model.initCalls == 1 && g_late.initCalls == 1);
    unlink(path);

    CHECK_ACL(aclInitCallbackUnRegister(ACL_REG_TYPE_ACL_MODEL, OnInit));
    CHECK_ACL(aclInitCallbackUnRegister(ACL_REG_TYPE_OTHER, OnInit));
    CHECK_ACL(aclFinalizeCallbackUnRegister(ACL_REG_TYPE_ACL_MODEL, OnFinalize));
    CHECK_ACL(aclFinalizeCallbackUnRegister(ACL_REG_TYPE_OTHER, OnFinalize));
    INFO_LOG("init and finalize callbacks ran once each, with the configuration text");
    INFO_LOG("run success");
    return 0;
}
