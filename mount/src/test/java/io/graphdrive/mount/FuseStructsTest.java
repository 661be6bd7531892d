package io.graphdrive.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.graphdrive.storage.PosixAttr;
import java.nio.charset.StandardCharsets;
import java.util.List;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.junit.jupiter.api.Test;

/** The C layouts the mount writes, read back as libfuse and the kernel read them (x86-64). */
final class FuseStructsTest {
  private static final Runtime RUNTIME = Runtime.getSystemRuntime();

  @Test
  void argsAreAnArgcAndANullTerminatedVectorOfCStrings() {
    Pointer args = FuseStructs.args(RUNTIME, List.of("graphdrive", "-o", "fsname=gräph"));
    assertEquals(3, args.getInt(0));
    Pointer argv = args.getPointer(8);
    assertEquals("graphdrive", argv.getPointer(0).getString(0));
    assertEquals("-o", argv.getPointer(8).getString(0));
    assertEquals("fsname=gräph", argv.getPointer(16).getString(0, 64, StandardCharsets.UTF_8));
    assertEquals(0, argv.getAddress(24));
    assertEquals(0, args.getInt(16));
  }

  @Test
  void aFileInfoKeepsItsHandleAndDirectIoApartFromItsFlags() {
    Pointer fi = Memory.allocateDirect(RUNTIME, 40, true);
    fi.putInt(0, 01101);
    fi.putInt(4, 1 << 2);
    FuseStructs.setHandle(fi, 0x1234_5678_9aL);
    FuseStructs.setDirectIo(fi);
    assertEquals(01101, FuseStructs.openFlags(fi));
    assertEquals(0x1234_5678_9aL, FuseStructs.handle(fi));
    assertEquals((1 << 2) | (1 << 1), fi.getInt(4));
  }

  @Test
  void aStatHoldsModeOwnerSizeAndTimesWhereGlibcPutsThem() {
    Pointer buf = Memory.allocateDirect(RUNTIME, 64, true);
    buf.putInt(0, 0640);
    buf.putLongLong(4, 5000);
    buf.putLongLong(12, 1_500_000_000_123L);
    buf.putLongLong(20, 1_500_000_001_000L);
    byte[] owners = "1234\0005678\000".getBytes(StandardCharsets.US_ASCII);
    buf.put(28, owners, 0, owners.length);
    PosixAttr a = attrOf(buf);
    Pointer stat = Memory.allocateDirect(RUNTIME, 144, true);
    Attrs.fill(stat, a, 5000);
    assertEquals(0100640, stat.getInt(24));
    assertEquals(1, stat.getLongLong(16));
    assertEquals(1234, stat.getInt(28));
    assertEquals(5678, stat.getInt(32));
    assertEquals(5000, stat.getLongLong(48));
    assertEquals(10, stat.getLongLong(64));
    assertEquals(1_500_000_000L, stat.getLongLong(88));
    assertEquals(123_000_000L, stat.getLongLong(96));
    assertEquals(1_500_000_001L, stat.getLongLong(72));
  }

  @Test
  void utimensTimesAreMillisecondsOrLeftAlone() {
    Pointer times = Memory.allocateDirect(RUNTIME, 32, true);
    times.putLongLong(0, 1_700_000_000L);
    times.putLongLong(8, (1L << 30) - 2);
    times.putLongLong(16, 1_700_000_001L);
    times.putLongLong(24, 250_000_000L);
    assertEquals(-1, Attrs.millis(times, 0));
    assertEquals(1_700_000_001_250L, Attrs.millis(times, 1));
  }

  /** Returns libjfs's record decoded as the volume decodes it (PosixAttr fills itself only for the volume). */
  private static PosixAttr attrOf(Pointer buf) {
    PosixAttr a = new PosixAttr();
    try {
      var fill = PosixAttr.class.getDeclaredMethod("fill", Pointer.class);
      fill.setAccessible(true);
      fill.invoke(a, buf);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    return a;
  }
}
