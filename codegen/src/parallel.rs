//! The one parallel map of the generator: reading documents (`load`) and emitting shapes
//! (`emit`) are independent per item, so they run on as many threads as the machine has.
//!
//! Takes: a slice and a function. Gives: the function's results in the order of the slice, the
//! same whatever the number of threads, so the output stays deterministic byte for byte.

use std::sync::atomic::{AtomicUsize, Ordering};

/// At most this many threads, however many cores the machine has.
const MAX_THREADS: usize = 16;

/// `items.iter().map(f).collect()`, on several threads; items are handed out one at a time, so
/// a slow item does not hold up a whole chunk. `None` when `f` panicked on some item (the
/// panic's message has been printed by the panic hook).
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Option<Vec<R>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, MAX_THREADS)
        .min(items.len());
    if threads == 0 {
        return Some(Vec::new());
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut out = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            out.push((i, f(item)));
        }
        out
    };
    let mut results: Vec<(usize, R)> = Vec::with_capacity(items.len());
    let mut failed = false;
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads).map(|_| scope.spawn(work)).collect();
        for h in handles {
            match h.join() {
                Ok(part) => results.extend(part),
                Err(_) => failed = true,
            }
        }
    });
    if failed {
        return None;
    }
    results.sort_by_key(|(i, _)| *i);
    Some(results.into_iter().map(|(_, r)| r).collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<u32> = (0..1000).collect();
        let out = super::map(&items, |x| x * 2).expect("no panic");
        assert_eq!(out, items.iter().map(|x| x * 2).collect::<Vec<_>>());
        assert_eq!(super::map(&[] as &[u32], |x| *x), Some(Vec::new()));
    }

    #[test]
    fn a_panicking_item_is_reported_not_propagated() {
        let items: Vec<u32> = (0..64).collect();
        let out = super::map(&items, |x| {
            assert!(*x != 33, "item 33 fails");
            *x
        });
        assert!(out.is_none());
    }
}
