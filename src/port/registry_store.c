/*
 * The registry of registry.h: the line model in memory, backed by its file. Reads
 * reload a file that changed on disk since it was read; writes re-read it under an
 * exclusive flock() on its directory (so two adapters or processes sharing the file
 * do not lose each other's values), change one value, and replace the file
 * atomically: a temporary file in the same directory, fsync, rename, fsync of the
 * directory. Left out: Windows' transaction log and hives.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/error.h"
#include "common/log.h"
#include "port/registry.h"
#include "port/registry_model.h"

#define FILE_MAX (64u << 20)

struct file_id {
    bool exists;
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
};

struct registry {
    pthread_mutex_t lock;
    char *path;                 /* NULL: in memory only */
    struct reg_model m;
    struct file_id seen;        /* the file the model was read from */
};

static struct file_id file_id_of(const struct stat *st)
{
    struct file_id id = {true, st->st_dev, st->st_ino, st->st_size, st->st_mtim};
    return id;
}

static bool same_file(const struct file_id *a, const struct file_id *b)
{
    if (a->exists != b->exists)
        return false;
    return !a->exists || (a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
                          a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec);
}

static int read_all(int fd, size_t size, char **out)
{
    char *text = malloc(size + 1);
    size_t got = 0;
    if (!text)
        return -ENOMEM;
    while (got < size) {
        ssize_t n = read(fd, text + got, size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            int e = n < 0 ? errno : EIO;
            free(text);
            return -e;
        }
        got += (size_t)n;
    }
    text[size] = '\0';
    *out = text;
    return 0;
}

/* Parses the file at PATH into M (empty if there is none); *ID says what was read. */
static int load_file(const char *path, struct reg_model *m, struct file_id *id)
{
    struct stat st;
    char *text = NULL;
    memset(id, 0, sizeof *id);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT)
        return 0;
    if (fd < 0)
        return ustor_error_fail(-errno, "registry file %s: %s", path, strerror(errno));
    int rc = fstat(fd, &st) < 0 ? -errno : 0;
    if (rc == 0 && !S_ISREG(st.st_mode))
        rc = -EINVAL;
    if (rc == 0 && (uint64_t)st.st_size > FILE_MAX)
        rc = -EFBIG;
    if (rc == 0)
        rc = read_all(fd, (size_t)st.st_size, &text);
    close(fd);
    if (rc < 0)
        return ustor_error_fail(rc, "registry file %s: %s", path,
                                rc == -EINVAL ? "not a regular file" : strerror(-rc));
    rc = reg_parse(text, (size_t)st.st_size, path, m);
    free(text);
    if (rc == 0)
        *id = file_id_of(&st);
    return rc;
}

int registry_open_text(const char *text, const char *origin, struct registry **out)
{
    struct registry *r = calloc(1, sizeof *r);
    if (!r)
        return ustor_error_fail(-ENOMEM, "registry: out of memory");
    int rc = text ? reg_parse(text, strlen(text), origin, &r->m) : 0;
    if (rc < 0) {
        free(r);
        return rc;
    }
    pthread_mutex_init(&r->lock, NULL);
    *out = r;
    return 0;
}

int registry_open(const char *path, struct registry **out)
{
    struct registry *r = NULL;
    int rc = registry_open_text(NULL, "(memory)", &r);
    if (rc < 0 || !path) {
        *out = r;
        return rc;
    }
    if (!(r->path = strdup(path)))
        rc = ustor_error_fail(-ENOMEM, "registry: out of memory");
    if (rc == 0)
        rc = load_file(path, &r->m, &r->seen);
    if (rc < 0) {
        registry_close(r);
        return rc;
    }
    *out = r;
    return 0;
}

void registry_close(struct registry *r)
{
    if (!r)
        return;
    reg_model_free(&r->m);
    pthread_mutex_destroy(&r->lock);
    free(r->path);
    free(r);
}

/* Under r->lock: the model again if the file changed since it was read. A file
 * that no longer parses is reported and the last good contents stay in use. */
static void refresh(struct registry *r)
{
    struct stat st;
    struct file_id now = {0};
    if (!r->path)
        return;
    if (stat(r->path, &st) == 0)
        now = file_id_of(&st);
    if (same_file(&now, &r->seen))
        return;
    struct reg_model fresh = {0};
    struct file_id id;
    if (load_file(r->path, &fresh, &id) < 0) {
        ulog_host(ULOG_WARN, "%s; keeping the contents read before", ustor_error_message());
        r->seen = now; /* report a broken file once, not at every read */
        return;
    }
    reg_model_free(&r->m);
    r->m = fresh;
    r->seen = id;
}

