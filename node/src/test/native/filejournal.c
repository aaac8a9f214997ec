/*
 * A preload library for PowerCutTest. It journals, in the order they happen, the calls of a process
 * that change files under one directory: creations, writes with their bytes, truncations, renames,
 * removals and syncs, and the bytes the process writes to its standard output. From the journal the
 * test rebuilds what a disk would hold after a power cut at any point: only what was synced.
 *
 * Environment: FILEJOURNAL_ROOT, the directory to watch (an absolute, resolved path), and
 * FILEJOURNAL_OUT, the journal file, appended to. Records of several processes would interleave, so
 * only one process should write a journal. Build: cc -shared -fPIC -O2 -o libfilejournal.so filejournal.c -ldl
 *
 * Record layout, little-endian: op (1 byte), path (4-byte length, bytes), second path (4-byte length,
 * bytes), a (8 bytes), b (8 bytes), inode number (8 bytes), data (4-byte length, bytes). Writes,
 * truncations and syncs name the file by the inode it had when opened, which a rename keeps.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/falloc.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

enum op {
    OP_OPEN = 1,     /* a: open flags, b: bit 0 when the path existed before, bit 1 for a directory */
    OP_WRITE = 2,    /* a: offset, data: the bytes written */
    OP_TRUNCATE = 3, /* a: new length */
    OP_EXTEND = 4,   /* a: length the file grew to without a write (fallocate) */
    OP_SYNC = 5,     /* fsync or fdatasync of a file or a directory */
    OP_RENAME = 6,   /* path to second path */
    OP_UNLINK = 7,
    OP_MKDIR = 8,
    OP_RMDIR = 9,
    OP_LINK = 10,    /* second path becomes another name of path */
    OP_STDOUT = 11,  /* data: bytes written to file descriptor 1 */
    OP_UNMODELLED = 12, /* second: a call that changed a watched file in a way the test cannot rebuild */
    OP_PUNCH = 13    /* a: offset, b: length of a hole punched without changing the size */
};

#define MAX_FD 65536

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char root[PATH_MAX];
static size_t root_length;
static int journal = -1;
static char *paths[MAX_FD];
static int sync_on_write[MAX_FD];
static uint64_t inodes[MAX_FD];

static int (*real_open)(const char *, int, ...);
static int (*real_openat)(int, const char *, int, ...);
static int (*real_close)(int);
static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static ssize_t (*real_writev)(int, const struct iovec *, int);
static ssize_t (*real_pwritev)(int, const struct iovec *, int, off_t);
static int (*real_ftruncate)(int, off_t);
static int (*real_truncate)(const char *, off_t);
static int (*real_fallocate)(int, int, off_t, off_t);
static int (*real_posix_fallocate)(int, off_t, off_t);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static int (*real_renameat2)(int, const char *, int, const char *, unsigned int);
static int (*real_unlinkat)(int, const char *, int);
static int (*real_mkdirat)(int, const char *, mode_t);
static int (*real_linkat)(int, const char *, int, const char *, int);
static int (*real_fclose)(FILE *);
static int (*real_dup)(int);
static int (*real_dup2)(int, int);
static int (*real_dup3)(int, int, int);
static ssize_t (*real_pwritev2)(int, const struct iovec *, int, off_t, int);
static ssize_t (*real_copy_file_range)(int, off_t *, int, off_t *, size_t, unsigned int);

static void *next(const char *name) {
    void *symbol = dlsym(RTLD_NEXT, name);
    if (symbol == NULL) {
        fprintf(stderr, "filejournal: symbol %s not found in the C library\n", name);
        abort();
    }
    return symbol;
}

static pthread_once_t resolved = PTHREAD_ONCE_INIT;

