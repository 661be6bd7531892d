package io.graphdrive.mount;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.Type;
import java.nio.charset.StandardCharsets;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * Calls the filler function libfuse hands to readdir, {@code int (*)(void *buf, const char *name, const struct stat *,
 * off_t off, enum fuse_fill_dir_flags)}, through jffi (JNR itself calls no function pointer it is given).
 */
final class DirFiller {
  private static final CallContext SIGNATURE = CallContext.getCallContext(Type.SINT,
      new Type[] {Type.POINTER, Type.POINTER, Type.POINTER, Type.SLONG, Type.SINT}, CallingConvention.DEFAULT, false);
  // A name is at most 255 bytes; a longer one from the volume is cut rather than overrunning the buffer.
  private static final int NAME_BYTES = 256;

  private final ThreadLocal<Pointer> names;

  DirFiller(Runtime runtime) {
    names = ThreadLocal.withInitial(() -> Memory.allocateDirect(runtime, NAME_BYTES));
  }

  /** Adds a name to readdir's buffer with no attributes and offset 0; returns false once the buffer is full. */
  boolean add(Pointer filler, Pointer buf, String name) {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    int length = Math.min(bytes.length, NAME_BYTES - 1);
    Pointer copy = names.get();
    copy.put(0, bytes, 0, length);
    copy.putByte(length, (byte) 0);
    long full = Invoker.getInstance().invokeN5(SIGNATURE, filler.address(), buf.address(), copy.address(), 0, 0, 0);
    return (int) full == 0;
  }
}