int registry_get(struct registry *r, const char *key, const char *name, uint32_t *type,
                 void *buf, size_t cap, size_t *size)
{
    int rc = -ENOENT;
    pthread_mutex_lock(&r->lock);
    refresh(r);
    long k = reg_find_key(&r->m, key);
    long v = k >= 0 ? reg_find_value(&r->m, k, name) : -1;
    if (v >= 0) {
        const struct reg_line *l = &r->m.lines[v];
        *type = l->type;
        *size = l->size;
        if (buf)
            memcpy(buf, l->data, l->size < cap ? l->size : cap);
        rc = 0;
    }
    pthread_mutex_unlock(&r->lock);
    return rc;
}

/* ---- writing the file ---- */

static int write_all(int fd, const char *text, size_t n)
{
    while (n) {
        ssize_t w = write(fd, text, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -errno;
        text += w;
        n -= (size_t)w;
    }
    return 0;
}

/* TEXT into a temporary beside PATH, then renamed over it; DIRFD is its directory. */
static int replace_file(const char *path, int dirfd, const char *text, mode_t mode)
{
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 16);
    if (!tmp)
        return -ENOMEM;
    snprintf(tmp, plen + 16, "%s.tmpXXXXXX", path);
    int fd = mkostemp(tmp, O_CLOEXEC), rc = 0;
    if (fd < 0) {
        rc = -errno;
        free(tmp);
        return rc;
    }
    rc = write_all(fd, text, strlen(text));
    if (rc == 0 && fchmod(fd, mode) < 0)
        rc = -errno;
    if (rc == 0 && fsync(fd) < 0)
        rc = -errno;
    if (close(fd) < 0 && rc == 0)
        rc = -errno;
    if (rc == 0 && rename(tmp, path) < 0)
        rc = -errno;
    if (rc < 0)
        unlink(tmp);
    else
        fsync(dirfd);
    free(tmp);
    return rc;
}

/* The directory of PATH, opened and locked exclusively; -errno on failure. */
static int lock_directory(const char *path)
{
    char *copy = strdup(path);
    if (!copy)
        return -ENOMEM;
    int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int rc = fd < 0 ? -errno : 0;
    free(copy);
    while (rc == 0 && flock(fd, LOCK_EX) < 0) {
        if (errno != EINTR) {
            rc = -errno;
            close(fd);
        }
    }
    return rc < 0 ? rc : fd;
}

static int file_mode(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0)
        return st.st_mode & 07777;
    mode_t mask = umask(022);
    umask(mask);
    return 0666 & ~mask;
}

/* Under r->lock, with the directory locked: the file as it is now, changed. */
static int set_in_file(struct registry *r, int dirfd, const char *key, const char *name,
                       uint32_t type, const void *data, size_t size)
{
    struct reg_model fresh = {0};
    struct file_id id;
    int rc = load_file(r->path, &fresh, &id);
    if (rc < 0)
        return rc;
    rc = reg_model_set(&fresh, key, name, type, data, size);
    char *text = rc == 0 ? reg_render(&fresh) : NULL;
    if (rc == 0 && !text)
        rc = -ENOMEM;
    if (rc == 0)
        rc = replace_file(r->path, dirfd, text, (mode_t)file_mode(r->path));
    free(text);
    if (rc < 0) {
        reg_model_free(&fresh);
        return ustor_error_fail(rc, "registry file %s: cannot write %s: %s", r->path, name,
                                strerror(-rc));
    }
    struct stat st;
    reg_model_free(&r->m);
    r->m = fresh;
    memset(&r->seen, 0, sizeof r->seen);
    if (stat(r->path, &st) == 0)
        r->seen = file_id_of(&st);
    return 0;
}

int registry_set(struct registry *r, const char *key, const char *name, uint32_t type,
                 const void *data, size_t size)
{
    if (size > REG_VALUE_MAX || !reg_key_name_ok(key) || strpbrk(name, "\r\n"))
        return ustor_error_fail(-EINVAL, "registry: %s\\%s cannot be stored", key, name);
    pthread_mutex_lock(&r->lock);
    int rc;
    if (!r->path) {
        rc = reg_model_set(&r->m, key, name, type, data, size);
    } else if ((rc = lock_directory(r->path)) >= 0) {
        int dirfd = rc;
        rc = set_in_file(r, dirfd, key, name, type, data, size);
        flock(dirfd, LOCK_UN);
        close(dirfd);
    } else {
        rc = ustor_error_fail(rc, "registry file %s: cannot lock its directory: %s", r->path,
                              strerror(-rc));
    }
    pthread_mutex_unlock(&r->lock);
    if (rc == -ENOMEM)
        ustor_error_set("registry: out of memory");
    return rc;
}

char *registry_render(struct registry *r)
{
    pthread_mutex_lock(&r->lock);
    refresh(r);
    char *text = reg_render(&r->m);
    pthread_mutex_unlock(&r->lock);
    return text;
}