/* Finds the wrapped functions and opens the journal, once, before the first call that needs them. */
static void resolve(void) {
    real_open = next("open");
    real_openat = next("openat");
    real_close = next("close");
    real_write = next("write");
    real_pwrite = next("pwrite");
    real_writev = next("writev");
    real_pwritev = next("pwritev");
    real_ftruncate = next("ftruncate");
    real_truncate = next("truncate");
    real_fallocate = next("fallocate");
    real_posix_fallocate = next("posix_fallocate");
    real_fsync = next("fsync");
    real_fdatasync = next("fdatasync");
    real_renameat2 = next("renameat2");
    real_unlinkat = next("unlinkat");
    real_mkdirat = next("mkdirat");
    real_linkat = next("linkat");
    real_fclose = next("fclose");
    real_dup = next("dup");
    real_dup2 = next("dup2");
    real_dup3 = next("dup3");
    real_pwritev2 = next("pwritev2");
    real_copy_file_range = next("copy_file_range");

    const char *watched = getenv("FILEJOURNAL_ROOT");
    const char *out = getenv("FILEJOURNAL_OUT");
    /* child processes (the RocksDB Java loader runs a shell) would write their own records */
    unsetenv("LD_PRELOAD");

    if (watched == NULL || out == NULL || strlen(watched) >= sizeof root) {
        return;
    }
    strcpy(root, watched);
    root_length = strlen(root);

    journal = real_open(out, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (journal < 0) {
        fprintf(stderr, "filejournal: failed to open the journal %s (FILEJOURNAL_OUT): %s\n", out, strerror(errno));
        abort();
    }
}

#define READY() pthread_once(&resolved, resolve)

__attribute__((constructor)) static void start(void) {
    READY();
}

static void put(const void *bytes, size_t length) {
    const char *p = bytes;
    while (length > 0) {
        ssize_t n = real_write(journal, p, length);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            fprintf(stderr, "filejournal: write to the journal failed: %s\n", strerror(errno));
            abort();
        }
        p += n;
        length -= (size_t) n;
    }
}

static void put_u32(uint32_t value) {
    put(&value, sizeof value);
}

static void put_u64(uint64_t value) {
    put(&value, sizeof value);
}

static void put_string(const char *s) {
    uint32_t length = s == NULL ? 0 : (uint32_t) strlen(s);
    put_u32(length);
    put(s, length);
}

/* Writes the head of a record; the caller then puts data_length bytes of data. Called under lock. */
static void head(enum op op, const char *path, const char *second, uint64_t a, uint64_t b, uint64_t inode,
                 uint32_t data_length) {
    unsigned char code = (unsigned char) op;
    put(&code, 1);
    put_string(path);
    put_string(second);
    put_u64(a);
    put_u64(b);
    put_u64(inode);
    put_u32(data_length);
}

static void record(enum op op, const char *path, const char *second, uint64_t a, uint64_t b) {
    head(op, path, second, a, b, 0, 0);
}

/* A record about the file open as fd. Called under lock. */
static void record_fd(enum op op, int fd, uint64_t a) {
    head(op, paths[fd], NULL, a, 0, inodes[fd], 0);
}

/* Joins a path given relative to a directory descriptor into out; returns 0 when it cannot. */
static int absolute(int dirfd, const char *path, char *out) {
    char base[PATH_MAX];
    if (path == NULL) {
        return 0;
    }

    if (path[0] == '/') {
        base[0] = '\0';
    } else if (dirfd == AT_FDCWD) {
        if (getcwd(base, sizeof base) == NULL) {
            return 0;
        }
    } else if (dirfd >= 0 && dirfd < MAX_FD && paths[dirfd] != NULL) {
        strcpy(base, paths[dirfd]);
    } else {
        return 0;
    }

    size_t length = strlen(base);
    if (length + strlen(path) + 2 > PATH_MAX) {
        return 0;
    }
    if (base[0] != '\0') {
        base[length++] = '/';
    }
    strcpy(base + length, path);

    /* squeeze repeated slashes and drop "/." parts so that names compare byte for byte */
    size_t o = 0;
    for (size_t i = 0; base[i] != '\0'; i++) {
        if (base[i] == '/' && o > 0 && out[o - 1] == '/') {
            continue;
        }
        if (base[i] == '.' && o > 0 && out[o - 1] == '/' && (base[i + 1] == '/' || base[i + 1] == '\0')) {
            continue;
        }
        out[o++] = base[i];
    }
    while (o > 1 && out[o - 1] == '/') {
        o--;
    }
    out[o] = '\0';
    return 1;
}

static int watched(const char *path) {
    return journal >= 0 && strncmp(path, root, root_length) == 0
            && (path[root_length] == '/' || path[root_length] == '\0');
}

