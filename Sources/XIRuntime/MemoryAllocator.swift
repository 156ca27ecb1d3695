#if canImport(Glibc)
import Glibc
#endif

/// Settings of glibc's allocator that keep a run's footprint close to what it holds. Looked up by
/// name, so the runtime still builds and runs on a C library without them (Musl).
enum MemoryAllocator {
    private static let trim: (@convention(c) (Int) -> Int32)? = function("malloc_trim")
    private static let option: (@convention(c) (Int32, Int32) -> Int32)? = function("mallopt")

    private static func function<Function>(_ name: String) -> Function? {
        #if canImport(Glibc)
        guard let symbol = dlsym(nil, name) else { return nil }
        return unsafeBitCast(symbol, to: Function.self)
        #else
        return nil
        #endif
    }

    /// The batches just processed freed many small blocks: gives their pages back to the system,
    /// so the footprint follows what the run holds rather than what it once held.
    static func returnFreedMemory() {
        _ = trim?(0)
    }

    /// At most two arenas for every thread (`M_ARENA_MAX` = 2). By default glibc gives each
    /// thread that allocates an arena of its own, up to eight per core, and each keeps the blocks
    /// it freed. One arena for all (before 2026-11-24, night) kept the peak lowest, but the engine's
    /// thread and those reading ahead, writing commits and delivering then queued for its one lock:
    /// at 1M events, 190,000 context switches and about 2 s more CPU (24.4 s against 22.1 s,
    /// 14.2 s against 13.0 s of wall time). With two, the queueing is mostly gone for a peak
    /// within a few MiB of the one arena's.
    static func limitArenas() {
        _ = option?(-8, 2)
    }

    /// Gives free memory at the top of the heap back to the system once 128 KB of it gather
    /// (`M_TRIM_THRESHOLD`; glibc's default grows up to 32 MB): about 25 MB lower at the peak at 1M
    /// events, a little more system time and no measurable time in all.
    static func trimEarly() {
        _ = option?(-1, 131_072)
    }
}

extension Runtime {
    /// Sets the C allocator up for a run: at most two arenas, and free memory at the top of the
    /// heap given back early. Call it first thing in a
    /// process that runs xi, before other threads allocate: an arena a thread already made is
    /// kept (the run also calls it when it starts, which is too late for those). At 1M events, with
    /// one arena then, it kept the peak about 45 MB lower than a call at the run's start.
    public static func configureAllocator() {
        MemoryAllocator.limitArenas()
        MemoryAllocator.trimEarly()
    }
}

