package io.graphdrive.mount;

import java.nio.charset.StandardCharsets;
import java.util.List;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * The fields of libfuse3's structs that the mount reads or writes, at their offsets on 64-bit Linux in libfuse 3.12 to
 * 3.17 (include/fuse_common.h and fuse.h; 3.14's headers checked field by field).
 */
final class FuseStructs {
  /** The fuse_conn_info capability by which libfuse reads write requests through a pipe (splice). */
  static final int CAP_SPLICE_READ = 1 << 9;
  /** The fuse_conn_info capability by which the file system, not the kernel, clears set-ID bits on writes. */
  static final int CAP_HANDLE_KILLPRIV = 1 << 20;

  // struct fuse_file_info: int flags, a word of bit fields (writepage, direct_io, keep_cache, ...), 32 bits of padding
  // (64 in 3.17), then uint64_t fh. Bit fields fill their word from the lowest bit (both ABIs are little-endian).
  private static final long FI_FLAGS = 0;
  private static final long FI_BITS = 4;
  private static final int FI_DIRECT_IO = 1 << 1;
  private static final long FI_FH = 16;
  // struct fuse_conn_info: unsigned proto_major, proto_minor, max_write, max_read, max_readahead, capable, want, ...
  private static final long CONN_MAX_WRITE = 8;
  private static final long CONN_WANT = 24;
  // struct fuse_config: int set_gid, gid, set_uid, uid, set_mode, umask; double entry_timeout, negative_timeout,
  // attr_timeout; int intr, intr_signal, remember, hard_remove, ...
  private static final long CFG_HARD_REMOVE = 60;
  // struct fuse_context: struct fuse *fuse; uid_t uid; gid_t gid; ...
  private static final long CTX_UID = 8;
  private static final long CTX_GID = 12;
  // struct fuse_args: int argc; char **argv; int allocated.
  private static final int ARGS_BYTES = 24;

  private FuseStructs() {}

  /** Returns a fuse_file_info's open(2) flags. */
  static int openFlags(Pointer fi) {
    return fi.getInt(FI_FLAGS);
  }

  /** Returns a fuse_file_info's file handle, the number the open or create that made it chose. */
  static long handle(Pointer fi) {
    return fi.getLongLong(FI_FH);
  }

  /** Sets a fuse_file_info's file handle. */
  static void setHandle(Pointer fi, long fh) {
    fi.putLongLong(FI_FH, fh);
  }

  /** Sets a fuse_file_info's direct_io: the kernel passes this handle's reads and writes on past its page cache. */
  static void setDirectIo(Pointer fi) {
    fi.putInt(FI_BITS, fi.getInt(FI_BITS) | FI_DIRECT_IO);
  }

  /** Returns the capabilities a fuse_conn_info asks for (libfuse's defaults until init changes them). */
  static int want(Pointer conn) {
    return conn.getInt(CONN_WANT);
  }

  /** Sets the capabilities a fuse_conn_info asks for. */
  static void setWant(Pointer conn, int want) {
    conn.putInt(CONN_WANT, want);
  }

  /** Sets the largest write request, which also caps read requests (the kernel's max_pages follows it). */
  static void setMaxWrite(Pointer conn, int bytes) {
    conn.putInt(CONN_MAX_WRITE, bytes);
  }

  /** Sets a fuse_config's hard_remove: an unlinked open file is removed at once, not renamed to .fuse_hidden*. */
  static void setHardRemove(Pointer cfg) {
    cfg.putInt(CFG_HARD_REMOVE, 1);
  }

  /** Returns the user id of the caller in a fuse_context. */
  static long uid(Pointer ctx) {
    return ctx.getInt(CTX_UID) & 0xffffffffL;
  }

  /** Returns the group id of the caller in a fuse_context. */
  static long gid(Pointer ctx) {
    return ctx.getInt(CTX_GID) & 0xffffffffL;
  }

  /** Lays out a struct fuse_args of the given arguments, argv[0] first, in one block of native memory. */
  static Pointer args(Runtime runtime, List<String> argv) {
    int word = runtime.addressSize();
    long vector = ARGS_BYTES;
    long strings = vector + (argv.size() + 1L) * word;
    long size = strings;
    for (String a : argv) {
      size += a.getBytes(StandardCharsets.UTF_8).length + 1;
    }
    Pointer block = Memory.allocateDirect(runtime, size, true);
    block.putInt(0, argv.size());
    block.putAddress(word, block.address() + vector);
    long at = strings;
    for (int i = 0; i < argv.size(); i++) {
      byte[] bytes = argv.get(i).getBytes(StandardCharsets.UTF_8);
      block.put(at, bytes, 0, bytes.length);
      block.putAddress(vector + (long) i * word, block.address() + at);
      at += bytes.length + 1;
    }
    return block;
  }
}
