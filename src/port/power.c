/*
 * Runtime power management (PoFx) as Storport offers it to a miniport:
 * StorPortInitializePoFxPower registers the adapter or a unit (STOR_POFX_DEVICE V1-V3,
 * one component, its F-states); PoFxActivateComponent/PoFxIdleComponent keep the
 * component's activation references; PoFxSetComponentLatency/Residency and
 * PoFxSetIdleTimeout record the constraints; PoFxPowerControl is recorded.
 *
 * The power framework's part is played by a worker (PASSIVE): when references appear
 * the component goes to F0 (HwAdapterControl/HwUnitControl PoFxPowerSetFState) and is
 * reported active (PoFxPowerActive); when they drop to zero a unit is reported idle
 * and the component goes to the deepest F-state whose transition latency and residency
 * requirement fit the latency and residency set (no constraint set: the deepest). A
 * registered component starts active in F0. Activation returns STOR_STATUS_BUSY while
 * the component is still on its way to active, as Windows does.
 * Left out: a power engine plug-in (PoFxPowerControl is answered as on a machine
 * without one: STOR_STATUS_NOT_IMPLEMENTED), references the port takes for I/O,
 * runtime D3 after the idle timeout (recorded only), performance states.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "port/exec.h"
#include "port/hwstate.h"
#include "port/power.h"

#define HEADER_VERSION 1
#define ADAPTER_MAX_FSTATES 8
#define UNIT_MAX_FSTATES 2

/* ---- records ---- */

struct port_power *power_of(const struct ustor_adapter *a)
{
    return a->hwstate ? a->hwstate->power : NULL;
}

static void obj_init(struct power_obj *o)
{
    o->d_state = StorPowerDeviceD0;
    o->latency = o->residency = POWER_UNKNOWN_TIME;
}

struct power_obj *power_unit_peek(struct ustor_adapter *a, uint8_t path, uint8_t target,
                                  uint8_t lun)
{
    struct port_power *p = power_of(a);
    struct power_obj *o;
    pthread_mutex_lock(&p->lock);
    for (o = p->units; o; o = o->next)
        if (o->addr.Path == path && o->addr.Target == target && o->addr.Lun == lun)
            break;
    pthread_mutex_unlock(&p->lock);
    return o;
}

struct power_obj *power_unit_obj(struct ustor_adapter *a, uint8_t path, uint8_t target,
                                 uint8_t lun)
{
    struct power_obj *o = power_unit_peek(a, path, target, lun);
    if (o)
        return o;
    struct port_power *p = power_of(a);
    struct power_obj *n = calloc(1, sizeof *n);
    if (!n)
        return NULL;
    obj_init(n);
    n->unit = true;
    n->addr = (STOR_ADDR_BTL8){.Type = STOR_ADDRESS_TYPE_BTL8, .Port = (USHORT)a->port_number,
                               .AddressLength = STOR_ADDR_BTL8_ADDRESS_LENGTH, .Path = path,
                               .Target = target, .Lun = lun};
    pthread_mutex_lock(&p->lock);
    for (o = p->units; o; o = o->next)   /* another thread may have made it meanwhile */
        if (o->addr.Path == path && o->addr.Target == target && o->addr.Lun == lun)
            break;
    if (!o) {
        n->next = p->units;
        p->units = o = n;
        n = NULL;
    }
    pthread_mutex_unlock(&p->lock);
    free(n);
    return o;
}

struct power_obj *power_obj_for(struct ustor_adapter *a, const STOR_ADDRESS *addr,
                                const char *who)
{
    if (!addr)
        return &power_of(a)->adapter;
    if (addr->Type != STOR_ADDRESS_TYPE_BTL8) {
        port_guest(a, "%s: address type %u is not STOR_ADDRESS_TYPE_BTL8", who, addr->Type);
        return NULL;
    }
    const STOR_ADDR_BTL8 *b = (const STOR_ADDR_BTL8 *)addr;
    struct ustor_lun *u = port_unit_find(a, b->Path, b->Target, b->Lun);
    if (!u || atomic_load(&u->state) == UNIT_GONE) {
        port_guest(a, "%s: no unit (%u,%u,%u)", who, b->Path, b->Target, b->Lun);
        return NULL;
    }
    return power_unit_obj(a, b->Path, b->Target, b->Lun);
}

