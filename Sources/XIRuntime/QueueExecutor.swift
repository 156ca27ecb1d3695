import Dispatch

/// A task executor on a serial dispatch queue: tasks that prefer it run on the queue's thread,
/// not on the concurrency pool's (one thread per core). For work that blocks on files, sockets
/// or `fsync` — delivery — so it never holds a pool thread the run's processing needs.
final class QueueExecutor: TaskExecutor, @unchecked Sendable {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