static const char *tracked(int fd) {
    return fd >= 0 && fd < MAX_FD ? paths[fd] : NULL;
}

/* Clears the entry of fd, which a call the library does not see has closed and reused. */
static int forget(int fd) {
    if (tracked(fd) != NULL) {
        pthread_mutex_lock(&lock);
        free(paths[fd]);
        paths[fd] = NULL;
        pthread_mutex_unlock(&lock);
    }
    return fd;
}

static int do_openat(int dirfd, const char *path, int flags, mode_t mode) {
    READY();
    char full[PATH_MAX];
    if (journal < 0 || !absolute(dirfd, path, full) || !watched(full)) {
        return forget(real_openat(dirfd, path, flags, mode));
    }
    pthread_mutex_lock(&lock);
    struct stat before;
    int existed = stat(full, &before) == 0;
    int fd = real_openat(dirfd, path, flags, mode);
    struct stat after;
    if (fd >= 0 && fstat(fd, &after) == 0) {
        uint64_t kind = (uint64_t) existed | (S_ISDIR(after.st_mode) ? 2 : 0);
        head(OP_OPEN, full, NULL, (uint64_t) flags, kind, (uint64_t) after.st_ino, 0);
        if (fd < MAX_FD) {
            free(paths[fd]);
            paths[fd] = strdup(full);
            sync_on_write[fd] = (flags & (O_SYNC | O_DSYNC)) != 0;
            inodes[fd] = (uint64_t) after.st_ino;
        }
    }
    pthread_mutex_unlock(&lock);
    return fd;
}

static mode_t mode_of(int flags, va_list arguments) {
    return (flags & (O_CREAT | O_TMPFILE)) != 0 ? (mode_t) va_arg(arguments, int) : 0;
}

int open(const char *path, int flags, ...) {
    va_list arguments;
    va_start(arguments, flags);
    mode_t mode = mode_of(flags, arguments);
    va_end(arguments);
    return do_openat(AT_FDCWD, path, flags, mode);
}