/* ---- calls into the miniport ---- */

static bool miniport_running(const struct ustor_adapter *a)
{
    int st = atomic_load(&a->state);
    return st == ADAPTER_STARTED || st == ADAPTER_STARTING;
}

int power_adapter_control(struct ustor_adapter *a, SCSI_ADAPTER_CONTROL_TYPE type, PVOID params)
{
    if (!port_adapter_supports(a, type))
        return -EOPNOTSUPP;
    return port_adapter_control(a, type, params);
}

int power_unit_control(struct ustor_adapter *a, SCSI_UNIT_CONTROL_TYPE type, PVOID params)
{
    if ((unsigned)type >= ScsiUnitControlMax || !a->unit_controls[type] || !a->hw->HwUnitControl)
        return -EOPNOTSUPP;
    struct exec_callframe f;
    port_context_enter();
    KIRQL old = port_raise_irql(DISPATCH_LEVEL);   /* the power controls run at DISPATCH */
    exec_call_begin(&f, "HwUnitControl", (const void *)a->hw->HwUnitControl);
    SCSI_UNIT_CONTROL_STATUS st = a->hw->HwUnitControl(a->devext, type, params);
    exec_call_end(&f);
    port_lower_irql(old);
    port_context_leave();
    return st == ScsiUnitControlSuccess ? 0 : -EIO;
}

STOR_POWER_CONTROL_HEADER power_header(struct power_obj *o, ULONG size)
{
    return (STOR_POWER_CONTROL_HEADER){.Version = HEADER_VERSION, .Size = size,
                                       .Address = o->unit ? (PSTOR_ADDRESS)&o->addr : NULL};
}

int power_set_fstate(struct ustor_adapter *a, struct power_obj *o, uint32_t f)
{
    STOR_POFX_FSTATE_CONTEXT c = {.Header = power_header(o, sizeof c), .FState = f};
    int rc = 0;
    if (miniport_running(a))
        rc = o->unit ? power_unit_control(a, ScsiUnitPoFxPowerSetFState, &c)
                     : power_adapter_control(a, ScsiAdapterPoFxPowerSetFState, &c);
    pthread_mutex_lock(&power_of(a)->lock);
    if (rc == 0 || rc == -EOPNOTSUPP)
        o->fstate = f;
    pthread_mutex_unlock(&power_of(a)->lock);
    return rc;
}

/* Adapters are only ever reported active (STOR_POFX_ACTIVE_CONTEXT); units both ways. */
static void set_active(struct ustor_adapter *a, struct power_obj *o, bool active)
{
    STOR_POFX_ACTIVE_CONTEXT c = {.Header = power_header(o, sizeof c), .Active = active};
    if (miniport_running(a) && (active || o->unit))
        o->unit ? power_unit_control(a, ScsiUnitPoFxPowerActive, &c)
                : power_adapter_control(a, ScsiAdapterPoFxPowerActive, &c);
    pthread_mutex_lock(&power_of(a)->lock);
    o->active = active;
    pthread_mutex_unlock(&power_of(a)->lock);
}

/* The deepest idle F-state the latency and residency constraints allow. Under lock. */
static uint32_t idle_fstate(const struct power_obj *o)
{
    for (uint32_t f = o->nfstates; f-- > 1;)
        if (o->fs_latency[f] <= o->latency && o->fs_residency[f] <= o->residency)
            return f;
    return 0;
}

/* ---- the worker ---- */

enum step { STEP_NONE, STEP_F0, STEP_ACTIVE, STEP_IDLE, STEP_IDLE_F };

static enum step next_step(struct port_power *p, struct power_obj *o, uint32_t *f)
{
    pthread_mutex_lock(&p->lock);
    enum step s = STEP_NONE;
    bool want = o->refs > 0;
    *f = idle_fstate(o);
    if (!o->registered)
        s = STEP_NONE;
    else if (want && o->fstate != 0)
        s = STEP_F0;
    else if (want && !o->active)
        s = STEP_ACTIVE;
    else if (!want && o->active)
        s = STEP_IDLE;
    else if (!want && o->fstate != *f)
        s = STEP_IDLE_F;
    pthread_mutex_unlock(&p->lock);
    return s;
}

