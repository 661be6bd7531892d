package io.graphdrive.mount;

import java.lang.reflect.Method;
import jnr.ffi.Pointer;
import jnr.ffi.Struct;
import ru.serce.jnrfuse.struct.FuseOperations;

/** Flags of libfuse2's operations struct that jnr-fuse does not let a file system set. */
final class LibfuseFlags {
  private LibfuseFlags() {}

  /**
   * Sets nullpath_ok, without which libfuse2 answers ENOENT to reads and writes of an open file that was unlinked
   * (it passes no path then), and utime_omit_ok, without which it drops a utimens that sets only one of the two
   * times: the first and third bits of the flags word that jnr-fuse lays out as four bytes from flag_nullpath_ok
   * (whose offset it hides).
   */
  static void declare(FuseOperations ops) {
    try {
      Object flag = ops.getClass().getField("flag_nullpath_ok").get(ops);
      Method offset = Class.forName("jnr.ffi.Struct$AbstractMember").getDeclaredMethod("offset");
      offset.setAccessible(true);
      long at = (long) offset.invoke(flag);
      Pointer memory = Struct.getMemory(ops);
      memory.putByte(at, (byte) (memory.getByte(at) | 1 | 4));
    } catch (ReflectiveOperationException | RuntimeException e) {
      DriveFs.LOG.warn("unlinked open files and setting only atime or mtime will fail: {}", e.toString());
    }
  }
}
