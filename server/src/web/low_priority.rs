//! Work that must not slow the pages down: a snapshot import decodes, stores and analyses a
//! whole fleet (seconds of CPU at 10,000 functions). It runs on a thread of its own at a lower
//! scheduling priority, so while pages are being asked for they get the CPU first and the import
//! takes the rest; on an idle server it runs at full speed.

/// The nice value of import threads: at 5, the scheduler gives it a third of a busy core's
/// share (weights 1024 : 335), so pages stay quick and an import still ends within seconds.
const NICE: i32 = 5;

/// Runs `work` on a new thread named `name` at lower priority; its result, or `None` when it
/// panicked.
pub async fn run<T: Send + 'static>(
    name: &str,
    work: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    let (sender, receiver) = tokio::sync::oneshot::channel();
    let spawned = std::thread::Builder::new()
        .name(name.to_string())
        .spawn(move || {
            lower_priority();
            let _ = sender.send(work());
        });
    if let Err(error) = spawned {
        tracing::error!("{name}: no thread: {error}");
        return None;
    }
    receiver.await.ok()
}

/// Lowers the calling thread's priority (on Linux `setpriority` acts on one thread, and threads
/// it starts inherit it: the analysis' own threads too). Where that fails the work just runs
/// at normal priority.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only reads its integer arguments.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, NICE);
    }
}