static void reconcile(struct ustor_adapter *a, struct power_obj *o)
{
    struct port_power *p = power_of(a);
    uint32_t f;
    for (int guard = 0; guard < 16; guard++) {
        switch (next_step(p, o, &f)) {
        case STEP_F0: power_set_fstate(a, o, 0); break;
        case STEP_ACTIVE: set_active(a, o, true); break;
        case STEP_IDLE: set_active(a, o, false); break;
        case STEP_IDLE_F: power_set_fstate(a, o, f); break;
        default: return;
        }
    }
}

/* Whether O was kicked since the worker last looked; clears the mark. */
static bool take_pending(struct port_power *p, struct power_obj *o)
{
    pthread_mutex_lock(&p->lock);
    bool pending = o->pending;
    o->pending = false;
    pthread_mutex_unlock(&p->lock);
    return pending;
}

static void power_work(void *ctx, struct exec_worker *w)
{
    (void)w;
    struct ustor_adapter *a = ctx;
    struct port_power *p = power_of(a);
    pthread_mutex_lock(&p->transition);
    if (take_pending(p, &p->adapter))
        reconcile(a, &p->adapter);
    pthread_mutex_lock(&p->lock);
    struct power_obj *o = p->units;
    pthread_mutex_unlock(&p->lock);
    for (; o; o = o->next)   /* records are only ever prepended, never freed meanwhile */
        if (take_pending(p, o))
            reconcile(a, o);
    pthread_mutex_unlock(&p->transition);
}

void power_kick(struct ustor_adapter *a, struct power_obj *o)
{
    struct port_power *p = power_of(a);
    pthread_mutex_lock(&p->lock);
    o->pending = true;
    pthread_mutex_unlock(&p->lock);
    exec_worker_queue(p->worker, power_work, a);   /* -EBUSY: a pass is due anyway */
}

/* ---- lifetime ---- */

int port_power_create(struct ustor_adapter *a)
{
    struct port_power *p = calloc(1, sizeof *p);
    if (!p)
        return -ENOMEM;
    int rc = exec_worker_create(a->host->exec, &p->worker);
    if (rc < 0) {
        free(p);
        return rc;
    }
    pthread_mutex_init(&p->lock, NULL);
    pthread_mutex_init(&p->transition, NULL);
    obj_init(&p->adapter);
    a->hwstate->power = p;
    return 0;
}

void port_power_destroy(struct ustor_adapter *a)
{
    struct port_power *p = power_of(a);
    if (!p)
        return;
    exec_worker_free(p->worker);   /* waits for a pass under way */
    while (p->units) {
        struct power_obj *o = p->units;
        p->units = o->next;
        free(o);
    }
    pthread_mutex_destroy(&p->lock);
    pthread_mutex_destroy(&p->transition);
    free(p);
    a->hwstate->power = NULL;
}

/* ---- StorPortInitializePoFxPower ---- */

struct pofx_reg {
    uint32_t version, flags, nfstates, idle_timeout_ms;
    uint64_t latency[POWER_MAX_FSTATES], residency[POWER_MAX_FSTATES];
};

static ULONG parse_fstates(struct ustor_adapter *a, const unsigned char *fs, uint32_t n,
                           struct pofx_reg *r)
{
    for (uint32_t i = 0; i < n; i++) {
        const STOR_POFX_COMPONENT_IDLE_STATE *s =
            (const void *)(fs + i * sizeof(STOR_POFX_COMPONENT_IDLE_STATE));
        if (s->Version != STOR_POFX_COMPONENT_IDLE_STATE_VERSION_V1) {
            port_guest(a, "StorPortInitializePoFxPower: F%u has version %u", i, s->Version);
            return STOR_STATUS_INVALID_PARAMETER;
        }
        r->latency[i] = s->TransitionLatency;
        r->residency[i] = s->ResidencyRequirement;
    }
    r->nfstates = n;
    return STOR_STATUS_SUCCESS;
}

