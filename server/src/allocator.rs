//! Options of the allocator, mimalloc (the binary's global allocator, `main.rs`).

/// `mi_option_purge_delay` in `mimalloc.h`: the 16th of `mi_option_e` (index 15) in its v2 and
/// v3 alike; `libmimalloc-sys` names no constant for it.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Never hands freed memory back to the system. For the short batch commands (`analyze`,
/// `report`): a large snapshot read function by function frees each one's series as the next
/// is read; pages given back (mimalloc v3 purges them after 1 s) would be zeroed again by the
/// kernel for the next, and a command that exits in seconds gains nothing from returning them.
/// The server keeps the default: it runs for months.
pub fn keep_freed_memory() {
    // SAFETY: sets an integer option; mimalloc reads it at every purge.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) };
}

/// Hands memory freed so far back to the system at once. The server calls it after an import:
/// a decoded fleet is hundreds of megabytes freed in a moment, which mimalloc would otherwise
/// keep around (purged only as its pages age), so the server's resident memory stayed near the
/// import's peak.
pub fn release_freed_memory() {
    // SAFETY: no arguments but a flag; safe to call from any thread at any time.
    unsafe { libmimalloc_sys::mi_collect(true) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_is_the_option_at_that_place() {
        // mimalloc v3's default is 1,000 ms (`options.c`), and no other option defaults to
        // 1,000: a wrong index would not read it.
        let default = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(default, 1000);
        }
        keep_freed_memory();
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }, -1);
    }
}
