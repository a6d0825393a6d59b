//! Options of the allocator, mimalloc (the binary's global allocator, `main.rs`).

/// `mi_option_purge_delay` in `mimalloc.h` (the same place in its v2 and v3).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 16;

/// Never hands freed memory back to the system. For the short batch commands (`analyze`,
/// `report`): a large snapshot read function by function frees each one's series as the next
/// is read, and by default mimalloc returns those pages 10 ms later, so the kernel zeroes them
/// again for the next: 15 % of `berth analyze`'s CPU at 100,000 functions (perf), 6.4 → 4.7 s,
/// with the same peak memory. The server keeps the default: it runs for months.
pub fn keep_freed_memory() {
    // SAFETY: sets an integer option; mimalloc reads it at every purge.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_is_the_option_at_that_place() {
        // Its documented default is 10 ms (no other option in the first 20 defaults to 10 but
        // the arena purge multiplier, at another place); a wrong index would not read 10.
        let default = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(default, 10);
        }
        keep_freed_memory();
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }, -1);
    }
}