static ULONG parse_component(struct ustor_adapter *a, const unsigned char *c, bool unit,
                             struct pofx_reg *r)
{
    const STOR_POFX_COMPONENT *c1 = (const void *)c;
    uint32_t max = unit ? UNIT_MAX_FSTATES : ADAPTER_MAX_FSTATES;
    size_t fs_at;
    if (c1->Version == STOR_POFX_COMPONENT_VERSION_V1)
        fs_at = STOR_POFX_COMPONENT_SIZE;
    else if (c1->Version == STOR_POFX_COMPONENT_VERSION_V2)
        fs_at = STOR_POFX_COMPONENT_V2_SIZE;
    else {
        port_guest(a, "StorPortInitializePoFxPower: component version %u", c1->Version);
        return STOR_STATUS_INVALID_PARAMETER;
    }
    if (c1->FStateCount < 1 || c1->FStateCount > max) {
        port_guest(a, "StorPortInitializePoFxPower: %u F-states (a %s has 1..%u)",
                   c1->FStateCount, unit ? "unit" : "adapter", max);
        return STOR_STATUS_INVALID_PARAMETER;
    }
    return parse_fstates(a, c + fs_at, c1->FStateCount, r);
}

static ULONG parse_device(struct ustor_adapter *a, const STOR_POFX_DEVICE *d, bool unit,
                          struct pofx_reg *r)
{
    size_t head;
    memset(r, 0, sizeof *r);
    if (d->Version == STOR_POFX_DEVICE_VERSION_V1)
        head = STOR_POFX_DEVICE_SIZE;
    else if (d->Version == STOR_POFX_DEVICE_VERSION_V2 || d->Version == STOR_POFX_DEVICE_VERSION_V3)
        head = STOR_POFX_DEVICE_V2_SIZE;
    else {
        port_guest(a, "StorPortInitializePoFxPower: STOR_POFX_DEVICE version %u", d->Version);
        return STOR_STATUS_INVALID_PARAMETER;
    }
    if (d->Size < head || d->ComponentCount != 1) {
        port_guest(a, "StorPortInitializePoFxPower: Size %u, %u components (one is supported)",
                   d->Size, d->ComponentCount);
        return STOR_STATUS_INVALID_PARAMETER;
    }
    r->version = d->Version;
    r->flags = d->Flags;
    if (d->Version >= STOR_POFX_DEVICE_VERSION_V2 && (d->Flags & STOR_POFX_DEVICE_FLAG_IDLE_TIMEOUT))
        r->idle_timeout_ms = ((const STOR_POFX_DEVICE_V2 *)d)->AdapterIdleTimeoutInMS;
    return parse_component(a, (const unsigned char *)d + head, unit, r);
}

static void commit(struct power_obj *o, const struct pofx_reg *r, bool d3cold)
{
    o->registered = true;
    o->version = r->version;
    o->flags = r->flags;
    o->nfstates = r->nfstates;
    o->idle_timeout_ms = r->idle_timeout_ms;
    memcpy(o->fs_latency, r->latency, sizeof o->fs_latency);
    memcpy(o->fs_residency, r->residency, sizeof o->fs_residency);
    o->active = true;
    o->fstate = 0;
    o->d3cold = d3cold;
}

static ULONG register_obj(struct ustor_adapter *a, struct power_obj *o, const struct pofx_reg *r,
                          PBOOLEAN d3cold_enabled)
{
    struct port_power *p = power_of(a);
    bool d3cold = (r->flags & STOR_POFX_DEVICE_FLAG_ENABLE_D3_COLD) &&
                  power_d3cold_supported(a, o);
    pthread_mutex_lock(&p->lock);
    bool refused = o->unit && p->adapter.registered &&
                   (p->adapter.flags & STOR_POFX_DEVICE_FLAG_NO_UNIT_REGISTRATION);
    bool again = o->registered;
    if (!refused && !again)
        commit(o, r, d3cold);
    pthread_mutex_unlock(&p->lock);
    if (refused || again) {
        port_guest(a, "StorPortInitializePoFxPower: %s", again ? "already registered"
                   : "the adapter registered with STOR_POFX_DEVICE_FLAG_NO_UNIT_REGISTRATION");
        return again ? STOR_STATUS_UNSUCCESSFUL : STOR_STATUS_INVALID_DEVICE_REQUEST;
    }
    if (d3cold_enabled)
        *d3cold_enabled = d3cold;
    return STOR_STATUS_SUCCESS;
}