int open64(const char *path, int flags, ...) {
    va_list arguments;
    va_start(arguments, flags);
    mode_t mode = mode_of(flags, arguments);
    va_end(arguments);
    return do_openat(AT_FDCWD, path, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...) {
    va_list arguments;
    va_start(arguments, flags);
    mode_t mode = mode_of(flags, arguments);
    va_end(arguments);
    return do_openat(dirfd, path, flags, mode);
}

int openat64(int dirfd, const char *path, int flags, ...) {
    va_list arguments;
    va_start(arguments, flags);
    mode_t mode = mode_of(flags, arguments);
    va_end(arguments);
    return do_openat(dirfd, path, flags, mode);
}

int __open_2(const char *path, int flags) {
    return do_openat(AT_FDCWD, path, flags, 0);
}

int __open64_2(const char *path, int flags) {
    return do_openat(AT_FDCWD, path, flags, 0);
}

int __openat_2(int dirfd, const char *path, int flags) {
    return do_openat(dirfd, path, flags, 0);
}

int __openat64_2(int dirfd, const char *path, int flags) {
    return do_openat(dirfd, path, flags, 0);
}

int creat(const char *path, mode_t mode) {
    return do_openat(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

int creat64(const char *path, mode_t mode) {
    return do_openat(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

int close(int fd) {
    READY();
    if (tracked(fd) == NULL) {
        return real_close(fd);
    }
    pthread_mutex_lock(&lock);
    int result = real_close(fd);
    free(paths[fd]);
    paths[fd] = NULL;
    pthread_mutex_unlock(&lock);
    return result;
}

/* stdio closes its descriptor inside the C library, where close() is not intercepted */
int fclose(FILE *stream) {
    READY();
    int fd = stream == NULL ? -1 : fileno(stream);
    int result = real_fclose(stream);
    forget(fd);
    return result;
}

/* Makes copy name the same file as fd, or clears copy's entry when fd is not watched. Under lock. */
static void copy_descriptor(int fd, int copy) {
    if (copy < 0 || copy >= MAX_FD || copy == fd) {
        return;
    }
    free(paths[copy]);
    paths[copy] = tracked(fd) != NULL ? strdup(paths[fd]) : NULL;
    if (paths[copy] != NULL) {
        sync_on_write[copy] = sync_on_write[fd];
        inodes[copy] = inodes[fd];
    }
}

int dup(int fd) {
    READY();
    pthread_mutex_lock(&lock);
    int copy = real_dup(fd);
    copy_descriptor(fd, copy);
    pthread_mutex_unlock(&lock);
    return copy;
}

int dup2(int fd, int copy) {
    READY();
    pthread_mutex_lock(&lock);
    int result = real_dup2(fd, copy);
    copy_descriptor(fd, result);
    pthread_mutex_unlock(&lock);
    return result;
}

int dup3(int fd, int copy, int flags) {
    READY();
    pthread_mutex_lock(&lock);
    int result = real_dup3(fd, copy, flags);
    copy_descriptor(fd, result);
    pthread_mutex_unlock(&lock);
    return result;
}

/* Journals a call on a watched file that the test cannot rebuild, so that the test fails on it. */
static void unmodelled(int fd, const char *call) {
    if (tracked(fd) != NULL) {
        pthread_mutex_lock(&lock);
        if (paths[fd] != NULL) {
            head(OP_UNMODELLED, paths[fd], call, 0, 0, inodes[fd], 0);
        }
        pthread_mutex_unlock(&lock);
    }
}

ssize_t pwritev2(int fd, const struct iovec *vector, int count, off_t offset, int flags) {
    READY();
    unmodelled(fd, "pwritev2");
    return real_pwritev2(fd, vector, count, offset, flags);
}

ssize_t copy_file_range(int in, off_t *in_offset, int out, off_t *out_offset, size_t length, unsigned int flags) {
    READY();
    unmodelled(out, "copy_file_range");
    return real_copy_file_range(in, in_offset, out, out_offset, length, flags);
}

/* Journals n bytes written at offset; the bytes are taken from the vector. Called under lock. */
static void journal_write(int fd, const struct iovec *vector, int count, off_t offset, size_t n) {
    head(OP_WRITE, paths[fd], NULL, (uint64_t) offset, 0, inodes[fd], (uint32_t) n);
    for (int i = 0; i < count && n > 0; i++) {
        size_t part = vector[i].iov_len < n ? vector[i].iov_len : n;
        put(vector[i].iov_base, part);
        n -= part;
    }
    if (sync_on_write[fd]) {
        record_fd(OP_SYNC, fd, 0);
    }
}

static void journal_stdout(const struct iovec *vector, int count, size_t n) {
    head(OP_STDOUT, NULL, NULL, 0, 0, 0, (uint32_t) n);
    for (int i = 0; i < count && n > 0; i++) {
        size_t part = vector[i].iov_len < n ? vector[i].iov_len : n;
        put(vector[i].iov_base, part);
        n -= part;
    }
}

static ssize_t vector_write(int fd, const struct iovec *vector, int count, off_t offset, int positioned) {
    READY();
    if (journal < 0 || (fd != STDOUT_FILENO && tracked(fd) == NULL)) {
        return positioned ? real_pwritev(fd, vector, count, offset) : real_writev(fd, vector, count);
    }
    pthread_mutex_lock(&lock);
    ssize_t n = positioned ? real_pwritev(fd, vector, count, offset) : real_writev(fd, vector, count);
    if (n > 0) {
        if (fd == STDOUT_FILENO) {
            journal_stdout(vector, count, (size_t) n);
        } else if (paths[fd] != NULL) {
            off_t at = positioned ? offset : lseek(fd, 0, SEEK_CUR) - n;
            journal_write(fd, vector, count, at, (size_t) n);
        }
    }
    pthread_mutex_unlock(&lock);
    return n;
}

ssize_t write(int fd, const void *bytes, size_t length) {
    READY();
    if (journal < 0 || (fd != STDOUT_FILENO && tracked(fd) == NULL)) {
        return real_write(fd, bytes, length);
    }
    struct iovec one = {(void *) bytes, length};
    return vector_write(fd, &one, 1, 0, 0);
}

ssize_t pwrite(int fd, const void *bytes, size_t length, off_t offset) {
    READY();
    if (journal < 0 || tracked(fd) == NULL) {
        return real_pwrite(fd, bytes, length, offset);
    }
    struct iovec one = {(void *) bytes, length};
    return vector_write(fd, &one, 1, offset, 1);
}

ssize_t pwrite64(int fd, const void *bytes, size_t length, off_t offset) {
    return pwrite(fd, bytes, length, offset);
}

ssize_t writev(int fd, const struct iovec *vector, int count) {
    return vector_write(fd, vector, count, 0, 0);
}

ssize_t pwritev(int fd, const struct iovec *vector, int count, off_t offset) {
    return vector_write(fd, vector, count, offset, 1);
}

ssize_t pwritev64(int fd, const struct iovec *vector, int count, off_t offset) {
    return vector_write(fd, vector, count, offset, 1);
}

int ftruncate(int fd, off_t length) {
    READY();
    if (tracked(fd) == NULL) {
        return real_ftruncate(fd, length);
    }
    pthread_mutex_lock(&lock);
    int result = real_ftruncate(fd, length);
    if (result == 0 && paths[fd] != NULL) {
        record_fd(OP_TRUNCATE, fd, (uint64_t) length);
    }
    pthread_mutex_unlock(&lock);
    return result;
}

int ftruncate64(int fd, off_t length) {
    return ftruncate(fd, length);
}

int truncate(const char *path, off_t length) {
    READY();
    char full[PATH_MAX];
    if (journal < 0 || !absolute(AT_FDCWD, path, full) || !watched(full)) {
        return real_truncate(path, length);
    }
    pthread_mutex_lock(&lock);
    int result = real_truncate(path, length);
    struct stat now;
    if (result == 0 && stat(full, &now) == 0) {
        head(OP_TRUNCATE, full, NULL, (uint64_t) length, 0, (uint64_t) now.st_ino, 0);
    }
    pthread_mutex_unlock(&lock);
    return result;
}

int truncate64(const char *path, off_t length) {
    return truncate(path, length);
}

/* After an allocation that may change the size, journals the size the file has now. Under lock. */
static void journal_size(int fd) {
    struct stat now;
    if (paths[fd] != NULL && fstat(fd, &now) == 0) {
        record_fd(OP_EXTEND, fd, (uint64_t) now.st_size);
    }
}

int fallocate(int fd, int mode, off_t offset, off_t length) {
    READY();
    if (tracked(fd) == NULL) {
        return real_fallocate(fd, mode, offset, length);
    }
    pthread_mutex_lock(&lock);
    int result = real_fallocate(fd, mode, offset, length);
    int moves_data = FALLOC_FL_ZERO_RANGE | FALLOC_FL_COLLAPSE_RANGE | FALLOC_FL_INSERT_RANGE;
    if (result != 0 || paths[fd] == NULL) {
        /* nothing changed, or the descriptor is not watched */
    } else if ((mode & moves_data) != 0) {
        head(OP_UNMODELLED, paths[fd], "fallocate", (uint64_t) mode, 0, inodes[fd], 0);
    } else if ((mode & FALLOC_FL_PUNCH_HOLE) != 0) {
        /* RocksDB punches a hole into a log file when it closes it (seen in this test's journals) */
        head(OP_PUNCH, paths[fd], NULL, (uint64_t) offset, (uint64_t) length, inodes[fd], 0);
    } else if ((mode & FALLOC_FL_KEEP_SIZE) == 0) {
        journal_size(fd);
    }
    pthread_mutex_unlock(&lock);
    return result;
}

int fallocate64(int fd, int mode, off_t offset, off_t length) {
    return fallocate(fd, mode, offset, length);
}

int posix_fallocate(int fd, off_t offset, off_t length) {
    READY();
    if (tracked(fd) == NULL) {
        return real_posix_fallocate(fd, offset, length);
    }
    pthread_mutex_lock(&lock);
    int result = real_posix_fallocate(fd, offset, length);
    if (result == 0) {
        journal_size(fd);
    }
    pthread_mutex_unlock(&lock);
    return result;
}

int posix_fallocate64(int fd, off_t offset, off_t length) {
    return posix_fallocate(fd, offset, length);
}

/*
 * The sync is journaled before it is made: every write journaled before it had returned when the
 * sync began, so the sync covers it. A power cut between the record and the sync's return may
 * still find all of it on the disk, so the test may treat the record as the point of durability.
 */
static int sync_file(int fd, int (*real)(int)) {
    READY();
    if (tracked(fd) != NULL) {
        pthread_mutex_lock(&lock);
        if (paths[fd] != NULL) {
            record_fd(OP_SYNC, fd, 0);
        }
        pthread_mutex_unlock(&lock);
    }
    return real(fd);
}

int fsync(int fd) {
    return sync_file(fd, real_fsync);
}

int fdatasync(int fd) {
    return sync_file(fd, real_fdatasync);
}

static int do_renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags) {
    READY();
    char from[PATH_MAX];
    char to[PATH_MAX];
    int known = journal >= 0 && absolute(olddirfd, oldpath, from) && absolute(newdirfd, newpath, to);
    if (!known || (!watched(from) && !watched(to))) {
        return real_renameat2(olddirfd, oldpath, newdirfd, newpath, flags);
    }
    pthread_mutex_lock(&lock);
    int result = real_renameat2(olddirfd, oldpath, newdirfd, newpath, flags);
    if (result == 0) {
        record(OP_RENAME, from, to, flags, 0);
    }
    pthread_mutex_unlock(&lock);
    return result;
}

int rename(const char *oldpath, const char *newpath) {
    return do_renameat2(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}

int renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath) {
    return do_renameat2(olddirfd, oldpath, newdirfd, newpath, 0);
}

int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags) {
    return do_renameat2(olddirfd, oldpath, newdirfd, newpath, flags);
}

static int do_unlinkat(int dirfd, const char *path, int flags) {
    READY();
    char full[PATH_MAX];
    if (journal < 0 || !absolute(dirfd, path, full) || !watched(full)) {
        return real_unlinkat(dirfd, path, flags);
    }
    pthread_mutex_lock(&lock);
    int result = real_unlinkat(dirfd, path, flags);
    if (result == 0) {
        record((flags & AT_REMOVEDIR) != 0 ? OP_RMDIR : OP_UNLINK, full, NULL, 0, 0);
    }
    pthread_mutex_unlock(&lock);
    return result;
}

int unlink(const char *path) {
    return do_unlinkat(AT_FDCWD, path, 0);
}

int unlinkat(int dirfd, const char *path, int flags) {
    return do_unlinkat(dirfd, path, flags);
}

int rmdir(const char *path) {
    return do_unlinkat(AT_FDCWD, path, AT_REMOVEDIR);
}

int remove(const char *path) {
    READY();
    struct stat st;
    int directory = lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
    return do_unlinkat(AT_FDCWD, path, directory ? AT_REMOVEDIR : 0);
}

static int do_mkdirat(int dirfd, const char *path, mode_t mode) {
    READY();
    char full[PATH_MAX];
    if (journal < 0 || !absolute(dirfd, path, full) || !watched(full)) {
        return real_mkdirat(dirfd, path, mode);
    }
    pthread_mutex_lock(&lock);
    int result = real_mkdirat(dirfd, path, mode);
    if (result == 0) {
        record(OP_MKDIR, full, NULL, 0, 0);
    }
    pthread_mutex_unlock(&lock);
    return result;
}

int mkdir(const char *path, mode_t mode) {
    return do_mkdirat(AT_FDCWD, path, mode);
}

int mkdirat(int dirfd, const char *path, mode_t mode) {
    return do_mkdirat(dirfd, path, mode);
}

static int do_linkat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, int flags) {
    READY();
    char from[PATH_MAX];
    char to[PATH_MAX];
    int known = journal >= 0 && absolute(olddirfd, oldpath, from) && absolute(newdirfd, newpath, to);
    if (!known || (!watched(from) && !watched(to))) {
        return real_linkat(olddirfd, oldpath, newdirfd, newpath, flags);
    }
    pthread_mutex_lock(&lock);
    int result = real_linkat(olddirfd, oldpath, newdirfd, newpath, flags);
    if (result == 0) {
        record(OP_LINK, from, to, 0, 0);
    }
    pthread_mutex_unlock(&lock);
    return result;
}

int link(const char *oldpath, const char *newpath) {
    return do_linkat(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}

int linkat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, int flags) {
    return do_linkat(olddirfd, oldpath, newdirfd, newpath, flags);
}
