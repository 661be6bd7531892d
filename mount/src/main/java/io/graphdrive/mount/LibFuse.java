package io.graphdrive.mount;

import jnr.ffi.Pointer;

/**
 * The functions of libfuse3's high-level API that the mount calls (public only because JNR implements it in its own
 * class loader). fuse_new_31 and fuse_loop_mt_312 are named by the versions they implement, since the plain names are
 * versioned symbols whose default differs between releases (3.10's fuse_loop_mt takes another config struct, 3.17
 * makes no fuse_new the default); both names exist from libfuse 3.12 to 3.17.
 */
public interface LibFuse {
  /** Creates a file system of an operations table of {@code opSize} bytes; the args carry its -o options. */
  Pointer fuse_new_31(Pointer args, Pointer ops, long opSize, Pointer userData);

  /** Mounts the file system at a directory; 0 on success. */
  int fuse_mount(Pointer fuse, String mountPoint);

  /** Serves requests on worker threads until the file system is unmounted or told to exit; null: default config. */
  int fuse_loop_mt_312(Pointer fuse, Pointer config);

  /** Makes the loop return once the request being served, or the next one to come, is done. */
  void fuse_exit(Pointer fuse);

  /** Frees the file system and closes its connection to the kernel. */
  void fuse_destroy(Pointer fuse);

  /** Returns the struct fuse_context of the request this thread serves. */
  Pointer fuse_get_context();

  /** Frees the argument vector libfuse made of a struct fuse_args while parsing it. */
  void fuse_opt_free_args(Pointer args);
}
