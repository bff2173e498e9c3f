/*
 * StorPortEnableRegistryKeyNotification: Storport calls the miniport's
 * HW_REGISTRY_NOTIFICATION_ROUTINE when its Parameters\Device key changes. Here the key
 * lives in the adapter's registry file (docs/registry.md), so the adapter's service thread
 * looks at the file on each tick (device, inode, size, modification time) and, once the
 * file differs from what it was at registration or at the last call, calls the routine at
 * PASSIVE with no lock held, so it can re-read its values with StorPortRegistryRead.
 * Any change of the file counts (edits of other keys, the miniport's own writes, which
 * rewrite the file, too): a spurious call only makes the miniport re-read.
 * Left out: an adapter whose registry has no file (nothing outside it can change it);
 * calls while the adapter is not started wait until it is.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/log.h"
#include "port/exec.h"
#include "port/registry_notify.h"

struct file_stamp {
    bool exists;
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
};

struct port_regnotify {
    pthread_mutex_t lock;
    char *path;                         /* NULL: the registry is in memory only */
    PHW_REGISTRY_NOTIFICATION_ROUTINE routine;
    struct file_stamp seen;
};

static struct file_stamp stamp_of(const char *path)
{
    struct stat st;
    struct file_stamp s = {0};
    if (path && stat(path, &st) == 0)
        s = (struct file_stamp){true, st.st_dev, st.st_ino, st.st_size, st.st_mtim};
    return s;
}

static bool same_stamp(const struct file_stamp *a, const struct file_stamp *b)
{
    if (a->exists != b->exists)
        return false;
    return !a->exists || (a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
                          a->mtime.tv_sec == b->mtime.tv_sec &&
                          a->mtime.tv_nsec == b->mtime.tv_nsec);
}

int port_regnotify_init(struct ustor_adapter *a, const struct ustor_adapter_options *o)
{
    struct port_regnotify *n = calloc(1, sizeof *n);
    if (!n)
        return -ENOMEM;
    if (o && o->size >= offsetof(struct ustor_adapter_options, registry_path) + sizeof(char *) &&
        o->registry_path && !(n->path = strdup(o->registry_path))) {
        free(n);
        return -ENOMEM;
    }
    pthread_mutex_init(&n->lock, NULL);
    a->regnotify = n;
    return 0;
}

void port_regnotify_fini(struct ustor_adapter *a)
{
    struct port_regnotify *n = a->regnotify;
    if (!n)
        return;
    pthread_mutex_destroy(&n->lock);
    free(n->path);
    free(n);
    a->regnotify = NULL;
}

static ULONG ext_enable_registry_notification(PVOID ext, va_list *ap)
{
    PHW_REGISTRY_NOTIFICATION_ROUTINE routine = va_arg(*ap, PHW_REGISTRY_NOTIFICATION_ROUTINE);
    struct ustor_adapter *a = port_adapter_from_ext(ext, "StorPortEnableRegistryKeyNotification");
    if (!a || !a->regnotify)
        return STOR_STATUS_INVALID_PARAMETER;
    if (!routine) {
        char who[160];
        port_guest(a, "StorPortEnableRegistryKeyNotification: NULL callback (from %s)",
                   ulog_describe_code(port_extfn_caller(), who, sizeof who));
        return STOR_STATUS_INVALID_PARAMETER;
    }
    struct port_regnotify *n = a->regnotify;
    struct file_stamp now = stamp_of(n->path);
    pthread_mutex_lock(&n->lock);
    n->routine = routine;   /* a second call replaces the routine */
    n->seen = now;
    pthread_mutex_unlock(&n->lock);
    return STOR_STATUS_SUCCESS;
}
USTOR_EXTFN(ExtFunctionEnableRegistryKeyNotification, ext_enable_registry_notification);

void port_regnotify_run(struct ustor_adapter *a)
{
    struct port_regnotify *n = a->regnotify;
    if (!n || !n->path || atomic_load(&a->state) != ADAPTER_STARTED)
        return;
    pthread_mutex_lock(&n->lock);
    PHW_REGISTRY_NOTIFICATION_ROUTINE routine = n->routine;
    struct file_stamp now = routine ? stamp_of(n->path) : n->seen;
    bool changed = routine && !same_stamp(&now, &n->seen);
    if (changed)
        n->seen = now;
    pthread_mutex_unlock(&n->lock);
    if (!changed)
        return;
    port_log_debug(a, "registry file changed: HwRegistryNotificationRoutine");
    struct exec_callframe f;
    port_context_enter();
    exec_call_begin(&f, "HwRegistryNotificationRoutine", (const void *)routine);
    routine(a->devext);
    exec_call_end(&f);
    port_context_leave();
}
