/* peer.c: peer access between devices (aclrtDeviceCanAccessPeer / Enable / Disable /
 * PeerAccessStatus). One device can use another's memory directly only when both live in one
 * OpenCL context: buffers and events are per context. gecl gives every device its own context
 * (device.c), and copies between devices go through host memory (copy.c), so today no pair
 * qualifies; the rule is kept as code so that devices sharing a context would report it. */
#include "acl/acl_rt.h"
#include "context.h"
#include "runtime.h"

/* 1 when a and b are distinct devices in one OpenCL context. */
static aclError shares_context(gecl_device *a, gecl_device *b, int *yes)
{
    *yes = 0;
    if (a == b || a->platform != b->platform) return ACL_SUCCESS;
    cl_context ca, cb;
    aclError rc = gecl_device_context(a, &ca);
    if (!rc) rc = gecl_device_context(b, &cb);
    if (!rc) *yes = ca == cb;
    return rc;
}

static aclError two_devices(int32_t deviceId, int32_t peerDeviceId, gecl_device **a, gecl_device **b)
{
    aclError rc = gecl_device_lookup(deviceId, a);
    if (!rc) rc = gecl_device_lookup(peerDeviceId, b);
    if (!rc && *a == *b)
        rc = gecl_fail(ACL_ERROR_INVALID_PARAM, "deviceId and peerDeviceId are both %d: peer access is between two "
                       "devices", (int)deviceId);
    return rc;
}

aclError aclrtDeviceCanAccessPeer(int32_t *canAccessPeer, int32_t deviceId, int32_t peerDeviceId)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(canAccessPeer, "canAccessPeer must not be NULL");
    gecl_device *a, *b;
    int yes = 0;
    aclError rc = two_devices(deviceId, peerDeviceId, &a, &b);
    if (!rc) rc = shares_context(a, b, &yes);
    if (!rc) *canAccessPeer = yes;
    return rc;
}

/* The current device's bit for `peer`; with `set` >= 0 also sets (1) or clears (0) it. */
static int peer_bit(gecl_device *d, const gecl_device *peer, int set)
{
    const uint64_t bit = peer->id < 64 ? (uint64_t)1 << peer->id : 0;
    pthread_mutex_lock(&d->lock);
    const int was = (d->peers_enabled & bit) != 0;
    if (set == 1) d->peers_enabled |= bit;
    if (set == 0) d->peers_enabled &= ~bit;
    pthread_mutex_unlock(&d->lock);
    return was;
}

aclError aclrtDeviceEnablePeerAccess(int32_t peerDeviceId, uint32_t flags)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(flags == 0, "flags is reserved and must be 0, got %u", (unsigned)flags);
    gecl_device *d, *peer;
    aclError rc = gecl_context_current_device(&d);
    if (rc) return rc;
    int yes = 0;
    rc = two_devices(d->id, peerDeviceId, &d, &peer);
    if (!rc) rc = shares_context(d, peer, &yes);
    if (rc) return rc;
    if (!yes)
        return gecl_fail(ACL_ERROR_FEATURE_UNSUPPORTED, "device %d cannot access device %d's memory directly: they "
                         "are in different OpenCL contexts (copies between them go through host memory; "
                         "aclrtDeviceCanAccessPeer answers 0)", d->id, peer->id);
    peer_bit(d, peer, 1);
    return ACL_SUCCESS;
}

aclError aclrtDeviceDisablePeerAccess(int32_t peerDeviceId)
{
    GECL_CHECK_INIT();
    gecl_device *d, *peer;
    aclError rc = gecl_context_current_device(&d);
    if (!rc) rc = two_devices(d->id, peerDeviceId, &d, &peer);
    if (rc) return rc;
    if (!peer_bit(d, peer, 0))
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "peer access from device %d to device %d is not enabled", d->id,
                         peer->id);
    return ACL_SUCCESS;
}

aclError aclrtDevicePeerAccessStatus(int32_t deviceId, int32_t peerDeviceId, int32_t *status)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(status, "status must not be NULL");
    gecl_device *d, *peer;
    aclError rc = two_devices(deviceId, peerDeviceId, &d, &peer);
    if (!rc) *status = peer_bit(d, peer, -1);
    return rc;
}
