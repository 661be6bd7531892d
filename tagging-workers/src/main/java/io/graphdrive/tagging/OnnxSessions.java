package io.graphdrive.tagging;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens ONNX Runtime sessions the one way every model here uses: CUDA when the build has it, else the CPU. */
final class OnnxSessions {
  private static final Logger LOG = LoggerFactory.getLogger(OnnxSessions.class);

  private OnnxSessions() {}

  /** Opens a session on a model's bytes, on CUDA when available, else on the given number of CPU threads a run. */
  static OrtSession open(String name, byte[] model, int cpuThreads) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    if (OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
      try (OrtSession.SessionOptions cuda = new OrtSession.SessionOptions()) {
        cuda.addCUDA(0);
        OrtSession session = env.createSession(model, cuda);
        LOG.info("ONNX model {} runs on CUDA", name);
        return session;
      } catch (OrtException | RuntimeException e) {
        LOG.info("CUDA execution provider failed for {} ({}); it runs on the CPU", name, e.getMessage());
      }
    }
    try (OrtSession.SessionOptions cpu = new OrtSession.SessionOptions()) {
      // Parallelism comes from the actors, one file each: a thread pool per run, spinning while it
      // waits, oversubscribes the cores (BENCHMARKS.md has the numbers).
      cpu.setIntraOpNumThreads(cpuThreads);
      cpu.addConfigEntry("session.intra_op.allow_spinning", "0");
      return env.createSession(model, cpu);
    }
  }
}
