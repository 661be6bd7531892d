package io.graphdrive.mount;

import java.lang.reflect.Method;
import jnr.ffi.Pointer;
import jnr.ffi.Struct;
import ru.serce.jnrfuse.struct.FuseOperations;

/** Flags of libfuse2's operations struct that jnr-fuse does not let a file system set. */
final class LibfuseFlags {
  private LibfuseFlags() {}

  /**
   * Sets utime_omit_ok, without which libfuse2 drops a utimens that sets only one of the two times: the third bit of
   * the flags word that jnr-fuse lays out as four bytes from flag_nullpath_ok (whose offset it hides).
   */
  static void declareUtimeOmitOk(FuseOperations ops) {
    try {
      Object flag = ops.getClass().getField("flag_nullpath_ok").get(ops);
      Method offset = Class.forName("jnr.ffi.Struct$AbstractMember").getDeclaredMethod("offset");
      offset.setAccessible(true);
      long at = (long) offset.invoke(flag);
      Pointer memory = Struct.getMemory(ops);
      memory.putByte(at, (byte) (memory.getByte(at) | 4));
    } catch (ReflectiveOperationException | RuntimeException e) {
      DriveFs.LOG.warn("setting only atime or only mtime will be ignored: {}", e.toString());
    }
  }
}