static ULONG ext_initialize_pofx(PVOID ext, va_list *ap)
{
    PSTOR_ADDRESS addr = va_arg(*ap, PSTOR_ADDRESS);
    PSTOR_POFX_DEVICE dev = va_arg(*ap, PSTOR_POFX_DEVICE);
    PBOOLEAN d3cold = va_arg(*ap, PBOOLEAN);
    struct ustor_adapter *a = port_adapter_from_ext(ext, "StorPortInitializePoFxPower");
    if (!a || !dev)
        return STOR_STATUS_INVALID_PARAMETER;
    struct power_obj *o = power_obj_for(a, addr, "StorPortInitializePoFxPower");
    struct pofx_reg r;
    if (!o)
        return STOR_STATUS_INVALID_PARAMETER;
    ULONG st = parse_device(a, dev, o->unit, &r);
    return st == STOR_STATUS_SUCCESS ? register_obj(a, o, &r, d3cold) : st;
}
USTOR_EXTFN(ExtFunctionInitializePoFxPower, ext_initialize_pofx);

/* ---- components ---- */

/* The registered record for ADDR, with the common checks of the component routines. */
static struct power_obj *component_of(struct ustor_adapter **ap, PVOID ext, PSTOR_ADDRESS addr,
                                      ULONG component, const char *who, exec_irql_t max_irql,
                                      ULONG *st)
{
    struct ustor_adapter *a = *ap = port_adapter_from_ext(ext, who);
    *st = STOR_STATUS_INVALID_PARAMETER;
    if (!a)
        return NULL;
    if (!exec_irql_check(who, EXEC_PASSIVE_LEVEL, max_irql, port_extfn_caller())) {
        *st = STOR_STATUS_INVALID_IRQL;
        return NULL;
    }
    struct power_obj *o = power_obj_for(a, addr, who);
    if (o && !o->registered) {
        port_guest(a, "%s: the %s is not registered with StorPortInitializePoFxPower", who,
                   o->unit ? "unit" : "adapter");
        return NULL;
    }
    if (o && component != 0) {
        port_guest(a, "%s: component %u (only component 0 exists)", who, component);
        return NULL;
    }
    *st = STOR_STATUS_SUCCESS;
    return o;
}

static bool srb_ok(struct ustor_adapter *a, PVOID srb, ULONG flags, const char *who)
{
    if (flags) {
        port_guest(a, "%s: Flags 0x%x (must be 0)", who, flags);
        return false;
    }
    if (srb && !port_slot_from_srb(a, srb)) {
        port_guest(a, "%s: %p is not an SRB the port sent", who, srb);
        return false;
    }
    return true;
}

static ULONG ext_pofx_activate(PVOID ext, va_list *ap)
{
    PSTOR_ADDRESS addr = va_arg(*ap, PSTOR_ADDRESS);
    PVOID srb = va_arg(*ap, PVOID);
    ULONG component = va_arg(*ap, ULONG), flags = va_arg(*ap, ULONG);
    struct ustor_adapter *a;
    ULONG st;
    const char *who = "StorPortPoFxActivateComponent";
    struct power_obj *o = component_of(&a, ext, addr, component, who, EXEC_DISPATCH_LEVEL, &st);
    if (!o || !srb_ok(a, srb, flags, who))
        return o ? STOR_STATUS_INVALID_PARAMETER : st;
    struct port_power *p = power_of(a);
    pthread_mutex_lock(&p->lock);
    bool ready = o->active && o->fstate == 0;
    bool first = o->refs++ == 0;
    pthread_mutex_unlock(&p->lock);
    if (first && !ready)
        power_kick(a, o);
    return ready ? STOR_STATUS_SUCCESS : STOR_STATUS_BUSY;
}
USTOR_EXTFN(ExtFunctionPoFxActivateComponent, ext_pofx_activate);

static ULONG ext_pofx_idle(PVOID ext, va_list *ap)
{
    PSTOR_ADDRESS addr = va_arg(*ap, PSTOR_ADDRESS);
    PVOID srb = va_arg(*ap, PVOID);
    ULONG component = va_arg(*ap, ULONG), flags = va_arg(*ap, ULONG);
    struct ustor_adapter *a;
    ULONG st;
    const char *who = "StorPortPoFxIdleComponent";
    struct power_obj *o = component_of(&a, ext, addr, component, who, EXEC_HIGH_LEVEL, &st);
    if (!o || !srb_ok(a, srb, flags, who))
        return o ? STOR_STATUS_INVALID_PARAMETER : st;
    struct port_power *p = power_of(a);
    pthread_mutex_lock(&p->lock);
    bool underflow = o->refs == 0;
    bool last = !underflow && --o->refs == 0;
    pthread_mutex_unlock(&p->lock);
    if (underflow) {
        port_guest(a, "%s without a matching StorPortPoFxActivateComponent", who);
        return STOR_STATUS_INVALID_DEVICE_STATE;
    }
    if (last)
        power_kick(a, o);
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionPoFxIdleComponent, ext_pofx_idle);

enum constraint { C_LATENCY, C_RESIDENCY };

static ULONG set_constraint(PVOID ext, va_list *ap, enum constraint which, const char *who)
{
    PSTOR_ADDRESS addr = va_arg(*ap, PSTOR_ADDRESS);
    ULONG component = va_arg(*ap, ULONG);
    ULONGLONG value = va_arg(*ap, ULONGLONG);
    struct ustor_adapter *a;
    ULONG st;
    struct power_obj *o = component_of(&a, ext, addr, component, who, EXEC_DISPATCH_LEVEL, &st);
    if (!o)
        return st;
    pthread_mutex_lock(&power_of(a)->lock);
    if (which == C_LATENCY)
        o->latency = value;
    else
        o->residency = value;
    pthread_mutex_unlock(&power_of(a)->lock);
    power_kick(a, o);   /* an idle component may now go deeper, or must come up */
    return STOR_STATUS_SUCCESS;
}

static ULONG ext_pofx_latency(PVOID ext, va_list *ap)
{
    return set_constraint(ext, ap, C_LATENCY, "StorPortPoFxSetComponentLatency");
}
USTOR_EXTFN(ExtFunctionPoFxSetComponentLatency, ext_pofx_latency);

static ULONG ext_pofx_residency(PVOID ext, va_list *ap)
{
    return set_constraint(ext, ap, C_RESIDENCY, "StorPortPoFxSetComponentResidency");
}
USTOR_EXTFN(ExtFunctionPoFxSetComponentResidency, ext_pofx_residency);

static ULONG ext_pofx_idle_timeout(PVOID ext, va_list *ap)
{
    PSTOR_ADDRESS addr = va_arg(*ap, PSTOR_ADDRESS);
    ULONG ms = va_arg(*ap, ULONG);
    struct ustor_adapter *a;
    ULONG st;
    struct power_obj *o = component_of(&a, ext, addr, 0, "StorPortPoFxSetIdleTimeout",
                                       EXEC_DISPATCH_LEVEL, &st);
    if (!o)
        return st;
    pthread_mutex_lock(&power_of(a)->lock);
    o->idle_timeout_ms = ms;
    pthread_mutex_unlock(&power_of(a)->lock);
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionPoFxSetIdleTimeout, ext_pofx_idle_timeout);

static ULONG ext_pofx_power_control(PVOID ext, va_list *ap)
{
    PSTOR_ADDRESS addr = va_arg(*ap, PSTOR_ADDRESS);
    LPCGUID code = va_arg(*ap, LPCGUID);
    (void)va_arg(*ap, PVOID);
    (void)va_arg(*ap, SIZE_T);
    (void)va_arg(*ap, PVOID);
    (void)va_arg(*ap, SIZE_T);
    PSIZE_T returned = va_arg(*ap, PSIZE_T);
    struct ustor_adapter *a;
    ULONG st;
    const char *who = "StorPortPoFxPowerControl";
    struct power_obj *o = component_of(&a, ext, addr, 0, who, EXEC_DISPATCH_LEVEL, &st);
    if (!o)
        return st;
    if (!code) {
        port_guest(a, "%s: NULL PowerControlCode", who);
        return STOR_STATUS_INVALID_PARAMETER;
    }
    pthread_mutex_lock(&power_of(a)->lock);
    o->controls++;
    pthread_mutex_unlock(&power_of(a)->lock);
    if (returned)
        *returned = 0;
    port_log_debug(a, "%s: no power engine plug-in on this machine claims the code", who);
    return STOR_STATUS_NOT_IMPLEMENTED;
}
USTOR_EXTFN(ExtFunctionPoFxPowerControl, ext_pofx_power_control);
